#include "designer/mainwindow/StartupHeap.h"

#include <cstdint>
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define LOGICAPP_SANITIZED_HEAP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define LOGICAPP_SANITIZED_HEAP 1
#endif
#endif

namespace designer {

bool StartupHeap::prepare()
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(LOGICAPP_SANITIZED_HEAP)
    constexpr std::size_t MiB = std::size_t(1) << 20;
    constexpr std::size_t growth = 8 * MiB;
    constexpr std::uintptr_t hugePage = 2 * MiB;
    if (mallopt(M_MMAP_THRESHOLD, int(32 * MiB)) == 0 ||
        mallopt(M_TRIM_THRESHOLD, int(64 * MiB)) == 0 || mallopt(M_TOP_PAD, int(growth)) == 0)
        return false;
    // A block larger than what the heap has free makes it grow by the block
    // and the pad; freed, all of it is the heap's free top, not yet touched.
    void* block = std::malloc(MiB);
    if (!block)
        return false;
    const auto begin = reinterpret_cast<std::uintptr_t>(block);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    std::free(block);
    // Only a range that is surely the heap's new top is advised.
    if (end == std::uintptr_t(-1) || end <= begin || end - begin > MiB + growth + hugePage)
        return false;
    const std::uintptr_t first = (begin + hugePage - 1) & ~(hugePage - 1);
    const std::uintptr_t last = end & ~(hugePage - 1);
    if (last <= first)
        return false;
    return madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE) == 0;
#else
    return false;
#endif
}

} // namespace designer
