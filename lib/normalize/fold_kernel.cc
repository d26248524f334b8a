#include "normalize/fold_kernel.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "absl/strings/str_format.h"
#include "base/utf8.h"
#include "normalize/ascii_run.h"
#include "normalize/char_class.h"

namespace lexgate::internal {
namespace {

// The start of the last `count` characters of valid UTF-8 `s` (0 if it has
// fewer).
size_t LastCharsStart(std::string_view s, size_t count) {
  size_t i = s.size();
  while (count > 0 && i > 0) {
    --i;
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) --count;
  }
  return i;
}

// The fold of valid character `d` if it maps byte for byte: empty when it
// folds to itself, else one character of the same length (習 to 习);
// nullopt when it folds otherwise.
inline std::optional<std::string_view> ByteForByteFold(const FoldTable& table,
                                                       const Decoded& d) {
  if (table.IsIdentity(d.cp)) return std::string_view();
  const std::string_view f = table.Folded(d.cp);
  if (f.size() == d.length &&
      Utf8SequenceLength(static_cast<unsigned char>(f[0])) == f.size()) {
    return f;
  }
  return std::nullopt;
}

// Goes on with a byte-for-byte run through the common ideographs
// (U+4E00..U+9FFF) at bytes[i, limit) that fold to a common ideograph,
// three bytes each, decoded without the general decoder's checks: those
// that fold to themselves are left for the run's copy from `*copied_to`,
// the others (traditional characters) are appended folded. Returns where
// the stretch ends; `*count` is its number of characters. (DecodeUtf8()
// here costs 1.4% more of a Scan of Chinese lines: its checks of length,
// overlong forms and surrogates cannot fail in this range.)
inline size_t IdeographStretchEnd(const FoldTable& table,
                                  std::string_view bytes, size_t i,
                                  size_t limit, size_t* copied_to,
                                  std::string* folded, uint64_t* count) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t begin = i;
  for (; i + 3 <= limit; i += 3) {
    const unsigned b0 = p[i], b1 = p[i + 1], b2 = p[i + 2];
    if (b0 - 0xE4u > 5u || ((b1 & 0xC0) | ((b2 & 0xC0) << 8)) != 0x8080) {
      break;
    }
    const char32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
    if (cp < 0x4E00) break;
    if (table.IsIdentity(cp)) continue;
    const std::string_view f = table.Folded(cp);
    if (f.size() != 3 ||
        !IsCommonIdeographUtf8(
            reinterpret_cast<const unsigned char*>(f.data()))) {
      break;
    }
    folded->append(bytes.data() + *copied_to, i - *copied_to);
    folded->append(f);
    *copied_to = i + 3;
  }
  *count = (i - begin) / 3;
  return i;
}

// Drops every space that follows a space from the folded ASCII p[0, n)
// (copied byte for byte from the original at `orig`), in place, mapping
// the stretches kept; returns how many bytes are kept.
size_t DropSpacesAfterSpaces(char* p, size_t n, bool space_before,
                             uint64_t orig, OffsetMapBuilder* map) {
  size_t kept = 0;
  size_t stretch = 0;  // where the stretch being kept starts, in p
  bool keeping = false;
  bool space = space_before;
  for (size_t k = 0; k < n; ++k) {
    const bool is_space = p[k] == ' ';
    if (is_space && space) {
      if (keeping) map->AddCopied(orig + stretch, k - stretch);
      keeping = false;
      continue;
    }
    if (!keeping) stretch = k;
    keeping = true;
    p[kept++] = p[k];
    space = is_space;
  }
  if (keeping) map->AddCopied(orig + stretch, n - stretch);
  return kept;
}

}  // namespace

FoldKernel::FoldKernel(const NormalizeOptions& options,
                       const FoldTable& table) {
  Rebind(options, table);
}

void FoldKernel::Rebind(const NormalizeOptions& options,
                        const FoldTable& table) {
  options_ = options;
  table_ = &table;
  noise_pass_ = options.drop_cjk_noise || options.join_spaced_letters ||
                options.drop_ignorables;
  one_space_ = options.nfkc_casefold;
}

size_t FoldKernel::CapacityBytes() const {
  return raw_tail_.capacity() + context_.capacity() + window_.capacity() +
         (dropped_.capacity() + gaps_in_window_.capacity()) *
             sizeof(ByteRange) +
         old_pieces_.capacity() * sizeof(OffsetMap::Piece) +
         cjk_gaps_.CapacityBytes();
}

void FoldKernel::ReleaseMemory() {
  std::string().swap(raw_tail_);
  std::string().swap(context_);
  std::string().swap(window_);
  std::vector<ByteRange>().swap(dropped_);
  std::vector<ByteRange>().swap(gaps_in_window_);
  std::vector<OffsetMap::Piece>().swap(old_pieces_);
  cjk_gaps_.ReleaseMemory();
}

void FoldKernel::Reset(FoldBuffer* out) {
  out->text.clear();
  out->base = 0;
  out->noise_dropped = false;
  OffsetMapBuilder(&out->map).Reset();
  raw_tail_.clear();
  orig_pos_ = 0;
  first_invalid_ = UINT64_MAX;
  committed_ = 0;
  context_.clear();
  chars_ = 0;
  last_invisible_char_ = kNever;
  cjk_gaps_.Reset();
  space_last_ = false;
}

uint64_t FoldKernel::orig_committed(const FoldBuffer& out) const {
  return committed_ < out.end() ? out.map.OriginalStart(committed_) : orig_pos_;
}

absl::Status FoldKernel::Append(std::string_view bytes, bool final,
                                FoldBuffer* out) {
  if (!raw_tail_.empty()) {
    // Complete the split sequence first: it needs at most three more bytes.
    std::string joined = std::move(raw_tail_);
    const size_t tail = joined.size();
    joined.append(bytes.substr(0, std::min<size_t>(bytes.size(), 3)));
    const uint64_t before = orig_pos_;
    // Only the characters that start in the old tail; the text ends with
    // `joined` only if it holds all of `bytes`.
    FoldCharacters(joined, final && bytes.size() <= 3, out,
                   /*stop_before=*/tail);
    const uint64_t consumed = orig_pos_ - before;
    if (consumed >= tail) {
      // Past the old tail: the rest of `joined` is the start of `bytes`.
      raw_tail_.clear();
      bytes.remove_prefix(consumed - tail);
      FoldCharacters(bytes, final, out);
    }  // else still incomplete: `joined` took every byte there was
  } else {
    FoldCharacters(bytes, final, out);
  }
  const uint64_t received = orig_received();
  if (out->end() > kMaxFoldExpansion * received + kFoldExpansionSlack) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "text refused: it folds to %d bytes from %d, more than %d times its "
        "size",
        out->end(), received, kMaxFoldExpansion));
  }
  Commit(final, out);
  return absl::OkStatus();
}

void FoldKernel::FoldCharacters(std::string_view bytes, bool final,
                                FoldBuffer* out, size_t stop_before) {
  std::string& folded = out->text;
  OffsetMapBuilder map(&out->map);
  const FoldTable& table = *table_;
  folded.reserve(folded.size() + bytes.size() + 16);
  const size_t limit = std::min(bytes.size(), stop_before);
  size_t i = 0;
  while (i < limit) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    const uint64_t orig = orig_pos_ + i;
    if (byte < 0x80) {
      // ASCII runs fold byte for byte: one piece of units of 1.
      const auto* run_begin =
          reinterpret_cast<const unsigned char*>(bytes.data()) + i;
      const size_t run = AsciiRunLength(run_begin, limit - i);
      i += run;
      const size_t at = folded.size();
      folded.resize(at + run);
      const AsciiRunFold seen = FoldAsciiRun(
          run_begin, run, table.folds_ascii(), folded.data() + at, space_last_);
      size_t kept = run;
      if (one_space_ && seen.space_after_space) {
        kept = DropSpacesAfterSpaces(folded.data() + at, run, space_last_, orig,
                                     &map);
        folded.resize(at + kept);
      } else {
        map.AddCopied(orig, run);
      }
      if (kept > 0) space_last_ = folded.back() == ' ';
      cjk_gaps_.AsciiRun(std::string_view(folded).substr(at), out->base + at);
      chars_ += kept;
      if (seen.invisible) last_invisible_char_ = chars_;
      continue;
    }
    if (!final && i + Utf8SequenceLength(byte) > bytes.size()) break;
    const Decoded d = DecodeUtf8(bytes, i);
    if (!d.valid) {
      first_invalid_ = std::min(first_invalid_, orig);
      cjk_gaps_.Char(kReplacementChar, out->base + folded.size());
      AppendUtf8(kReplacementChar, &folded);
      map.AddUnits(orig, 1, 3);
      ++chars_;
      last_invisible_char_ = chars_;
      space_last_ = false;
    } else if (std::optional<std::string_view> same =
                   ByteForByteFold(table, d)) {
      // A run of characters that fold to themselves or to one character of
      // the same length (most Chinese text, traditional characters too)
      // maps byte for byte: one piece, and the unchanged stretches of it
      // are copied at once.
      const size_t run_begin = i;
      size_t copied_to = i;  // bytes before it are in `folded`
      Decoded next = d;
      while (true) {
        char32_t cp = next.cp;
        // Its folded offset: the bytes not copied yet come first.
        const uint64_t at = out->base + folded.size() + (i - copied_to);
        if (!same->empty()) {
          folded.append(bytes.data() + copied_to, i - copied_to);
          folded.append(*same);
          copied_to = i + next.length;
          cp = DecodeUtf8(*same, 0).cp;
        }
        const CharClass cls = Classify(cp);
        cjk_gaps_.Classified(cls, at);
        ++chars_;
        if (cls == CharClass::kInvisible) last_invisible_char_ = chars_;
        i += next.length;
        if (cls == CharClass::kIdeograph) {
          // After an ideograph, more ideographs change nothing the noise
          // trackers keep: a stretch of common ones (most Chinese text,
          // simplified or traditional) is only counted and folded.
          uint64_t count = 0;
          i = IdeographStretchEnd(table, bytes, i, limit, &copied_to, &folded,
                                  &count);
          chars_ += count;
        }
        if (i >= limit) break;
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80) break;
        if (!final && i + Utf8SequenceLength(lead) > bytes.size()) break;
        next = DecodeUtf8(bytes, i);
        if (!next.valid || !(same = ByteForByteFold(table, next))) break;
      }
      folded.append(bytes.data() + copied_to, i - copied_to);
      map.AddCopied(orig, i - run_begin);
      space_last_ = false;  // non-ASCII, folded to non-ASCII
      continue;
    } else if (std::string_view f = table.Folded(d.cp); !f.empty()) {
      // Not byte for byte (the run above takes those): a unit, so that no
      // position inside it maps inside the original. A fold to a space
      // (NBSP, U+3000) after a space is dropped like an ASCII one.
      while (one_space_ && space_last_ && !f.empty() && f[0] == ' ') {
        f.remove_prefix(1);
      }
      if (!f.empty()) {
        cjk_gaps_.Folded(f, out->base + folded.size());
        folded.append(f);
        map.AddUnits(orig, d.length, static_cast<uint32_t>(f.size()));
        chars_ += CountCharStarts(f);
        space_last_ = f.back() == ' ';
      }
    }
    i += d.length;
  }
  orig_pos_ += i;
  raw_tail_.assign(bytes.substr(i));
}

void FoldKernel::Commit(bool final, FoldBuffer* out) {
  const uint64_t pending_begin = committed_;
  if (pending_begin == out->end()) return;
  if (!noise_pass_) {
    committed_ = out->end();
    cjk_gaps_.Consume(committed_, 0);
    return;
  }
  std::string_view pending = out->View(pending_begin, out->end());
  std::string_view window = pending;
  if (!context_.empty()) {
    window_.assign(context_);
    window_.append(pending);
    window = window_;
  }
  const size_t context = context_.size();
  const size_t commit = final ? window.size() : FinalPrefixEnd(window, context);
  if (commit <= context) return;  // nothing final yet

  // Gates: the first pending character, minus the context, is the first
  // character the pass looks at.
  // (Nothing committed yet, as in a whole text: the count is all of them.)
  const uint64_t first =
      pending_begin == 0 ? 0 : chars_ - CountCharStarts(pending);
  const uint64_t seen_from =
      first > static_cast<uint64_t>(kNoiseContext) ? first - kNoiseContext : 0;
  NoiseGates gates;
  gates.invisible =
      last_invisible_char_ != kNever && last_invisible_char_ > seen_from;
  // The CJK gaps in window indices: each starts in the pending text (it
  // follows an ideograph that is not noise, so no final prefix ends inside
  // it; one that did would be clipped to the pending text below anyway).
  gaps_in_window_.clear();
  for (const ByteRange& g : cjk_gaps_.gaps()) {
    gaps_in_window_.push_back(
        {std::max<uint64_t>(g.first, pending_begin) - pending_begin + context,
         g.second - pending_begin + context});
  }
  gates.cjk_gaps = &gaps_in_window_;
  MarkNoise(options_, gates, window, &dropped_);

  // Keep the drops inside the committed part, in buffer indices.
  const size_t pending_index = pending_begin - out->base;
  size_t kept = 0;
  for (const ByteRange& r : dropped_) {
    const size_t a = std::max(r.first, context);
    const size_t b = std::min(r.second, commit);
    if (a >= b) continue;
    dropped_[kept++] = {a - context + pending_index,
                        b - context + pending_index};
  }
  dropped_.resize(kept);

  if (!final) {
    // The new left context, before its drops (the pass must see the text
    // it saw before); taken before `window` may move.
    // `done` lies in window_ or in the buffer, never in context_: assigned
    // in place, context_ keeps its capacity (CJK context is longer than a
    // short string, and a stream commits every batch).
    const std::string_view done = window.substr(0, commit);
    const size_t start = LastCharsStart(done, kNoiseContext);
    context_.assign(done.substr(start));
  } else {
    context_.clear();
  }

  size_t removed = 0;
  if (!dropped_.empty()) {
    out->noise_dropped = true;
    // Compact in place: every kept run moves left over the dropped bytes.
    char* data = out->text.data();
    size_t write = dropped_.front().first;
    for (size_t k = 0; k < dropped_.size(); ++k) {
      removed += dropped_[k].second - dropped_[k].first;
      const size_t run_begin = dropped_[k].second;
      const size_t run_end =
          k + 1 < dropped_.size() ? dropped_[k + 1].first : out->text.size();
      std::memmove(data + write, data + run_begin, run_end - run_begin);
      write += run_end - run_begin;
    }
    out->text.resize(write);
    for (ByteRange& r : dropped_) {
      r.first += out->base;
      r.second += out->base;
    }
    OffsetMapBuilder(&out->map).Drop(dropped_, &old_pieces_);
  }
  cjk_gaps_.Consume(pending_begin + (commit - context), removed);
  committed_ = pending_begin + (commit - context) - removed;
}

}  // namespace lexgate::internal
