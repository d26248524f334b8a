#include "compile/engine_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/huge_pages.h"

namespace lexgate::internal {
namespace {

std::string ErrnoText(int error) {
  return std::generic_category().message(error);
}

// Uninitialized memory for `size` bytes, to be freed with std::free();
// throws std::bad_alloc. A buffer of a huge page or more goes on huge
// pages: a fresh process that read a 33 MB engine file into 4 KB pages
// took 10,000 page faults, 137 ms of system time on the benchmark
// machine, where mapping the file had taken 20 ms.
char* AllocateBuffer(size_t size) {
  void* memory =
      size < kHugePageBytes ? std::malloc(size) : AllocateOnHugePages(size);
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<char*>(memory);
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
  file->fd_ = fd;  // closed by ~EngineFile() on every way out but success
  struct stat st;
  const bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  // The size fstat() says, plus one byte to see the end; a file that grows
  // meanwhile (or a pipe) grows the buffer.
  size_t capacity = regular ? static_cast<size_t>(st.st_size) + 1 : 1 << 16;
  file->contents_.reset(AllocateBuffer(capacity));
  for (;;) {
    if (file->size_ == capacity) {
      capacity *= 2;
      std::unique_ptr<char, void (*)(void*)> grown(AllocateBuffer(capacity),
                                                   &std::free);
      std::memcpy(grown.get(), file->contents_.get(), file->size_);
      file->contents_ = std::move(grown);
    }
    const ssize_t n =
        read(fd, file->contents_.get() + file->size_, capacity - file->size_);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat("cannot read '", path, "': ", ErrnoText(errno)));
    }
    file->size_ += static_cast<size_t>(n);
  }
  if (!regular) {
    close(fd);
    file->fd_ = -1;
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
