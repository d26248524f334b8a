#include "results.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexgate/offsets.h"

namespace lexgate_python {
namespace {

PyTypeObject* match_type = nullptr;
PyObject* action_strings[4] = {nullptr, nullptr, nullptr, nullptr};

py::object Steal(PyObject* obj) {
  if (obj == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(obj);
}

PyStructSequence_Field match_fields[] = {
    {"rule", "Id of the rule that matched, e.g. 'pii.cn.mobile'."},
    {"category", "Category of the rule, e.g. 'pii.phone'."},
    {"action",
     "What the rule asks for: 'flag', 'mask' or 'block' (allow matches only "
     "cancel others and are not reported)."},
    {"severity", "Severity of the rule, 1 (low) .. 5 (critical)."},
    {"start",
     "Start of the span: a str index (code points) for str input, a byte "
     "offset for bytes input."},
    {"end", "End of the span (exclusive), in the same unit as start."},
    {"text", "The original text of the span: text[start:end]."},
    {"pattern",
     "Why it matched: the keyword as written in the rule, or the regex."},
    {"variant",
     "How the text differs from the pattern: 'none', 'lookalike', 'leet', "
     "'wildcard', 'repeat', 'pinyin', 'initials' or 'homophone'."},
    {nullptr, nullptr},
};

PyStructSequence_Desc match_desc = {
    "lexgate.Match",
    "One occurrence of a rule in a scanned text.\n\n"
    "A read-only named tuple (rule, category, action, severity, start, end,\n"
    "text), with the attributes pattern and variant (why it matched) outside\n"
    "the tuple. For every match of Engine.scan(text),\n"
    "text[m.start:m.end] == m.text: indices are str indices (code points)\n"
    "for str input, including emoji and other astral-plane characters, and\n"
    "byte offsets (with text as bytes) for bytes input.",
    match_fields,
    kMatchFieldCount,
};

std::string Repr(py::handle obj) { return py::repr(obj).cast<std::string>(); }

// --- lexgate.ScanResult ------------------------------------------------------

struct ScanResultObject {
  PyObject ob_base;   // PyObject_HEAD
  PyObject* verdict;  // interned action name
  PyObject* matches;  // list of Match; null only after clear
  int action;         // lexgate::Action of the verdict
};

PyTypeObject* scan_result_type = nullptr;

ScanResultObject* AsResult(PyObject* self) {
  return reinterpret_cast<ScanResultObject*>(self);
}

// Steals `matches` (a list).
PyObject* NewScanResult(PyTypeObject* type, lexgate::Action action,
                        PyObject* matches) {
  auto* self = PyObject_GC_New(ScanResultObject, type);
  if (self == nullptr) {
    Py_DECREF(matches);
    return nullptr;
  }
  self->verdict = action_strings[static_cast<int>(action)];
  Py_INCREF(self->verdict);
  self->matches = matches;
  self->action = static_cast<int>(action);
  PyObject_GC_Track(self);
  return reinterpret_cast<PyObject*>(self);
}

int ScanResultTraverse(PyObject* self, visitproc visit, void* arg) {
  Py_VISIT(Py_TYPE(self));
  Py_VISIT(AsResult(self)->verdict);
  Py_VISIT(AsResult(self)->matches);
  return 0;
}

int ScanResultClear(PyObject* self) {
  Py_CLEAR(AsResult(self)->verdict);
  Py_CLEAR(AsResult(self)->matches);
  return 0;
}

void ScanResultDealloc(PyObject* self) {
  PyTypeObject* type = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  ScanResultClear(self);
  type->tp_free(self);
  Py_DECREF(type);
}

PyObject* Matches(PyObject* self) {
  PyObject* matches = AsResult(self)->matches;
  if (matches == nullptr) return PyList_New(0);
  Py_INCREF(matches);
  return matches;
}

Py_ssize_t ScanResultLength(PyObject* self) {
  PyObject* matches = AsResult(self)->matches;
  return matches == nullptr ? 0 : PyList_GET_SIZE(matches);
}

int ScanResultBool(PyObject* self) { return ScanResultLength(self) > 0; }

PyObject* ScanResultIter(PyObject* self) {
  PyObject* matches = Matches(self);
  if (matches == nullptr) return nullptr;
  PyObject* iter = PyObject_GetIter(matches);
  Py_DECREF(matches);
  return iter;
}

PyObject* ScanResultRepr(PyObject* self) {
  PyObject* matches = Matches(self);
  if (matches == nullptr) return nullptr;
  PyObject* repr =
      PyUnicode_FromFormat("ScanResult(verdict=%R, matches=%R)",
                           action_strings[AsResult(self)->action], matches);
  Py_DECREF(matches);
  return repr;
}

PyObject* ScanResultCompare(PyObject* self, PyObject* other, int op) {
  if ((op != Py_EQ && op != Py_NE) ||
      !PyObject_TypeCheck(other, scan_result_type)) {
    Py_RETURN_NOTIMPLEMENTED;
  }
  bool equal = AsResult(self)->action == AsResult(other)->action;
  if (equal) {
    PyObject* a = Matches(self);
    PyObject* b = Matches(other);
    int same = (a && b) ? PyObject_RichCompareBool(a, b, Py_EQ) : -1;
    Py_XDECREF(a);
    Py_XDECREF(b);
    if (same < 0) return nullptr;
    equal = same == 1;
  }
  return PyBool_FromLong(equal == (op == Py_EQ));
}

// ScanResult(verdict, matches=()).
PyObject* ScanResultNew(PyTypeObject* type, PyObject* args, PyObject* kwargs) {
  static const char* keywords[] = {"verdict", "matches", nullptr};
  const char* verdict = nullptr;
  PyObject* iterable = nullptr;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|O:ScanResult",
                                   const_cast<char**>(keywords), &verdict,
                                   &iterable)) {
    return nullptr;
  }
  std::optional<lexgate::Action> action = lexgate::ParseAction(verdict);
  if (!action.has_value()) {
    PyErr_Format(PyExc_ValueError,
                 "unknown action '%s' (expected one of: allow, flag, mask, "
                 "block)",
                 verdict);
    return nullptr;
  }
  PyObject* matches =
      iterable == nullptr ? PyList_New(0) : PySequence_List(iterable);
  if (matches == nullptr) return nullptr;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(matches); ++i) {
    PyObject* item = PyList_GET_ITEM(matches, i);
    if (!PyObject_TypeCheck(item, match_type)) {
      PyErr_Format(PyExc_TypeError, "matches must hold lexgate.Match, not %s",
                   Py_TYPE(item)->tp_name);
      Py_DECREF(matches);
      return nullptr;
    }
  }
  return NewScanResult(type, *action, matches);
}

PyObject* GetVerdict(PyObject* self, void*) {
  PyObject* verdict = action_strings[AsResult(self)->action];
  Py_INCREF(verdict);
  return verdict;
}

// A copy: a caller that edits the list it got (filters it in place) must
// not change what the result is, nor what redact(text, result) masks.
PyObject* GetMatches(PyObject* self, void*) {
  PyObject* matches = AsResult(self)->matches;
  if (matches == nullptr) return PyList_New(0);
  return PyList_GetSlice(matches, 0, PyList_GET_SIZE(matches));
}

PyObject* GetBlocked(PyObject* self, void*) {
  return PyBool_FromLong(AsResult(self)->action ==
                         static_cast<int>(lexgate::Action::kBlock));
}

PyObject* ScanResultReduce(PyObject* self, PyObject*) {
  PyObject* matches = Matches(self);
  if (matches == nullptr) return nullptr;
  return Py_BuildValue("O(ON)", reinterpret_cast<PyObject*>(Py_TYPE(self)),
                       action_strings[AsResult(self)->action], matches);
}

PyGetSetDef scan_result_getset[] = {
    {"verdict", GetVerdict, nullptr,
     "'allow' | 'flag' | 'mask' | 'block': the strongest action among the "
     "matches ('allow' when nothing matched).",
     nullptr},
    {"matches", GetMatches, nullptr,
     "list[Match], ordered by start (then longer first); a new list each "
     "time (editing it leaves the result as it is).",
     nullptr},
    {"blocked", GetBlocked, nullptr,
     "True when the verdict is 'block': the caller should refuse the whole "
     "text.",
     nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyMethodDef scan_result_methods[] = {
    {"__reduce__", ScanResultReduce, METH_NOARGS, "Pickling support."},
    {nullptr, nullptr, 0, nullptr},
};

const char kScanResultDoc[] =
    R"(ScanResult(verdict, matches=())

The outcome of scanning one text.

verdict:  the strongest action among the matches: "block" > "mask" > "flag";
          "allow" when nothing matched.
matches:  list of Match, ordered by start (then longer first).
blocked:  verdict == "block": the caller should refuse the whole text.

bool(result) is True when something matched; len(result) is the number of
matches and iterating a result iterates its matches. Results compare equal
when verdict and matches are equal, and pickle.

ScanResult(verdict, matches) builds one by hand (for tests, or to pass an
edited result to Engine.redact()).)";

PyType_Slot scan_result_slots[] = {
    {Py_tp_doc, const_cast<char*>(kScanResultDoc)},
    {Py_tp_new, reinterpret_cast<void*>(ScanResultNew)},
    {Py_tp_dealloc, reinterpret_cast<void*>(ScanResultDealloc)},
    {Py_tp_traverse, reinterpret_cast<void*>(ScanResultTraverse)},
    {Py_tp_clear, reinterpret_cast<void*>(ScanResultClear)},
    {Py_tp_repr, reinterpret_cast<void*>(ScanResultRepr)},
    {Py_tp_richcompare, reinterpret_cast<void*>(ScanResultCompare)},
    {Py_tp_hash, reinterpret_cast<void*>(PyObject_HashNotImplemented)},
    {Py_tp_iter, reinterpret_cast<void*>(ScanResultIter)},
    {Py_tp_getset, scan_result_getset},
    {Py_tp_methods, scan_result_methods},
    {Py_nb_bool, reinterpret_cast<void*>(ScanResultBool)},
    {Py_sq_length, reinterpret_cast<void*>(ScanResultLength)},
    {0, nullptr},
};

PyType_Spec scan_result_spec = {
    "lexgate.ScanResult",
    sizeof(ScanResultObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    scan_result_slots,
};

}  // namespace

py::str ActionString(lexgate::Action action) {
  return py::reinterpret_borrow<py::str>(
      action_strings[static_cast<int>(action)]);
}

lexgate::Action ParseActionOrThrow(std::string_view name) {
  std::optional<lexgate::Action> action = lexgate::ParseAction(name);
  if (!action.has_value()) {
    throw py::value_error("unknown action '" + std::string(name) +
                          "' (expected one of: allow, flag, mask, block)");
  }
  return *action;
}

const RuleStrings::Names& RuleStrings::Get(const lexgate::Match& match) {
  auto it = names_.find(match.rule);
  if (it == names_.end()) {
    it = names_
             .emplace(match.rule,
                      Names{py::str(match.rule), py::str(match.category)})
             .first;
  }
  return it->second;
}

std::vector<size_t> PythonIndices(const TextView& text,
                                  const lexgate::ScanResult& result) {
  std::vector<size_t> indices;
  if (text.identity_offsets() || result.matches.empty()) return indices;
  const std::vector<lexgate::CharSpan> spans =
      lexgate::ToCharSpans(text.utf8(), result.matches);
  indices.reserve(2 * spans.size());
  for (const lexgate::CharSpan& span : spans) {
    indices.push_back(span.start);  // 2i
    indices.push_back(span.end);    // 2i + 1
  }
  return indices;
}

py::object MakeMatch(const lexgate::Match& m, size_t start, size_t end,
                     py::object text, RuleStrings* names) {
  py::object match = Steal(PyStructSequence_New(match_type));
  const RuleStrings::Names& name = names->Get(m);
  PyObject* p = match.ptr();
  PyStructSequence_SET_ITEM(p, kRule, name.rule.inc_ref().ptr());
  PyStructSequence_SET_ITEM(p, kCategory, name.category.inc_ref().ptr());
  PyStructSequence_SET_ITEM(p, kAction, ActionString(m.action).release().ptr());
  PyStructSequence_SET_ITEM(p, kSeverity,
                            Steal(PyLong_FromLong(m.severity)).release().ptr());
  PyStructSequence_SET_ITEM(p, kStart,
                            Steal(PyLong_FromSize_t(start)).release().ptr());
  PyStructSequence_SET_ITEM(p, kEnd,
                            Steal(PyLong_FromSize_t(end)).release().ptr());
  PyStructSequence_SET_ITEM(p, kText, text.release().ptr());
  PyStructSequence_SET_ITEM(
      p, kPattern,
      Steal(PyUnicode_FromStringAndSize(
                m.pattern.data(), static_cast<Py_ssize_t>(m.pattern.size())))
          .release()
          .ptr());
  const std::string_view variant = lexgate::VariantName(m.variant);
  PyStructSequence_SET_ITEM(
      p, kVariant,
      Steal(PyUnicode_FromStringAndSize(
                variant.data(), static_cast<Py_ssize_t>(variant.size())))
          .release()
          .ptr());
  // Only str, int and bytes inside, and a Match is immutable: it can never
  // be part of a reference cycle, so the collector need not track it (as
  // CPython does for such plain tuples).
  PyObject_GC_UnTrack(p);
  return match;
}

py::object MakeScanResult(const TextView& text,
                          const lexgate::ScanResult& result,
                          const std::vector<size_t>& indices,
                          RuleStrings* names) {
  const size_t n = result.matches.size();
  py::object matches = Steal(PyList_New(static_cast<Py_ssize_t>(n)));
  const bool converted = !indices.empty();
  for (size_t i = 0; i < n; ++i) {
    const lexgate::Match& m = result.matches[i];
    const size_t start = converted ? indices[2 * i] : m.start;
    const size_t end = converted ? indices[2 * i + 1] : m.end;
    PyList_SET_ITEM(matches.ptr(), static_cast<Py_ssize_t>(i),
                    MakeMatch(m, start, end, text.Slice(start, end), names)
                        .release()
                        .ptr());
  }
  return Steal(
      NewScanResult(scan_result_type, result.verdict, matches.release().ptr()));
}

lexgate::ScanResult ToEngineResult(const TextView& text, py::handle result) {
  if (!PyObject_TypeCheck(result.ptr(), scan_result_type)) {
    throw py::type_error(
        std::string("result must be a lexgate.ScanResult, not ") +
        Py_TYPE(result.ptr())->tp_name);
  }
  py::object scanned_matches = Steal(Matches(result.ptr()));
  const bool identity = text.identity_offsets();
  const size_t length =
      text.is_str()
          ? static_cast<size_t>(PyUnicode_GET_LENGTH(text.object().ptr()))
          : text.utf8().size();
  lexgate::ScanResult out;
  out.verdict = static_cast<lexgate::Action>(AsResult(result.ptr())->action);
  std::vector<size_t> code_points;  // start and end of each match
  for (py::handle item : scanned_matches) {
    PyObject* p = item.ptr();
    if (!PyObject_TypeCheck(p, match_type)) {
      throw py::type_error("ScanResult.matches must hold lexgate.Match, not " +
                           std::string(Py_TYPE(p)->tp_name));
    }
    // A result of the other text type counts offsets in other units (code
    // points for str, bytes for bytes): applied here it would mask the
    // wrong bytes, and could cut a character in two.
    PyObject* matched = PyStructSequence_GET_ITEM(p, kText);
    if ((PyUnicode_Check(matched) && !text.is_str()) ||
        (PyBytes_Check(matched) && text.is_str())) {
      throw py::value_error(std::string("the result comes from scanning a ") +
                            (text.is_str() ? "bytes" : "str") +
                            " text, and this text is " +
                            (text.is_str() ? "a str" : "bytes") +
                            ": pass the result of scanning this very text");
    }
    const lexgate::Action action = ParseActionOrThrow(MatchFieldAs<std::string>(
        PyStructSequence_GET_ITEM(p, kAction), "action"));
    if (action != lexgate::Action::kMask && action != lexgate::Action::kBlock) {
      continue;
    }
    const auto start =
        MatchFieldAs<Py_ssize_t>(PyStructSequence_GET_ITEM(p, kStart), "start");
    const auto end =
        MatchFieldAs<Py_ssize_t>(PyStructSequence_GET_ITEM(p, kEnd), "end");
    if (start < 0 || end < start || static_cast<size_t>(end) > length) {
      throw py::value_error("match " + Repr(item) +
                            " does not fit a text of length " +
                            std::to_string(length));
    }
    lexgate::Match match;
    match.rule =
        MatchFieldAs<std::string>(PyStructSequence_GET_ITEM(p, kRule), "rule");
    match.action = action;
    match.start = static_cast<size_t>(start);
    match.end = static_cast<size_t>(end);
    if (!identity) {
      code_points.push_back(match.start);
      code_points.push_back(match.end);
    }
    out.matches.push_back(std::move(match));
  }
  if (!identity && !out.matches.empty()) {
    // In range: every offset was checked against the text's length.
    const std::vector<size_t> bytes =
        lexgate::ToByteOffsets(text.utf8(), code_points);
    for (size_t i = 0; i < out.matches.size(); ++i) {
      out.matches[i].start = bytes[2 * i];
      out.matches[i].end = bytes[2 * i + 1];
    }
  }
  // Redaction merges overlapping spans in order of start.
  std::stable_sort(out.matches.begin(), out.matches.end(),
                   [](const lexgate::Match& a, const lexgate::Match& b) {
                     return a.start != b.start ? a.start < b.start
                                               : a.end > b.end;
                   });
  return out;
}

void DefineResultTypes(py::module_& m) {
  const char* names[4] = {"allow", "flag", "mask", "block"};
  for (int i = 0; i < 4; ++i) {
    action_strings[i] = PyUnicode_InternFromString(names[i]);
    if (action_strings[i] == nullptr) throw py::error_already_set();
  }

  match_type = PyStructSequence_NewType(&match_desc);
  if (match_type == nullptr) throw py::error_already_set();
  m.add_object("Match", reinterpret_cast<PyObject*>(match_type));

  scan_result_type =
      reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&scan_result_spec));
  if (scan_result_type == nullptr) throw py::error_already_set();
  m.add_object("ScanResult", reinterpret_cast<PyObject*>(scan_result_type));
}

}  // namespace lexgate_python
