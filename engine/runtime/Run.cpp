#include "engine/runtime/Run.h"

#include "engine/runtime/RecordJson.h"

#include <QJsonArray>

namespace engine {
namespace {

const RecordJson::Names<RunStatus> kStatusNames = {
    {RunStatus::Waiting, "Waiting"},         {RunStatus::Running, "Running"},
    {RunStatus::Succeeded, "Succeeded"},     {RunStatus::Failed, "Failed"},
    {RunStatus::Cancelled, "Cancelled"},     {RunStatus::TimedOut, "TimedOut"},
    {RunStatus::Interrupted, "Interrupted"},
};

} // namespace

QString runStatusName(RunStatus status)
{
    return RecordJson::name(kStatusNames, status, "Running");
}

std::optional<RunStatus> runStatusFromName(const QString& name)
{
    return RecordJson::fromName(kStatusNames, name);
}

qint64 Run::durationMs() const
{
    return RecordJson::durationMs(start, end);
}

const StepResult* Run::step(const QString& name) const
{
    for (auto it = steps.crbegin(); it != steps.crend(); ++it) {
        if (it->name == name)
            return &*it;
    }
    return nullptr;
}

QJsonObject Run::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("workflow"), workflow);
    if (!workflowPath.isEmpty())
        o.insert(QStringLiteral("workflowPath"), workflowPath);
    o.insert(QStringLiteral("status"), runStatusName(status));
    RecordJson::writeTimes(o, start, end);
    if (!errorCode.isEmpty())
        o.insert(QStringLiteral("errorCode"), errorCode);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!resubmittedFrom.isEmpty())
        o.insert(QStringLiteral("resubmittedFrom"), resubmittedFrom);
    QJsonObject trigger;
    trigger.insert(QStringLiteral("name"), triggerName);
    trigger.insert(QStringLiteral("outputs"), triggerOutputs);
    o.insert(QStringLiteral("trigger"), trigger);
    if (!response.isEmpty())
        o.insert(QStringLiteral("response"), response);
    QJsonArray array;
    for (const StepResult& s : steps)
        array.append(s.toJson());
    o.insert(QStringLiteral("steps"), array);
    return o;
}

Run Run::fromJson(const QJsonObject& o)
{
    Run r;
    r.id = o.value(QStringLiteral("id")).toString();
    r.workflow = o.value(QStringLiteral("workflow")).toString();
    r.workflowPath = o.value(QStringLiteral("workflowPath")).toString();
    r.status = runStatusFromName(o.value(QStringLiteral("status")).toString())
                   .value_or(RunStatus::Running);
    RecordJson::readTimes(o, &r.start, &r.end);
    r.errorCode = o.value(QStringLiteral("errorCode")).toString();
    r.error = o.value(QStringLiteral("error")).toString();
    r.resubmittedFrom = o.value(QStringLiteral("resubmittedFrom")).toString();
    const QJsonObject trigger = o.value(QStringLiteral("trigger")).toObject();
    r.triggerName = trigger.value(QStringLiteral("name")).toString();
    r.triggerOutputs = trigger.value(QStringLiteral("outputs")).toObject();
    r.response = o.value(QStringLiteral("response")).toObject();
    for (const QJsonValue& v : o.value(QStringLiteral("steps")).toArray())
        r.steps.append(StepResult::fromJson(v.toObject()));
    return r;
}

} // namespace engine
