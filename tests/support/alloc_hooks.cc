#include "support/alloc_hooks.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace lexgate::testing {
namespace {

thread_local int64_t fail_countdown = -1;  // -1: disarmed
thread_local bool failure_fired = false;
std::atomic<int64_t> allocated{0};
std::atomic<int64_t> peak{0};

void* Allocate(size_t size) {
  if (fail_countdown >= 0 && fail_countdown-- == 0) {
    failure_fired = true;
    throw std::bad_alloc();
  }
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  // malloc_usable_size, not `size`: the unsized delete knows only that.
  const int64_t now =
      allocated.fetch_add(static_cast<int64_t>(malloc_usable_size(p))) +
      static_cast<int64_t>(malloc_usable_size(p));
  int64_t seen = peak.load(std::memory_order_relaxed);
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  allocated.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)));
  std::free(p);
}

}  // namespace

void FailAllocationAfter(int64_t allocations) {
  failure_fired = false;
  fail_countdown = allocations;
}

bool DisarmAllocationFailure() {
  fail_countdown = -1;
  return failure_fired;
}

#ifdef LEXGATE_NO_ALLOC_HOOKS
bool AllocationHooksInstalled() { return false; }
#else
bool AllocationHooksInstalled() { return true; }
#endif

int64_t AllocatedBytes() { return allocated.load(); }
int64_t PeakAllocatedBytes() { return peak.load(); }
void ResetPeakAllocatedBytes() { peak.store(allocated.load()); }

}  // namespace lexgate::testing

#ifndef LEXGATE_NO_ALLOC_HOOKS
void* operator new(size_t size) { return lexgate::testing::Allocate(size); }
void* operator new[](size_t size) { return lexgate::testing::Allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  try {
    return lexgate::testing::Allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  try {
    return lexgate::testing::Allocate(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { lexgate::testing::Release(p); }
void operator delete[](void* p) noexcept { lexgate::testing::Release(p); }
void operator delete(void* p, size_t) noexcept { lexgate::testing::Release(p); }
void operator delete[](void* p, size_t) noexcept {
  lexgate::testing::Release(p);
}
#endif  // LEXGATE_NO_ALLOC_HOOKS
