#include "lexgate/version.h"

#include <hs/hs.h>

#include <string>

#include "normalize/fold_data.h"

namespace lexgate {

const char* Version() { return LEXGATE_VERSION_STRING; }

std::string HyperscanVersion() { return hs_version(); }

std::string IcuVersion() { return internal::fold_data::kIcuVersion; }

}  // namespace lexgate
