// absl::Status -> Python exceptions.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_ERRORS_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_ERRORS_H_

#include "absl/status/status.h"

namespace lexgate_python {

// Raises lexgate.RuleError (a ValueError) with the status message and, when
// the status carries one, the rule's path, line and id; MemoryError for
// kResourceExhausted.
[[noreturn]] void RaiseRuleError(const absl::Status& status);
// Raises ValueError with the status message.
[[noreturn]] void RaiseValueError(const absl::Status& status);
// Raises FileNotFoundError, PermissionError or OSError for a file that
// cannot be opened or read (kNotFound, kPermissionDenied, kUnavailable),
// MemoryError for kResourceExhausted, ValueError for anything else (a file
// that is not a usable engine).
[[noreturn]] void RaiseFileError(const absl::Status& status);
// Raises lexgate.ScanError (a RuntimeError): a scan that could not finish,
// which must never read as clean text.
[[noreturn]] void RaiseScanError(const absl::Status& status);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_ERRORS_H_
