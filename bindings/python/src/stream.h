// The native side of lexgate.Stream: the streaming guard for one answer.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "lexgate/engine.h"
#include "lexgate/stream.h"
#include "results.h"

namespace lexgate_python {

namespace py = pybind11;

// Deltas are all str or all bytes-like (fixed by the first one); what comes
// out is of the same type. Offsets in `matches` are str indices of the
// whole text fed so far for str, byte offsets for bytes. Keeps no copy of
// the answer: the C++ stream gives the code-point spans.
// Thread safety: not thread-safe (one Stream per answer), like the C++
// Stream. The GIL serialises Python callers, except while a long delta is
// scanned without it: any call made meanwhile (from another thread) raises
// RuntimeError instead of touching the stream.
class PyStream {
 public:
  // A per-request policy is the stream's own (StreamOptions::policy): it
  // decides what is masked, released, stopped and reported alike.
  PyStream(std::shared_ptr<const lexgate::Engine> engine,
           lexgate::Stream stream)
      : engine_(std::move(engine)), stream_(std::move(stream)) {}

  // Both raise lexgate.ScanError when the stream fails (it is then
  // blocked, and returns nothing more).
  py::object Feed(py::handle delta);
  py::object Finish();
  py::str Verdict() const;
  bool Blocked() const;
  py::object Error() const;
  py::list Matches();
  size_t HeldBack() const;
  bool finished() const { return finished_; }

 private:
  // Raises RuntimeError while a feed() runs without the GIL.
  void CheckIdle() const;
  py::object Out(const std::string& utf8) const;
  // Raises ScanError the first time the stream reports an error.
  void CheckError();

  std::shared_ptr<const lexgate::Engine> engine_;
  lexgate::Stream stream_;
  std::optional<bool> is_str_;  // fixed by the first delta
  bool finished_ = false;
  bool raised_ = false;
  bool busy_ = false;  // a feed() scans without the GIL; read under the GIL
  RuleStrings names_;
};

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_
