#pragma once

#include "engine/runtime/StepResult.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace engine {

// How a whole run ended. Waiting: queued behind runtimeConfiguration.concurrency.runs;
// Interrupted: the process ended while it ran (marked when the history is next opened).
enum class RunStatus
{
    Waiting,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    Interrupted
};

QString runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(const QString& name);

// One run of a workflow: what fired it, when, how it ended, and the result of
// each step in the order they finished. Secrets are already redacted.
struct Run
{
    QString id;
    QString workflow;     // the workflow's name (file's folder or file name)
    QString workflowPath; // the file it was loaded from, when known
    QString triggerName;
    QJsonObject triggerOutputs; // {"headers":..,"body":..}
    QDateTime start;            // UTC
    QDateTime end;              // UTC, invalid while running
    RunStatus status = RunStatus::Running;
    QString errorCode;       // Terminate's runError.code, "ActionFailed", "Cancelled", ...
    QString error;           // plain-language reason when not Succeeded
    QJsonObject response;    // the Response action's {"statusCode","headers","body"}, if one ran
    QString resubmittedFrom; // the run this one repeats, when resubmitted
    QList<StepResult> steps;

    qint64 durationMs() const;
    bool finished() const { return status != RunStatus::Running && status != RunStatus::Waiting; }
    // The last record of `name` (the last repetition inside loops); null when none.
    const StepResult* step(const QString& name) const;

    // The whole record, as `logicapp run --json` prints it.
    QJsonObject toJson() const;
    static Run fromJson(const QJsonObject& json);
};

} // namespace engine

Q_DECLARE_METATYPE(engine::Run)
