#include "compile/scratch_pool.h"

namespace lexgate::internal {

ScratchPool::~ScratchPool() {
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
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(scratch);
}

}  // namespace lexgate::internal
