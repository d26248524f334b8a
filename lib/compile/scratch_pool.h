// Hyperscan scratch space, reused across Scan() calls: a scratch may serve
// one scan at a time, so the pool hands one to each concurrent caller and
// clones a new one only when all are busy.
#ifndef LEXGATE_LIB_COMPILE_SCRATCH_POOL_H_
#define LEXGATE_LIB_COMPILE_SCRATCH_POOL_H_

#include <hs/hs.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace lexgate::internal {

// Thread safety: Acquire() and Release() may be called from many threads.
// Every Scan() takes and returns a scratch, so the common case takes no
// lock: spare scratch waits in a few slots of their own cache lines, and a
// thread tries its own slot first (with two threads scanning, a mutex here
// cost 3-4% of the time, much of it in futex waits).
class ScratchPool {
 public:
  ScratchPool() = default;
  ScratchPool(const ScratchPool&) = delete;
  ScratchPool& operator=(const ScratchPool&) = delete;
  ~ScratchPool();

  // Sizes the prototype scratch for every non-null database.
  absl::Status Init(const std::vector<const hs_database_t*>& databases);

  // Null when there is no database (nothing to scan); otherwise a scratch,
  // or an error when a clone cannot be allocated. Never throws.
  absl::StatusOr<hs_scratch_t*> Acquire();
  void Release(hs_scratch_t* scratch);

  // Returns the scratch to the pool when it goes out of scope.
  class Lease {
   public:
    explicit Lease(ScratchPool* pool) : pool_(pool) {
      absl::StatusOr<hs_scratch_t*> scratch = pool->Acquire();
      if (scratch.ok()) {
        scratch_ = *scratch;
      } else {
        status_ = scratch.status();
      }
    }
    ~Lease() { pool_->Release(scratch_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    bool ok() const { return status_.ok(); }
    const absl::Status& status() const { return status_; }
    hs_scratch_t* get() const { return scratch_; }

   private:
    ScratchPool* pool_;
    hs_scratch_t* scratch_ = nullptr;
    absl::Status status_;
  };

 private:
  static constexpr size_t kSlots = 8;
  // One spare scratch, or null; alone on its cache line so that threads
  // using different slots never share one.
  struct alignas(64) Slot {
    std::atomic<hs_scratch_t*> scratch{nullptr};
  };

  hs_scratch_t* prototype_ = nullptr;
  std::array<Slot, kSlots> slots_;
  // Spares beyond the slots (more threads than slots): a plain mutex, held
  // for a push or a pop.
  std::mutex mu_;
  std::vector<hs_scratch_t*> free_;  // guarded by mu_
};

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_COMPILE_SCRATCH_POOL_H_
