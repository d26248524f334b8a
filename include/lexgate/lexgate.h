// lexgate: bilingual (Chinese + English) content-compliance filtering.
// Umbrella header: the whole public API.
#ifndef LEXGATE_LEXGATE_H_
#define LEXGATE_LEXGATE_H_

#include "lexgate/audit.h"             // IWYU pragma: export
#include "lexgate/default_rules.h"     // IWYU pragma: export
#include "lexgate/engine.h"            // IWYU pragma: export
#include "lexgate/filing_form.h"       // IWYU pragma: export
#include "lexgate/inventory.h"         // IWYU pragma: export
#include "lexgate/load_rules.h"        // IWYU pragma: export
#include "lexgate/match.h"             // IWYU pragma: export
#include "lexgate/normalize.h"         // IWYU pragma: export
#include "lexgate/offsets.h"           // IWYU pragma: export
#include "lexgate/pack_info.h"         // IWYU pragma: export
#include "lexgate/policy.h"            // IWYU pragma: export
#include "lexgate/reloading_engine.h"  // IWYU pragma: export
#include "lexgate/rule.h"              // IWYU pragma: export
#include "lexgate/rule_error.h"        // IWYU pragma: export
#include "lexgate/rule_set.h"          // IWYU pragma: export
#include "lexgate/rule_summary.h"      // IWYU pragma: export
#include "lexgate/status.h"            // IWYU pragma: export
#include "lexgate/stream.h"            // IWYU pragma: export
#include "lexgate/taxonomy.h"          // IWYU pragma: export
#include "lexgate/version.h"           // IWYU pragma: export

#endif  // LEXGATE_LEXGATE_H_
