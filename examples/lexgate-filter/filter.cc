#include "filter.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "decorate.h"
#include "input_source.h"
#include "json_io.h"
#include "json_pointer.h"
#include "json_schema.h"
#include "lexgate/engine.h"
#include "lexgate/status.h"
#include "line_io.h"
#include "options.h"
#include "progress.h"
#include "record_handler.h"
#include "stats.h"

namespace lexgate_filter {
namespace {

// Records handed to the workers at once, at most. A batch also ends
// whenever the reader is about to wait for input, so that output follows
// interactive input line by line.
constexpr size_t kMaxBatch = 4096;

constexpr char kStdinName[] = "(standard input)";

bool ShowFileNames(const Options& options) {
  if (options.with_filename >= 0) return options.with_filename == 1;
  return IsSearch(options.mode) && options.inputs.size() > 1;
}

// One run over every input.
class FilterRun {
 public:
  FilterRun(const lexgate::Engine& engine, const Options& options,
            const JsonPointer& field, const AuditLog* audit)
      : engine_(engine),
        options_(options),
        audit_(audit),
        decorator_(UseColor(options.color), ShowFileNames(options),
                   options.line_numbers),
        handler_(engine, options, field, decorator_,
                 options.stats != StatsFormat::kNone, audit),
        progress_(options.progress, options.inputs),
        start_(std::chrono::steady_clock::now()) {
    // Room for a full batch at once: grown by doubling, the slots would be
    // moved to fresh memory eleven times, each move paying its page faults
    // again (a sixth of a cached-engine run's). Reserved, only the slots
    // used are ever touched.
    batch_.reserve(kMaxBatch);
  }

  int Run() {
    if ((options_.jsonl && options_.mode == Mode::kFilter) ||
        options_.mode == Mode::kJson) {
      out_.Append(DumpJson(HeaderJson(engine_)));
      out_.EndLine();
    }
    for (const std::string& input : InputsOrStdin(options_.inputs)) {
      ReadInput(input);
      if (Done()) break;
    }
    if (options_.mode == Mode::kTotal) {
      out_.Append(absl::StrCat(total_matches_));
      out_.EndLine();
    }
    out_.Flush();
    WriteStats();
    return ExitStatus();
  }

 private:
  // -q needs nothing past the first match; once output cannot be written
  // (a closed pipe with SIGPIPE ignored, a full disk), nothing more is read
  // either: the run ends with exit status 2.
  bool Done() const {
    return !out_.ok() || (options_.mode == Mode::kQuiet && hit_);
  }

  void ReadInput(const std::string& input) {
    const std::string_view file =
        input == "-" ? std::string_view(kStdinName) : std::string_view(input);
    absl::StatusOr<std::unique_ptr<InputSource>> source =
        InputSource::Open(input);
    if (!source.ok()) {
      std::fprintf(stderr, "%s: %s\n", kProgramName,
                   lexgate::StatusMessage(source.status()).c_str());
      failed_ = true;
      return;
    }
    uint64_t number = 0;
    file_hits_ = 0;
    // -l needs nothing of a file past its first match.
    auto wants_more = [&] {
      return !Done() && !(options_.mode == Mode::kFiles && file_hits_ > 0);
    };
    auto process = [&] {
      ProcessBatch(file);
      progress_.Update(consumed_ + (*source)->position());
      return wants_more();
    };
    RecordReader reader(source->get(), options_.framing, process);
    std::string_view record;
    while (wants_more() && reader.Next(&record)) {
      batch_.emplace_back(record, ++number);
      batch_.back().crlf = reader.stripped_cr();
      if (reader.oversized()) {
        // Read past, not kept: an error record (refused), never empty text.
        batch_.back().error = absl::StrCat(
            "out of memory: a record of ", reader.oversized_bytes(),
            " bytes does not fit in memory; not screened");
        batch_.back().report_error = true;
      }
      if (batch_.size() >= kMaxBatch) process();
    }
    process();
    if (!reader.error().empty()) {
      std::fprintf(stderr, "%s: error reading '%s': %s\n", kProgramName,
                   input.c_str(), reader.error().c_str());
      failed_ = true;
    }
    consumed_ += (*source)->size().value_or((*source)->position());
    EndInput(file);
  }

  void ProcessBatch(std::string_view file) {
    if (batch_.empty()) return;
    engine_.ScanMany(
        batch_.size(), options_.jobs,
        [&](size_t i) { return handler_.Prepare(&batch_[i]); },
        [&](size_t i, absl::StatusOr<lexgate::ScanResult> result) {
          handler_.Finish(file, std::move(result), &batch_[i]);
        },
        handler_.detail());
    for (RecordSlot& slot : batch_) Collect(file, slot);
    batch_.clear();
    out_.EndRecord();
  }

  void Collect(std::string_view file, const RecordSlot& slot) {
    if (slot.skip) return;
    if (!slot.error.empty() || slot.out_of_memory) {
      ++errors_;
      stats_.AddError();
      if (slot.report_error) {
        std::fprintf(
            stderr, "%s: %.*s: line %llu: %s\n", kProgramName,
            static_cast<int>(file.size()), file.data(),
            static_cast<unsigned long long>(slot.number),
            slot.error.empty() ? kRecordOutOfMemory : slot.error.c_str());
      }
    } else {
      stats_.AddText(slot.text_bytes, slot.found);
      total_matches_ += slot.matches;
      if (slot.matches > 0) {
        hit_ = true;
        ++file_hits_;
      }
      blocked_ |= slot.blocked;
      if (audit_ != nullptr && !AuditLog::Emit(slot.audit)) ++errors_;
    }
    out_.Append(slot.out);
  }

  // The per-file lines of -c and -l.
  void EndInput(std::string_view file) {
    std::string line;
    if (options_.mode == Mode::kCountLines) {
      if (decorator_.with_filename()) {
        decorator_.AppendFileName(file, &line);
        line.push_back(':');
      }
      absl::StrAppend(&line, file_hits_);
    } else if (options_.mode == Mode::kFiles && file_hits_ > 0) {
      decorator_.AppendFileName(file, &line);
    } else {
      return;
    }
    out_.Append(line);
    out_.EndLine();
  }

  // Statistics that could not be written (stderr full or closed) fail the
  // run, as an audit record does: they were asked for.
  void WriteStats() {
    if (options_.stats == StatsFormat::kNone) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
            .count();
    std::string text =
        options_.stats == StatsFormat::kJson
            ? DumpJson(stats_.Json(engine_, &engine_.declared_categories(),
                                   seconds)) +
                  "\n"
            : stats_.Table(&engine_.declared_categories(), seconds);
    if (std::fputs(text.c_str(), stderr) < 0 || std::fflush(stderr) != 0 ||
        std::ferror(stderr)) {
      std::clearerr(stderr);
      std::fprintf(stderr, "%s: --stats failed: error writing stderr\n",
                   kProgramName);
      failed_ = true;
    }
  }

  int ExitStatus() const {
    const bool error = failed_ || !out_.ok() || errors_ > 0;
    if (IsSearch(options_.mode)) {
      // As grep: -q succeeds on a match whatever else went wrong.
      if (options_.mode == Mode::kQuiet && hit_) return 0;
      if (error) return 2;
      return hit_ ? 0 : 1;
    }
    if (error) return 2;
    return options_.check && blocked_ ? 1 : 0;
  }

  const lexgate::Engine& engine_;
  const Options& options_;
  const AuditLog* audit_;  // null without --audit-key-file
  const Decorator decorator_;
  const RecordHandler handler_;
  Output out_;
  Progress progress_;
  Stats stats_;
  const std::chrono::steady_clock::time_point start_;

  std::vector<RecordSlot> batch_;
  uint64_t consumed_ = 0;  // input bytes of the inputs already read
  uint64_t file_hits_ = 0;
  uint64_t total_matches_ = 0;
  uint64_t errors_ = 0;
  bool hit_ = false;
  bool blocked_ = false;
  bool failed_ = false;  // an input could not be read, or --stats written
};

}  // namespace

int RunFilter(const lexgate::Engine& engine, const Options& options,
              const AuditLog* audit) {
  absl::StatusOr<JsonPointer> field = JsonPointer::Parse(options.field);
  if (!field.ok()) {
    std::fprintf(stderr, "%s: %s\n", kProgramName,
                 lexgate::StatusMessage(field.status()).c_str());
    return 2;
  }
  if (options.jsonl) {
    // The results go beside the field, into the object that holds it: a
    // field with the key of one of them would be overwritten by it (an
    // "error" too: a record in error has one, a result drops an old one).
    std::vector<std::string> added(kResultFields.begin(), kResultFields.end());
    added.push_back("error");
    if (options.line_numbers) added.push_back("line");
    if (options.with_filename == 1) added.push_back("file");
    if (std::find(added.begin(), added.end(), field->key()) != added.end()) {
      std::fprintf(stderr,
                   "%s: --field '%s': the results are written beside it as "
                   "\"%s\", which would overwrite it\n",
                   kProgramName, options.field.c_str(), field->key().c_str());
      return 2;
    }
  }
  return FilterRun(engine, options, *field, audit).Run();
}

}  // namespace lexgate_filter
