// Polling of rule files for the reloading holder: a snapshot of what the
// watched files look like, compared with the previous one.
#ifndef LEXGATE_LIB_SERVICE_FILE_WATCH_H_
#define LEXGATE_LIB_SERVICE_FILE_WATCH_H_

#include <cstdint>
#include <string>
#include <vector>

namespace lexgate::internal {

// What a poll sees of one file.
struct FileState {
  std::string path;
  bool exists = false;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  uint64_t inode = 0;

  friend bool operator==(const FileState&, const FileState&) = default;
};

// The watched files, in a stable order: each path given, and for a
// directory every regular file in it (not hidden ones, not recursively)
// plus the directory itself (a file added or removed changes its mtime).
// A path that does not exist is recorded as such, so that it may appear.
// Thread safety: a function of the file system; call from any thread.
std::vector<FileState> SnapshotFiles(const std::vector<std::string>& paths);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_SERVICE_FILE_WATCH_H_
