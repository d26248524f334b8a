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
#include <vector>

namespace lexgate::testing {

// The payload of `blob` (its tables: what the header's checksum covers,
// between the header and the Hyperscan databases), or nullopt when `blob`
// has no well-formed envelope.
std::optional<std::string_view> EnginePayload(std::string_view blob);

// The serialized Hyperscan databases that follow the payload, in the
// blob's order (empty views for absent ones); empty when `blob` has no
// well-formed envelope.
std::vector<std::string_view> EngineDatabases(std::string_view blob);

// `reference` (a blob from Engine::Serialize()) with its payload replaced by
// `payload` and the checksum recomputed, so that Engine::Deserialize()
// passes the header and parses `payload`.
std::string WithEnginePayload(std::string_view reference,
                              std::string_view payload);

// `reference` with its Hyperscan databases replaced by `databases` (as
// many as EngineDatabases() returns), header and tables unchanged: what
// putting together parts of two engine files makes.
std::string WithEngineDatabases(std::string_view reference,
                                const std::vector<std::string_view>& databases);

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_ENGINE_BLOB_H_
