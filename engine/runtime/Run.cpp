#include "engine/runtime/Run.h"

#include <QJsonArray>

namespace engine {
namespace {

struct StatusName
{
    RunStatus status;
    const char* name;
};

constexpr StatusName kStatusNames[] = {
    {RunStatus::Waiting, "Waiting"},         {RunStatus::Running, "Running"},
    {RunStatus::Succeeded, "Succeeded"},     {RunStatus::Failed, "Failed"},
    {RunStatus::Cancelled, "Cancelled"},     {RunStatus::TimedOut, "TimedOut"},
    {RunStatus::Interrupted, "Interrupted"},
};

QString isoOrEmpty(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime parseIso(const QJsonValue& v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

} // namespace

QString runStatusName(RunStatus status)
{
    for (const StatusName& s : kStatusNames) {
        if (s.status == status)
            return QLatin1String(s.name);
    }
    return QStringLiteral("Running");
}

std::optional<RunStatus> runStatusFromName(const QString& name)
{
    for (const StatusName& s : kStatusNames) {
        if (name.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return s.status;
    }
    return std::nullopt;
}

qint64 Run::durationMs() const
{
    if (!start.isValid() || !end.isValid())
        return 0;
    return start.msecsTo(end);
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
    o.insert(QStringLiteral("startTime"), isoOrEmpty(start));
    o.insert(QStringLiteral("endTime"), isoOrEmpty(end));
    o.insert(QStringLiteral("durationMs"), durationMs());
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
    r.start = parseIso(o.value(QStringLiteral("startTime")));
    r.end = parseIso(o.value(QStringLiteral("endTime")));
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
