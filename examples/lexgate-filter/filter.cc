#include "filter.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "audit_log.h"
#include "json_io.h"
#include "jsonl.h"
#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "line_io.h"
#include "options.h"
#include "utf8_offsets.h"

namespace lexgate_filter {
namespace {

// Totals over all input, shared by every mode.
struct Totals {
  uint64_t records = 0;  // non-blank --jsonl lines seen
  uint64_t matches = 0;
  // Texts that could not be scanned and records that could not be read:
  // each one makes the exit status 2 once everything else is done.
  uint64_t errors = 0;
  bool blocked = false;
  // --audit-key-file; null without.
  AuditLog* audit = nullptr;
  std::string fingerprint;

  // False (and the error counted and reported) when the scan of `text`
  // failed. Writes the audit records of the result.
  bool Add(std::string_view text,
           const absl::StatusOr<lexgate::ScanResult>& result) {
    if (!result.ok()) {
      ++errors;
      std::fprintf(stderr, "%s: scan failed: %s\n", kProgramName,
                   std::string(result.status().message()).c_str());
      return false;
    }
    matches += result->matches.size();
    blocked |= result->verdict == lexgate::Action::kBlock;
    if (audit != nullptr && !audit->Write(text, *result, fingerprint)) {
      ++errors;
    }
    return true;
  }
};

// Default mode: the line redacted, or the refusal text if it is blocked.
void FilterLine(const lexgate::Engine& engine, const Options& options,
                std::string_view line, Totals& totals, Output& out) {
  absl::StatusOr<lexgate::ScanResult> result = engine.Scan(line);
  // Fail closed: a line that could not be scanned is refused, not shown.
  if (!totals.Add(line, result) || result->verdict == lexgate::Action::kBlock) {
    out.Append(options.refusal);
  } else if (result->empty()) {
    out.Append(line);
  } else {
    out.Append(engine.Redact(line, *result));
  }
  out.EndLine();
}

// --jsonl: the input object with the scan result added, or with "error".
void FilterJsonlLine(const lexgate::Engine& engine, std::string_view line,
                     CodePointOffsets& offsets, Totals& totals, Output& out) {
  if (IsBlankLine(line)) return;
  ++totals.records;
  JsonlRecord record = ParseJsonlLine(line);
  if (!record.error.empty()) {
    ++totals.errors;
    record.object["error"] = record.error;
  } else {
    const std::string& text =
        record.object["text"].get_ref<const std::string&>();
    absl::StatusOr<lexgate::ScanResult> result = engine.Scan(text);
    if (totals.Add(text, result)) {
      AddScanResult(engine, text, *result, &record.object, &offsets);
    } else {
      record.object["error"] =
          absl::StrCat("scan failed: ", result.status().message());
    }
  }
  out.Append(DumpJson(record.object));
  out.EndLine();
}

// --count: only scan; with --jsonl, scan each object's "text".
void CountLine(const lexgate::Engine& engine, const Options& options,
               std::string_view line, Totals& totals) {
  if (!options.jsonl) {
    totals.Add(line, engine.Scan(line));
    return;
  }
  if (IsBlankLine(line)) return;
  ++totals.records;
  JsonlRecord record = ParseJsonlLine(line);
  if (record.error.empty()) {
    const std::string& text =
        record.object["text"].get_ref<const std::string&>();
    totals.Add(text, engine.Scan(text));
  } else {
    // The count has no room for per-record errors: they go to stderr.
    ++totals.errors;
    std::fprintf(stderr, "%s: record %llu: %s\n", kProgramName,
                 static_cast<unsigned long long>(totals.records),
                 record.error.c_str());
  }
}

}  // namespace

int RunFilter(const lexgate::Engine& engine, const Options& options,
              AuditLog* audit) {
  Output out;
  Totals totals;
  totals.audit = audit;
  totals.fingerprint = engine.fingerprint();
  CodePointOffsets offsets;
  bool inputs_ok = ForEachLine(options.inputs, out, [&](std::string_view line) {
    if (options.count) {
      CountLine(engine, options, line, totals);
    } else if (options.jsonl) {
      FilterJsonlLine(engine, line, offsets, totals, out);
    } else {
      FilterLine(engine, options, line, totals, out);
    }
  });
  if (options.count) {
    out.Append(absl::StrCat(totals.matches));
    out.EndLine();
  }
  out.Flush();
  if (!inputs_ok || !out.ok() || totals.errors > 0) return 2;
  if (options.check && totals.blocked) return 1;
  return 0;
}

}  // namespace lexgate_filter
