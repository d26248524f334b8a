// --stats: what a run found, per category (with the taxonomy's Chinese and
// English names), per rule and per action, written on stderr at the end as
// a table or as one JSON record.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_STATS_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_STATS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lexgate/engine.h"
#include "lexgate/match.h"
#include "lexgate/taxonomy.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

// Thread safety: not thread-safe; the main thread adds every record's
// matches in input order.
class Stats {
 public:
  // One screened text of `bytes` bytes and what was found in it.
  void AddText(uint64_t bytes, const std::vector<lexgate::Match>& found);
  // One record that could not be read or scanned.
  void AddError() { ++errors_; }

  // `declared` are the categories the loaded packs declared beyond the
  // shipped taxonomy (may be null); names come from them or from
  // lexgate::Taxonomy::Shipped(), else are left empty.
  std::string Table(const lexgate::Taxonomy* declared, double seconds) const;
  nlohmann::ordered_json Json(const lexgate::Engine& engine,
                              const lexgate::Taxonomy* declared,
                              double seconds) const;

 private:
  uint64_t texts_ = 0;
  uint64_t texts_hit_ = 0;
  uint64_t bytes_ = 0;
  uint64_t matches_ = 0;
  uint64_t errors_ = 0;
  std::map<std::string, uint64_t> by_category_;
  std::map<std::string, uint64_t> by_rule_;
  std::array<uint64_t, 4> by_action_{};  // indexed by lexgate::Action
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_STATS_H_
