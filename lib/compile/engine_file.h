// A saved engine file for Engine::Load(): read into memory while the
// engine is restored from it, then kept open (its contents released) so
// that the first stream can read the stream database it skipped.
//
// Read, not mapped: a mapping of a file that another process truncates or
// rewrites in place (`cp new.bin engine.bin`) kills the reader with SIGBUS
// when it touches a page that is gone; a read only sees other bytes, which
// the engine's checksums refuse. Read into transparent huge pages: a 33 MB
// file loads as fast as it did mapped (bench/RESULTS.md, cached load).
#ifndef LEXGATE_LIB_COMPILE_ENGINE_FILE_H_
#define LEXGATE_LIB_COMPILE_ENGINE_FILE_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace lexgate::internal {

// Thread safety: Read() may be called from many threads; Contents() and
// Release() by the loading thread only.
class EngineFile {
 public:
  // Opens and reads `path`. A regular file stays open for Read(); anything
  // else (a pipe) cannot defer anything (deferrable()).
  static absl::StatusOr<std::shared_ptr<EngineFile>> Open(
      const std::string& path);
  ~EngineFile();
  EngineFile(const EngineFile&) = delete;
  EngineFile& operator=(const EngineFile&) = delete;

  const std::string& path() const { return path_; }
  // The whole file as it was read, until Release().
  std::string_view Contents() const { return {contents_.get(), size_}; }
  void Release();
  // Whether Read() can read the file again later (a regular file).
  bool deferrable() const { return fd_ >= 0; }
  // Bytes [offset, offset + length) of the file; kDataLoss when the file
  // has become shorter, an I/O error otherwise. Throws std::bad_alloc.
  absl::StatusOr<std::string> Read(uint64_t offset, uint64_t length) const;

 private:
  explicit EngineFile(std::string path) : path_(std::move(path)) {}

  std::string path_;
  int fd_ = -1;  // open while deferrable
  // Not a std::string: its resize() would write every byte before read()
  // does (and it could not ask for huge pages).
  std::unique_ptr<char, void (*)(void*)> contents_{nullptr, &std::free};
  size_t size_ = 0;
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_ENGINE_FILE_H_
