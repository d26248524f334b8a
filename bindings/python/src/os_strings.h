// Strings from the library for Python where their bytes need not be UTF-8:
// file names (Linux allows any bytes but '/' and NUL) and the messages that
// quote them. pybind11's own conversion decodes strictly, so that such a
// name would raise UnicodeDecodeError in place of the error it is part of.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_OS_STRINGS_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_OS_STRINGS_H_

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <vector>

namespace lexgate_python {

namespace py = pybind11;

// A file name as os.fsdecode() gives it: a byte that is not UTF-8 becomes
// a surrogate escape, so that the str opens the same file again (the
// Python layer passes paths down os.fsencode()d).
py::str PathToPython(std::string_view path);
std::vector<py::str> PathsToPython(const std::vector<std::string>& paths);
// A message: a byte that is not UTF-8 (a file name quoted in it) shown as
// \xNN, so that the message prints on any terminal.
py::str MessageToPython(std::string_view message);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_OS_STRINGS_H_
