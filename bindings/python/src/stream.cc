#include "stream.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "errors.h"
#include "text.h"

namespace lexgate_python {
namespace {

// FailStreamOutputForTesting(): outputs still to fail. Read and written
// with the GIL held only.
int fail_outputs_for_testing = 0;

}  // namespace

void FailStreamOutputForTesting(int n) {
  fail_outputs_for_testing = std::max(n, 0);
}

py::object PyStream::Out(const std::string& utf8) const {
  if (!is_str_.value_or(true)) {
    // Not py::bytes(): it throws a plain runtime_error when out of memory.
    PyObject* bytes = PyBytes_FromStringAndSize(
        utf8.data(), static_cast<Py_ssize_t>(utf8.size()));
    if (bytes == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::bytes>(bytes);
  }
  // What a stream releases ends at a character boundary of valid UTF-8
  // (a str's deltas are encoded whole, lone surrogates as U+FFFD).
  PyObject* str = PyUnicode_DecodeUTF8(
      utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

py::object PyStream::Release(const std::string& utf8) {
  if (utf8.empty()) return Out(utf8);
  try {
    if (fail_outputs_for_testing > 0) {
      --fail_outputs_for_testing;
      PyErr_NoMemory();
      throw py::error_already_set();
    }
    return Out(utf8);
  } catch (py::error_already_set&) {
    // The C++ stream has released this text and keeps no copy: it is lost.
    // Going on would hand the caller text with a hole in it, and a
    // MemoryError would read as a passing failure of a stream that still
    // says "allow". Fail closed, as for any stream that cannot finish its
    // work. (The MemoryError is dropped with the error_already_set.)
    lost_ = absl::ResourceExhaustedError(
        "out of memory handing over " + std::to_string(utf8.size()) +
        " bytes of screened text that the stream had released: that text "
        "is lost, so the stream is blocked");
    RaiseScanError(lost_);
  }
}

void PyStream::CheckIdle() const {
  if (busy_) {
    throw std::runtime_error(
        "lexgate.Stream is busy: another thread's feed() is scanning it "
        "(a stream serves one caller at a time; wait for that feed())");
  }
}

void PyStream::CheckError() {
  if (raised_ || stream_.status().ok()) return;
  raised_ = true;
  RaiseScanError(stream_.status());
}

py::object PyStream::Feed(py::handle delta) {
  CheckIdle();
  TextView text(delta, "delta");
  if (!is_str_.has_value()) is_str_ = text.is_str();
  if (*is_str_ != text.is_str()) {
    throw py::type_error(*is_str_
                             ? "this stream was fed str; got a bytes delta"
                             : "this stream was fed bytes; got a str delta");
  }
  // Text was lost (Release()): blocked, it takes and returns nothing.
  if (!lost_.ok()) return Out("");
  if (finished_) {
    // A blocked stream takes nothing and returns nothing, finished or not.
    if (stream_.blocked()) return Out("");
    // Its text has ended: a later delta would be neither scanned nor
    // released, and the caller would never learn that.
    throw py::value_error(
        "feed() after finish(): this stream's text has ended (open a new "
        "stream for the next text)");
  }
  text.Prepare();
  const std::string_view utf8 = text.utf8();
  std::string out;
  if (utf8.size() > 4096) {
    // Other threads may run Python meanwhile: busy_ turns their calls on
    // this stream away (reset once the GIL is back: `idle` outlives
    // `release`).
    busy_ = true;
    struct Idle {
      bool* busy;
      ~Idle() { *busy = false; }
    } idle{&busy_};
    py::gil_scoped_release release;
    out = stream_.Feed(utf8);
  } else {
    out = stream_.Feed(utf8);  // too short to be worth releasing the GIL
  }
  CheckError();
  return Release(out);
}

py::object PyStream::Finish() {
  CheckIdle();
  if (finished_) return Out("");
  finished_ = true;
  if (!lost_.ok()) return Out("");  // blocked: nothing more comes out
  std::string out = stream_.Finish();
  CheckError();
  return Release(out);
}

bool PyStream::Blocked() const {
  CheckIdle();
  return !lost_.ok() || stream_.blocked();
}

size_t PyStream::HeldBack() const {
  CheckIdle();
  // What the C++ stream still holds will never come out.
  return lost_.ok() ? stream_.held_back() : 0;
}

py::object PyStream::Error() const {
  CheckIdle();
  // The stream's own error comes first: once it failed, nothing was
  // released, so nothing could be lost after it.
  const absl::Status& status = stream_.status().ok() ? lost_ : stream_.status();
  if (status.ok()) return py::none();
  const auto message = status.message();
  return py::str(std::string(message.data(), message.size()));
}

py::str PyStream::Verdict() const {
  CheckIdle();
  if (!lost_.ok()) return ActionString(lexgate::Action::kBlock);
  return ActionString(stream_.verdict());
}

py::list PyStream::Matches() {
  CheckIdle();
  const std::vector<lexgate::Match>& matches = stream_.matches();
  const std::vector<lexgate::CharSpan>& spans = stream_.char_spans();
  const bool str = is_str_.value_or(true);
  py::list out;
  for (size_t i = 0; i < matches.size(); ++i) {
    const lexgate::Match* m = &matches[i];
    const size_t start = str ? spans[i].start : m->start;
    const size_t end = str ? spans[i].end : m->end;
    out.append(MakeMatch(*m, start, end, Out(m->text), &names_));
  }
  return out;
}

}  // namespace lexgate_python
