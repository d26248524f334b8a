// Engine::fingerprint(): a stable hash of what an engine matches, so that an
// audit can tell which rules decided.
#ifndef LEXGATE_LIB_COMPILE_FINGERPRINT_H_
#define LEXGATE_LIB_COMPILE_FINGERPRINT_H_

#include <string>

namespace lexgate::internal {

struct EngineState;

// 16 lower-case hex digits of a 64-bit hash over a canonical, byte-order
// independent form of the rules (sorted by id) with their expressions (the
// sum of 64-bit hashes of their fields, so that order does not count), the
// normalize options and the fold data digest.
std::string Fingerprint(const EngineState& state);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_FINGERPRINT_H_
