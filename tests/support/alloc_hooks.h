// Test-only replacement of the global operator new (tests/support/
// alloc_hooks.cc, linked only into the binaries that need it): counts the
// bytes allocated through it and can make the Nth allocation of the calling
// thread throw std::bad_alloc, so that tests can fail every allocation of a
// call in turn (fault injection) and measure a call's peak memory.
#ifndef LEXGATE_TESTS_SUPPORT_ALLOC_HOOKS_H_
#define LEXGATE_TESTS_SUPPORT_ALLOC_HOOKS_H_

#include <cstddef>
#include <cstdint>

namespace lexgate::testing {

// False in sanitizer builds, whose runtime owns operator new: the hooks are
// not installed there, allocations never fail on demand and nothing is
// counted (the tests that need them skip).
bool AllocationHooksInstalled();

// From now on, on this thread, the allocation after `allocations` more
// succeed throws std::bad_alloc (0: the next one). Disarmed after it fires.
void FailAllocationAfter(int64_t allocations);
// Disarms; returns true if the armed failure fired since it was armed.
bool DisarmAllocationFailure();

// Bytes currently allocated through operator new (all threads), and the
// largest value since ResetPeakAllocatedBytes().
int64_t AllocatedBytes();
int64_t PeakAllocatedBytes();
void ResetPeakAllocatedBytes();

}  // namespace lexgate::testing

#endif  // LEXGATE_TESTS_SUPPORT_ALLOC_HOOKS_H_
