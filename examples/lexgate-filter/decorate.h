// What grep users expect around the text: "FILE:LINE:" prefixes and ANSI
// colour (masked text red, flagged text yellow, file names magenta, line
// numbers green), as GNU grep colours its output.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_DECORATE_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_DECORATE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "lexgate/engine.h"
#include "options.h"

namespace lexgate_filter {

// Whether to colour: --color=always, or auto and stdout is a terminal,
// NO_COLOR is unset or empty (https://no-color.org) and TERM is not "dumb".
bool UseColor(Color color);

// Thread safety: immutable; used by every worker.
class Decorator {
 public:
  Decorator(bool color, bool with_filename, bool line_numbers)
      : color_(color),
        with_filename_(with_filename),
        line_numbers_(line_numbers) {}

  // Appends "FILE:" and "LINE:" as asked for.
  void AppendPrefix(std::string_view file, uint64_t line,
                    std::string* out) const;
  // Appends `text` in the colour of an action (red for mask and block,
  // yellow for flag), or plain.
  void AppendColored(std::string_view text, lexgate::Action action,
                     std::string* out) const;
  // Appends the file name alone, coloured (-l, -c).
  void AppendFileName(std::string_view file, std::string* out) const;
  // Appends Redact(text, result), with what was masked in red and what was
  // only flagged in yellow when colouring.
  void AppendRedacted(const lexgate::Engine& engine, std::string_view text,
                      const lexgate::ScanResult& result,
                      std::string* out) const;

  bool color() const { return color_; }
  bool with_filename() const { return with_filename_; }
  bool line_numbers() const { return line_numbers_; }

 private:
  bool color_;
  bool with_filename_;
  bool line_numbers_;
};

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_DECORATE_H_
