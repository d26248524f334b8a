#include "compile/pinyin.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/utf8.h"
#include "compile/expressions.h"
#include "normalize/char_class.h"
#include "normalize/fold_data.h"

namespace lexgate::internal {
namespace {

// Between two syllables: nothing, or one space, dash or apostrophe.
constexpr char kSeparator[] = "[\\x20\\x27\\x2d]?";
// Homophones of one character at most ('yi' has 66 in GB 2312 level 1).
constexpr size_t kMaxHomophones = 64;
// GB 2312 level 1: its first 3755 ideographs, the common characters that a
// writer substitutes; level 2 holds rarer ones.
constexpr size_t kCommonLevel1 = 3755;

// reading -> the GB 2312 characters read so, in code order.
const absl::flat_hash_map<std::string, std::vector<char32_t>>& ByReading() {
  static const auto* map = [] {
    auto* m = new absl::flat_hash_map<std::string, std::vector<char32_t>>();
    for (size_t i = 0; i < std::min(fold_data::kCommonHanSize, kCommonLevel1);
         ++i) {
      const char32_t cp = fold_data::kCommonHan[i];
      const std::string_view reading = HanReading(cp);
      if (!reading.empty()) (*m)[std::string(reading)].push_back(cp);
    }
    return m;
  }();
  return *map;
}

// Text as a UTF-8 mode regex: ASCII escaped as EscapeLiteral() does, other
// characters as they are (in UTF-8 mode \xHH is a code point, not a byte).
std::string RegexText(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out += EscapeLiteral(std::string_view(&c, 1));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// A syllable as a regex: v (ü) also written u.
std::string Syllable(std::string_view reading) {
  std::string out;
  for (char c : reading) {
    if (c == 'v') {
      out += "[uv]";
    } else {
      out += EscapeLiteral(std::string_view(&c, 1));
    }
  }
  return out;
}

}  // namespace

std::string_view HanReading(char32_t cp) {
  const fold_data::Mapping* m = fold_data::FindMapping(
      fold_data::kHanReadings, fold_data::kHanReadingsSize, cp);
  return m != nullptr ? m->to() : std::string_view();
}

std::vector<char32_t> Homophones(std::string_view reading, size_t limit) {
  const auto& map = ByReading();
  auto it = map.find(std::string(reading));
  if (it == map.end()) return {};
  std::vector<char32_t> out = it->second;
  if (out.size() > limit) out.resize(limit);
  return out;
}

PinyinPatterns MakePinyinPatterns(std::string_view folded_keyword,
                                  std::string_view reading, Pinyin pinyin,
                                  bool homophones) {
  PinyinPatterns out;
  std::vector<std::string_view> given;
  for (absl::string_view s :
       absl::StrSplit(absl::string_view(reading.data(), reading.size()), ' ',
                      absl::SkipEmpty())) {
    given.emplace_back(s.data(), s.size());
  }
  std::vector<std::string> units;
  std::string initials;
  int ideographs = 0;
  bool all_read = true;
  size_t index = 0;
  for (size_t i = 0; i < folded_keyword.size(); ++index) {
    const Decoded d = DecodeUtf8(folded_keyword, i);
    const std::string_view ch = folded_keyword.substr(i, d.length);
    i += d.length;
    std::string_view syllable;
    if (IsIdeograph(d.cp)) {
      ++ideographs;
      syllable = index < given.size() ? given[index] : HanReading(d.cp);
    }
    if (syllable.empty()) {
      all_read &= !IsIdeograph(d.cp);
      units.push_back(RegexText(ch));
      continue;
    }
    std::vector<std::string> choices;
    if (homophones) {
      // The character and its homophones.
      std::vector<char32_t> same = Homophones(syllable, kMaxHomophones);
      if (std::find(same.begin(), same.end(), d.cp) == same.end()) {
        same.insert(same.begin(), d.cp);
      }
      for (char32_t h : same) {
        std::string utf8;
        AppendUtf8(h, &utf8);
        choices.push_back(utf8);
      }
      out.expansions += static_cast<int>(same.size()) - 1;
    } else {
      choices.push_back(std::string(ch));
    }
    if (pinyin != Pinyin::kOff) {
      choices.push_back(Syllable(syllable));
      ++out.expansions;
    }
    initials.push_back(syllable[0]);
    units.push_back(
        choices.size() == 1
            ? choices[0]
            : absl::StrCat("(?:", absl::StrJoin(choices, "|"), ")"));
  }
  if (ideographs == 0 || out.expansions == 0) {
    out.expansions = 0;
    return out;
  }
  out.full = pinyin != Pinyin::kOff ? absl::StrJoin(units, kSeparator)
                                    : absl::StrJoin(units, "");
  if (pinyin == Pinyin::kInitials && ideographs >= 3 && all_read &&
      initials.size() == CountCodePoints(folded_keyword)) {
    out.initials = EscapeLiteral(initials);
    ++out.expansions;
  }
  return out;
}

Variant ClassifyPinyinMatch(std::string_view folded_keyword,
                            std::string_view matched) {
  if (matched == folded_keyword) return Variant::kNone;
  // More Latin letters than the keyword has (加v信 has one): a syllable.
  auto letters = [](std::string_view s) {
    return std::count_if(s.begin(), s.end(),
                         [](char c) { return c >= 'a' && c <= 'z'; });
  };
  return letters(matched) > letters(folded_keyword) ? Variant::kPinyin
                                                    : Variant::kHomophone;
}

}  // namespace lexgate::internal
