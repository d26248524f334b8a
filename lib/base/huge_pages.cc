#include "base/huge_pages.h"

#include <sys/mman.h>

#include <cstdlib>

namespace lexgate::internal {

void* AllocateOnHugePages(size_t size) {
  const size_t rounded =
      (size + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  void* memory = nullptr;
  if (posix_memalign(&memory, kHugePageBytes, rounded) != 0) return nullptr;
  madvise(memory, rounded, MADV_HUGEPAGE);
  return memory;
}

}  // namespace lexgate::internal
