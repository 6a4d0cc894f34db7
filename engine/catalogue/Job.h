#pragma once

#include "engine/core/Clock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace engine {

class SecretStore;
struct ConnectionInfo;

// What one step produced. `code` is the HTTP-like status Logic Apps shows
// (200, 202, 400 invalid input, 401, 403, 404, 500).
struct StepOutcome
{
    enum class Status { Succeeded, Failed, TimedOut, Cancelled };
    Status status = Status::Succeeded;
    int code = 200;
    QJsonObject outputs;   // {"statusCode":..,"headers":..,"body":..}
    QString error;         // plain-language message when not Succeeded
    QString errorField;    // the input at fault, when there is one
    bool transient = false; // a retry may succeed (connect error, timeout, 4xx SMTP, 421)
    QJsonArray transcript; // protocol dialogue, secrets redacted
};

// Everything a job may use while it runs.
struct JobContext
{
    QJsonObject inputs; // the step's inputs, expressions already evaluated
    QString stepName;
    const Clock* clock = &Clock::system();
    SecretStore* secrets = nullptr;
    // Connection parameters (connections.json entry, secrets resolved) by the
    // name the step refers to; empty when the operation has none.
    QJsonObject connection;
};

// Runs one action asynchronously in the executor's thread. Emits finished()
// exactly once; deleting a job cancels it.
class Job : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Job() override = default;
    virtual void start(const JobContext& context) = 0;
    virtual void cancel() {}

Q_SIGNALS:
    void finished(const engine::StepOutcome& outcome);
    // A line of progress (e.g. one line of an SMTP transcript).
    void progress(const QString& line);
};

// Fires a trigger: emits fired() with the trigger's outputs
// ({"headers":..,"body":..}) once per run it starts.
class TriggerSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~TriggerSource() override = default;
    // `trigger` is the trigger's JSON object from the definition.
    virtual bool start(const QJsonObject& trigger, const JobContext& context,
                       QString* errorMessage) = 0;
    virtual void stop() = 0;

Q_SIGNALS:
    void fired(const QJsonObject& triggerOutputs);
    void failed(const QString& message);
};

} // namespace engine

Q_DECLARE_METATYPE(engine::StepOutcome)
