#include "decorate.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "lexgate/engine.h"
#include "lexgate/rules.h"

namespace lexgate_filter {
namespace {

// GNU grep's default colours (GREP_COLORS): ms=01;31, fn=35, ln=32, se=36.
constexpr std::string_view kMasked = "\x1b[01;31m";
constexpr std::string_view kFlagged = "\x1b[01;33m";
constexpr std::string_view kFileName = "\x1b[35m";
constexpr std::string_view kLineNumber = "\x1b[32m";
constexpr std::string_view kSeparator = "\x1b[36m";
constexpr std::string_view kReset = "\x1b[m";

void Wrap(std::string_view color, std::string_view text, std::string* out) {
  out->append(color);
  out->append(text);
  out->append(kReset);
}

}  // namespace

bool UseColor(Color color) {
  if (color != Color::kAuto) return color == Color::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) == 1 &&
         (no_color == nullptr || *no_color == '\0') &&
         (term == nullptr || std::strcmp(term, "dumb") != 0);
}

void Decorator::AppendPrefix(std::string_view file, uint64_t line,
                             std::string* out) const {
  auto separator = [&] {
    if (color_) {
      Wrap(kSeparator, ":", out);
    } else {
      out->push_back(':');
    }
  };
  if (with_filename_) {
    AppendFileName(file, out);
    separator();
  }
  if (line_numbers_) {
    if (color_) {
      Wrap(kLineNumber, std::to_string(line), out);
    } else {
      absl::StrAppend(out, line);
    }
    separator();
  }
}

void Decorator::AppendColored(std::string_view text, lexgate::Action action,
                              std::string* out) const {
  if (!color_ || text.empty()) {
    out->append(text);
    return;
  }
  const bool masks =
      action == lexgate::Action::kMask || action == lexgate::Action::kBlock;
  Wrap(masks ? kMasked : kFlagged, text, out);
}

void Decorator::AppendFileName(std::string_view file, std::string* out) const {
  if (color_) {
    Wrap(kFileName, file, out);
  } else {
    out->append(file);
  }
}

void Decorator::AppendRedacted(const lexgate::Engine& engine,
                               std::string_view text,
                               const lexgate::ScanResult& result,
                               std::string* out) const {
  if (!color_) {
    out->append(engine.Redact(text, result));
    return;
  }
  // Redaction depends only on each span and its rule, so the redacted text
  // is the redaction of each group of overlapping matches in turn: the
  // engine stays the one place that decides what a span becomes.
  const std::vector<lexgate::Match>& matches = result.matches;
  size_t pos = 0;
  for (size_t i = 0; i < matches.size();) {
    const size_t start = std::max(matches[i].start, pos);
    size_t end = matches[i].end;
    lexgate::ScanResult group;
    for (; i < matches.size() && matches[i].start < end; ++i) {
      end = std::max(end, matches[i].end);
      lexgate::Match shifted = matches[i];
      shifted.start = std::max(shifted.start, start) - start;
      shifted.end -= start;
      group.matches.push_back(std::move(shifted));
    }
    if (end <= start) continue;
    out->append(text.substr(pos, start - pos));
    const std::string_view piece = text.substr(start, end - start);
    const std::string redacted = engine.Redact(piece, group);
    AppendColored(
        redacted,
        redacted == piece ? lexgate::Action::kFlag : lexgate::Action::kMask,
        out);
    pos = end;
  }
  out->append(text.substr(pos));
}

}  // namespace lexgate_filter
