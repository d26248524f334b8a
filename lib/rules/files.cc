#include "rules/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(dir), ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path& file = it->path();
    const std::string name = file.filename().string();
    if (file.extension() != ".toml" || name.front() == '.') continue;
    // Every *.toml is a pack: one that cannot be read (a link to nothing, a
    // link loop, a directory so named) is an error, never a pack silently
    // left out of the rules (a deployment's half-switched links).
    LEXGATE_ASSIGN_OR_RETURN(const fs::file_status status,
                             FollowedStatus(file.string()));
    if (!fs::is_regular_file(status)) {
      return RuleError(absl::StatusCode::kInvalidArgument, {file.string(), 0},
                       "",
                       !fs::exists(status)
                           ? "a symbolic link to nothing (its target does "
                             "not exist), named like a rule pack"
                           : "not a regular file, but named like a rule pack "
                             "(*.toml)");
    }
    packs.push_back(file.string());
  }
  if (ec) return ErrnoStatus(ec.value(), dir, "cannot list directory");
  if (packs.empty()) {
    return RuleError(absl::StatusCode::kNotFound, {std::string(dir), 0}, "",
                     "directory holds no *.toml rule packs");
  }
  std::sort(packs.begin(), packs.end());
  return packs;
}

}  // namespace lexgate::internal
