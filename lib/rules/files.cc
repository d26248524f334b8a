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

}  // namespace

bool IsDirectory(std::string_view path) {
  std::error_code ec;
  return fs::is_directory(fs::path(path), ec);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return RuleError(absl::StatusCode::kNotFound, {path, 0}, "",
                     "no such file or directory");
  }
  if (fs::is_directory(path, ec)) {
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
    std::error_code file_ec;
    if (file.extension() == ".toml" && name.front() != '.' &&
        it->is_regular_file(file_ec)) {
      packs.push_back(file.string());
    }
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
