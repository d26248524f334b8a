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

// The first two bytes of every gzip member.
constexpr std::string_view kGzipMagic = "\x1f\x8b";

// A file descriptor read as it is. `refuse_gzip`: for standard input from
// a pipe, which cannot be peeked at: gzip data there is an error, not text
// (screened as it is, compressed bytes would pass as clean).
class PlainSource : public InputSource {
 public:
  PlainSource(int fd, bool owned, bool refuse_gzip = false)
      : fd_(fd), owned_(owned), check_gzip_(refuse_gzip) {
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
          error_ =
              "gzip data on standard input: pass the file by name, or "
              "decompress it first (zcat FILE | lexgate-filter ...)";
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
  char head_[2] = {0, 0};
  int seen_ = 0;
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
          STDIN_FILENO, /*owned=*/false, /*refuse_gzip=*/!regular));
    }
    fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);  // gzclose() closes it
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
