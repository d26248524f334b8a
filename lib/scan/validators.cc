#include "scan/validators.h"

#include <string>
#include <string_view>

namespace lexgate::internal {

bool LuhnValid(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-') {
      return false;
    }
  }
  if (digits.size() < 12 || digits.size() > 19) return false;
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

bool CnResidentIdValid(std::string_view text) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7',
                                      '6', '5', '4', '3', '2'};
  if (text.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    sum += (text[i] - '0') * kWeights[i];
  }
  char check = text[17] == 'x' ? 'X' : text[17];
  return check == kCheck[sum % 11];
}

namespace {

// IBAN lengths by country, from the SWIFT IBAN registry (2024). A country
// that registers later is rejected until it is added here.
struct IbanLength {
  char country[3];
  int length;
};
constexpr IbanLength kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20},
    {"BE", 16}, {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28},
    {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
    {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22},
    {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
    {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
    {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18},
    {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25},
    {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23},
    {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

bool IbanValid(std::string_view text) {
  std::string iban;
  for (char c : text) {
    if (c == ' ') continue;
    c = AsciiUpper(c);
    if (!IsAsciiDigit(c) && !IsAsciiUpper(c)) return false;
    iban.push_back(c);
  }
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!IsAsciiUpper(iban[0]) || !IsAsciiUpper(iban[1]) ||
      !IsAsciiDigit(iban[2]) || !IsAsciiDigit(iban[3])) {
    return false;
  }
  // Only countries that issue IBANs: a PGP fingerprint or a base64 run that
  // happens to pass mod-97 (one in 97) rarely starts with one of them and
  // has its length.
  bool known = false;
  for (const IbanLength& country : kIbanLengths) {
    if (iban[0] == country.country[0] && iban[1] == country.country[1]) {
      if (static_cast<int>(iban.size()) != country.length) return false;
      known = true;
      break;
    }
  }
  if (!known) return false;
  // The first four characters move to the end; letters count as 10..35.
  int remainder = 0;
  for (size_t i = 0; i < iban.size(); ++i) {
    const char c = iban[(i + 4) % iban.size()];
    if (IsAsciiDigit(c)) {
      remainder = (remainder * 10 + (c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
    }
  }
  return remainder == 1;
}

bool CnCreditCodeValid(std::string_view text) {
  // The 31 characters of GB 32100 (no I, O, S, V, Z), in value order.
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  if (text.size() != 18) return false;
  int values[18];
  for (int i = 0; i < 18; ++i) {
    const size_t v = kChars.find(AsciiUpper(text[i]));
    if (v == std::string_view::npos) return false;
    values[i] = static_cast<int>(v);
  }
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += values[i] * kWeights[i];
  return values[17] == (31 - sum % 31) % 31;
}

bool HkIdValid(std::string_view text) {
  std::string id;
  for (char c : text) {
    if (c == '(' || c == ')' || c == ' ') continue;
    id.push_back(AsciiUpper(c));
  }
  // A single letter is weighted as if a space (36) stood before it.
  if (id.size() == 8) id.insert(id.begin(), ' ');
  if (id.size() != 9) return false;
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = id[i];
    int value;
    if (i == 0 && c == ' ') {
      value = 36;
    } else if (i < 2 && IsAsciiUpper(c)) {
      value = c - 'A' + 10;
    } else if (i >= 2 && IsAsciiDigit(c)) {
      value = c - '0';
    } else {
      return false;
    }
    sum += value * (9 - i);
  }
  const int check = (11 - sum % 11) % 11;
  const char last = id[8];
  return check == 10 ? last == 'A' : last == '0' + check;
}

bool TwIdValid(std::string_view text) {
  // The letters' codes: A=10 .. H=17, then J=18 .. N=22, P=23 .. V=29,
  // X=30, Y=31, W=32, Z=33, I=34, O=35 (the order the letters were added).
  static constexpr int kLetterCodes[26] = {10, 11, 12, 13, 14, 15, 16, 17, 34,
                                           18, 19, 20, 21, 22, 35, 23, 24, 25,
                                           26, 27, 28, 29, 32, 30, 31, 33};
  if (text.size() != 10) return false;
  const char letter = AsciiUpper(text[0]);
  if (!IsAsciiUpper(letter)) return false;
  if (text[1] != '1' && text[1] != '2' && text[1] != '8' && text[1] != '9') {
    return false;
  }
  const int code = kLetterCodes[letter - 'A'];
  int sum = code / 10 + (code % 10) * 9;
  for (int i = 1; i < 10; ++i) {
    if (!IsAsciiDigit(text[i])) return false;
    sum += (text[i] - '0') * (i == 9 ? 1 : 9 - i);
  }
  return sum % 10 == 0;
}

bool Validate(Validator validator, std::string_view text) {
  switch (validator) {
    case Validator::kNone:
      return true;
    case Validator::kLuhn:
      return LuhnValid(text);
    case Validator::kCnResidentId:
      return CnResidentIdValid(text);
    case Validator::kIban:
      return IbanValid(text);
    case Validator::kCnCreditCode:
      return CnCreditCodeValid(text);
    case Validator::kHkId:
      return HkIdValid(text);
    case Validator::kTwId:
      return TwIdValid(text);
  }
  return true;
}

}  // namespace lexgate::internal
