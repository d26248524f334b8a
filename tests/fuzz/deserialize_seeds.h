// The engines whose serialized payloads seed the deserialize fuzz target
// (corpus/deserialize/), and the texts it scans with whatever it loads.
#ifndef LEXGATE_TESTS_FUZZ_DESERIALIZE_SEEDS_H_
#define LEXGATE_TESTS_FUZZ_DESERIALIZE_SEEDS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lexgate/engine.h"

namespace lexgate::fuzz {

// Named engines covering every table of the format: keywords and regexes
// of every action, boundaries, validators, replacements, a raw
// (normalize = false) rule, with and without the stream database.
std::vector<std::pair<std::string, std::shared_ptr<const Engine>>>
SeedEngines();

// Texts that the seed engines match in every rule.
const std::vector<std::string>& SeedTexts();

}  // namespace lexgate::fuzz

#endif  // LEXGATE_TESTS_FUZZ_DESERIALIZE_SEEDS_H_
