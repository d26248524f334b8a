#include "errors.h"

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "lexgate/rules.h"

namespace lexgate_python {
namespace {

namespace py = pybind11;

// Debian's abseil has its own string_view type.
std::string Message(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

}  // namespace

void RaiseRuleError(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kResourceExhausted) {
    PyErr_SetString(PyExc_MemoryError, Message(status).c_str());
    throw py::error_already_set();
  }
  py::object rule_error =
      py::module_::import("lexgate._errors").attr("RuleError");
  py::object path = py::none(), line = py::none(), rule_id = py::none();
  if (std::optional<lexgate::RuleErrorLocation> where =
          lexgate::GetRuleErrorLocation(status)) {
    if (!where->path.empty()) path = py::str(where->path);
    if (where->line > 0) line = py::int_(where->line);
    if (!where->rule_id.empty()) rule_id = py::str(where->rule_id);
  }
  py::object error = rule_error(Message(status), path, line, rule_id);
  PyErr_SetObject(rule_error.ptr(), error.ptr());
  throw py::error_already_set();
}

void RaiseValueError(const absl::Status& status) {
  throw py::value_error(Message(status));
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
  PyErr_SetString(type, Message(status).c_str());
  throw py::error_already_set();
}

void RaiseScanError(const absl::Status& status) {
  py::object scan_error =
      py::module_::import("lexgate._errors").attr("ScanError");
  PyErr_SetString(scan_error.ptr(), Message(status).c_str());
  throw py::error_already_set();
}

}  // namespace lexgate_python
