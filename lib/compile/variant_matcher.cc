#include "compile/variant_matcher.h"

#include <hs/hs.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>
#include <string>
#include <tuple>

namespace lexgate::internal {
namespace {

constexpr size_t kAscii = 128;
constexpr size_t kMaxStates = 64;
using ByteSet = std::bitset<kAscii>;

// The three bytes a match begins with, as one number (of 21 bits for
// ASCII bytes; others come out anything, and are refused by TryStart()).
inline uint32_t Prefix(uint32_t b0, uint32_t b1, uint32_t b2) {
  return b0 << 14 ^ b1 << 7 ^ b2;
}
// Its bit in the prefix filters.
constexpr int kFilterBits = 17;
inline uint32_t FilterBit(uint32_t prefix) {
  return (prefix * 2654435761u) >> (32 - kFilterBits);
}
// The bit of four bytes (a prefix and the byte after it).
constexpr int kFilter4Bits = 18;
inline uint32_t Filter4Bit(uint32_t prefix, uint32_t b3) {
  return ((prefix << 7 ^ b3) * 2654435761u) >> (32 - kFilter4Bits);
}

// At most this many three-byte prefixes per pattern (and eight times as
// many four-byte ones).
constexpr size_t kMaxPrefixes = 1024;

// A regex in the syntax LetterVariantRegexes() writes: a byte class
// repeated {min,max} times, a sequence, or an alternation.
struct Node {
  enum class Kind { kBytes, kSequence, kAlternation } kind = Kind::kBytes;
  ByteSet bytes;
  int min = 1, max = 1;
  std::vector<Node> children;
};

// Reads exactly that syntax: literal characters (ASCII letters and digits,
// \xHH below 0x80), classes of them, {n} and {n,m} after a character or a
// class, and (?:a|b) groups. Anything else (another construct, an empty
// branch, a repeat that may be absent) is not read: Hyperscan keeps it.
class Parser {
 public:
  Parser(std::string_view pattern, bool caseless)
      : p_(pattern), caseless_(caseless) {}

  std::optional<Node> Parse() {
    std::optional<Node> node = Alternation();
    if (!node || i_ != p_.size()) return std::nullopt;
    return node;
  }

 private:
  bool AtEnd() const { return i_ >= p_.size(); }

  std::optional<Node> Alternation() {
    Node alt;
    alt.kind = Node::Kind::kAlternation;
    for (;;) {
      std::optional<Node> seq = Sequence();
      if (!seq) return std::nullopt;
      alt.children.push_back(*std::move(seq));
      if (AtEnd() || p_[i_] != '|') break;
      ++i_;
    }
    if (alt.children.size() == 1) return std::move(alt.children[0]);
    return alt;
  }

  std::optional<Node> Sequence() {
    Node seq;
    seq.kind = Node::Kind::kSequence;
    while (!AtEnd() && p_[i_] != '|' && p_[i_] != ')') {
      std::optional<Node> item = Item();
      if (!item) return std::nullopt;
      seq.children.push_back(*std::move(item));
    }
    if (seq.children.empty()) return std::nullopt;
    if (seq.children.size() == 1) return std::move(seq.children[0]);
    return seq;
  }

  std::optional<Node> Item() {
    if (p_.substr(i_, 3) == "(?:") {
      // Generated regexes nest two deep; a forged engine's must not
      // exhaust the stack.
      if (++depth_ > kMaxDepth) return std::nullopt;
      i_ += 3;
      std::optional<Node> group = Alternation();
      if (!group || AtEnd() || p_[i_] != ')') return std::nullopt;
      ++i_;
      --depth_;
      return group;  // a quantifier after it is not read: Char() refuses '{'
    }
    Node bytes;
    if (p_[i_] == '[') {
      ++i_;
      while (!AtEnd() && p_[i_] != ']') {
        if (!Char(&bytes.bytes)) return std::nullopt;
      }
      if (AtEnd() || bytes.bytes.none()) return std::nullopt;
      ++i_;
    } else if (!Char(&bytes.bytes)) {
      return std::nullopt;
    }
    if (!AtEnd() && p_[i_] == '{' && !Repeat(&bytes)) return std::nullopt;
    return bytes;
  }

  // One character (as EscapeLiteral() writes it) into `set`.
  bool Char(ByteSet* set) {
    int c;
    const char x = p_[i_];
    if ((x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z') ||
        (x >= '0' && x <= '9')) {
      c = x;
      ++i_;
    } else if (x == '\\' && i_ + 4 <= p_.size() && p_[i_ + 1] == 'x') {
      const int hi = Hex(p_[i_ + 2]), lo = Hex(p_[i_ + 3]);
      if (hi < 0 || lo < 0) return false;
      c = hi * 16 + lo;
      i_ += 4;
    } else {
      return false;
    }
    if (c >= static_cast<int>(kAscii)) return false;
    set->set(c);
    if (caseless_ && c >= 'a' && c <= 'z') set->set(c - 'a' + 'A');
    if (caseless_ && c >= 'A' && c <= 'Z') set->set(c - 'A' + 'a');
    return true;
  }

  bool Repeat(Node* node) {
    ++i_;  // '{'
    const std::optional<int> min = Number();
    if (!min || AtEnd()) return false;
    int max = *min;
    if (p_[i_] == ',') {
      ++i_;
      const std::optional<int> m = Number();
      if (!m) return false;
      max = *m;
    }
    if (AtEnd() || p_[i_] != '}') return false;
    ++i_;
    if (*min < 1 || max < *min || max > static_cast<int>(kMaxStates)) {
      return false;
    }
    node->min = *min;
    node->max = max;
    return true;
  }

  std::optional<int> Number() {
    int n = 0;
    const size_t begin = i_;
    while (!AtEnd() && p_[i_] >= '0' && p_[i_] <= '9' && i_ - begin < 3) {
      n = n * 10 + (p_[i_++] - '0');
    }
    if (i_ == begin) return std::nullopt;
    return n;
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  }

  static constexpr int kMaxDepth = 8;
  std::string_view p_;
  size_t i_ = 0;
  int depth_ = 0;
  bool caseless_;
};

// The position (Glushkov) automaton of a Node: one state per byte a match
// consumes, for a class repeated {min,max} times one per repetition.
class Automaton {
 public:
  // False when it needs more than kMaxStates states.
  bool Add(const Node& node, uint64_t* first, uint64_t* last) {
    switch (node.kind) {
      case Node::Kind::kBytes: {
        if (states_.size() + node.max > kMaxStates) return false;
        const size_t base = states_.size();
        for (int k = 0; k < node.max; ++k) {
          states_.push_back(node.bytes);
          follow_.push_back(0);
          if (k > 0) follow_[base + k - 1] |= Bit(base + k);
        }
        *first = Bit(base);
        *last = 0;
        for (int k = node.min; k <= node.max; ++k) *last |= Bit(base + k - 1);
        return true;
      }
      case Node::Kind::kSequence: {
        uint64_t previous_last = 0;
        for (size_t i = 0; i < node.children.size(); ++i) {
          uint64_t f, l;
          if (!Add(node.children[i], &f, &l)) return false;
          if (i == 0) {
            *first = f;
          } else {
            for (uint64_t m = previous_last; m != 0; m &= m - 1) {
              follow_[__builtin_ctzll(m)] |= f;
            }
          }
          previous_last = l;
        }
        *last = previous_last;
        return true;
      }
      case Node::Kind::kAlternation: {
        *first = *last = 0;
        for (const Node& child : node.children) {
          uint64_t f, l;
          if (!Add(child, &f, &l)) return false;
          *first |= f;
          *last |= l;
        }
        return true;
      }
    }
    return false;
  }

  const std::vector<ByteSet>& states() const { return states_; }
  const std::vector<uint64_t>& follow() const { return follow_; }

 private:
  static uint64_t Bit(size_t i) { return uint64_t{1} << i; }

  std::vector<ByteSet> states_;
  std::vector<uint64_t> follow_;
};

// The flags a letter-variant regex may carry here: UTF-8 changes nothing
// for ASCII classes, start-of-match is what Match() reports, and caseless
// is applied to the classes. Any other (single match, ...) stays with
// Hyperscan.
constexpr unsigned kReadFlags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST |
                                HS_FLAG_CASELESS | HS_FLAG_UCP |
                                HS_FLAG_DOTALL | HS_FLAG_MULTILINE;

}  // namespace

bool FoldKeepsAsciiLookalikes(const Normalizer& normalizer) {
  for (std::string_view c : {"\u212A", "\u017F"}) {
    absl::StatusOr<std::string> folded = normalizer.Fold(c);
    if (!folded.ok()) return true;
    for (char b : *folded) {
      if (static_cast<unsigned char>(b) >= kAscii) return true;
    }
  }
  return false;
}

VariantMatcher VariantMatcher::Build(const ExpressionSet& folded,
                                     const Normalizer& normalizer) {
  VariantMatcher m;
  m.handled_.assign(folded.size(), false);
  size_t candidates = 0;
  for (const ExpressionInfo& info : folded.info) {
    candidates += info.kind == ExprKind::kLetterVariants;
  }
  if (candidates == 0 || FoldKeepsAsciiLookalikes(normalizer)) return m;
  m.classes_.reserve(candidates * kAscii);
  m.filter_.Resize(kFilterBits);
  m.complete3_.Resize(kFilterBits);
  m.prefix4_.Resize(kFilter4Bits);
  std::vector<std::pair<uint32_t, uint32_t>> by_prefix;  // prefix, pattern
  std::vector<uint32_t> keys;  // one pattern's prefixes
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded.info[i].kind != ExprKind::kLetterVariants) continue;
    const unsigned flags = folded.flags[i];
    if ((flags & ~kReadFlags) != 0) continue;
    std::optional<Node> node =
        Parser(folded.terms[i], (flags & HS_FLAG_CASELESS) != 0).Parse();
    if (!node) continue;
    Automaton a;
    uint64_t first = 0, last = 0;
    if (!a.Add(*node, &first, &last)) continue;
    // Patterns are found by the first three bytes of their matches: one
    // that matches one or two bytes stays with Hyperscan.
    if ((first & last) != 0) continue;
    Pattern p;
    p.id = static_cast<uint32_t>(i);
    p.initial = first;
    p.final_states = last;
    p.accept = static_cast<uint32_t>(m.accept_.size());
    p.follow = static_cast<uint32_t>(m.follow_.size());
    p.classes = static_cast<uint32_t>(m.classes_.size());
    const size_t index = m.patterns_.size();
    // The states that take each byte; bytes taken by the same states are
    // one class of the pattern (class 0: taken by none).
    const std::vector<ByteSet>& states = a.states();
    std::array<uint64_t, kAscii> taking{};
    for (size_t q = 0; q < states.size(); ++q) {
      for (size_t b = states[q]._Find_first(); b < kAscii;
           b = states[q]._Find_next(b)) {
        taking[b] |= uint64_t{1} << q;
      }
    }
    m.accept_.push_back(0);
    m.classes_.resize(m.classes_.size() + kAscii, 0);
    for (size_t b = 0; b < kAscii; ++b) {
      if (taking[b] == 0) continue;
      size_t c = 1;
      while (p.accept + c < m.accept_.size() &&
             m.accept_[p.accept + c] != taking[b]) {
        ++c;
      }
      if (p.accept + c == m.accept_.size()) m.accept_.push_back(taking[b]);
      m.classes_[p.classes + b] = static_cast<uint8_t>(c);
    }
    m.follow_.insert(m.follow_.end(), a.follow().begin(), a.follow().end());
    // Every three bytes a match can begin with (none is shorter): the bytes
    // the states of each step take, one step after another.
    auto after = [&](uint64_t taken) {
      uint64_t next = 0;
      for (uint64_t t = taken; t != 0; t &= t - 1) {
        next |= a.follow()[__builtin_ctzll(t)];
      }
      return next;
    };
    auto bytes_of = [&](uint64_t set) {
      ByteSet bytes;
      for (uint64_t t = set; t != 0; t &= t - 1) {
        bytes |= states[__builtin_ctzll(t)];
      }
      return bytes;
    };
    const std::array<uint64_t, kAscii>& accept = taking;
    keys.clear();
    size_t fours = 0;
    auto enumerate = [&]() {
      const ByteSet firsts = bytes_of(first);
      for (size_t b0 = firsts._Find_first(); b0 < kAscii;
           b0 = firsts._Find_next(b0)) {
        const uint64_t s1 = after(first & accept[b0]);
        const ByteSet seconds = bytes_of(s1);
        for (size_t b1 = seconds._Find_first(); b1 < kAscii;
             b1 = seconds._Find_next(b1)) {
          const uint64_t t1 = s1 & accept[b1];
          if ((t1 & last) != 0) return false;  // a match of two bytes
          const uint64_t s2 = after(t1);
          const ByteSet thirds = bytes_of(s2);
          for (size_t b2 = thirds._Find_first(); b2 < kAscii;
               b2 = thirds._Find_next(b2)) {
            const uint32_t prefix =
                Prefix(static_cast<uint32_t>(b0), static_cast<uint32_t>(b1),
                       static_cast<uint32_t>(b2));
            keys.push_back(prefix);
            // The second filter: a match of three bytes, or the first four
            // bytes of a longer one.
            const uint64_t t2 = s2 & accept[b2];
            if ((t2 & last) != 0) m.complete3_.Set(FilterBit(prefix));
            const ByteSet fourths = bytes_of(after(t2));
            fours += fourths.count();
            // Generated patterns begin in a few hundred ways; one that
            // begins in too many (a forged engine's) would make the build
            // slow and the filters useless.
            if (keys.size() > kMaxPrefixes || fours > kMaxPrefixes * 8) {
              return false;
            }
            for (size_t b3 = fourths._Find_first(); b3 < kAscii;
                 b3 = fourths._Find_next(b3)) {
              m.prefix4_.Set(Filter4Bit(prefix, static_cast<uint32_t>(b3)));
            }
          }
        }
      }
      return true;
    };
    if (!enumerate()) {  // Hyperscan keeps it
      m.accept_.resize(p.accept);
      m.follow_.resize(p.follow);
      m.classes_.resize(p.classes);
      continue;
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (uint32_t key : keys) {
      by_prefix.emplace_back(key, static_cast<uint32_t>(index));
    }
    m.patterns_.push_back(p);
    m.handled_[i] = true;
  }
  if (m.patterns_.empty()) return VariantMatcher();  // no tables to keep
  for (const auto& [prefix, pattern] : by_prefix) {
    m.filter_.Set(FilterBit(prefix));
  }
  // Grouped by their first two bytes, then by the third: a stable radix
  // sort (third byte, then pair) keeps each prefix's patterns in order.
  {
    std::vector<std::pair<uint32_t, uint32_t>> sorted(by_prefix.size());
    auto pass = [&](size_t buckets, auto digit) {
      std::vector<uint32_t> at(buckets + 1, 0);
      for (const auto& e : by_prefix) ++at[digit(e.first) + 1];
      for (size_t d = 0; d < buckets; ++d) at[d + 1] += at[d];
      for (const auto& e : by_prefix) sorted[at[digit(e.first)]++] = e;
      by_prefix.swap(sorted);
    };
    pass(kAscii, [](uint32_t prefix) { return prefix & 127; });
    pass(kAscii * kAscii, [](uint32_t prefix) { return prefix >> 7; });
  }
  m.pair_record_.assign(kAscii * kAscii, 0);
  for (size_t k = 0; k < by_prefix.size();) {
    const uint32_t pair = by_prefix[k].first >> 7;
    PairRecord record;
    record.begin = static_cast<uint32_t>(m.third_begin_.size());
    for (; k < by_prefix.size() && by_prefix[k].first >> 7 == pair;) {
      const uint32_t b2 = by_prefix[k].first & 127;
      record.third[b2 >> 6] |= uint64_t{1} << (b2 & 63);
      m.third_begin_.push_back(static_cast<uint32_t>(m.patterns_at_.size()));
      for (; k < by_prefix.size() && by_prefix[k].first == (pair << 7 | b2);
           ++k) {
        m.patterns_at_.push_back(by_prefix[k].second);
      }
    }
    m.third_begin_.push_back(static_cast<uint32_t>(m.patterns_at_.size()));
    m.pair_records_.push_back(record);
    m.pair_record_[pair] = static_cast<uint32_t>(m.pair_records_.size());
  }
  return m;
}

size_t VariantMatcher::memory_bytes() const {
  return patterns_.capacity() * sizeof(Pattern) + classes_.capacity() +
         (accept_.capacity() + follow_.capacity()) * sizeof(uint64_t) +
         handled_.capacity() / 8 +
         (filter_.words.capacity() + complete3_.words.capacity() +
          prefix4_.words.capacity()) *
             sizeof(uint64_t) +
         (pair_record_.capacity() + third_begin_.capacity() +
          patterns_at_.capacity()) *
             sizeof(uint32_t) +
         pair_records_.capacity() * sizeof(PairRecord);
}

bool VariantMatcher::Run(const Pattern& p, std::string_view text, uint64_t base,
                         uint64_t start,
                         std::vector<Cursor::Found>* found) const {
  const uint64_t* accept = accept_.data() + p.accept;
  const uint8_t* classes = classes_.data() + p.classes;
  const uint64_t* follow = follow_.data() + p.follow;
  uint64_t active = p.initial;
  for (size_t i = start - base; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= kAscii) return false;
    const uint64_t taken = active & accept[classes[b]];
    if (taken == 0) return false;
    if ((taken & p.final_states) != 0) {
      found->push_back({p.id, start, base + i + 1});
    }
    active = 0;
    for (uint64_t t = taken; t != 0; t &= t - 1) {
      active |= follow[__builtin_ctzll(t)];
    }
    if (active == 0) return false;
  }
  return true;
}

bool VariantMatcher::TryStart(std::string_view text, uint64_t base,
                              uint64_t start,
                              std::vector<Cursor::Found>* found) const {
  const size_t i = start - base;
  const auto b0 = static_cast<unsigned char>(text[i]);
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  const auto b2 = static_cast<unsigned char>(text[i + 2]);
  if ((b0 | b1 | b2) >= kAscii) return false;
  const uint32_t r = pair_record_[b0 << 7 | b1];
  if (r == 0) return false;
  const PairRecord& record = pair_records_[r - 1];
  const uint64_t bit = uint64_t{1} << (b2 & 63);
  if ((record.third[b2 >> 6] & bit) == 0) return false;
  // The third byte's rank among those of the pair.
  const uint32_t rank =
      b2 < 64 ? __builtin_popcountll(record.third[0] & (bit - 1))
              : __builtin_popcountll(record.third[0]) +
                    __builtin_popcountll(record.third[1] & (bit - 1));
  const uint32_t* at = third_begin_.data() + record.begin + rank;
  bool live = false;
  for (uint32_t k = at[0]; k < at[1]; ++k) {
    live |= Run(patterns_[patterns_at_[k]], text, base, start, found);
  }
  return live;
}

void VariantMatcher::Match(
    std::string_view text, uint64_t base, bool final, Cursor* cursor,
    absl::FunctionRef<void(uint32_t, uint64_t, uint64_t)> report) const {
  if (patterns_.empty()) return;
  const uint64_t end = base + text.size();
  std::vector<Cursor::Found>& found = cursor->found;
  found.clear();
  // Starts that were still live: followed again over the longer text.
  size_t kept = 0;
  for (uint64_t start : cursor->live_starts) {
    if (start < base) continue;
    if (TryStart(text, base, start, &found) && !final) {
      cursor->live_starts[kept++] = start;
    }
  }
  cursor->live_starts.resize(kept);
  // New starts: each needs the two bytes after it (no match is shorter
  // than three); the last two of a text that goes on are tried next time.
  const uint64_t last_start = end >= 2 ? end - 2 : 0;  // exclusive
  uint64_t start = std::max(cursor->next_start, base);
  // Offsets from `base` index `text`.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto passes = [&](uint64_t at) {
    const unsigned char* p = bytes + (at - base);
    return filter_.Test(FilterBit(Prefix(p[0], p[1], p[2])));
  };
  auto try_start = [&](uint64_t at) {
    // Four bytes known: a match of three, or the start of a longer one.
    const unsigned char* p = bytes + (at - base);
    const uint32_t prefix = Prefix(p[0], p[1], p[2]);
    if (at + 3 < end && !complete3_.Test(FilterBit(prefix)) &&
        !prefix4_.Test(Filter4Bit(prefix, p[3]))) {
      return;
    }
    if (TryStart(text, base, at, &found) && !final) {
      cursor->live_starts.push_back(at);
    }
  };
  while (start < last_start) {
    const uint64_t n = std::min<uint64_t>(16, last_start - start);
#ifdef __SSE2__
    // Sixteen starts at a time: only those whose three bytes are ASCII
    // (most bytes of Chinese text are not) are looked up in the filter.
    if (start + 18 <= end) {
      auto ascii = [&](uint64_t at) {
        return ~static_cast<uint32_t>(_mm_movemask_epi8(_mm_loadu_si128(
                   reinterpret_cast<const __m128i*>(bytes + (at - base))))) &
               0xFFFF;
      };
      const uint32_t all = (uint32_t{1} << n) - 1;
      uint32_t starts =
          ascii(start) & ascii(start + 1) & ascii(start + 2) & all;
      if (starts == all) {
        // All ASCII (English): the filter's answers as a mask, without a
        // branch per start, then the few that pass.
        starts = 0;
        for (uint64_t j = 0; j < n; ++j) {
          starts |= static_cast<uint32_t>(passes(start + j)) << j;
        }
        for (; starts != 0; starts &= starts - 1) {
          try_start(start + __builtin_ctz(starts));
        }
      } else {
        for (; starts != 0; starts &= starts - 1) {
          const uint64_t at = start + __builtin_ctz(starts);
          if (passes(at)) try_start(at);
        }
      }
      start += n;
      continue;
    }
#endif
    for (const uint64_t stop = start + n; start < stop; ++start) {
      if (passes(start)) try_start(start);
    }
  }
  cursor->next_start =
      final ? end : std::max(cursor->next_start, std::min(start, last_start));
  // One report per expression and end, with its leftmost start, for ends
  // not reported before.
  std::sort(found.begin(), found.end(),
            [](const Cursor::Found& a, const Cursor::Found& b) {
              return std::tie(a.id, a.to, a.from) <
                     std::tie(b.id, b.to, b.from);
            });
  for (size_t k = 0; k < found.size(); ++k) {
    const Cursor::Found& f = found[k];
    if (k > 0 && found[k - 1].id == f.id && found[k - 1].to == f.to) continue;
    if (f.to > cursor->reported_to) report(f.id, f.from, f.to);
  }
  cursor->reported_to = std::max(cursor->reported_to, end);
}

}  // namespace lexgate::internal
