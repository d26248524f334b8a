#include "rules/files.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/strings.h"
#include "rules/rule_error_status.h"

namespace lexgate::internal {
namespace {

namespace fs = std::filesystem;

absl::Status ErrnoStatus(int error, std::string_view path,
                         std::string_view what) {
  const absl::StatusCode code = error == ENOENT ? absl::StatusCode::kNotFound
                                : error == EACCES
                                    ? absl::StatusCode::kPermissionDenied
                                    : absl::StatusCode::kInvalidArgument;
  return RuleError(code, {std::string(path), 0}, "",
                   absl::StrCat(Absl(what), ": ", std::strerror(error)));
}

// The status of `path` with links followed: not_found for nothing there or
// a link to nothing; an error for what stops it from being looked at (a
// link loop, no permission).
absl::StatusOr<fs::file_status> FollowedStatus(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && ec.value() != ENOENT) {
    return ErrnoStatus(ec.value(), path, "cannot read");
  }
  return status;
}

// Adds `file`, found in a directory of packs, to `packs` when it is named
// like one (*.toml, not hidden).
absl::Status AddRulePack(const fs::path& file,
                         std::vector<std::string>* packs) {
  const std::string name = file.filename().string();
  if (file.extension() != ".toml" || name.front() == '.')
    return absl::OkStatus();
  // Every *.toml is a pack: one that cannot be read (a link to nothing, a
  // link loop, a directory so named) is an error, never a pack silently
  // left out of the rules (a deployment's half-switched links).
  LEXGATE_ASSIGN_OR_RETURN(const fs::file_status status,
                           FollowedStatus(file.string()));
  if (!fs::is_regular_file(status)) {
    return RuleError(absl::StatusCode::kInvalidArgument, {file.string(), 0}, "",
                     !fs::exists(status)
                         ? "a symbolic link to nothing (its target does "
                           "not exist), named like a rule pack"
                         : "not a regular file, but named like a rule pack "
                           "(*.toml)");
  }
  packs->push_back(file.string());
  return absl::OkStatus();
}

}  // namespace

bool IsDirectory(std::string_view path) {
  std::error_code ec;
  return fs::is_directory(fs::path(path), ec);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  LEXGATE_ASSIGN_OR_RETURN(const fs::file_status status, FollowedStatus(path));
  if (!fs::exists(status)) {
    std::error_code link_ec;
    return RuleError(absl::StatusCode::kNotFound, {path, 0}, "",
                     fs::is_symlink(fs::symlink_status(path, link_ec))
                         ? "a symbolic link to nothing (its target does not "
                           "exist)"
                         : "no such file or directory");
  }
  if (fs::is_directory(status)) {
    return RuleError(absl::StatusCode::kInvalidArgument, {path, 0}, "",
                     "is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus(errno, path, "cannot open");
  std::string contents((std::istreambuf_iterator<char>(in)),
                       std::istreambuf_iterator<char>());
  if (in.bad()) return ErrnoStatus(errno, path, "cannot read");
  return contents;
}

absl::StatusOr<std::vector<std::string>> ListRulePacks(std::string_view dir) {
  std::vector<std::string> packs;
  // opendir()/readdir(), not std::filesystem::directory_iterator: libstdc++
  // builds its paths inside noexcept functions, so memory running out there
  // terminates the program instead of reaching the caller's
  // CatchOutOfMemory().
  const std::string directory(dir);
  std::unique_ptr<DIR, int (*)(DIR*)> listing(opendir(directory.c_str()),
                                              closedir);
  if (listing == nullptr) {
    return ErrnoStatus(errno, dir, "cannot list directory");
  }
  for (;;) {
    errno = 0;
    const struct dirent* entry = readdir(listing.get());
    if (entry == nullptr) {
      if (errno != 0) return ErrnoStatus(errno, dir, "cannot list directory");
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    LEXGATE_RETURN_IF_ERROR(
        AddRulePack(fs::path(directory) / fs::path(name), &packs));
  }
  if (packs.empty()) {
    return RuleError(absl::StatusCode::kNotFound, {directory, 0}, "",
                     "directory holds no *.toml rule packs");
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

}  // namespace lexgate::internal
