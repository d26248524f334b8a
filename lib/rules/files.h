// Reading rule files and listing the packs of a directory, with errors that
// name the path (as rule errors, line 0).
#ifndef LEXGATE_LIB_RULES_FILES_H_
#define LEXGATE_LIB_RULES_FILES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace lexgate::internal {

// Whether `path` names a directory (false for anything that cannot be
// checked, so that reading it reports why).
bool IsDirectory(std::string_view path);

// The bytes of the file at `path`: kNotFound when there is nothing there,
// kInvalidArgument for a directory, kPermissionDenied when it cannot be
// opened for lack of permission.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// The rule packs of the directory `dir`: its *.toml files that are not
// hidden (like the shell's *.toml: editor and VCS leftovers stay out),
// sorted; subdirectories are not searched. kNotFound when there are none;
// an error when a *.toml is not a regular file (a symbolic link to nothing
// or a loop, a directory): a pack is never silently left out.
absl::StatusOr<std::vector<std::string>> ListRulePacks(std::string_view dir);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_RULES_FILES_H_
