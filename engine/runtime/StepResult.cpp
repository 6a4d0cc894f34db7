#include "engine/runtime/StepResult.h"

#include "engine/runtime/RecordJson.h"

namespace engine {
namespace {

const RecordJson::Names<StepStatus> kStatusNames = {
    {StepStatus::Running, "Running"},   {StepStatus::Succeeded, "Succeeded"},
    {StepStatus::Failed, "Failed"},     {StepStatus::Skipped, "Skipped"},
    {StepStatus::TimedOut, "TimedOut"}, {StepStatus::Cancelled, "Cancelled"},
};

} // namespace

QString stepStatusName(StepStatus status)
{
    return RecordJson::name(kStatusNames, status, "Running");
}

std::optional<StepStatus> stepStatusFromName(const QString& name)
{
    return RecordJson::fromName(kStatusNames, name);
}

qint64 StepResult::durationMs() const
{
    return RecordJson::durationMs(started, finished);
}

QJsonObject StepResult::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("status"), stepStatusName(status));
    if (!type.isEmpty())
        o.insert(QStringLiteral("type"), type);
    if (!parent.isEmpty())
        o.insert(QStringLiteral("parent"), parent);
    if (iteration >= 0)
        o.insert(QStringLiteral("iteration"), iteration);
    if (code != 0)
        o.insert(QStringLiteral("code"), code);
    if (!inputs.isUndefined())
        o.insert(QStringLiteral("inputs"), inputs);
    if (!outputs.isUndefined())
        o.insert(QStringLiteral("outputs"), outputs);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!errorField.isEmpty())
        o.insert(QStringLiteral("errorField"), errorField);
    RecordJson::writeTimes(o, started, finished);
    o.insert(QStringLiteral("retries"), retries);
    if (!transcript.isEmpty())
        o.insert(QStringLiteral("transcript"), transcript);
    return o;
}

StepResult StepResult::fromJson(const QJsonObject& o)
{
    StepResult r;
    r.name = o.value(QStringLiteral("name")).toString();
    r.status = stepStatusFromName(o.value(QStringLiteral("status")).toString())
                   .value_or(StepStatus::Running);
    r.type = o.value(QStringLiteral("type")).toString();
    r.parent = o.value(QStringLiteral("parent")).toString();
    r.iteration = o.value(QStringLiteral("iteration")).toInt(-1);
    r.code = o.value(QStringLiteral("code")).toInt();
    r.inputs = o.value(QStringLiteral("inputs"));
    r.outputs = o.value(QStringLiteral("outputs"));
    r.error = o.value(QStringLiteral("error")).toString();
    r.errorField = o.value(QStringLiteral("errorField")).toString();
    RecordJson::readTimes(o, &r.started, &r.finished);
    r.retries = o.value(QStringLiteral("retries")).toInt();
    r.transcript = o.value(QStringLiteral("transcript")).toArray();
    return r;
}

} // namespace engine
