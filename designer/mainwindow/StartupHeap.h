#pragma once

namespace designer {

// The main thread's heap, set up for the first frame.
//
// The first write to each 4 KiB page of fresh memory is a page fault, and on
// virtual machines a costly one. The first frame writes about 5 MiB that the
// process never had: the window's backing store (4 MiB at 1280 x 820) and the
// widgets. prepare(), first thing in main():
// - serves blocks of up to 32 MiB from the heap, not from mappings of their
//   own, and keeps up to 64 MiB free in it (the values glibc's own adaptive
//   thresholds reach after the first large block is freed, set from the
//   start);
// - grows the heap 8 MiB at a time;
// - advises the first growth for transparent huge pages, so that the first
//   frame's writes fault a few 2 MiB pages instead of about a thousand small
//   ones (where the system enables huge pages on advice).
// Returns whether the heap's first growth was advised. Nothing is changed with
// other C libraries or in sanitizer builds (their allocator is not the heap);
// nothing is advised when the heap's new top is not where it is expected.
class StartupHeap
{
public:
    static bool prepare();
};

} // namespace designer
