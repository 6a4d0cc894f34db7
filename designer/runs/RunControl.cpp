#include "designer/runs/RunControl.h"

namespace designer {

StepStatus RunControl::cardStatus(engine::StepStatus status)
{
    switch (status) {
    case engine::StepStatus::Running:
        return StepStatus::Running;
    case engine::StepStatus::Succeeded:
        return StepStatus::Succeeded;
    case engine::StepStatus::Skipped:
        return StepStatus::Skipped;
    default:
        return StepStatus::Failed;
    }
}

} // namespace designer
