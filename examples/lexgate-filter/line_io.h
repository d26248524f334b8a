// Fast record-oriented input and buffered output.
//
// Records end at '\n' (one '\r' before it is dropped: CRLF input) or at NUL
// (-z), or are whole inputs (--whole-file); a last record without its
// delimiter is still a record. Records may be arbitrarily long and hold any
// bytes: invalid UTF-8 is passed on untouched.
#ifndef LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_
#define LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "input_source.h"
#include "options.h"

namespace lexgate_filter {

// Reads records from an InputSource in large chunks.
// Thread safety: not thread-safe; one reader per thread.
class RecordReader {
 public:
  // `before_read` (may be empty) runs before every read that may block or
  // move the buffer, so that the caller can process and write what it has
  // (the views Next() returned are valid until it returns); it returns
  // false when the caller needs no more input (-q after a match), so that
  // no read waits for input that would not be used.
  RecordReader(InputSource* source, Framing framing,
               std::function<bool()> before_read);

  // Sets `record` to the next record (without its delimiter), valid until
  // `before_read` next returns. Returns false at the end of input or on a
  // read error.
  bool Next(std::string_view* record);

  // Why a read failed; empty when none did.
  const std::string& error() const { return error_; }
  // Whether the record Next() returned last ended in "\r\n" (lines only):
  // its '\r' is not part of the record, and a writer puts it back.
  bool stripped_cr() const { return stripped_cr_; }
  // Whether the record Next() returned last was too large for memory (a
  // gzip bomb without a newline): it was read to its end but not kept, the
  // record returned is empty, and the caller must treat it as an error,
  // never as an empty text. oversized_bytes(): its length.
  bool oversized() const { return oversized_; }
  uint64_t oversized_bytes() const { return oversized_bytes_; }

 private:
  bool Fill();
  bool HandOutOversized(std::string_view* record);

  InputSource* source_;
  Framing framing_;
  char delimiter_;
  std::function<bool()> before_read_;
  std::vector<char> buffer_;
  size_t begin_ = 0;    // start of the unconsumed bytes
  size_t end_ = 0;      // end of the bytes read so far
  size_t scanned_ = 0;  // [begin_, scanned_) is known to hold no delimiter
  bool eof_ = false;
  bool stripped_cr_ = false;
  std::string error_;
  // An oversized record being read past, and how many of its bytes so far.
  bool skipping_ = false;
  uint64_t skipped_ = 0;
  bool oversized_ = false;
  uint64_t oversized_bytes_ = 0;
};

// Collects output and writes it to stdout in large blocks, or after every
// record when stdout is a terminal.
// Thread safety: not thread-safe.
class Output {
 public:
  Output();
  ~Output();  // flushes

  void Append(std::string_view bytes) { buffer_.append(bytes); }
  // Ends the current line ('\n').
  void EndLine();
  // Ends a record whose bytes, terminators included, were appended.
  void EndRecord();
  void Flush();

  // False once a write to stdout has failed.
  bool ok() const { return ok_; }
  bool is_terminal() const { return line_buffered_; }

 private:
  std::string buffer_;
  bool line_buffered_;
  bool ok_ = true;
};

// Calls `on_line` for every line of every input ("-" is stdin; no input at
// all means stdin; gzip'd files decompressed), flushing `out` before
// blocking reads, until it returns false or `out` fails (no more input is
// read then). `before_read`, when given, is called after that flush, right
// before each read (which may wait for input). An
// unreadable input is reported on stderr and skipped. Returns false if any
// input could not be read.
bool ForEachLine(const std::vector<std::string>& inputs, Output& out,
                 const std::function<bool(std::string_view)>& on_line,
                 const std::function<void()>& before_read = nullptr);

// The inputs to read: `inputs`, or stdin when there are none.
const std::vector<std::string>& InputsOrStdin(
    const std::vector<std::string>& inputs);

}  // namespace lexgate_filter

#endif  // LEXGATE_EXAMPLES_LEXGATE_FILTER_LINE_IO_H_
