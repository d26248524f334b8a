// The window search of co-occurrence rules (Rule::all_of, none_of, within):
// given the occurrences of a rule's parts and exclusions, which part
// occurrences lie in a window that holds one occurrence of every part, is
// at most `within` characters wide and has no exclusion near it.
//
// Kept apart from the resolver, which feeds it checked occurrences in
// characters of the original text, so that its contract can be tested
// against the definition directly.
#ifndef LEXGATE_LIB_SCAN_COOCCURRENCE_H_
#define LEXGATE_LIB_SCAN_COOCCURRENCE_H_

#include <cstdint>
#include <span>
#include <vector>

namespace lexgate::internal {

// One occurrence, [begin, end) in code points of the original text.
struct CoTerm {
  uint64_t begin;
  uint64_t end;
  bool exclusion;  // a keyword of none_of
  uint32_t part;   // 0 .. parts-1 (ignored for exclusions)
};

// Sets found[i] for every part occurrence terms[i] that belongs to some
// combination: one occurrence of each of the `parts` parts, terms[i] among
// them, whose window [min begin, max end) is at most `within` characters
// wide and has no exclusion within `within` characters of it: none overlaps
// [begin - within, end + within) ("禁止" just before "出售枪支").
// `within` = 0: the window may be any width, and any exclusion anywhere
// rules every combination out (the window is the whole text). `terms` must
// be sorted by begin; found[i] of an exclusion is false.
// O(n log n + n * parts).
void FindCooccurrences(std::span<const CoTerm> terms, uint32_t parts,
                       uint64_t within, std::vector<bool>* found);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_COOCCURRENCE_H_
