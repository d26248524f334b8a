// What a rule pack says about itself: its [pack] table (name, description,
// version, date of the last update), kept in the RuleSet beside its rules as
// evidence of maintenance (the keyword inventory reports it).
#ifndef LEXGATE_PACK_INFO_H_
#define LEXGATE_PACK_INFO_H_

#include <string>

#include "lexgate/rule.h"

namespace lexgate {

// One loaded pack (RuleSet::packs()).
//
// Thread safety: plain data.
struct PackInfo {
  std::string name;         // [pack] name, also each rule's Rule::pack
  std::string description;  // optional
  // [pack] version: free text ("2025.06", "1.4.0"); empty when not given.
  std::string version;
  // [pack] updated: the date of the last change, "YYYY-MM-DD" (a TOML date
  // or a string of that shape, checked to be a real date); empty when not
  // given.
  std::string updated;
  SourceLocation location;  // the pack file and the line of [pack]
};

}  // namespace lexgate

#endif  // LEXGATE_PACK_INFO_H_
