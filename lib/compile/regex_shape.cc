#include "compile/regex_shape.h"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "base/utf8.h"

namespace lexgate::internal {
namespace {

// Widths saturate here rather than overflow: beyond it nothing is bounded
// in any useful sense.
constexpr uint64_t kWidthCap = uint64_t{1} << 40;

uint64_t AddWidth(uint64_t a, uint64_t b) {
  if (a == kUnboundedWidth || b == kUnboundedWidth) return kUnboundedWidth;
  return std::min(kWidthCap, a + b);
}

uint64_t MulWidth(uint64_t a, uint64_t n) {
  if (n == 0) return 0;
  if (a == kUnboundedWidth || n == kUnboundedWidth) {
    return a == 0 ? 0 : kUnboundedWidth;
  }
  if (a != 0 && n > kWidthCap / a) return kWidthCap;
  return a * n;
}

// The longest fixed-length part whose classes are kept position by
// position.
constexpr size_t kMaxPositions = 16;

struct Shape {
  CharSet chars;
  uint64_t min = 0;
  uint64_t max = 0;
  // At most this many spaces (U+0020) in a match.
  uint64_t spaces = 0;
  // A shape of a fixed length up to kMaxPositions: the class of each of
  // its characters.
  bool fixed = true;
  std::vector<CharSet> positions;
};

Shape Concat(Shape a, const Shape& b) {
  a.spaces = AddWidth(a.spaces, b.spaces);
  a.chars.AddAll(b.chars);
  a.min = AddWidth(a.min, b.min);
  a.max = AddWidth(a.max, b.max);
  a.fixed = a.fixed && b.fixed &&
            a.positions.size() + b.positions.size() <= kMaxPositions;
  if (a.fixed) {
    a.positions.insert(a.positions.end(), b.positions.begin(),
                       b.positions.end());
  } else {
    a.positions.clear();
  }
  return a;
}

Shape Either(Shape a, const Shape& b) {
  a.spaces = std::max(a.spaces, b.spaces);
  a.chars.AddAll(b.chars);
  a.min = std::min(a.min, b.min);
  a.max = std::max(a.max, b.max);
  a.fixed = a.fixed && b.fixed && a.positions.size() == b.positions.size();
  if (a.fixed) {
    for (size_t i = 0; i < a.positions.size(); ++i) {
      a.positions[i].AddAll(b.positions[i]);
    }
  } else {
    a.positions.clear();
  }
  return a;
}

// `atom` repeated from qmin to qmax times.
Shape Repeat(const Shape& atom, uint64_t qmin, uint64_t qmax) {
  Shape out;
  if (qmax != 0) out.chars = atom.chars;
  out.min = MulWidth(atom.min, qmin);
  out.max = MulWidth(atom.max, qmax);
  out.spaces = MulWidth(atom.spaces, qmax);
  out.fixed = atom.fixed && qmin == qmax &&
              atom.positions.size() * qmin <= kMaxPositions;
  if (out.fixed) {
    for (uint64_t i = 0; i < qmin; ++i) {
      out.positions.insert(out.positions.end(), atom.positions.begin(),
                           atom.positions.end());
    }
  }
  return out;
}

struct Flags {
  bool caseless = false;
  bool dotall = false;
  bool extended = false;
  bool ucp = false;
};

// One element of a top-level branch, for the prefix.
struct Item {
  size_t begin;     // source offset of the item
  size_t atom_end;  // end of the atom, before any quantifier
  size_t end;       // end of the item
  Shape atom;       // shape of the atom alone
  uint64_t qmin = 1;
  uint64_t qmax = 1;
  bool zero_width = false;
};

class Parser {
 public:
  Parser(std::string_view pattern, unsigned hs_flags) : p_(pattern) {
    flags_.caseless = hs_flags & HS_FLAG_CASELESS;
    flags_.dotall = hs_flags & HS_FLAG_DOTALL;
    flags_.ucp = hs_flags & HS_FLAG_UCP;
  }

  // Parses the whole pattern; nullopt when it is not understood.
  std::optional<Shape> Parse(std::vector<std::vector<Item>>* branches) {
    std::optional<Shape> shape = Alternation(branches);
    if (!shape || pos_ != p_.size()) return std::nullopt;
    return shape;
  }

 private:
  bool AtEnd() const { return pos_ >= p_.size(); }
  char Peek() const { return p_[pos_]; }

  void SkipExtended() {
    if (!flags_.extended) return;
    while (!AtEnd()) {
      const char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
          c == '\v') {
        ++pos_;
      } else if (c == '#') {
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  // alternation := sequence ('|' sequence)*. `branches`, when not null,
  // receives the items of each top-level branch.
  std::optional<Shape> Alternation(std::vector<std::vector<Item>>* branches) {
    const Flags saved = flags_;
    std::optional<Shape> result;
    for (;;) {
      std::vector<Item>* items = nullptr;
      if (branches != nullptr) items = &branches->emplace_back();
      // Inline flags carry into the later branches of the group (PCRE's
      // rule, which Hyperscan follows: in `(a(?s)b|.)` the `.` takes a
      // line break too) and end with the group.
      std::optional<Shape> branch = Sequence(items);
      if (!branch) return std::nullopt;
      result = result ? Either(*result, *branch) : *branch;
      if (AtEnd() || Peek() != '|') break;
      ++pos_;
    }
    flags_ = saved;
    return result;
  }

  std::optional<Shape> Sequence(std::vector<Item>* items) {
    Shape seq;
    for (;;) {
      SkipExtended();
      if (AtEnd() || Peek() == '|' || Peek() == ')') return seq;
      Item item;
      item.begin = pos_;
      bool zero_width = false;
      std::optional<Shape> atom = Atom(&zero_width);
      if (!atom) return std::nullopt;
      item.atom_end = pos_;
      item.atom = *atom;
      item.zero_width = zero_width;
      SkipExtended();
      if (!Quantifier(&item.qmin, &item.qmax)) return std::nullopt;
      item.end = pos_;
      seq = Concat(seq, Repeat(*atom, item.qmin, item.qmax));
      if (items != nullptr) items->push_back(item);
    }
  }

  // Reads a quantifier if one follows; false on a malformed one.
  bool Quantifier(uint64_t* qmin, uint64_t* qmax) {
    if (AtEnd()) return true;
    const char c = Peek();
    if (c == '*') {
      *qmin = 0;
      *qmax = kUnboundedWidth;
    } else if (c == '+') {
      *qmin = 1;
      *qmax = kUnboundedWidth;
    } else if (c == '?') {
      *qmin = 0;
      *qmax = 1;
    } else if (c == '{') {
      // {n}, {n,}, {n,m}; anything else is a literal '{' (PCRE).
      size_t k = pos_ + 1;
      auto number = [&](uint64_t* out) {
        const size_t start = k;
        uint64_t v = 0;
        while (k < p_.size() && p_[k] >= '0' && p_[k] <= '9') {
          v = std::min(kWidthCap, v * 10 + static_cast<uint64_t>(p_[k] - '0'));
          ++k;
        }
        *out = v;
        return k > start;
      };
      uint64_t lo = 0, hi = 0;
      if (!number(&lo)) return true;
      if (k < p_.size() && p_[k] == '}') {
        hi = lo;
      } else if (k < p_.size() && p_[k] == ',') {
        ++k;
        if (k < p_.size() && p_[k] == '}') {
          hi = kUnboundedWidth;
        } else if (!number(&hi) || k >= p_.size() || p_[k] != '}') {
          return true;  // a literal '{'
        }
      } else {
        return true;
      }
      pos_ = k;  // at the '}'
      *qmin = lo;
      *qmax = hi;
    } else {
      return true;
    }
    ++pos_;
    if (!AtEnd() && (Peek() == '?' || Peek() == '+')) ++pos_;  // lazy etc.
    return true;
  }

  CharSet Literal(char32_t cp) const {
    CharSet s;
    s.Add(cp);
    if (flags_.caseless) s.AddCaseVariants();
    return s;
  }

  static Shape OneChar(CharSet chars) {
    Shape s;
    s.chars = chars;
    s.min = s.max = 1;
    s.spaces = s.chars.Contains(' ') ? 1 : 0;
    s.positions.push_back(std::move(chars));
    return s;
  }

  std::optional<Shape> Atom(bool* zero_width) {
    const char c = Peek();
    switch (c) {
      case '.': {
        ++pos_;
        CharSet s = CharSet::All();
        if (!flags_.dotall) {
          CharSet newline;
          newline.Add('\n');
          s = newline.Complement();
        }
        return OneChar(std::move(s));
      }
      case '^':
      case '$':
        ++pos_;
        *zero_width = true;
        text_anchors_ = true;
        return Shape();
      case '[': {
        std::optional<CharSet> set = Class();
        if (!set) return std::nullopt;
        return OneChar(*std::move(set));
      }
      case '(':
        return Group(zero_width);
      case '\\':
        return Escape(zero_width);
      case '*':
      case '+':
      case '?':
        return std::nullopt;  // nothing to repeat
      default: {
        const Decoded d = DecodeUtf8(p_, pos_);
        if (!d.valid) return std::nullopt;
        pos_ += d.length;
        return OneChar(Literal(d.cp));
      }
    }
  }

  std::optional<Shape> Group(bool* zero_width) {
    ++pos_;  // '('
    if (AtEnd()) return std::nullopt;
    bool lookaround = false;
    if (Peek() == '?') {
      ++pos_;
      if (AtEnd()) return std::nullopt;
      const char k = Peek();
      if (k == '#') {  // comment
        while (!AtEnd() && Peek() != ')') ++pos_;
        if (AtEnd()) return std::nullopt;
        ++pos_;
        *zero_width = true;
        return Shape();
      }
      if (k == ':' || k == '>' || k == '|') {
        ++pos_;
      } else if (k == '=' || k == '!') {
        ++pos_;
        lookaround = true;
      } else if (k == '<' && pos_ + 1 < p_.size() &&
                 (p_[pos_ + 1] == '=' || p_[pos_ + 1] == '!')) {
        pos_ += 2;
        lookaround = true;
      } else if (k == '<' || k == 'P' || k == '\'') {
        // Named group: (?<name>, (?P<name>, (?'name'.
        if (k == 'P') ++pos_;
        const char close = !AtEnd() && Peek() == '\'' ? '\'' : '>';
        while (!AtEnd() && Peek() != close) ++pos_;
        if (AtEnd()) return std::nullopt;
        ++pos_;
      } else {
        // Inline flags: (?i), (?i-s), (?i:...).
        Flags flags = flags_;
        bool on = true;
        while (!AtEnd() && Peek() != ')' && Peek() != ':') {
          const char f = Peek();
          if (f == '-') {
            on = false;
          } else if (f == 'i') {
            flags.caseless = on;
          } else if (f == 's') {
            flags.dotall = on;
          } else if (f == 'x') {
            flags.extended = on;
          } else if (f != 'm') {
            return std::nullopt;
          }
          ++pos_;
        }
        if (AtEnd()) return std::nullopt;
        if (Peek() == ')') {  // applies to the rest of the branch
          ++pos_;
          flags_ = flags;
          *zero_width = true;
          return Shape();
        }
        ++pos_;  // ':'
        const Flags saved = flags_;
        flags_ = flags;
        std::optional<Shape> inner = Alternation(nullptr);
        flags_ = saved;
        if (!inner || AtEnd() || Peek() != ')') return std::nullopt;
        ++pos_;
        return inner;
      }
    }
    std::optional<Shape> inner = Alternation(nullptr);
    if (!inner || AtEnd() || Peek() != ')') return std::nullopt;
    ++pos_;
    if (lookaround) {
      // Not part of the match: contributes no characters and no width.
      *zero_width = true;
      return Shape();
    }
    return inner;
  }

  // \d, \w, \s and their negations, as Hyperscan reads them.
  CharSet ClassEscape(char c) const {
    CharSet s;
    switch (c) {
      case 'd':
      case 'D':
        s.AddRange('0', '9');
        if (flags_.ucp) s.AddRange(0x80, kMaxCodePoint);
        break;
      case 'w':
      case 'W':
        s.AddRange('0', '9');
        s.AddRange('a', 'z');
        s.AddRange('A', 'Z');
        s.Add('_');
        if (flags_.ucp) s.AddRange(0x80, kMaxCodePoint);
        break;
      case 's':
      case 'S':
        s.AddRange('\t', '\r');
        s.Add(' ');
        if (flags_.ucp) s.AddRange(0x80, kMaxCodePoint);
        break;
      case 'h':
      case 'H':
        s.Add('\t');
        s.Add(' ');
        s.Add(0xA0);
        s.Add(0x1680);
        s.Add(0x180E);
        s.AddRange(0x2000, 0x200A);
        s.Add(0x202F);
        s.Add(0x205F);
        s.Add(0x3000);
        break;
      case 'v':
      case 'V':
        s.AddRange('\n', '\r');
        s.Add(0x85);
        s.AddRange(0x2028, 0x2029);
        break;
    }
    if (c >= 'A' && c <= 'Z') {
      // Under UCP the positive class is already widened to every non-ASCII
      // character, so its complement would be too small: take anything.
      return flags_.ucp ? CharSet::All() : s.Complement();
    }
    return s;
  }

  // A single character written as an escape (after the backslash); nullopt
  // when the escape is not a single character.
  std::optional<char32_t> CharEscape() {
    const char c = Peek();
    auto hex = [&](size_t max_digits) -> std::optional<char32_t> {
      char32_t v = 0;
      size_t n = 0;
      while (n < max_digits && !AtEnd() &&
             std::isxdigit(static_cast<unsigned char>(Peek()))) {
        const char h = Peek();
        v = v * 16 +
            static_cast<char32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        ++pos_;
        ++n;
      }
      if (n == 0 || v > kMaxCodePoint) return std::nullopt;
      return v;
    };
    switch (c) {
      case 't':
        ++pos_;
        return U'\t';
      case 'n':
        ++pos_;
        return U'\n';
      case 'r':
        ++pos_;
        return U'\r';
      case 'f':
        ++pos_;
        return U'\f';
      case 'e':
        ++pos_;
        return U'\x1b';
      case 'a':
        ++pos_;
        return U'\x07';
      case 'x': {
        ++pos_;
        if (!AtEnd() && Peek() == '{') {
          ++pos_;
          std::optional<char32_t> v = hex(8);
          if (!v || AtEnd() || Peek() != '}') return std::nullopt;
          ++pos_;
          return v;
        }
        std::optional<char32_t> v = hex(2);
        return v ? v : std::optional<char32_t>(0);
      }
      case 'c':
        ++pos_;
        if (AtEnd()) return std::nullopt;
        return static_cast<char32_t>(static_cast<unsigned char>(p_[pos_++]) ^
                                     0x40);
      case '0': {
        char32_t v = 0;
        for (int n = 0; n < 3 && !AtEnd() && Peek() >= '0' && Peek() <= '7';
             ++n) {
          v = v * 8 + static_cast<char32_t>(Peek() - '0');
          ++pos_;
        }
        return v;
      }
      default: {
        if (std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
        const Decoded d = DecodeUtf8(p_, pos_);
        if (!d.valid) return std::nullopt;
        pos_ += d.length;
        return d.cp;  // an escaped metacharacter stands for itself
      }
    }
  }

  std::optional<Shape> Escape(bool* zero_width) {
    ++pos_;  // '\'
    if (AtEnd()) return std::nullopt;
    const char c = Peek();
    switch (c) {
      case 'A':
      case 'z':
      case 'Z':
      case 'G':
        text_anchors_ = true;
        [[fallthrough]];
      case 'b':
      case 'B':
        ++pos_;
        *zero_width = true;
        return Shape();
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
      case 'h':
      case 'H':
      case 'v':
      case 'V':
        ++pos_;
        return OneChar(ClassEscape(c));
      case 'N': {
        ++pos_;
        CharSet newline;
        newline.Add('\n');
        return OneChar(newline.Complement());
      }
      case 'R': {  // a newline sequence: \r\n or one vertical space
        ++pos_;
        Shape s = OneChar(ClassEscape('v'));
        s.max = 2;  // vertical space only: no U+0020
        s.fixed = false;
        s.positions.clear();
        return s;
      }
      case 'p':
      case 'P':
      case 'X':
        // Unicode properties and grapheme clusters: any character.
        ++pos_;
        if (c != 'X' && !AtEnd() && Peek() == '{') {
          while (!AtEnd() && Peek() != '}') ++pos_;
          if (AtEnd()) return std::nullopt;
          ++pos_;
        } else if (c != 'X') {
          if (AtEnd()) return std::nullopt;
          ++pos_;
        }
        if (c == 'X') {
          Shape s = OneChar(CharSet::All());
          s.max = s.spaces = kUnboundedWidth;
          s.fixed = false;
          s.positions.clear();
          return s;
        }
        return OneChar(CharSet::All());
      case 'Q': {  // \Q...\E: quoted literal text
        ++pos_;
        Shape s;
        while (!AtEnd()) {
          if (p_.substr(pos_, 2) == "\\E") {
            pos_ += 2;
            break;
          }
          const Decoded d = DecodeUtf8(p_, pos_);
          if (!d.valid) return std::nullopt;
          pos_ += d.length;
          s = Concat(s, OneChar(Literal(d.cp)));
        }
        return s;
      }
      case 'E':
        ++pos_;
        *zero_width = true;
        return Shape();
      default: {
        std::optional<char32_t> cp = CharEscape();
        if (!cp) return std::nullopt;  // backreferences and the unknown
        return OneChar(Literal(*cp));
      }
    }
  }

  // A POSIX class name inside brackets, [:alpha:]; nullopt if unknown.
  std::optional<CharSet> PosixClass(std::string_view name) const {
    CharSet s;
    if (name == "alpha") {
      s.AddRange('a', 'z');
      s.AddRange('A', 'Z');
    } else if (name == "digit") {
      s.AddRange('0', '9');
    } else if (name == "alnum") {
      s.AddRange('0', '9');
      s.AddRange('a', 'z');
      s.AddRange('A', 'Z');
    } else if (name == "word") {
      s = ClassEscape('w');
    } else if (name == "space") {
      s = ClassEscape('s');
      s.Add('\v');
    } else if (name == "blank") {
      s.Add(' ');
      s.Add('\t');
    } else if (name == "upper") {
      s.AddRange('A', 'Z');
    } else if (name == "lower") {
      s.AddRange('a', 'z');
    } else if (name == "xdigit") {
      s.AddRange('0', '9');
      s.AddRange('a', 'f');
      s.AddRange('A', 'F');
    } else if (name == "punct") {
      s.AddRange('!', '/');
      s.AddRange(':', '@');
      s.AddRange('[', '`');
      s.AddRange('{', '~');
    } else if (name == "cntrl") {
      s.AddRange(0, 0x1F);
      s.Add(0x7F);
    } else if (name == "graph" || name == "print") {
      s.AddRange(name == "print" ? ' ' : '!', '~');
    } else if (name == "ascii") {
      s.AddRange(0, 0x7F);
    } else {
      return std::nullopt;
    }
    if (flags_.ucp) s.AddRange(0x80, kMaxCodePoint);
    return s;
  }

  std::optional<CharSet> Class() {
    ++pos_;  // '['
    bool negated = false;
    if (!AtEnd() && Peek() == '^') {
      negated = true;
      ++pos_;
    }
    CharSet set;
    bool first = true;
    // The last single character, for a range. (Not a std::optional: GCC 12
    // warns that its value may be read uninitialized where it cannot be.)
    char32_t pending = 0;
    bool has_pending = false;
    while (!AtEnd()) {
      const char c = Peek();
      if (c == ']' && !first) {
        ++pos_;
        if (has_pending) set.Add(pending);
        if (flags_.caseless) set.AddCaseVariants();
        return negated ? set.Complement() : set;
      }
      first = false;
      if (c == '[' && pos_ + 1 < p_.size() && p_[pos_ + 1] == ':') {
        const size_t close = p_.find(":]", pos_ + 2);
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view name = p_.substr(pos_ + 2, close - pos_ - 2);
        const bool posix_negated = !name.empty() && name[0] == '^';
        if (posix_negated) name.remove_prefix(1);
        std::optional<CharSet> posix = PosixClass(name);
        if (!posix) return std::nullopt;
        if (has_pending) set.Add(pending);
        has_pending = false;
        set.AddAll(posix_negated ? posix->Complement() : *posix);
        pos_ = close + 2;
        continue;
      }
      if (c == '-' && has_pending && pos_ + 1 < p_.size() &&
          p_[pos_ + 1] != ']') {
        // A range: pending-last.
        const char32_t from = pending;
        ++pos_;
        std::optional<char32_t> last = ClassChar(&set);
        if (!last || *last < from) return std::nullopt;
        set.AddRange(from, *last);
        has_pending = false;
        continue;
      }
      if (has_pending) set.Add(pending);
      has_pending = false;
      if (c == '\\' && pos_ + 1 < p_.size() &&
          std::string_view("dDwWsShHvV").find(p_[pos_ + 1]) !=
              std::string_view::npos) {
        set.AddAll(ClassEscape(p_[pos_ + 1]));
        pos_ += 2;
        continue;
      }
      const std::optional<char32_t> single = ClassChar(&set);
      if (!single) return std::nullopt;
      pending = *single;
      has_pending = true;
    }
    return std::nullopt;  // unterminated
  }

  // One character inside a class (a literal or a single-character escape).
  std::optional<char32_t> ClassChar(CharSet* /*set*/) {
    if (AtEnd()) return std::nullopt;
    if (Peek() == '\\') {
      ++pos_;
      if (AtEnd()) return std::nullopt;
      if (Peek() == 'b') {  // backspace inside a class
        ++pos_;
        return U'\b';
      }
      return CharEscape();
    }
    const Decoded d = DecodeUtf8(p_, pos_);
    if (!d.valid) return std::nullopt;
    pos_ += d.length;
    return d.cp;
  }

  std::string_view p_;
  size_t pos_ = 0;
  Flags flags_;
  bool text_anchors_ = false;

 public:
  bool text_anchors() const { return text_anchors_; }
};

// The classes of the first characters of every match of one top-level
// branch: its leading fixed-length items, up to kMaxPrefixChars.
std::vector<CharSet> BranchPrefix(const std::vector<Item>& items) {
  std::vector<CharSet> prefix;
  for (const Item& item : items) {
    if (item.zero_width) continue;
    const std::vector<CharSet>& atom = item.atom.positions;
    if (!item.atom.fixed || atom.empty() || item.qmin == 0) break;
    // As many repetitions as fit, at least one: x{m,n} begins with x{m},
    // and x{k} for any k <= m.
    const size_t room =
        kMaxPrefixChars - std::min(prefix.size(), kMaxPrefixChars);
    if (atom.size() > room && !prefix.empty()) break;
    const uint64_t reps = std::max<uint64_t>(
        1, std::min<uint64_t>(item.qmin, room / atom.size()));
    for (uint64_t r = 0; r < reps; ++r) {
      prefix.insert(prefix.end(), atom.begin(), atom.end());
    }
    // Nothing after a repetition cut short is at a fixed position.
    if (reps != item.qmax || prefix.size() >= kMaxPrefixChars) break;
  }
  if (prefix.size() > kMaxPrefixChars) prefix.resize(kMaxPrefixChars);
  return prefix;
}

}  // namespace

RegexShape AnalyzeRegex(std::string_view pattern, unsigned hs_flags) {
  RegexShape out;
  std::vector<std::vector<Item>> branches;
  Parser parser(pattern, hs_flags);
  std::optional<Shape> shape = parser.Parse(&branches);
  if (!shape) return out;  // anything goes
  out.understood = true;
  out.text_anchors = parser.text_anchors();
  out.alphabet = shape->chars;
  out.min_chars = shape->min;
  out.max_chars = shape->max >= kWidthCap ? kUnboundedWidth : shape->max;
  out.max_spaces = shape->spaces >= kWidthCap ? kUnboundedWidth : shape->spaces;

  // Every branch's prefix is a prefix of the match: cut them to the
  // shortest and merge them position by position.
  std::vector<CharSet> prefix;
  for (size_t b = 0; b < branches.size(); ++b) {
    std::vector<CharSet> branch = BranchPrefix(branches[b]);
    if (branch.empty()) return out;
    if (b == 0) {
      prefix = std::move(branch);
      continue;
    }
    prefix.resize(std::min(prefix.size(), branch.size()));
    for (size_t i = 0; i < prefix.size(); ++i) prefix[i].AddAll(branch[i]);
  }
  out.prefix = std::move(prefix);
  return out;
}

}  // namespace lexgate::internal
