// Checksums run on a match's text; a match that fails is dropped.
#ifndef LEXGATE_LIB_SCAN_VALIDATORS_H_
#define LEXGATE_LIB_SCAN_VALIDATORS_H_

#include <string_view>

#include "lexgate/rules.h"

namespace lexgate::internal {

// Luhn (ISO/IEC 7812) over the digits; spaces and dashes are skipped, any
// other character fails. 12 to 19 digits.
bool LuhnValid(std::string_view text);
// GB 11643-1999: 17 digits and a check character (0-9 or X, either case).
bool CnResidentIdValid(std::string_view text);
// ISO 13616 IBAN: a two-letter country code, two check digits and up to 30
// letters or digits (spaces skipped, either case); the country must be one
// of the SWIFT IBAN registry, the length the one registered for it, and the
// ISO 7064 mod-97 remainder 1.
bool IbanValid(std::string_view text);
// GB 32100-2015 unified social credit code: 18 characters of
// 0-9 A-H J-N P-R T U W-Y (either case), the last a mod-31 check character
// (ISO 7064) over the weights 3^i mod 31.
bool CnCreditCodeValid(std::string_view text);
// Hong Kong identity card: one or two letters, six digits and a check digit
// (0-9 or A), the check digit optionally in parentheses; mod 11, a missing
// second letter counting as 36 (a space).
bool HkIdValid(std::string_view text);
// Taiwan national identification number: a letter, 1 or 2 (or 8 or 9 for
// the new resident certificates), seven digits and a check digit; mod 10
// over the letter's two-digit code and the weights 8..1.
bool TwIdValid(std::string_view text);

bool Validate(Validator validator, std::string_view text);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SCAN_VALIDATORS_H_
