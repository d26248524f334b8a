// Memory for large buffers that a process would otherwise fault in 4 KB at
// a time (a loaded engine's file, its large Hyperscan databases): aligned
// to and advised for transparent huge pages.
#ifndef LEXGATE_LIB_BASE_HUGE_PAGES_H_
#define LEXGATE_LIB_BASE_HUGE_PAGES_H_

#include <cstddef>

namespace lexgate::internal {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// `size` bytes rounded up to whole huge pages, uninitialized, aligned to a
// huge page and advised MADV_HUGEPAGE (advice that a kernel without
// transparent huge pages ignores); free with std::free(). Null when there
// is no memory.
void* AllocateOnHugePages(size_t size);

}  // namespace lexgate::internal

#endif  // LEXGATE_LIB_BASE_HUGE_PAGES_H_
