#include "compile/engine_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* data = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                      MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data != MAP_FAILED) {
      file->fd_ = fd;
      file->mapping_ = data;
      file->mapped_size_ = static_cast<size_t>(st.st_size);
      return file;
    }
  }
  // A pipe or an empty file: read as it comes.
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      close(fd);
      return absl::UnavailableError(
          absl::StrCat("cannot read '", path, "': ", ErrnoText(error)));
    }
    file->read_.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return file;
}

EngineFile::~EngineFile() {
  Unmap();
  if (fd_ >= 0) close(fd_);
}

std::string_view EngineFile::Contents() const {
  if (mapping_ != nullptr) {
    return {static_cast<const char*>(mapping_), mapped_size_};
  }
  return read_;
}

void EngineFile::Unmap() {
  if (mapping_ != nullptr) munmap(mapping_, mapped_size_);
  mapping_ = nullptr;
  mapped_size_ = 0;
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
