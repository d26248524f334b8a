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

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lexgate_filter {
namespace {

// A file descriptor read as it is.
class PlainSource : public InputSource {
 public:
  PlainSource(int fd, bool owned) : fd_(fd), owned_(owned) {
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
  int fd_;
  bool owned_;
  uint64_t position_ = 0;
  std::string error_;
};

// A gzip'd file, through zlib's gz* interface (which also reads
// concatenated members and checks every member's CRC).
class GzipSource : public InputSource {
 public:
  GzipSource(gzFile file, uint64_t size) : file_(file) { size_ = size; }
  ~GzipSource() override { gzclose(file_); }

  ssize_t Read(char* buffer, size_t size) override {
    // gzread takes an unsigned int count.
    const unsigned chunk =
        static_cast<unsigned>(std::min<size_t>(size, 1u << 30));
    int n = gzread(file_, buffer, chunk);
    if (n > 0) return n;
    int code = 0;
    const char* message = gzerror(file_, &code);
    // A truncated file reads as a short one (0, end of file) and says so
    // only through gzerror(): it must fail, not lose its tail silently.
    if (n == 0 && (code == Z_OK || code == Z_STREAM_END)) return 0;
    // zlib names the descriptor ("<fd:4>: unexpected end of file"); the
    // caller names the file.
    std::string_view text = message != nullptr ? message : "";
    if (text.starts_with("<fd:") && text.find(": ") != text.npos) {
      text.remove_prefix(text.find(": ") + 2);
    }
    error_ = code == Z_ERRNO ? std::strerror(errno)
                             : absl::StrCat("gzip data: ", std::string(text));
    return -1;
  }
  std::string error() const override { return error_; }
  uint64_t position() const override {
    const z_off_t offset = gzoffset(file_);
    return offset < 0 ? 0 : static_cast<uint64_t>(offset);
  }

 private:
  gzFile file_;
  std::string error_;
};

bool StartsWithGzipMagic(int fd) {
  unsigned char magic[2];
  ssize_t n;
  do {
    n = ::pread(fd, magic, sizeof(magic), 0);
  } while (n < 0 && errno == EINTR);
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

}  // namespace

absl::StatusOr<std::unique_ptr<InputSource>> InputSource::Open(
    const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<InputSource>(
        new PlainSource(STDIN_FILENO, /*owned=*/false));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
  }
  struct stat st;
  // Only a regular file can be peeked at without consuming it.
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && StartsWithGzipMagic(fd)) {
    gzFile file = gzdopen(fd, "rb");
    if (file == nullptr) {
      ::close(fd);
      return absl::ResourceExhaustedError(
          absl::StrCat("cannot read '", path, "': out of memory"));
    }
    gzbuffer(file, 1u << 17);
    return std::unique_ptr<InputSource>(
        new GzipSource(file, static_cast<uint64_t>(st.st_size)));
  }
  return std::unique_ptr<InputSource>(new PlainSource(fd, /*owned=*/true));
}

}  // namespace lexgate_filter
