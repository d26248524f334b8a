#include "policy.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "errors.h"
#include "results.h"

namespace lexgate_python {
namespace {

// A copy of lexgate.Match `match` with another action: every field of the
// struct sequence is copied, the optional ones included.
py::object WithAction(py::handle match, lexgate::Action action) {
  PyTypeObject* type = Py_TYPE(match.ptr());
  PyObject* fields = PyDict_GetItemString(type->tp_dict, "n_fields");
  const Py_ssize_t n = fields == nullptr ? Py_ssize_t{kMatchFieldCount}
                                         : PyLong_AsSsize_t(fields);
  PyObject* copy = PyStructSequence_New(type);
  if (copy == nullptr) throw py::error_already_set();
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = i == kAction ? ActionString(action).release().ptr()
                                  : PyStructSequence_GetItem(match.ptr(), i);
    if (item == nullptr) item = Py_None;
    if (i != kAction) Py_INCREF(item);
    PyStructSequence_SetItem(copy, i, item);
  }
  PyObject_GC_UnTrack(copy);  // immutable, no cycles (see MakeMatch)
  return py::reinterpret_steal<py::object>(copy);
}

}  // namespace

PyPolicy::PyPolicy(
    const std::string& name, std::vector<std::string> disable,
    std::vector<std::string> only,
    const std::vector<std::pair<std::string, std::string>>& actions,
    std::vector<std::string> weakenable, int max_severity) {
  lexgate::PolicySpec spec;
  spec.name = name;
  spec.disable = std::move(disable);
  spec.only = std::move(only);
  for (const auto& [selector, action] : actions) {
    spec.actions.push_back({selector, ParseActionOrThrow(action)});
  }
  lexgate::PolicyLimits limits;
  limits.weakenable = std::move(weakenable);
  limits.max_severity = max_severity;
  absl::StatusOr<lexgate::Policy> policy =
      lexgate::Policy::Create(std::move(spec), std::move(limits));
  if (!policy.ok()) RaiseValueError(policy.status());
  policy_ = std::make_shared<const lexgate::Policy>(*std::move(policy));
}

py::object PyPolicy::ActionFor(const std::string& rule,
                               const std::string& category, int severity,
                               const std::string& action) const {
  std::optional<lexgate::Action> out =
      policy_->ActionFor(rule, category, severity, ParseActionOrThrow(action));
  if (!out.has_value()) return py::none();
  return ActionString(*out);
}

py::object PyPolicy::Apply(py::handle result) const {
  py::module_ core = py::module_::import("lexgate._core");
  py::object result_type = core.attr("ScanResult");
  if (!py::isinstance(result, result_type)) {
    throw py::type_error(
        std::string("apply() needs a lexgate.ScanResult, not ") +
        Py_TYPE(result.ptr())->tp_name);
  }
  py::list kept;
  lexgate::Action verdict = lexgate::Action::kAllow;
  for (py::handle match : result.attr("matches")) {
    const lexgate::Action action = ParseActionOrThrow(
        MatchFieldAs<std::string>(match.attr("action"), "action"));
    std::optional<lexgate::Action> applied = policy_->ActionFor(
        MatchFieldAs<std::string>(match.attr("rule"), "rule"),
        MatchFieldAs<std::string>(match.attr("category"), "category"),
        MatchFieldAs<int>(match.attr("severity"), "severity"), action);
    if (!applied.has_value()) continue;
    verdict = std::max(verdict, *applied);
    kept.append(*applied == action ? py::reinterpret_borrow<py::object>(match)
                                   : WithAction(match, *applied));
  }
  return result_type(ActionString(verdict), kept);
}

}  // namespace lexgate_python
