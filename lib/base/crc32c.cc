#include "base/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace lexgate::internal {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78;  // reflected Castagnoli

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1) != 0 ? (c >> 1) ^ kPolynomial : c >> 1;
    }
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();

uint32_t Crc32cTable(uint32_t crc, std::string_view bytes) {
  for (char c : bytes) {
    crc = kTable[(crc ^ static_cast<uint8_t>(c)) & 0xFF] ^ (crc >> 8);
  }
  return crc;
}

// a * b modulo the polynomial, both reflected (bit 31 is x^0).
uint32_t MultiplyModP(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t m = uint32_t{1} << 31; m != 0; m >>= 1) {
    if ((a & m) != 0) product ^= b;
    b = (b & 1) != 0 ? (b >> 1) ^ kPolynomial : b >> 1;
  }
  return product;
}

// x^(8 * bytes) modulo the polynomial (reflected), by squaring.
uint32_t XPowerOfBytes(uint64_t bytes) {
  uint32_t result = uint32_t{1} << 31;  // x^0
  uint32_t power = uint32_t{1} << 23;   // x^8: one byte
  for (; bytes != 0; bytes >>= 1) {
    if ((bytes & 1) != 0) result = MultiplyModP(result, power);
    power = MultiplyModP(power, power);
  }
  return result;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(uint32_t crc,
                                                       std::string_view bytes) {
  auto word_at = [&bytes](size_t i) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof(word));
    return word;
  };
  size_t i = 0;
  // Three independent streams over three thirds, so that the crc32
  // instruction's 3-cycle latency overlaps (3x one stream), combined below:
  // without an initial value or final inversion the CRC is linear, so
  // crc(A B) = crc(A) * x^(8 |B|) + crc(B).
  constexpr size_t kMinThreeWay = 3 * 4096;
  if (bytes.size() >= kMinThreeWay) {
    const size_t third = bytes.size() / 3 / 8 * 8;
    uint64_t a = crc, b = 0, c = 0;
    for (; i < third; i += 8) {
      a = _mm_crc32_u64(a, word_at(i));
      b = _mm_crc32_u64(b, word_at(i + third));
      c = _mm_crc32_u64(c, word_at(i + 2 * third));
    }
    const uint32_t shift = XPowerOfBytes(third);
    crc = MultiplyModP(MultiplyModP(static_cast<uint32_t>(a), shift) ^
                           static_cast<uint32_t>(b),
                       shift) ^
          static_cast<uint32_t>(c);
    i = 3 * third;
  }
  uint64_t c = crc;
  for (; i + 8 <= bytes.size(); i += 8) c = _mm_crc32_u64(c, word_at(i));
  auto c32 = static_cast<uint32_t>(c);
  for (; i < bytes.size(); ++i) {
    c32 = _mm_crc32_u8(c32, static_cast<uint8_t>(bytes[i]));
  }
  return c32;
}
#endif

}  // namespace

uint32_t Crc32c(std::string_view bytes) {
#if defined(__x86_64__)
  static const bool sse42 = __builtin_cpu_supports("sse4.2");
  if (sse42) return Crc32cSse42(0, bytes);
#endif
  return Crc32cTable(0, bytes);
}

uint32_t Crc32cPortableForTesting(std::string_view bytes) {
  return Crc32cTable(0, bytes);
}

}  // namespace lexgate::internal
