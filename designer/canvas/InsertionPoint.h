#pragma once

#include <QString>

namespace designer {

// Where a new or pasted step goes: a trigger, or an action in `parent`'s
// `branch` (both empty at top level) right after `after` (empty: first).
struct InsertionPoint
{
    bool trigger = false;
    QString parent;
    QString branch;
    QString after;

    friend bool operator==(const InsertionPoint&, const InsertionPoint&) = default;
};

} // namespace designer
