#include "os_strings.h"

namespace lexgate_python {
py::str PathToPython(std::string_view path) {
  PyObject* str = PyUnicode_DecodeFSDefaultAndSize(
      path.data(), static_cast<Py_ssize_t>(path.size()));
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

std::vector<py::str> PathsToPython(const std::vector<std::string>& paths) {
  std::vector<py::str> out;
  out.reserve(paths.size());
  for (const std::string& path : paths) out.push_back(PathToPython(path));
  return out;
}

py::str MessageToPython(std::string_view message) {
  PyObject* str = PyUnicode_DecodeUTF8(message.data(),
                                       static_cast<Py_ssize_t>(message.size()),
                                       "backslashreplace");
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

}  // namespace lexgate_python
