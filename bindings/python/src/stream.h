// The native side of lexgate.Stream: the streaming guard for one answer.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
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
  // blocked, and returns nothing more). So they do when the text the C++
  // stream released cannot be handed to Python (out of memory building the
  // str or bytes): that text is lost, and a stream that goes on would
  // return text with a hole in it, so the PyStream is blocked from then on
  // (`lost_`): blocked, verdict "block", error set, held_back 0, feed() and
  // finish() return nothing.
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
  // Out() for text the stream released: records a failure to build it in
  // `lost_` and raises ScanError instead of the failure (MemoryError).
  py::object Release(const std::string& utf8);
  // Raises ScanError the first time the stream reports an error.
  void CheckError();

  std::shared_ptr<const lexgate::Engine> engine_;
  lexgate::Stream stream_;
  std::optional<bool> is_str_;  // fixed by the first delta
  bool finished_ = false;
  bool raised_ = false;
  bool busy_ = false;  // a feed() scans without the GIL; read under the GIL
  // Not OK once released text was lost (Release()): the stream is then
  // blocked for Python, though the C++ stream, which has no abort, is not.
  absl::Status lost_;
  RuleStrings names_;
};

// Tests only (lexgate._core._fail_stream_output_for_testing): the next `n`
// non-empty outputs of feed()/finish(), of any stream, fail as if building
// their str or bytes ran out of memory. 0 turns it off. Call with the GIL.
void FailStreamOutputForTesting(int n);

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_STREAM_H_
