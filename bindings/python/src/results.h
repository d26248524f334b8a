// lexgate.Match (a struct sequence, like os.stat_result) and
// lexgate.ScanResult (a small C type: both are made by the hundred thousand
// in a batch, so they avoid pybind11's per-instance bookkeeping), and their
// construction from the engine's results.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_RESULTS_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_RESULTS_H_

#include <pybind11/pybind11.h>

#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "lexgate/engine.h"
#include "lexgate/rules.h"
#include "text.h"

namespace lexgate_python {

namespace py = pybind11;

// Field positions of lexgate.Match.
enum MatchField {
  kRule = 0,
  kCategory,
  kAction,
  kSeverity,
  kStart,
  kEnd,
  kText,
  kMatchFieldCount,  // the tuple's length: (rule, ..., text) unpacks as before
  // Attributes only, outside the tuple (why the match happened, DESIGN §10).
  kPattern = kMatchFieldCount,
  kVariant,
  kMatchAllFields
};

// Creates lexgate.Match and lexgate.ScanResult in `m`.
void DefineResultTypes(py::module_& m);

// The interned name of an action ("allow", "flag", "mask", "block").
py::str ActionString(lexgate::Action action);
// Throws py::value_error for an unknown name.
lexgate::Action ParseActionOrThrow(std::string_view name);

// A field `name` of a Match the caller gave back, as T (std::string or an
// integer type): a TypeError naming the field when it is of another type,
// a ValueError when an int is out of T's range, where pybind11 would raise
// RuntimeError ("Unable to cast Python instance").
template <typename T>
T MatchFieldAs(py::handle value, const char* name) {
  try {
    return py::cast<T>(value);
  } catch (const py::cast_error&) {
    constexpr bool kInt = std::is_integral_v<T>;
    if (kInt && PyLong_Check(value.ptr())) {
      throw py::value_error(std::string("Match.") + name + " is out of range");
    }
    throw py::type_error(std::string("Match.") + name + " must be " +
                         (kInt ? "an int" : "a str") + ", not " +
                         Py_TYPE(value.ptr())->tp_name);
  }
}

// Python strings for rule ids and categories, made once per rule.
// Thread safety: use with the GIL held.
class RuleStrings {
 public:
  struct Names {
    py::str rule;
    py::str category;
  };
  const Names& Get(const lexgate::Match& match);

 private:
  std::unordered_map<std::string, Names> names_;
};

// The Python indices of the spans of `result` (start and end of match i at
// 2i and 2i + 1) for the prepared `text`; empty when its byte offsets are
// already the indices. Needs no GIL.
std::vector<size_t> PythonIndices(const TextView& text,
                                  const lexgate::ScanResult& result);

// One lexgate.Match for `m` with Python indices [start, end) and its text.
// Needs the GIL.
py::object MakeMatch(const lexgate::Match& m, size_t start, size_t end,
                     py::object text, RuleStrings* names);

// Builds a lexgate.ScanResult from the engine's result for `text`, with the
// indices from PythonIndices(); Match.text is the slice of the original
// object. Needs the GIL.
py::object MakeScanResult(const TextView& text,
                          const lexgate::ScanResult& result,
                          const std::vector<size_t>& indices,
                          RuleStrings* names);

// The inverse, for Engine.redact(text, result): the mask and block matches
// of a lexgate.ScanResult as an engine result in byte offsets of
// text.utf8() (prepared). Throws py::type_error / py::value_error for a
// result that does not fit the text.
lexgate::ScanResult ToEngineResult(const TextView& text, py::handle result);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_RESULTS_H_
