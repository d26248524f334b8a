// CRC-32C (lib/base/crc32c.h): the value Hyperscan stores for a database's
// bytecode, computed with SSE 4.2 (three streams combined) and by table.
#include "base/crc32c.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace lexgate::internal {
namespace {

TEST(Crc32cTest, KnownValues) {
  EXPECT_EQ(Crc32c(""), 0u);
  // Without the usual initial value and final inversion (under which the
  // check value of "123456789" is 0xE3069283).
  EXPECT_EQ(Crc32c("123456789"), 0x58E3FA20u);
  EXPECT_EQ(Crc32cPortableForTesting("123456789"), 0x58E3FA20u);
}

TEST(Crc32cTest, FastPathEqualsTheTableAtEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string data(3 * 4096 * 3 + 123, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t length : {size_t{0}, size_t{1}, size_t{7}, size_t{8},
                        size_t{3 * 4096 - 1}, size_t{3 * 4096},
                        size_t{3 * 4096 + 5}, size_t{20000}, data.size() - 3}) {
    for (size_t offset : {size_t{0}, size_t{1}, size_t{3}}) {
      const std::string_view piece =
          std::string_view(data).substr(offset, length);
      EXPECT_EQ(Crc32c(piece), Crc32cPortableForTesting(piece))
          << length << " at " << offset;
    }
  }
}

TEST(Crc32cTest, EveryFlippedBitChangesIt) {
  std::string data(40000, 'x');
  const uint32_t reference = Crc32c(data);
  for (size_t at : {size_t{0}, size_t{13333}, size_t{26667}, size_t{39999}}) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed = data;
      changed[at] ^= static_cast<char>(1 << bit);
      EXPECT_NE(Crc32c(changed), reference) << at << " bit " << bit;
    }
  }
}

}  // namespace
}  // namespace lexgate::internal
