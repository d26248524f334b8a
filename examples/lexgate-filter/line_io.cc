#include "line_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "options.h"

namespace lexgate_filter {
namespace {

constexpr size_t kReadChunk = size_t{1} << 20;  // bytes per read(2)
constexpr size_t kFlushSize = size_t{1} << 20;  // output block size

}  // namespace

LineReader::LineReader(int fd, std::function<void()> before_read)
    : fd_(fd), before_read_(std::move(before_read)), buffer_(kReadChunk) {}

bool LineReader::Fill() {
  // Keep only the unconsumed bytes, at the front.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    scanned_ -= begin_;
    begin_ = 0;
  }
  // A line longer than the buffer: grow it.
  if (buffer_.size() - end_ < kReadChunk / 2) {
    buffer_.resize(std::max(buffer_.size() * 2, end_ + kReadChunk));
  }
  if (before_read_) before_read_();
  while (true) {
    ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    if (errno == EINTR) continue;
    error_ = errno;
    eof_ = true;
    return false;
  }
}

bool LineReader::Next(std::string_view* line) {
  while (true) {
    const char* base = buffer_.data();
    const void* newline = std::memchr(base + scanned_, '\n', end_ - scanned_);
    if (newline != nullptr) {
      size_t nl = static_cast<const char*>(newline) - base;
      size_t len = nl - begin_;
      if (len > 0 && base[nl - 1] == '\r') --len;
      *line = std::string_view(base + begin_, len);
      begin_ = scanned_ = nl + 1;
      return true;
    }
    scanned_ = end_;
    if (eof_ || !Fill()) {
      if (begin_ == end_) return false;
      // The last line, without '\n'.
      size_t len = end_ - begin_;
      if (buffer_[end_ - 1] == '\r') --len;
      *line = std::string_view(buffer_.data() + begin_, len);
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

bool ForEachLine(const std::vector<std::string>& inputs, Output& out,
                 const std::function<void(std::string_view)>& on_line) {
  static const std::vector<std::string> kStdinOnly = {"-"};
  bool ok = true;
  for (const std::string& input : inputs.empty() ? kStdinOnly : inputs) {
    bool is_stdin = input == "-";
    int fd = is_stdin ? STDIN_FILENO : ::open(input.c_str(), O_RDONLY);
    if (fd < 0) {
      std::fprintf(stderr, "%s: cannot open '%s': %s\n", kProgramName,
                   input.c_str(), std::strerror(errno));
      ok = false;
      continue;
    }
    LineReader reader(fd, [&out] { out.Flush(); });
    std::string_view line;
    while (reader.Next(&line)) on_line(line);
    if (reader.error() != 0) {
      std::fprintf(stderr, "%s: error reading '%s': %s\n", kProgramName,
                   input.c_str(), std::strerror(reader.error()));
      ok = false;
    }
    if (!is_stdin) ::close(fd);
  }
  return ok;
}

}  // namespace lexgate_filter
