// Engine::ScanMany(): many texts on a few threads. An Engine is immutable
// and lends Hyperscan scratch from a pool, one to each worker for all its
// texts; all the workers share besides is one atomic counter of the next
// text to take.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compile/engine_state.h"
#include "compile/scratch_pool.h"
#include "lexgate/engine.h"
#include "scan/scan_text.h"

namespace lexgate {
namespace {

size_t WorkerCount(size_t requested, size_t count) {
  size_t threads = requested;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  return std::min(threads, count);
}

}  // namespace

void Engine::ScanMany(
    size_t count, size_t threads,
    const std::function<std::string_view(size_t)>& text,
    const std::function<void(size_t, absl::StatusOr<ScanResult>)>& done,
    MatchDetail detail) const {
  // Texts are taken one at a time rather than in fixed shares, so that one
  // long text does not leave the other workers idle behind it.
  std::atomic<size_t> next{0};
  auto work = [&] {
    // One scratch for all the texts a worker takes. Leased only once a
    // text is taken, so that a worker with nothing left costs none.
    std::optional<internal::ScratchPool::Lease> scratch;
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < count;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      std::string_view input = text(i);
      if (!scratch.has_value()) scratch.emplace(&state_->scratch);
      // Fail closed: without a scratch every text but an empty one fails.
      done(i, scratch->ok() || input.empty()
                  ? internal::ScanWithScratch(*state_, input, detail,
                                              scratch->get())
                  : absl::StatusOr<ScanResult>(scratch->status()));
    }
  };
  const size_t workers = WorkerCount(threads, count);
  if (workers <= 1) {
    work();
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t i = 1; i < workers; ++i) {
    // A thread that cannot be started only means fewer workers: the ones
    // running take every text, so no text goes unscanned.
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();  // the calling thread is one of the workers
  for (std::thread& thread : pool) thread.join();
}

std::vector<absl::StatusOr<ScanResult>> Engine::ScanMany(
    std::span<const std::string_view> texts, size_t threads,
    MatchDetail detail) const {
  std::vector<absl::StatusOr<ScanResult>> results(texts.size());
  ScanMany(
      texts.size(), threads, [&](size_t i) { return texts[i]; },
      [&](size_t i, absl::StatusOr<ScanResult> result) {
        results[i] = std::move(result);
      },
      detail);
  return results;
}

}  // namespace lexgate
