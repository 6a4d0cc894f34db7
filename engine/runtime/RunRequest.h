#pragma once

#include "engine/core/Result.h"

#include <QJsonObject>
#include <QString>
#include <functional>

namespace engine {

// What one run starts from: a snapshot of the workflow definition (so edits
// made while it runs do not touch it) and the outputs of the trigger that
// fired it.
struct RunRequest
{
    QString runId; // empty: the executor makes one
    QString workflowName;
    QString workflowPath;   // for the history, when known
    QJsonObject definition; // the WDL definition: triggers, actions, parameters
    // Values of definition parameters (name → value); parameters without one
    // take their defaultValue.
    QJsonObject parameterValues;
    QString triggerName;        // empty: the definition's first trigger (or "manual")
    QJsonObject triggerOutputs; // {"headers":..,"body":..}
    QString resubmittedFrom;
    // When set, this run's connections come from here instead of
    // RunEnvironment::connectionFor (e.g. resolved ahead in the window's thread).
    std::function<Result<QJsonObject>(const QJsonObject& step)> connectionFor;
};

} // namespace engine
