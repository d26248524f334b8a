// Fast line-oriented input and buffered output.
//
// Lines end at '\n'; one '\r' before it is dropped (CRLF input), and a last
// line without '\n' is still a line. Lines may be arbitrarily long and hold
// any bytes: invalid UTF-8 is passed on untouched.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lexgate_filter {

// Reads lines from a file descriptor in large chunks.
// Thread safety: not thread-safe; one reader per thread.
class LineReader {
 public:
  // `before_read` (may be empty) runs before every read(2) that may block,
  // so that output is flushed before the program waits for more input.
  LineReader(int fd, std::function<void()> before_read);

  // Sets `line` to the next line (without its line ending), valid until the
  // next call. Returns false at the end of input or on a read error.
  bool Next(std::string_view* line);

  // errno of a failed read, or 0.
  int error() const { return error_; }

 private:
  bool Fill();

  int fd_;
  std::function<void()> before_read_;
  std::vector<char> buffer_;
  size_t begin_ = 0;    // start of the unconsumed bytes
  size_t end_ = 0;      // end of the bytes read so far
  size_t scanned_ = 0;  // [begin_, scanned_) is known to hold no '\n'
  bool eof_ = false;
  int error_ = 0;
};

// Collects output and writes it to stdout in large blocks, or after every
// line when stdout is a terminal.
// Thread safety: not thread-safe.
class Output {
 public:
  Output();
  ~Output();  // flushes

  void Append(std::string_view bytes) { buffer_.append(bytes); }
  // Ends the current line ('\n').
  void EndLine();
  void Flush();

  // False once a write to stdout has failed.
  bool ok() const { return ok_; }

 private:
  std::string buffer_;
  bool line_buffered_;
  bool ok_ = true;
};

// Calls `on_line` for every line of every input ("-" is stdin; no input at
// all means stdin), flushing `out` before blocking reads. An unreadable input
// is reported on stderr and skipped. Returns false if any input could not be
// read.
bool ForEachLine(const std::vector<std::string>& inputs, Output& out,
                 const std::function<void(std::string_view)>& on_line);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_
