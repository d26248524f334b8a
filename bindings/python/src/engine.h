// The native side of lexgate.Engine: scanning, redaction and batches with
// the GIL released, serialization.
#ifndef LEXGATE_BINDINGS_PYTHON_SRC_ENGINE_H_
#define LEXGATE_BINDINGS_PYTHON_SRC_ENGINE_H_

#include <pybind11/pybind11.h>

#include <cstddef>
#include <memory>
#include <optional>

#include "lexgate/engine.h"
#include "policy.h"
#include "results.h"
#include "stream.h"

namespace lexgate_python {

namespace py = pybind11;

// Thread safety: every method may be called from many Python threads at
// once; the shared lexgate::Engine is immutable and the GIL guards the
// string cache.
class PyEngine {
 public:
  explicit PyEngine(std::shared_ptr<const lexgate::Engine> engine)
      : engine_(std::move(engine)) {}

  // `policy` (may be null) is applied before the result becomes Python
  // objects. `detail` as Engine::Scan's: kBrief leaves each match's pattern
  // empty and its variant 'none' (its text is still the slice of `text`).
  py::object Scan(py::handle text, const PyPolicy* policy,
                  lexgate::MatchDetail detail);
  // `result`: None, or the result of Scan(text) (saves a second scan).
  py::object Redact(py::handle text, py::handle result);
  // `threads`: 0 = one per hardware thread.
  py::list ScanMany(py::iterable texts, size_t threads, const PyPolicy* policy,
                    lexgate::MatchDetail detail);
  py::object Fold(py::handle text) const;

  py::bytes ToBytes() const;
  static PyEngine FromBytes(py::handle blob);
  static PyEngine FromFile(const std::string& path);

  // For bench/python_overhead.py: seconds per Engine::Scan(text) call,
  // averaged over `iterations` calls made in C++ with the GIL released.
  double TimeScan(py::handle text, size_t iterations) const;

  py::dict Options() const;
  std::string fingerprint() const { return engine_->fingerprint(); }
  // (id, category, action, severity, keywords, regexes) per rule.
  py::list Rules() const;
  // [(code, zh, en, description, risk)] of Engine::declared_categories().
  py::list DeclaredCategories() const;
  size_t rule_count() const { return engine_->rule_count(); }
  size_t database_bytes() const { return engine_->database_bytes(); }
  // Whether it was compiled to stream (compile(streaming=True)).
  bool streaming() const { return engine_->options().streaming; }

  // A guard for one streamed text (engine.stream()); ValueError when the
  // engine cannot stream (compiled without streaming, rules with
  // normalize = false) or an option is out of range. `policy` (may be
  // null) applies to what the stream reports.
  PyStream OpenStream(size_t max_hold, size_t batch,
                      const PyPolicy* policy) const;

 private:
  std::shared_ptr<const lexgate::Engine> engine_;
  RuleStrings names_;
};

}  // namespace lexgate_python

#endif  // LEXGATE_BINDINGS_PYTHON_SRC_ENGINE_H_
