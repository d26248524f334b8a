#include "engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "errors.h"
#include "lexgate/offsets.h"
#include "options.h"
#include "text.h"

namespace lexgate_python {
namespace {

bool IsMaskOrBlock(const lexgate::Match& m) {
  return m.action == lexgate::Action::kMask ||
         m.action == lexgate::Action::kBlock;
}

py::str DecodeUtf8(std::string_view utf8) {
  // The engine's output is valid UTF-8 whenever its input was.
  PyObject* str = PyUnicode_DecodeUTF8(
      utf8.data(), static_cast<Py_ssize_t>(utf8.size()), "replace");
  if (str == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(str);
}

// The text unchanged, in the type redact() returns for it.
py::object Unchanged(const TextView& text) {
  if (text.is_str() || PyBytes_CheckExact(text.object().ptr())) {
    return py::reinterpret_borrow<py::object>(text.object());
  }
  return py::bytes(text.utf8().data(), text.utf8().size());
}

// Redaction of a str that held lone surrogates: they were scanned as
// U+FFFD, but the text outside the masked spans must come back unchanged.
// Each group of overlapping spans (merged as the engine merges them) is
// redacted on its own; the str between the groups is copied as is.
py::object RedactKeepingSurrogates(const lexgate::Engine& engine,
                                   const TextView& text,
                                   const lexgate::ScanResult& result) {
  struct Group {
    size_t begin;
    size_t end;
    lexgate::ScanResult spans;  // relative to begin
  };
  std::vector<Group> groups;
  for (const lexgate::Match& m : result.matches) {  // ordered by start
    if (!IsMaskOrBlock(m)) continue;
    if (groups.empty() || m.start >= groups.back().end) {
      groups.push_back({m.start, m.end, {}});
    }
    Group& g = groups.back();
    g.end = std::max(g.end, m.end);
    lexgate::Match local = m;
    local.start -= g.begin;
    local.end -= g.begin;
    g.spans.matches.push_back(std::move(local));
  }
  std::vector<lexgate::ByteSpan> spans;
  spans.reserve(groups.size());
  for (const Group& g : groups) spans.push_back({g.begin, g.end});
  const std::vector<lexgate::CharSpan> chars =
      lexgate::ToCharSpans(text.utf8(), spans);
  py::list pieces;
  size_t pos = 0;  // str index
  for (size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    const std::string replaced =
        engine.Redact(text.utf8().substr(g.begin, g.end - g.begin), g.spans);
    pieces.append(text.Slice(pos, chars[i].start));
    pieces.append(DecodeUtf8(replaced));
    pos = chars[i].end;
  }
  pieces.append(text.Slice(
      pos, static_cast<size_t>(PyUnicode_GET_LENGTH(text.object().ptr()))));
  return py::str("").attr("join")(pieces);
}

// Pauses the cyclic garbage collector while a batch of results is built:
// the new objects cannot form cycles, and with a few hundred thousand of
// them the collections triggered by their allocation cost more than making
// them. No Python code runs meanwhile, so no other thread sees the pause.
class GcPause {
 public:
  GcPause() {
#if PY_VERSION_HEX >= 0x030A0000
    was_enabled_ = PyGC_Disable() == 1;
#endif
  }
  ~GcPause() {
#if PY_VERSION_HEX >= 0x030A0000
    if (was_enabled_) PyGC_Enable();
#endif
  }
  GcPause(const GcPause&) = delete;
  GcPause& operator=(const GcPause&) = delete;

 private:
  bool was_enabled_ = false;
};

bool IsText(py::handle obj) {
  return PyUnicode_Check(obj.ptr()) || PyObject_CheckBuffer(obj.ptr());
}

// Batches smaller than this are scanned on the calling thread when the
// caller did not ask for a number of threads: starting threads would cost
// more than it saves.
constexpr size_t kMinParallelBytes = 64 * 1024;

size_t WorkerCount(size_t requested, size_t texts, size_t bytes) {
  size_t workers = requested;
  if (workers == 0) {
    if (bytes < kMinParallelBytes) return 1;
    workers = std::max(1u, std::thread::hardware_concurrency());
  }
  return std::max<size_t>(1, std::min(workers, texts));
}

// What a worker made of one text of scan_many(), until its Python objects
// are made.
struct ScannedText {
  lexgate::ScanResult result;
  std::vector<size_t> indices;
  absl::Status status;
};

[[noreturn]] void RaiseTextError(size_t i, const absl::Status& status) {
  RaiseScanError(absl::Status(
      status.code(),
      "texts[" + std::to_string(i) + "]: " +
          std::string(status.message().data(), status.message().size())));
}

// scan_many() on several threads: chunks of texts are handed out in
// order, to `helpers` threads of its own and to the calling thread, which
// between its chunks makes the Python objects of each chunk as soon as it
// is scanned (ScanUntil()). Making objects needs the GIL and costs about as
// much as scanning: done after every scan, it held two threads to ~1.35x one.
// The helpers never touch Python. Finish() (also the destructor, when
// making objects throws) stops them after their current chunk and rethrows
// the first exception one of them raised.
class ScanPipeline {
 public:
  using ScanFn = std::function<void(size_t)>;

  ScanPipeline(size_t n, size_t helpers, ScanFn scan)
      : n_(n),
        chunk_(std::clamp<size_t>(n / ((helpers + 1) * 16), 1, 64)),
        chunks_((n + chunk_ - 1) / chunk_),
        scan_(std::move(scan)),
        done_(chunks_) {
    threads_.reserve(helpers);
    for (size_t k = 0; k < helpers; ++k) {
      try {
        threads_.emplace_back([this] {
          try {
            while (ScanNextChunk()) {
            }
          } catch (...) {
            Fail(std::current_exception());
          }
        });
      } catch (const std::system_error&) {
        break;  // no more threads to be had: go on with those we have
      }
    }
  }
  ~ScanPipeline() { Stop(); }
  ScanPipeline(const ScanPipeline&) = delete;
  ScanPipeline& operator=(const ScanPipeline&) = delete;

  size_t chunks() const { return chunks_; }
  size_t begin(size_t c) const { return c * chunk_; }
  size_t end(size_t c) const { return std::min(n_, (c + 1) * chunk_); }

  // For the calling thread, without the GIL: scans chunks until chunk `c`
  // is scanned, then returns true; false when a helper failed (Finish()
  // rethrows why).
  bool ScanUntil(size_t c) {
    while (!Done(c)) {
      if (!ScanNextChunk()) {
        // Every chunk is taken: wait for the helper scanning `c`.
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [&] { return done_[c] || stop_.load(); });
        return done_[c];
      }
    }
    return true;
  }

  void Finish() {
    Stop();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  bool Done(size_t c) {
    std::lock_guard<std::mutex> lock(mu_);
    return done_[c];
  }

  // Takes the next chunk and scans it; false when none is left (or the
  // pipeline stopped).
  bool ScanNextChunk() {
    if (stop_.load(std::memory_order_relaxed)) return false;
    const size_t c = next_.fetch_add(1, std::memory_order_relaxed);
    if (c >= chunks_) return false;
    for (size_t i = begin(c); i < end(c); ++i) scan_(i);
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_[c] = true;
    }
    ready_.notify_all();
    return true;
  }

  void Fail(std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!error_) error_ = std::move(error);
    stop_ = true;
    ready_.notify_all();
  }

  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  const size_t n_, chunk_, chunks_;
  const ScanFn scan_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable ready_;
  std::vector<bool> done_;    // guarded by mu_
  std::exception_ptr error_;  // guarded by mu_ until the helpers are joined
  std::vector<std::thread> threads_;
};

}  // namespace

py::object PyEngine::Scan(py::handle text, const PyPolicy* policy,
                          lexgate::MatchDetail detail) {
  TextView view(text, "text");
  lexgate::ScanResult result;
  std::vector<size_t> indices;
  absl::Status status;
  if (view.size_hint() > 0) {
    py::gil_scoped_release release;
    view.Prepare();
    absl::StatusOr<lexgate::ScanResult> scanned =
        engine_->Scan(view.utf8(), detail);
    if (scanned.ok()) {
      result = *std::move(scanned);
      if (policy != nullptr)
        result = policy->policy()->Apply(std::move(result));
      indices = PythonIndices(view, result);
    } else {
      status = scanned.status();
    }
  }
  if (!status.ok()) RaiseScanError(status);
  return MakeScanResult(view, result, indices, &names_);
}

py::object PyEngine::Redact(py::handle text, py::handle result) {
  TextView view(text, "text");
  lexgate::ScanResult scanned;
  if (result.is_none()) {
    absl::StatusOr<lexgate::ScanResult> fresh;
    {
      py::gil_scoped_release release;
      view.Prepare();
      // Redaction reads the spans' bytes from the text: no match strings.
      fresh = engine_->Scan(view.utf8(), lexgate::MatchDetail::kBrief);
    }
    if (!fresh.ok()) RaiseScanError(fresh.status());
    scanned = *std::move(fresh);
  } else {
    view.Prepare();
    scanned = ToEngineResult(view, result);
  }
  if (std::none_of(scanned.matches.begin(), scanned.matches.end(),
                   IsMaskOrBlock)) {
    return Unchanged(view);
  }
  if (view.had_surrogates()) {
    return RedactKeepingSurrogates(*engine_, view, scanned);
  }
  std::string out;
  {
    py::gil_scoped_release release;
    out = engine_->Redact(view.utf8(), scanned);
  }
  if (view.is_str()) return DecodeUtf8(out);
  return py::bytes(out);
}

py::list PyEngine::ScanMany(py::iterable texts, size_t threads,
                            const PyPolicy* policy,
                            lexgate::MatchDetail detail) {
  std::vector<TextView> views;
  if (PyList_Check(texts.ptr()) || PyTuple_Check(texts.ptr())) {
    views.reserve(py::len(texts));
  }
  size_t bytes = 0;
  for (py::handle item : texts) {
    if (!IsText(item)) {
      throw py::type_error("texts[" + std::to_string(views.size()) +
                           "] must be str or bytes, not " +
                           Py_TYPE(item.ptr())->tp_name);
    }
    views.emplace_back(item, "text");
    bytes += views.back().size_hint();
  }
  const size_t n = views.size();
  // Everything but making Python objects happens on the worker threads:
  // encoding, scanning, converting offsets.
  // Freed only on return, on this thread: freeing each result as soon as its
  // objects exist (memory the workers allocated, freed while they allocate)
  // made the threads contend for malloc's arenas, ~30% more CPU.
  std::vector<ScannedText> scanned(n);
  auto scan = [&](size_t i) {
    TextView& view = views[i];
    if (view.size_hint() == 0) return;
    view.Prepare();
    absl::StatusOr<lexgate::ScanResult> result =
        engine_->Scan(view.utf8(), detail);
    if (!result.ok()) {
      scanned[i].status = result.status();
      return;
    }
    scanned[i].result = *std::move(result);
    if (policy != nullptr) {
      scanned[i].result = policy->policy()->Apply(std::move(scanned[i].result));
    }
    scanned[i].indices = PythonIndices(view, scanned[i].result);
  };
  // Filled by appending, chunk after chunk: the list never holds an empty
  // slot, although other threads run Python while the next chunk scans.
  py::list out;
  // Fail closed: one text that could not be scanned fails the batch.
  auto build = [&](size_t begin, size_t end) {
    GcPause pause;  // only while this thread holds the GIL
    for (size_t i = begin; i < end; ++i) {
      if (!scanned[i].status.ok()) RaiseTextError(i, scanned[i].status);
    }
    for (size_t i = begin; i < end; ++i) {
      const py::object result = MakeScanResult(views[i], scanned[i].result,
                                               scanned[i].indices, &names_);
      if (PyList_Append(out.ptr(), result.ptr()) != 0) {
        throw py::error_already_set();
      }
    }
  };
  const size_t workers = WorkerCount(threads, n, bytes);
  if (workers <= 1) {
    {
      py::gil_scoped_release release;
      for (size_t i = 0; i < n; ++i) scan(i);
    }
    build(0, n);
    return out;
  }
  ScanPipeline pipeline(n, workers - 1, scan);
  for (size_t c = 0; c < pipeline.chunks(); ++c) {
    bool scanned_c = false;
    {
      py::gil_scoped_release release;
      scanned_c = pipeline.ScanUntil(c);
    }
    if (!scanned_c) break;  // a helper failed: Finish() rethrows why
    build(pipeline.begin(c), pipeline.end(c));
  }
  {
    py::gil_scoped_release release;
    pipeline.Finish();
  }
  return out;
}

py::object PyEngine::Fold(py::handle text) const {
  TextView view(text, "text");
  absl::StatusOr<std::string> folded;
  {
    py::gil_scoped_release release;
    view.Prepare();
    folded = engine_->normalizer().Fold(view.utf8());
  }
  if (!folded.ok()) RaiseScanError(folded.status());
  if (view.is_str()) return DecodeUtf8(*folded);
  return py::bytes(*folded);
}

PyStream PyEngine::OpenStream(size_t max_hold, size_t batch,
                              const PyPolicy* policy) const {
  lexgate::StreamOptions options;
  options.max_hold = max_hold;
  options.batch = batch;
  if (policy != nullptr) options.policy = policy->policy();
  if (!streaming()) {
    // In Python's words: the C++ status names EngineOptions::streaming.
    throw py::value_error(
        "this engine was compiled with streaming=False: compile it with "
        "streaming=True (the default) to open streams");
  }
  absl::StatusOr<lexgate::Stream> stream = engine_->OpenStream(options);
  if (!stream.ok()) RaiseValueError(stream.status());
  return PyStream(engine_, *std::move(stream));
}

py::bytes PyEngine::ToBytes() const {
  std::string blob;
  {
    py::gil_scoped_release release;
    blob = engine_->Serialize();
  }
  return py::bytes(blob);
}

PyEngine PyEngine::FromBytes(py::handle blob) {
  if (PyUnicode_Check(blob.ptr()) || !PyObject_CheckBuffer(blob.ptr())) {
    throw py::type_error(std::string("from_bytes() needs bytes, not ") +
                         Py_TYPE(blob.ptr())->tp_name);
  }
  TextView view(blob, "blob");
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine;
  {
    py::gil_scoped_release release;
    engine = lexgate::Engine::Deserialize(view.utf8());
  }
  if (!engine.ok()) RaiseValueError(engine.status());
  return PyEngine(*std::move(engine));
}

PyEngine PyEngine::FromFile(const std::string& path) {
  absl::StatusOr<std::shared_ptr<const lexgate::Engine>> engine;
  {
    py::gil_scoped_release release;
    engine = lexgate::Engine::Load(path);
  }
  if (!engine.ok()) RaiseFileError(engine.status());
  return PyEngine(*std::move(engine));
}

double PyEngine::TimeScan(py::handle text, size_t iterations) const {
  TextView view(text, "text");
  view.Prepare();
  if (iterations == 0) throw py::value_error("iterations must be positive");
  size_t matches = 0;
  std::chrono::steady_clock::duration elapsed;
  {
    py::gil_scoped_release release;
    const auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < iterations; ++i) {
      absl::StatusOr<lexgate::ScanResult> result = engine_->Scan(view.utf8());
      matches += result.ok() ? result->matches.size() : 0;
    }
    elapsed = std::chrono::steady_clock::now() - start;
  }
  if (matches == size_t(-1)) return -1;  // keeps the loop from being elided
  return std::chrono::duration<double>(elapsed).count() /
         static_cast<double>(iterations);
}

py::list PyEngine::Rules() const {
  py::list out;
  for (const lexgate::RuleSummary& rule : engine_->rule_summaries()) {
    out.append(py::make_tuple(rule.id, rule.category, ActionString(rule.action),
                              rule.severity, rule.keywords, rule.regexes));
  }
  return out;
}

py::list PyEngine::DeclaredCategories() const {
  py::list out;
  for (const lexgate::Category& c :
       engine_->declared_categories().categories()) {
    out.append(py::make_tuple(c.code, c.zh, c.en, c.description, c.risk));
  }
  return out;
}

py::dict PyEngine::Options() const {
  return OptionsToDict(engine_->options().normalize);
}

}  // namespace lexgate_python
