// NormalizeOptions as one integer (bit i = NormalizeSwitches()[i]): the
// cache key of fold tables and the form saved engines store.
#ifndef LEXGATE_LIB_NORMALIZE_OPTIONS_BITS_H_
#define LEXGATE_LIB_NORMALIZE_OPTIONS_BITS_H_

#include <cstdint>

#include "lexgate/normalize.h"

namespace lexgate::internal {

uint32_t OptionBits(const NormalizeOptions& options);
NormalizeOptions OptionsFromBits(uint32_t bits);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_NORMALIZE_OPTIONS_BITS_H_
