#include "normalize/fold_table.h"

#include <algorithm>
#include <bitset>
#include <map>
#include <mutex>
#include <string>

#include "absl/synchronization/mutex.h"
#include "base/utf8.h"
#include "normalize/fold_data.h"
#include "normalize/options_bits.h"

namespace lexgate::internal {
namespace {

// One generated step: its mappings, sorted by code point, searched where
// they lie. (Decoded into hash maps, the steps cost each process about
// 5 ms and 230 page faults before its first fold table, a tenth of a
// cached-engine start-up of lexgate-filter.)
class Step {
 public:
  Step(const fold_data::Mapping* mappings, size_t size)
      : mappings_(mappings), size_(size) {}

  // The mapping of `cp`, or null when the step leaves it alone.
  const fold_data::Mapping* Find(char32_t cp) const {
    return fold_data::FindMapping(mappings_, size_, cp);
  }
  const fold_data::Mapping* begin() const { return mappings_; }
  const fold_data::Mapping* end() const { return mappings_ + size_; }

 private:
  const fold_data::Mapping* mappings_;
  size_t size_;
};

// Appends the code points of valid UTF-8 `utf8` to `out`.
void AppendDecoded(std::string_view utf8, std::u32string* out) {
  for (size_t i = 0; i < utf8.size();) {
    const Decoded d = DecodeUtf8(utf8, i);
    out->push_back(d.cp);
    i += d.length;
  }
}

bool IsDefaultIgnorable(char32_t cp) {
  const fold_data::Range* begin = fold_data::kDefaultIgnorables;
  const fold_data::Range* end = begin + fold_data::kDefaultIgnorablesSize;
  const fold_data::Range* it = std::upper_bound(
      begin, end, cp,
      [](char32_t c, const fold_data::Range& r) { return c < r.first; });
  return it != begin && cp <= (it - 1)->last;
}

// The generated steps.
struct Steps {
  Step nfkc_casefold{fold_data::kNfkcCasefold, fold_data::kNfkcCasefoldSize};
  Step strip_diacritics{fold_data::kStripDiacritics,
                        fold_data::kStripDiacriticsSize};
  Step traditional_to_simplified{fold_data::kTraditionalToSimplified,
                                 fold_data::kTraditionalToSimplifiedSize};
  Step lookalikes{fold_data::kLookalikes, fold_data::kLookalikesSize};
};

// Applies `step` to every character of `*s` but those `keep` (if given)
// holds; `scratch` is spare room, swapped in.
void Apply(const Step& step, std::u32string* s, std::u32string* scratch,
           bool (*keep)(char32_t) = nullptr) {
  scratch->clear();
  for (char32_t c : *s) {
    const fold_data::Mapping* m =
        keep != nullptr && keep(c) ? nullptr : step.Find(c);
    if (m != nullptr) {
      AppendDecoded(m->to(), scratch);
    } else {
      scratch->push_back(c);
    }
  }
  s->swap(*scratch);
}

// One round of every enabled step over `s`.
void FoldOnce(const NormalizeOptions& options, const Steps& steps,
              std::u32string* s, std::u32string* scratch) {
  if (options.nfkc_casefold) {
    // NFKC_Casefold removes default-ignorables itself; keep them when that
    // step is switched off.
    Apply(steps.nfkc_casefold, s, scratch,
          options.drop_ignorables ? nullptr : IsDefaultIgnorable);
  }
  if (options.drop_ignorables) {
    std::erase_if(*s, IsDefaultIgnorable);
  }
  if (options.strip_diacritics) Apply(steps.strip_diacritics, s, scratch);
  if (options.traditional_to_simplified) {
    Apply(steps.traditional_to_simplified, s, scratch);
  }
  if (options.lookalikes) Apply(steps.lookalikes, s, scratch);
}

// Every code point that some step may change.
std::vector<char32_t> Candidates(const Steps& steps) {
  std::vector<char32_t> cps;
  for (const Step* step :
       {&steps.nfkc_casefold, &steps.strip_diacritics,
        &steps.traditional_to_simplified, &steps.lookalikes}) {
    for (const fold_data::Mapping& m : *step) cps.push_back(m.cp);
  }
  for (size_t i = 0; i < fold_data::kDefaultIgnorablesSize; ++i) {
    for (char32_t cp = fold_data::kDefaultIgnorables[i].first;
         cp <= fold_data::kDefaultIgnorables[i].last; ++cp) {
      cps.push_back(cp);
    }
  }
  std::sort(cps.begin(), cps.end());
  cps.erase(std::unique(cps.begin(), cps.end()), cps.end());
  return cps;
}

}  // namespace

uint64_t FoldTable::DataDigest() {
  static const uint64_t digest = [] {
    uint64_t hash = 0xcbf29ce484222325ull;
    auto byte = [&hash](uint8_t b) {
      hash ^= b;
      hash *= 0x100000001b3ull;
    };
    auto u32 = [&byte](uint32_t v) {
      for (int i = 0; i < 4; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
    };
    // The fold's rules beyond the data, so that an engine saved before
    // they changed is refused: 1 for a run of spaces kept as it is (and
    // no rules version hashed), 2 for one space.
    u32(kFoldRulesVersion);
    auto mappings = [&](const fold_data::Mapping* m, size_t n) {
      u32(static_cast<uint32_t>(n));
      for (size_t i = 0; i < n; ++i) {
        u32(m[i].cp);
        for (char c : m[i].to()) byte(static_cast<uint8_t>(c));
        byte(0);
      }
    };
    mappings(fold_data::kNfkcCasefold, fold_data::kNfkcCasefoldSize);
    mappings(fold_data::kStripDiacritics, fold_data::kStripDiacriticsSize);
    mappings(fold_data::kTraditionalToSimplified,
             fold_data::kTraditionalToSimplifiedSize);
    mappings(fold_data::kLookalikes, fold_data::kLookalikesSize);
    u32(static_cast<uint32_t>(fold_data::kDefaultIgnorablesSize));
    for (size_t i = 0; i < fold_data::kDefaultIgnorablesSize; ++i) {
      u32(fold_data::kDefaultIgnorables[i].first);
      u32(fold_data::kDefaultIgnorables[i].last);
    }
    return hash;
  }();
  return digest;
}

bool FoldTable::IsLookalike(char32_t cp) {
  // Asked for the characters of every match the fold changed (traditional
  // Chinese text: most of them): the Basic Multilingual Plane from a
  // bitmap of 8 KiB, the rest by binary search.
  static const std::bitset<0x10000>* const kBmp = [] {
    auto* bits = new std::bitset<0x10000>();
    for (size_t i = 0; i < fold_data::kLookalikesSize; ++i) {
      const char32_t c = fold_data::kLookalikes[i].cp;
      if (c < 0x10000) bits->set(c);
    }
    return bits;
  }();
  if (cp < 0x10000) return kBmp->test(cp);
  return fold_data::FindMapping(fold_data::kLookalikes,
                                fold_data::kLookalikesSize, cp) != nullptr;
}

std::shared_ptr<const FoldTable> FoldTable::Get(
    const NormalizeOptions& options) {
  static absl::Mutex mu;
  static auto* cache =
      new std::map<uint32_t, std::shared_ptr<const FoldTable>>();
  absl::MutexLock lock(&mu);
  auto& slot = (*cache)[OptionBits(options)];
  if (slot == nullptr) slot = std::make_shared<const FoldTable>(options);
  return slot;
}

FoldTable::FoldTable(const NormalizeOptions& options) {
  constexpr size_t kBlockSize = size_t{1} << kBlockBits;
  blocks_.assign((0x10FFFF >> kBlockBits) + 1, 0);

  const Steps steps;
  const std::vector<char32_t> candidates = Candidates(steps);
  // Room for the blocks of every candidate (sorted) at once: grown by
  // doubling, the entries would move to fresh pages again and again.
  size_t blocks = 1;  // the shared identity block
  for (size_t k = 0; k < candidates.size(); ++k) {
    if (k == 0 ||
        (candidates[k] >> kBlockBits) != (candidates[k - 1] >> kBlockBits)) {
      ++blocks;
    }
  }
  entries_.reserve(blocks * kBlockSize);
  entries_.assign(kBlockSize, 0);  // the shared identity block
  std::u32string folded, next, scratch;
  std::string utf8;
  for (char32_t cp : candidates) {
    folded.assign(1, cp);
    // A fixed point exists because every step maps towards a smaller set
    // (lower case, simplified, ASCII); the bound only guards the data.
    for (int round = 0; round < 8; ++round) {
      next = folded;
      FoldOnce(options, steps, &next, &scratch);
      if (next == folded) break;
      folded.swap(next);
    }
    if (folded.size() == 1 && folded[0] == cp) continue;
    utf8.clear();
    for (char32_t c : folded) AppendUtf8(c, &utf8);
    Set(cp, utf8);
  }

  // The fast path folds ASCII without the table (tests/fold_table_test.cc
  // checks that the table agrees: A-Z to lower case and TAB to a space
  // with case folding, everything else to itself). A tab is spacing like
  // the spaces NFKC folds to U+0020: "kill\tyourself" is "kill yourself".
  folds_ascii_ = options.nfkc_casefold;
  if (folds_ascii_) Set('\t', " ");
}

void FoldTable::Set(char32_t cp, std::string_view folded) {
  constexpr size_t kBlockSize = size_t{1} << kBlockBits;
  uint32_t& block = blocks_[cp >> kBlockBits];
  if (block == 0) {
    block = static_cast<uint32_t>(entries_.size());
    entries_.resize(entries_.size() + kBlockSize, 0);
  }
  const size_t offset = pool_.size();
  pool_.append(folded);
  if (cp < 0x10000) bmp_changed_[cp >> 6] |= uint64_t{1} << (cp & 63);
  entries_[block + (cp & (kBlockSize - 1))] =
      static_cast<uint32_t>(offset << kLengthBits) |
      static_cast<uint32_t>(folded.size() + 1);
}

}  // namespace lexgate::internal
