#include "errors.h"

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "lexgate/rules.h"
#include "os_strings.h"

namespace lexgate_python {
namespace {

namespace py = pybind11;

// Debian's abseil has its own string_view type.
py::str Message(const absl::Status& status) {
  return MessageToPython(
      std::string_view(status.message().data(), status.message().size()));
}

// Raises `type` with the status message (which may quote a file name that
// is not UTF-8: PyErr_SetString() would raise UnicodeDecodeError instead).
[[noreturn]] void Raise(PyObject* type, const absl::Status& status) {
  PyErr_SetObject(type, Message(status).ptr());
  throw py::error_already_set();
}

}  // namespace

void RaiseRuleError(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    Raise(PyExc_MemoryError, status);
  }
  py::object rule_error =
      py::module_::import("lexgate._errors").attr("RuleError");
  py::object path = py::none(), line = py::none(), rule_id = py::none();
  py::object unread_file = py::none();
  if (std::optional<lexgate::RuleErrorLocation> where =
          lexgate::GetRuleErrorLocation(status)) {
    if (!where->path.empty()) path = PathToPython(where->path);
    if (where->line > 0) line = py::int_(where->line);
    if (!where->rule_id.empty()) rule_id = MessageToPython(where->rule_id);
    if (!where->unread_file.empty()) {
      unread_file = PathToPython(where->unread_file);
    }
  }
  py::object error =
      rule_error(Message(status), path, line, rule_id, unread_file);
  PyErr_SetObject(rule_error.ptr(), error.ptr());
  throw py::error_already_set();
}

void RaiseValueError(const absl::Status& status) {
  Raise(PyExc_ValueError, status);
}

void RaiseFileError(const absl::Status& status) {
  PyObject* type = nullptr;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      type = PyExc_FileNotFoundError;
      break;
    case absl::StatusCode::kPermissionDenied:
      type = PyExc_PermissionError;
      break;
    case absl::StatusCode::kUnavailable:
      type = PyExc_OSError;
      break;
    case absl::StatusCode::kResourceExhausted:
      type = PyExc_MemoryError;
      break;
    default:
      RaiseValueError(status);
  }
  Raise(type, status);
}

void RaiseScanError(const absl::Status& status) {
  py::object scan_error =
      py::module_::import("lexgate._errors").attr("ScanError");
  Raise(scan_error.ptr(), status);
}

}  // namespace lexgate_python
