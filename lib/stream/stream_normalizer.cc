#include "stream/stream_normalizer.h"

#include <algorithm>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

// Bytes a sequence starting with `lead` needs before it can be decoded the
// way the whole-text decoder would decode it.
uint32_t SequenceLength(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 1;
}

}  // namespace

StreamNormalizer::StreamNormalizer(const NormalizeOptions& options,
                                   size_t batch)
    : options_(options),
      table_(FoldTable::Get(options)),
      noise_pass_(options.drop_cjk_noise || options.join_spaced_letters),
      batch_(std::max<size_t>(batch, 1)) {}

uint64_t StreamNormalizer::orig_committed() const {
  if (window_.size() > context_) return window_[context_].orig_begin;
  return raw_end_ - raw_tail_.size();
}

void StreamNormalizer::Decode(std::string_view bytes, uint64_t base,
                              bool final) {
  const FoldTable& table = *table_;
  size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (!final && i + SequenceLength(lead) > bytes.size()) break;
    const Decoded d = DecodeUtf8(bytes, i);
    const size_t text_begin = text_.size();
    if (lead < 0x80) {
      text_.push_back(table.FoldAscii(lead));
      cjk_gaps_.AsciiRun(std::string_view(text_).substr(text_begin));
    } else if (!d.valid) {
      AppendUtf8(kReplacementChar, &text_);
      cjk_gaps_.Char(kReplacementChar);
    } else if (table.IsIdentity(d.cp)) {
      text_.append(bytes.substr(i, d.length));
      cjk_gaps_.Char(d.cp);
    } else {
      const std::string_view folded = table.Folded(d.cp);
      text_.append(folded);
      cjk_gaps_.Folded(folded);
    }
    // Characters that fold to nothing leave only a gap in the original.
    if (text_.size() > text_begin) {
      if (cjk_gaps_.TakeSeen()) last_gap_char_ = chars_;
      window_.push_back(
          {static_cast<uint32_t>(text_begin), base + i, base + i + d.length});
      ++chars_;
    }
    i += d.length;
  }
  raw_tail_.assign(bytes.substr(i));
}

void StreamNormalizer::Append(std::string_view raw, std::string* folded,
                              std::vector<StreamUnit>* units) {
  const uint64_t base = raw_end_ - raw_tail_.size();
  raw_end_ += raw.size();
  if (raw_tail_.empty()) {
    Decode(raw, base, /*final=*/false);
  } else {
    std::string joined = raw_tail_ + std::string(raw);
    Decode(joined, base, /*final=*/false);
  }
  const size_t pending = window_.size() - context_;
  const size_t lookahead = noise_pass_ ? kNoiseContext : 0;
  if (pending >= lookahead + batch_) Commit(pending - lookahead, folded, units);
}

void StreamNormalizer::Finish(std::string* folded,
                              std::vector<StreamUnit>* units) {
  if (!raw_tail_.empty()) {
    std::string tail = std::move(raw_tail_);
    Decode(tail, raw_end_ - tail.size(), /*final=*/true);
  }
  Commit(window_.size() - context_, folded, units);
}

void StreamNormalizer::Commit(size_t count, std::string* folded,
                              std::vector<StreamUnit>* units) {
  if (count == 0) return;
  // The noise pass over context + pending; its decisions for the `count`
  // characters after the context are final (see the file comment).
  dropped_.clear();
  if (noise_pass_) {
    NormalizeOptions passes = options_;
    passes.drop_cjk_noise = options_.drop_cjk_noise &&
                            last_gap_char_ != kNoGap &&
                            last_gap_char_ >= chars_ - window_.size();
    MarkNoise(passes, text_, &dropped_);
  }

  const uint32_t first = window_[context_].text_begin;
  const uint32_t last = TextEnd(context_ + count - 1);
  auto next_drop = std::lower_bound(
      dropped_.begin(), dropped_.end(), first,
      [](const ByteRange& r, uint32_t pos) { return r.second <= pos; });
  if (next_drop == dropped_.end() || next_drop->first >= last) {
    // Nothing dropped here (the common case): every character keeps all its
    // bytes.
    folded->append(text_, first, last - first);
    for (size_t k = context_; k < context_ + count; ++k) {
      const Pending& p = window_[k];
      units->push_back(
          {folded_end_ + (p.text_begin - first), p.orig_begin, p.orig_end});
    }
    folded_end_ += last - first;
  } else {
    CommitWithDrops(count, next_drop, folded, units);
  }
  context_ += count;
  // Keep only the last kNoiseContext committed characters as context.
  const size_t keep_context = noise_pass_ ? kNoiseContext : 0;
  if (context_ > keep_context) {
    const size_t drop = context_ - keep_context;
    const uint32_t shift = drop < window_.size()
                               ? window_[drop].text_begin
                               : static_cast<uint32_t>(text_.size());
    window_.erase(window_.begin(), window_.begin() + drop);
    for (Pending& p : window_) p.text_begin -= shift;
    text_.erase(0, shift);
    context_ = keep_context;
  }
}

void StreamNormalizer::CommitWithDrops(
    size_t count, std::vector<ByteRange>::const_iterator next_drop,
    std::string* folded, std::vector<StreamUnit>* units) {
  for (size_t k = context_; k < context_ + count; ++k) {
    const Pending& p = window_[k];
    const uint32_t end = TextEnd(k);
    const size_t size_before = folded->size();
    // Keep the bytes of this character that no dropped range covers
    // (normally all or none).
    uint32_t pos = p.text_begin;
    while (pos < end) {
      while (next_drop != dropped_.end() && next_drop->second <= pos) {
        ++next_drop;
      }
      if (next_drop != dropped_.end() && next_drop->first <= pos) {
        pos = std::min(end, next_drop->second);
        continue;
      }
      const uint32_t keep_end =
          next_drop == dropped_.end() ? end : std::min(end, next_drop->first);
      folded->append(text_, pos, keep_end - pos);
      pos = keep_end;
    }
    const size_t kept = folded->size() - size_before;
    if (kept > 0) {
      units->push_back({folded_end_, p.orig_begin, p.orig_end});
      folded_end_ += kept;
    }
  }
}

}  // namespace lexgate::internal
