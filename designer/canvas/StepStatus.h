#pragma once

namespace designer {

// What the canvas shows in a card's badge about the last (or current) run.
enum class StepStatus
{
    None,
    Running,
    Succeeded,
    Failed,
    Skipped
};

} // namespace designer
