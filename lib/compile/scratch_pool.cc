#include "compile/scratch_pool.h"

namespace lexgate::internal {
namespace {

// The slot a thread tries first: threads are numbered as they first ask,
// so that two threads scanning at once start from different slots.
size_t HomeSlot() {
  static std::atomic<size_t> next_thread{0};
  thread_local const size_t home =
      next_thread.fetch_add(1, std::memory_order_relaxed);
  return home;
}

}  // namespace

ScratchPool::~ScratchPool() {
  for (Slot& slot : slots_) hs_free_scratch(slot.scratch.load());
  std::lock_guard<std::mutex> lock(mu_);
  for (hs_scratch_t* scratch : free_) hs_free_scratch(scratch);
  hs_free_scratch(prototype_);
}

absl::Status ScratchPool::Init(
    const std::vector<const hs_database_t*>& databases) {
  for (const hs_database_t* db : databases) {
    if (db == nullptr) continue;
    if (hs_alloc_scratch(db, &prototype_) != HS_SUCCESS) {
      return absl::ResourceExhaustedError(
          "could not allocate Hyperscan scratch space");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<hs_scratch_t*> ScratchPool::Acquire() {
  if (prototype_ == nullptr) return nullptr;  // no database: nothing to scan
  const size_t home = HomeSlot();
  for (size_t k = 0; k < kSlots; ++k) {
    hs_scratch_t* scratch = slots_[(home + k) % kSlots].scratch.exchange(
        nullptr, std::memory_order_acq_rel);
    if (scratch != nullptr) return scratch;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      hs_scratch_t* scratch = free_.back();
      free_.pop_back();
      return scratch;
    }
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_clone_scratch(prototype_, &scratch) != HS_SUCCESS) {
    return absl::ResourceExhaustedError(
        "could not allocate Hyperscan scratch space");
  }
  return scratch;
}

void ScratchPool::Release(hs_scratch_t* scratch) {
  if (scratch == nullptr) return;
  const size_t home = HomeSlot();
  for (size_t k = 0; k < kSlots; ++k) {
    hs_scratch_t* empty = nullptr;
    if (slots_[(home + k) % kSlots].scratch.compare_exchange_strong(
            empty, scratch, std::memory_order_acq_rel)) {
      return;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(scratch);
}

}  // namespace lexgate::internal
