#include "line_io.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "input_source.h"
#include "lexgate/status.h"
#include "options.h"

namespace lexgate_filter {
namespace {

// Bytes per read. A batch ends at every read, so this also sets how many
// records -j hands its workers at once: 256 KiB (fewer page faults for the
// buffer) took lexgate-filter -j 2 from 1.80x to 1.55-1.73x -j 1.
constexpr size_t kReadChunk = size_t{1} << 20;
constexpr size_t kFlushSize = size_t{1} << 20;  // output block size

}  // namespace

RecordReader::RecordReader(InputSource* source, Framing framing,
                           std::function<bool()> before_read)
    : source_(source),
      framing_(framing),
      delimiter_(framing == Framing::kNul ? '\0' : '\n'),
      before_read_(std::move(before_read)),
      buffer_(kReadChunk) {}

bool RecordReader::Fill() {
  // First, while the records handed out still point into the buffer.
  if (before_read_ && !before_read_()) {
    eof_ = true;  // the caller is done: no read, no last record
    skipping_ = false;
    begin_ = scanned_ = end_;
    return false;
  }
  // Keep only the unconsumed bytes, at the front.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  // A record longer than the buffer: grow it. One that memory cannot hold
  // (a gzip bomb without a newline) is read on to its end without being
  // kept, and handed out as oversized(): the part read is never screened
  // as if it were the record, and the records after it still are.
  if (!skipping_ && buffer_.size() - end_ < kReadChunk / 2) {
    try {
      buffer_.resize(std::max(buffer_.size() * 2, end_ + kReadChunk));
    } catch (const std::bad_alloc&) {
      skipping_ = true;
      skipped_ = end_ - begin_;
      begin_ = scanned_ = end_ = 0;
    }
  }
  ssize_t n = source_->Read(buffer_.data() + end_, buffer_.size() - end_);
  if (n > 0) {
    end_ += static_cast<size_t>(n);
    return true;
  }
  if (n < 0) error_ = source_->error();
  eof_ = true;
  return false;
}

bool RecordReader::HandOutOversized(std::string_view* record) {
  oversized_ = true;
  oversized_bytes_ = skipped_;
  skipping_ = false;
  skipped_ = 0;
  stripped_cr_ = false;
  *record = std::string_view();
  return true;
}

bool RecordReader::Next(std::string_view* record) {
  oversized_ = false;
  while (true) {
    const char* base = buffer_.data();
    const void* found =
        framing_ == Framing::kWholeFile
            ? nullptr
            : std::memchr(base + scanned_, delimiter_, end_ - scanned_);
    if (found != nullptr) {
      size_t at = static_cast<const char*>(found) - base;
      if (skipping_) {
        skipped_ += at - begin_;
        begin_ = scanned_ = at + 1;
        return HandOutOversized(record);
      }
      size_t len = at - begin_;
      stripped_cr_ =
          framing_ == Framing::kLines && len > 0 && base[at - 1] == '\r';
      if (stripped_cr_) --len;
      *record = std::string_view(base + begin_, len);
      begin_ = scanned_ = at + 1;
      return true;
    }
    scanned_ = end_;
    if (skipping_) {  // nothing of an oversized record is kept
      skipped_ += end_ - begin_;
      begin_ = scanned_ = end_ = 0;
    }
    if (eof_ || !Fill()) {
      // An oversized last record; one a read error cut short is not
      // handed out (below).
      if (skipping_ && error_.empty()) return HandOutOversized(record);
      if (skipping_) return false;
      if (begin_ == end_) return false;
      if (!error_.empty()) {
        // A read error cut the last record short: it is not handed out
        // (the caller reports the error). Screened, the part that came
        // could end inside a match and be written unmasked.
        begin_ = scanned_ = end_;
        return false;
      }
      // The last record, without a delimiter.
      size_t len = end_ - begin_;
      stripped_cr_ = framing_ == Framing::kLines && buffer_[end_ - 1] == '\r';
      if (stripped_cr_) --len;
      *record = std::string_view(buffer_.data() + begin_, len);
      begin_ = scanned_ = end_;
      return true;
    }
  }
}

Output::Output() : line_buffered_(::isatty(STDOUT_FILENO) == 1) {
  buffer_.reserve(kFlushSize + kReadChunk);
}

Output::~Output() { Flush(); }

void Output::EndLine() {
  buffer_.push_back('\n');
  EndRecord();
}

void Output::EndRecord() {
  if (line_buffered_ || buffer_.size() >= kFlushSize) Flush();
}

void Output::Flush() {
  size_t done = 0;
  while (ok_ && done < buffer_.size()) {
    ssize_t n =
        ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
    if (n >= 0) {
      done += static_cast<size_t>(n);
    } else if (errno != EINTR) {
      std::fprintf(stderr, "%s: error writing output: %s\n", kProgramName,
                   std::strerror(errno));
      ok_ = false;
    }
  }
  buffer_.clear();
}

const std::vector<std::string>& InputsOrStdin(
    const std::vector<std::string>& inputs) {
  static const std::vector<std::string> kStdinOnly = {"-"};
  return inputs.empty() ? kStdinOnly : inputs;
}

bool ForEachLine(const std::vector<std::string>& inputs, Output& out,
                 const std::function<bool(std::string_view)>& on_line,
                 const std::function<void()>& before_read) {
  bool ok = true;
  for (const std::string& input : InputsOrStdin(inputs)) {
    absl::StatusOr<std::unique_ptr<InputSource>> source =
        InputSource::Open(input);
    if (!source.ok()) {
      std::fprintf(stderr, "%s: %s\n", kProgramName,
                   lexgate::StatusMessage(source.status()).c_str());
      ok = false;
      continue;
    }
    // Once output cannot be written, no more input is read.
    RecordReader reader(source->get(), Framing::kLines, [&out, &before_read] {
      out.Flush();
      if (before_read) before_read();
      return out.ok();
    });
    std::string_view line;
    bool more = true;
    while (more && reader.Next(&line)) {
      if (reader.oversized()) {
        // A stream event that cannot be read: what follows it would be
        // taken without it, so the input ends here, with an error.
        std::fprintf(stderr,
                     "%s: error reading '%s': out of memory: a line of %llu "
                     "bytes does not fit in memory\n",
                     kProgramName, input.c_str(),
                     static_cast<unsigned long long>(reader.oversized_bytes()));
        ok = false;
        break;
      }
      more = on_line(line) && out.ok();
    }
    if (!reader.error().empty()) {
      std::fprintf(stderr, "%s: error reading '%s': %s\n", kProgramName,
                   input.c_str(), reader.error().c_str());
      ok = false;
    }
    if (!more) break;
  }
  return ok;
}

}  // namespace lexgate_filter
