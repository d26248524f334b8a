#include "service/file_watch.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

namespace lexgate::internal {
namespace {

FileState Stat(const std::string& path, struct stat* st) {
  FileState state;
  state.path = path;
  if (::stat(path.c_str(), st) != 0) return state;
  state.exists = true;
  state.mtime_ns = static_cast<int64_t>(st->st_mtim.tv_sec) * 1000000000 +
                   st->st_mtim.tv_nsec;
  state.size = static_cast<int64_t>(st->st_size);
  state.inode = static_cast<uint64_t>(st->st_ino);
  return state;
}

}  // namespace

std::vector<FileState> SnapshotFiles(const std::vector<std::string>& paths) {
  std::vector<FileState> out;
  for (const std::string& path : paths) {
    struct stat st;
    out.push_back(Stat(path, &st));
    if (!out.back().exists || !S_ISDIR(st.st_mode)) continue;
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(path.c_str())) {
      while (const struct dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
      }
      ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    const std::string prefix =
        path.empty() || path.back() == '/' ? path : path + "/";
    for (const std::string& name : names) {
      struct stat file_st;
      FileState file = Stat(prefix + name, &file_st);
      if (file.exists && S_ISREG(file_st.st_mode)) out.push_back(file);
    }
  }
  return out;
}

}  // namespace lexgate::internal
