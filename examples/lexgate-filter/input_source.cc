#include "input_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lexgate_filter {
namespace {

// The first two bytes of every gzip member.
constexpr std::string_view kGzipMagic = "\x1f\x8b";

// A file descriptor read as it is. `gzip_error`, when not empty: the input
// is a pipe (standard input, a named pipe, <(...)) or a device, which
// cannot be peeked at without consuming it, so gzip data in it is this
// error, not text (screened as it is, compressed bytes would pass as
// clean).
class PlainSource : public InputSource {
 public:
  PlainSource(int fd, bool owned, std::string gzip_error = "")
      : fd_(fd),
        owned_(owned),
        check_gzip_(!gzip_error.empty()),
        gzip_error_(std::move(gzip_error)) {
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      size_ = static_cast<uint64_t>(st.st_size);
    }
  }
  ~PlainSource() override {
    if (owned_) ::close(fd_);
  }

  ssize_t Read(char* buffer, size_t size) override {
    while (true) {
      ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) {
        if (check_gzip_ && n > 0 && LooksGzipped(buffer, n)) {
          error_ = gzip_error_;
          return -1;
        }
        position_ += static_cast<uint64_t>(n);
        return n;
      }
      if (errno != EINTR) {
        error_ = std::strerror(errno);
        return -1;
      }
    }
  }
  std::string error() const override { return error_; }
  uint64_t position() const override { return position_; }

 private:
  // Whether the first two bytes of the input (which may come one per read)
  // are the gzip magic; decided once both are in.
  bool LooksGzipped(const char* bytes, ssize_t n) {
    for (ssize_t k = 0; k < n && seen_ < 2; ++k) head_[seen_++] = bytes[k];
    const std::string_view head(head_, seen_);
    if (seen_ < 2 && kGzipMagic.starts_with(head)) return false;  // wait
    check_gzip_ = false;
    return head == kGzipMagic;
  }

  int fd_;
  bool owned_;
  bool check_gzip_;
  std::string gzip_error_;
  char head_[2] = {0, 0};
  int seen_ = 0;
  uint64_t position_ = 0;
  std::string error_;
};

// A gzip'd file, decompressed member after member with zlib's inflate()
// (which checks every member's CRC and length). gzread() would do the same
// but skips whatever follows the last member if it is not gzip data: text
// appended to a .gz file would pass unscreened. Here it is an error, as a
// truncated member is; only zero bytes may pad the file.
class GzipSource : public InputSource {
 public:
  GzipSource(int fd, uint64_t size) : fd_(fd), input_(kInputBytes, '\0') {
    size_ = size;
    // 16 + MAX_WBITS: the gzip wrapper, not zlib's.
    started_ = inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK;
    ok_ = started_;
    if (!ok_) error_ = "cannot start decompressing (out of memory)";
  }
  ~GzipSource() override {
    // After a failure too: inflate's state outlives its errors.
    if (started_) inflateEnd(&stream_);
    ::close(fd_);
  }

  ssize_t Read(char* buffer, size_t size) override {
    if (!ok_) return -1;
    if (size == 0) return 0;  // as read(2)
    // inflate() takes an unsigned int count.
    const auto chunk = static_cast<unsigned>(std::min<size_t>(size, 1u << 30));
    while (true) {
      if (stream_.avail_in < 2 && !input_ended_ && !Fill()) return -1;
      if (member_ended_) {
        if (stream_.avail_in == 0) return 0;  // the end of the file
        if (stream_.next_in[0] == 0) {
          // Zero bytes that pad the file (as gzip accepts them): no text.
          while (stream_.avail_in > 0 && stream_.next_in[0] == 0) {
            ++stream_.next_in;
            --stream_.avail_in;
          }
          continue;
        }
        if (stream_.avail_in < 2 ||
            std::string_view(reinterpret_cast<char*>(stream_.next_in), 2) !=
                kGzipMagic) {
          return Fail(absl::StrCat("data after the gzip data at byte ",
                                   position() + 1,
                                   " (not screened): is it a gzip file?"));
        }
        inflateReset(&stream_);
        member_ended_ = false;
      }
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = chunk;
      const int code = inflate(&stream_, Z_NO_FLUSH);
      const unsigned produced = chunk - stream_.avail_out;
      if (code == Z_STREAM_END) {
        member_ended_ = true;
      } else if (code == Z_BUF_ERROR || (code == Z_OK && produced == 0)) {
        // No progress: more input is needed, and there may be none.
        if (input_ended_ && stream_.avail_in == 0) {
          return Fail("gzip data: unexpected end of file");
        }
      } else if (code != Z_OK) {
        return Fail(absl::StrCat(
            "gzip data: ", stream_.msg != nullptr ? stream_.msg : "invalid"));
      }
      if (produced > 0) return produced;
    }
  }
  std::string error() const override { return error_; }
  uint64_t position() const override { return read_ - stream_.avail_in; }

 private:
  static constexpr size_t kInputBytes = size_t{1} << 17;

  // Reads more of the file after the input not yet used; false on an error.
  bool Fill() {
    const size_t left = stream_.avail_in;
    if (left > 0) std::memmove(input_.data(), stream_.next_in, left);
    ssize_t n;
    do {
      n = ::read(fd_, input_.data() + left, input_.size() - left);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      Fail(std::strerror(errno));
      return false;
    }
    input_ended_ = n == 0;
    read_ += static_cast<uint64_t>(n);
    stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
    stream_.avail_in = static_cast<unsigned>(left + static_cast<size_t>(n));
    return true;
  }
  ssize_t Fail(std::string message) {
    error_ = std::move(message);
    ok_ = false;
    return -1;
  }

  int fd_;
  std::string input_;
  z_stream stream_{};
  bool started_ = false;  // inflateInit2() succeeded: inflateEnd() is owed
  bool ok_ = false;
  bool input_ended_ = false;
  bool member_ended_ = false;
  uint64_t read_ = 0;  // bytes read from the file
  std::string error_;
};

bool StartsWithGzipMagic(int fd) {
  char magic[2];
  ssize_t n;
  do {
    n = ::pread(fd, magic, sizeof(magic), 0);
  } while (n < 0 && errno == EINTR);
  return n == 2 && std::string_view(magic, 2) == kGzipMagic;
}

}  // namespace

absl::StatusOr<std::unique_ptr<InputSource>> InputSource::Open(
    const std::string& path) {
  struct stat st;
  int fd;
  if (path == "-") {
    // A file redirected to standard input can be peeked at like a named
    // one; a pipe or a terminal cannot without consuming it.
    const bool regular = ::fstat(STDIN_FILENO, &st) == 0 &&
                         S_ISREG(st.st_mode) &&
                         ::lseek(STDIN_FILENO, 0, SEEK_CUR) == 0;
    if (!regular || !StartsWithGzipMagic(STDIN_FILENO)) {
      return std::unique_ptr<InputSource>(new PlainSource(
          STDIN_FILENO, /*owned=*/false,
          regular ? ""
                  : "gzip data on standard input: pass the file by name, or "
                    "decompress it first (zcat FILE | lexgate-filter ...)"));
    }
    fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);  // GzipSource closes it
    if (fd < 0) {
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot read standard input: ", std::strerror(errno)));
    }
  } else {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
    }
  }
  // Only a regular file can be peeked at without consuming it.
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (regular && StartsWithGzipMagic(fd)) {
    return std::unique_ptr<InputSource>(
        new GzipSource(fd, static_cast<uint64_t>(st.st_size)));
  }
  return std::unique_ptr<InputSource>(new PlainSource(
      fd, /*owned=*/true,
      regular ? ""
              : "gzip data in a pipe or device (only a regular file is "
                "decompressed): decompress it first (zcat FILE | "
                "lexgate-filter ...)"));
}

}  // namespace lexgate_filter
