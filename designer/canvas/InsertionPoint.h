#pragma once

#include <QString>

namespace designer {

// Where a new or pasted step goes: a trigger, or an action in `parent`'s
// `branch` (both empty at top level) right after `after` (empty: first).
// `parallel`: beside the steps that run after `after`, as a new parallel
// branch, instead of between `after` and them.
struct InsertionPoint
{
    bool trigger = false;
    QString parent;
    QString branch;
    QString after;
    bool parallel = false;

    friend bool operator==(const InsertionPoint&, const InsertionPoint&) = default;
};

} // namespace designer
