#include "scan/validators.h"

#include <string>

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

bool Validate(Validator validator, std::string_view text) {
  switch (validator) {
    case Validator::kNone:
      return true;
    case Validator::kLuhn:
      return LuhnValid(text);
    case Validator::kCnResidentId:
      return CnResidentIdValid(text);
  }
  return true;
}

}  // namespace lexgate::internal
