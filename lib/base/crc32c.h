// CRC-32C (Castagnoli), as Hyperscan computes it over a database's bytecode
// (reflected, initial value 0, no final inversion): lets a saved engine's
// stream database be checked when it is loaded without being copied into
// place, which is most of the cost of deserializing it.
#ifndef LEXGATE_LIB_BASE_CRC32C_H_
#define LEXGATE_LIB_BASE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace lexgate::internal {

// With SSE 4.2's crc32 instruction where the CPU has it (every CPU of the
// last decade), a table otherwise.
uint32_t Crc32c(std::string_view bytes);
// The table-driven CRC alone, for tests that compare the two.
uint32_t Crc32cPortableForTesting(std::string_view bytes);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_CRC32C_H_
