#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QMetaType>
#include <QString>
#include <optional>

namespace engine {

// How one step (or one repetition of a step inside a loop) ended. The names
// are the ones Logic Apps shows and compares in runAfter.
enum class StepStatus
{
    Running,
    Succeeded,
    Failed,
    Skipped,
    TimedOut,
    Cancelled
};

// "Succeeded", "Failed", ...
QString stepStatusName(StepStatus status);
// Case-insensitive, as runAfter statuses are written in any case.
std::optional<StepStatus> stepStatusFromName(const QString& name);

// The record of one step of a run, as the runs panel and `logicapp run --json`
// show it. Inputs, outputs and transcript are already redacted: nothing here
// holds a secret.
struct StepResult
{
    QString name;
    StepStatus status = StepStatus::Running;
    QString type;          // "Compose", "ServiceProvider", ...
    QString parent;        // enclosing If/Switch/Scope/Foreach/Until, empty at top level
    int iteration = -1;    // repetition index inside the innermost Foreach/Until, -1 outside loops
    int code = 0;          // HTTP-like status (200, 400, 401, 403, 404, 500), 0 when none
    QJsonValue inputs;     // evaluated inputs
    QJsonValue outputs;    // {"statusCode","headers","body"} for jobs; the value for Compose...
    QString error;         // plain-language message when not Succeeded
    QString errorField;    // the input at fault, when there is one
    QDateTime started;     // UTC
    QDateTime finished;    // UTC, invalid while running
    int retries = 0;       // retries made (attempts - 1)
    QJsonArray transcript; // protocol dialogue, e.g. the SMTP exchange

    qint64 durationMs() const;
    bool finishedOk() const { return status == StepStatus::Succeeded; }

    QJsonObject toJson() const;
    static StepResult fromJson(const QJsonObject& json);
};

} // namespace engine

Q_DECLARE_METATYPE(engine::StepResult)
