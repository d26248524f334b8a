#include "compile/engine_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lexgate::internal {
namespace {

std::string ErrnoText(int error) {
  return std::generic_category().message(error);
}

}  // namespace

absl::StatusOr<std::shared_ptr<EngineFile>> EngineFile::Open(
    const std::string& path) {
  if (path.find('\0') != std::string::npos) {
    // open() would read the path only up to it: another file.
    return absl::InvalidArgumentError(
        "engine file path has an embedded null byte");
  }
  std::shared_ptr<EngineFile> file(new EngineFile(path));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    const std::string message =
        absl::StrCat("cannot open '", path, "': ", ErrnoText(error));
    return error == ENOENT   ? absl::NotFoundError(message)
           : error == EACCES ? absl::PermissionDeniedError(message)
                             : absl::UnavailableError(message);
  }
  struct stat st;
  const bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  // The size fstat() says, plus one byte to see the end; a file that grows
  // meanwhile (or a pipe) grows the buffer.
  size_t capacity = regular ? static_cast<size_t>(st.st_size) + 1 : 1 << 16;
  file->contents_.reset(new char[capacity]);
  for (;;) {
    if (file->size_ == capacity) {
      capacity *= 2;
      std::unique_ptr<char[]> grown(new char[capacity]);
      std::memcpy(grown.get(), file->contents_.get(), file->size_);
      file->contents_ = std::move(grown);
    }
    const ssize_t n =
        read(fd, file->contents_.get() + file->size_, capacity - file->size_);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      close(fd);
      return absl::UnavailableError(
          absl::StrCat("cannot read '", path, "': ", ErrnoText(error)));
    }
    file->size_ += static_cast<size_t>(n);
  }
  if (regular) {
    file->fd_ = fd;
  } else {
    close(fd);
  }
  return file;
}

EngineFile::~EngineFile() {
  if (fd_ >= 0) close(fd_);
}

void EngineFile::Release() {
  contents_.reset();
  size_ = 0;
}

absl::StatusOr<std::string> EngineFile::Read(uint64_t offset,
                                             uint64_t length) const {
  if (fd_ < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", path_, "' cannot be read again"));
  }
  std::string bytes(length, '\0');
  uint64_t done = 0;
  while (done < length) {
    const ssize_t n = pread(fd_, bytes.data() + done, length - done,
                            static_cast<off_t>(offset + done));
    if (n == 0) {
      return absl::DataLossError(absl::StrCat("corrupted lexgate engine: '",
                                              path_, "' became shorter"));
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("cannot read '", path_, "': ", ErrnoText(errno)));
    }
    done += static_cast<uint64_t>(n);
  }
  return bytes;
}

}  // namespace lexgate::internal
