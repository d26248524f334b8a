// The serialized engine format: a header (magic, format version, Hyperscan
// and ICU versions, platform, payload size and checksum) followed by the
// rule table, the expression tables and the Hyperscan databases. Every read
// is bounds-checked, so a truncated or corrupted blob is refused, never
// dereferenced.
#ifndef LEXGATE_LIB_COMPILE_SERIALIZATION_H_
#define LEXGATE_LIB_COMPILE_SERIALIZATION_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lexgate::internal {

struct EngineState;

inline constexpr char kEngineMagic[8] = {'L', 'E', 'X', 'G',
                                         'A', 'T', 'E', '\0'};
inline constexpr uint32_t kEngineFormatVersion = 1;

std::string SerializeEngineState(const EngineState& state);
// The state is returned unfinished: call EngineState::Finish().
absl::StatusOr<std::unique_ptr<EngineState>> DeserializeEngineState(
    std::string_view blob);

// "x86_64-linux-64le" and the like: what a blob must match to be loaded.
std::string PlatformTag();

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_SERIALIZATION_H_
