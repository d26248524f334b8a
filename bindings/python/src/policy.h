// The native side of lexgate.Policy: a checked lexgate::Policy, applied to
// engine results before they become Python objects, to stream reports, and
// to ScanResults already made.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_POLICY_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_POLICY_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lexgate/policy.h"

namespace lexgate_python {

namespace py = pybind11;

// Thread safety: immutable; shared by engines and streams of many threads.
class PyPolicy {
 public:
  // Raises ValueError for what lexgate::Policy::Create() refuses.
  PyPolicy(const std::string& name, std::vector<std::string> disable,
           std::vector<std::string> only,
           const std::vector<std::pair<std::string, std::string>>& actions,
           std::vector<std::string> weakenable, int max_severity);

  const std::shared_ptr<const lexgate::Policy>& policy() const {
    return policy_;
  }
  std::string name() const { return policy_->name(); }
  // None when the match is dropped.
  py::object ActionFor(const std::string& rule, const std::string& category,
                       int severity, const std::string& action) const;
  // A new lexgate.ScanResult: the policy applied to `result`'s matches.
  py::object Apply(py::handle result) const;

 private:
  std::shared_ptr<const lexgate::Policy> policy_;
};

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_POLICY_H_
