#include "stream.h"

#include <string>
#include <string_view>
#include <utility>

#include "text.h"

namespace lexgate_python {

py::object PyStream::Out(const std::string& utf8) const {
  if (!*is_str_) return py::bytes(utf8);
  // What a stream releases ends at a character boundary of valid UTF-8
  // (a str's deltas are encoded whole, lone surrogates as U+FFFD).
  PyObject* str = PyUnicode_DecodeUTF8(
      utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

py::object PyStream::Feed(py::handle delta) {
  TextView text(delta, "delta");
  if (!is_str_.has_value()) is_str_ = text.is_str();
  if (*is_str_ != text.is_str()) {
    throw py::type_error(*is_str_
                             ? "this stream was fed str; got a bytes delta"
                             : "this stream was fed bytes; got a str delta");
  }
  if (finished_) return Out("");
  text.Prepare();
  const std::string_view utf8 = text.utf8();
  text_.append(utf8);
  std::string out;
  if (utf8.size() > 4096) {
    py::gil_scoped_release release;
    out = stream_.Feed(utf8);
  } else {
    out = stream_.Feed(utf8);  // too short to be worth releasing the GIL
  }
  return Out(out);
}

py::object PyStream::Finish() {
  if (!is_str_.has_value()) is_str_ = true;
  if (finished_) return Out("");
  finished_ = true;
  return Out(stream_.Finish());
}

py::list PyStream::Matches() {
  if (!is_str_.has_value()) return py::list();
  // The whole text as the caller gave it, so that Match.text is a slice of
  // it and offsets are its indices.
  py::object whole =
      *is_str_ ? py::object(py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(
                     text_.data(), static_cast<Py_ssize_t>(text_.size()),
                     "replace")))
               : py::object(py::bytes(text_));
  TextView view(whole, "text");
  view.Prepare();
  lexgate::ScanResult result;
  result.verdict = stream_.verdict();
  result.matches = stream_.matches();
  const std::vector<size_t> indices = PythonIndices(view, result);
  return MakeScanResult(view, result, indices, &names_).attr("matches");
}

}  // namespace lexgate_python
