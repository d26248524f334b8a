// The envelope of a serialized engine (lib/compile/serialization.h), for
// tests and fuzz targets that forge engines: the checksum only catches
// accidents, so to test what the payload parser does with hostile tables
// the payload is replaced and the checksum recomputed, as an attacker would.
//
// This is the only place outside lib/ that knows the envelope: when the
// format changes, change it here.
#ifndef LEXGATE_TESTS_SUPPORT_ENGINE_BLOB_H_
#define LEXGATE_TESTS_SUPPORT_ENGINE_BLOB_H_

#include <optional>
#include <string>
#include <string_view>

namespace lexgate::testing {

// The payload of `blob` (what follows the header), or nullopt when `blob`
// has no well-formed envelope.
std::optional<std::string_view> EnginePayload(std::string_view blob);

// `reference` (a blob from Engine::Serialize()) with its payload replaced by
// `payload` and the checksum recomputed, so that Engine::Deserialize()
// passes the header and parses `payload`.
std::string WithEnginePayload(std::string_view reference,
                              std::string_view payload);

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_ENGINE_BLOB_H_
