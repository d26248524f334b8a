#include "json_schema.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_io.h"
#include "lexgate/engine.h"
#include "lexgate/offsets.h"
#include "lexgate/rules.h"
#include "lexgate/version.h"
#include "nlohmann/json.hpp"

namespace lexgate_filter {

using nlohmann::ordered_json;

ordered_json HeaderJson(const lexgate::Engine& engine) {
  ordered_json header = ordered_json::object();
  header["v"] = kSchemaVersion;
  header["type"] = "header";
  header["lexgate"] = lexgate::Version();
  header["hyperscan"] = lexgate::HyperscanVersion();
  header["icu"] = lexgate::IcuVersion();
  header["fingerprint"] = engine.fingerprint();
  return header;
}

namespace {

ordered_json MatchJson(const lexgate::Match& match,
                       const lexgate::CharSpan& span) {
  ordered_json m = ordered_json::object();
  m["rule"] = match.rule;
  m["category"] = match.category;
  m["action"] = std::string(lexgate::ActionName(match.action));
  m["severity"] = match.severity;
  m["start"] = span.start;
  m["end"] = span.end;
  m["text"] = match.text;
  // Why it matched, to triage a false positive and write the allow rule.
  m["pattern"] = match.pattern;
  m["variant"] = std::string(lexgate::VariantName(match.variant));
  return m;
}

}  // namespace

void AppendMatchesJson(const std::vector<lexgate::Match>& matches,
                       const std::vector<lexgate::CharSpan>& spans,
                       std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < matches.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJson(MatchJson(matches[i], spans[i]), out);
  }
  out->push_back(']');
}

std::vector<lexgate::CharSpan> AddResultFields(
    const lexgate::Engine& engine, std::string_view text,
    const lexgate::ScanResult& result, ordered_json* object) {
  std::vector<lexgate::CharSpan> spans =
      lexgate::ToCharSpans(text, result.matches);
  std::string redacted =
      result.empty() ? std::string(text) : engine.Redact(text, result);
  // `text` may live inside `object`: inserting a key can move it, so it is
  // not used past this point.
  ordered_json values[kResultFields.size()] = {
      kSchemaVersion, std::string(lexgate::ActionName(result.verdict)),
      std::move(redacted), ordered_json::array()};
  for (size_t i = 0; i < kResultFields.size(); ++i) {
    (*object)[std::string(kResultFields[i])] = std::move(values[i]);
  }
  return spans;
}

void AppendResultJson(const ordered_json& root, const ordered_json& holder,
                      const lexgate::ScanResult& result,
                      const std::vector<lexgate::CharSpan>& spans,
                      std::string* out) {
  // Looked up now: keys added to `holder` since may have moved it.
  const ordered_json& matches = holder.at("matches");
  AppendJson(
      root,
      {&matches,
       [&](std::string* to) { AppendMatchesJson(result.matches, spans, to); }},
      out);
}

}  // namespace lexgate_filter
