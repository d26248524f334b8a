// A saved engine file for Engine::Load(): mapped while the engine is read
// from it, then kept open (not mapped) so that the first stream can read
// the stream database it skipped. Mapping, not reading, spares the faults
// and the copy of reading tens of megabytes into fresh memory; not keeping
// the mapping means a file truncated behind the engine's back is an error
// of a read, never a SIGBUS.
#ifndef LEXGATE_LIB_COMPILE_ENGINE_FILE_H_
#define LEXGATE_LIB_COMPILE_ENGINE_FILE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lexgate::internal {

// Thread safety: Read() may be called from many threads; Contents() and
// Unmap() by the loading thread only.
class EngineFile {
 public:
  // Opens and maps `path`; a file that cannot be mapped (a pipe, an empty
  // file) is read instead, and then cannot defer anything (deferrable()).
  static absl::StatusOr<std::shared_ptr<EngineFile>> Open(
      const std::string& path);
  ~EngineFile();
  EngineFile(const EngineFile&) = delete;
  EngineFile& operator=(const EngineFile&) = delete;

  const std::string& path() const { return path_; }
  // The whole file, until Unmap().
  std::string_view Contents() const;
  void Unmap();
  // Whether Read() can read the file again later (a regular file).
  bool deferrable() const { return fd_ >= 0; }
  // Bytes [offset, offset + length) of the file; kDataLoss when the file
  // has become shorter, an I/O error otherwise. Throws std::bad_alloc.
  absl::StatusOr<std::string> Read(uint64_t offset, uint64_t length) const;

 private:
  explicit EngineFile(std::string path) : path_(std::move(path)) {}

  std::string path_;
  int fd_ = -1;  // open while deferrable
  void* mapping_ = nullptr;
  size_t mapped_size_ = 0;
  std::string read_;  // the contents of a file that could not be mapped
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_ENGINE_FILE_H_
