// The serialized engine format: a header (magic, format version, Hyperscan
// and ICU versions, fold data digest, platform), the checksum of the
// tables, the tables (the rules, the expressions with their patterns and
// flags), then the Hyperscan databases, each length-prefixed and carrying
// Hyperscan's own CRC32C (checked by hs_deserialize_database_at), so that
// a load reads the tens of megabytes of bytecode once, not twice. Every
// read is bounds-checked and every table is checked against the others, so
// a truncated, damaged or inconsistent blob is refused, never
// dereferenced; what follows from the patterns (literal lengths, widths,
// the stream plan, the fingerprint) is derived again on load. The
// checksums catch accidents, not forgery: a blob is trusted input, but one
// that is not consistent is still refused.
#ifndef LEXGATE_LIB_COMPILE_SERIALIZATION_H_
#define LEXGATE_LIB_COMPILE_SERIALIZATION_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lexgate::internal {

struct EngineState;
class EngineFile;

inline constexpr char kEngineMagic[8] = {'L', 'E', 'X', 'G',
                                         'A', 'T', 'E', '\0'};
// 3: per rule the replacement's presence, mask character and kept
// characters; per expression the kinds generated from keywords (letter
// variants, pinyin, initials) and the pattern a match reports.
// 4: per rule its co-occurrence parts and window; per expression its part;
// the payload checksum over 64-bit words (PayloadChecksum) instead of
// byte-wise FNV-1a.
// 5: the checksum covers the tables only; the databases follow them.
// 6: no window database (streams scan their windows with the folded one).
// 7: the folded and stream databases leave out the letter variants that
// the VariantMatcher takes.
// 8: the stream database holds end detectors only for the window
// expressions of groups without anchors (HoldPlan).
// 9: late starts: unbounded regexes are stored without start-of-match, and
// two more databases (folded, raw) hold them with it (late_starts.h).
// 10: the tables end with a checksum of each database (PayloadChecksum),
// so that databases from another engine, or rewritten in the file after a
// load, are refused.
// 11: the categories the packs declared (code, names, description, risk)
// follow the expressions, so that a saved engine names them.
// 12: fixed-length regexes are stored without start-of-match too (their
// start is their end minus their length, fixed_length.h).
inline constexpr uint32_t kEngineFormatVersion = 12;
// Version 11 has the same layout, its fixed-length regexes with
// start-of-match, which a scan still honours: engines saved by the last
// release load as they are.
inline constexpr uint32_t kOldestReadableEngineFormatVersion = 11;

std::string SerializeEngineState(const EngineState& state);
// A finished state (FinishEngineState() has run). With `file` (whose
// Contents() `blob` is, and deferrable), the stream database is checked
// and left in the file for the first stream (EngineState::deferred).
absl::StatusOr<std::shared_ptr<EngineState>> DeserializeEngineState(
    std::string_view blob, std::shared_ptr<const EngineFile> file = nullptr);

// The checksum the header stores for the tables `payload` (multiply-
// xorshift over its 64-bit words); tests that forge blobs use it to reach
// the table checks.
uint64_t PayloadChecksum(std::string_view payload);

// "x86_64-linux-64le" and the like: what a blob must match to be loaded.
std::string PlatformTag();

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_SERIALIZATION_H_
