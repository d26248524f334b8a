#include "scan/late_start_scan.h"

#include <algorithm>
#include <utility>

#include "base/status_macros.h"
#include "base/utf8.h"
#include "scan/block_scan.h"

namespace lexgate::internal {

absl::Status FindLateStarts(const LateStarts& late, std::string_view text,
                            uint64_t base,
                            absl::FunctionRef<uint64_t()> overlap_of,
                            hs_scratch_t* scratch, LateStartBuffers* buffers,
                            std::vector<RawHit>* hits) {
  if (late.empty()) return absl::OkStatus();
  // The late expressions' ends (by bit, in `text`), out of `hits`.
  std::vector<std::pair<uint8_t, uint64_t>>& ends = buffers->ends;
  ends.clear();
  size_t kept = 0;
  for (const RawHit& hit : *hits) {
    const uint8_t bit =
        hit.id < late.bit_of.size() ? late.bit_of[hit.id] : LateStarts::kNone;
    if (bit == LateStarts::kNone) {
      (*hits)[kept++] = hit;
    } else {
      ends.push_back({bit, hit.to - base});
    }
  }
  if (ends.empty()) return absl::OkStatus();
  hits->resize(kept);
  std::sort(ends.begin(), ends.end());

  std::vector<RawHit>& found = buffers->found;
  uint8_t run_bit = LateStarts::kNone;
  uint64_t run_end = 0;  // of the last run scanned (for run_bit)
  for (const auto& [bit, end] : ends) {
    if (bit == run_bit && end <= run_end) continue;  // found with that run
    const uint64_t mask = uint64_t{1} << bit;
    auto in_alphabet = [&](char32_t cp) {
      return (late.alphabets.Of(cp) & mask) != 0;
    };
    // The run of the alphabet around the match's end: the match lies in it.
    size_t begin = end;
    while (begin > 0) {
      const Decoded d = DecodeUtf8Before(text, begin);
      if (!in_alphabet(d.cp)) break;
      begin -= d.length;
    }
    size_t stop = end;
    while (stop < text.size()) {
      const Decoded d = DecodeUtf8(text, stop);
      if (!in_alphabet(d.cp)) break;
      stop += d.length;
    }
    // One character of context either side: a \b looks at it.
    const size_t from =
        begin > 0 ? begin - DecodeUtf8Before(text, begin).length : 0;
    const size_t to =
        stop < text.size() ? stop + DecodeUtf8(text, stop).length : stop;
    found.clear();
    LEXGATE_RETURN_IF_ERROR(
        ScanBlocks(late.database.get(), text.substr(from, to - from),
                   overlap_of, static_cast<uint32_t>(late.ids.size()),
                   /*fixed_lengths=*/nullptr, scratch, &found));
    for (const RawHit& f : found) {
      if (f.id != bit) continue;  // another regex: its own run decides
      hits->push_back(
          {late.ids[bit], base + from + f.from, base + from + f.to});
    }
    run_bit = bit;
    run_end = stop;
  }
  return absl::OkStatus();
}

}  // namespace lexgate::internal
