// Tests for the checksum validators (lib/scan/validators.h), the IBAN one
// above all; Luhn and GB 11643 are also covered through the engine in
// engine_test.cc.
#include "scan/validators.h"

#include <string>

#include "gtest/gtest.h"
#include "lexgate/rules.h"

namespace lexgate::internal {
namespace {

TEST(IbanValidTest, AcceptsRegisteredIbans) {
  // Published examples of the national formats.
  for (const char* iban : {
           "DE89370400440532013000",
           "DE89 3704 0044 0532 0130 00",
           "GB82WEST12345698765432",
           "gb82 west 1234 5698 7654 32",  // folded text is lowercase
           "FR1420041010050500013M02606",
           "NL91ABNA0417164300",
           "CH9300762011623852957",
           "NO9386011117947",                  // the shortest: 15
           "MT84MALT011000012345MTLCAST001S",  // 31
           "BE68539007547034",
           "ES9121000418450200051332",
           "IT60X0542811101000000123456",
       }) {
    EXPECT_TRUE(IbanValid(iban)) << iban;
  }
}

TEST(IbanValidTest, RejectsWrongCheckDigits) {
  EXPECT_FALSE(IbanValid("DE89370400440532013001"));
  EXPECT_FALSE(IbanValid("DE88370400440532013000"));
  EXPECT_FALSE(IbanValid("GB82WEST12345698765433"));
  // Two digits swapped: mod 97 catches every transposition.
  EXPECT_FALSE(IbanValid("DE89370400440532010300"));
}

TEST(IbanValidTest, RejectsWrongLengthForTheCountry) {
  EXPECT_FALSE(IbanValid("DE8937040044053201300"));    // 21, DE is 22
  EXPECT_FALSE(IbanValid("DE893704004405320130000"));  // 23
  EXPECT_FALSE(IbanValid("NL91ABNA04171643001"));
}

TEST(IbanValidTest, RejectsUnregisteredCountriesAndBadShapes) {
  // Mod-97 correct but not a registered country (a PGP fingerprint).
  EXPECT_FALSE(IbanValid("BB6423391CAA7064E4297E18"));
  EXPECT_FALSE(IbanValid("XX00"));
  EXPECT_FALSE(IbanValid(""));
  EXPECT_FALSE(IbanValid("1289370400440532013000"));       // no country letters
  EXPECT_FALSE(IbanValid("DEAB370400440532013000"));       // letters as check
  EXPECT_FALSE(IbanValid("DE89-3704-0044-0532-0130-00"));  // dashes
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130 0\xC3\xA9"));
  EXPECT_FALSE(IbanValid("DE8937040044053201300012345678901234567"));
}

TEST(IbanValidTest, DispatchedByValidate) {
  EXPECT_TRUE(Validate(Validator::kIban, "DE89 3704 0044 0532 0130 00"));
  EXPECT_FALSE(Validate(Validator::kIban, "DE89 3704 0044 0532 0130 01"));
  EXPECT_EQ(ValidatorName(Validator::kIban), "iban");
  EXPECT_EQ(ParseValidator("iban"), Validator::kIban);
  // The existing values are stored in serialized engines: unchanged.
  EXPECT_EQ(static_cast<int>(Validator::kNone), 0);
  EXPECT_EQ(static_cast<int>(Validator::kLuhn), 1);
  EXPECT_EQ(static_cast<int>(Validator::kCnResidentId), 2);
  EXPECT_EQ(static_cast<int>(Validator::kIban), 3);
}

TEST(LuhnValidTest, CardsAndNot) {
  EXPECT_TRUE(LuhnValid("4111 1111 1111 1111"));
  EXPECT_TRUE(LuhnValid("6222021234567890128"));
  EXPECT_FALSE(LuhnValid("4111 1111 1111 1112"));
  EXPECT_FALSE(LuhnValid("41111"));  // too short for a card
}

TEST(CnResidentIdValidTest, CheckCharacter) {
  EXPECT_TRUE(CnResidentIdValid("11010519491231002X"));
  EXPECT_TRUE(CnResidentIdValid("11010519491231002x"));
  EXPECT_FALSE(CnResidentIdValid("110105194912310021"));
  EXPECT_FALSE(CnResidentIdValid("1101051949123100"));
}

}  // namespace
}  // namespace lexgate::internal
