#include "engine/runtime/StepResult.h"

namespace engine {
namespace {

struct StatusName
{
    StepStatus status;
    const char* name;
};

constexpr StatusName kStatusNames[] = {
    {StepStatus::Running, "Running"},   {StepStatus::Succeeded, "Succeeded"},
    {StepStatus::Failed, "Failed"},     {StepStatus::Skipped, "Skipped"},
    {StepStatus::TimedOut, "TimedOut"}, {StepStatus::Cancelled, "Cancelled"},
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

QString stepStatusName(StepStatus status)
{
    for (const StatusName& s : kStatusNames) {
        if (s.status == status)
            return QLatin1String(s.name);
    }
    return QStringLiteral("Running");
}

std::optional<StepStatus> stepStatusFromName(const QString& name)
{
    for (const StatusName& s : kStatusNames) {
        if (name.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return s.status;
    }
    return std::nullopt;
}

qint64 StepResult::durationMs() const
{
    if (!started.isValid() || !finished.isValid())
        return 0;
    return started.msecsTo(finished);
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
    o.insert(QStringLiteral("startTime"), isoOrEmpty(started));
    o.insert(QStringLiteral("endTime"), isoOrEmpty(finished));
    o.insert(QStringLiteral("durationMs"), durationMs());
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
    r.started = parseIso(o.value(QStringLiteral("startTime")));
    r.finished = parseIso(o.value(QStringLiteral("endTime")));
    r.retries = o.value(QStringLiteral("retries")).toInt();
    r.transcript = o.value(QStringLiteral("transcript")).toArray();
    return r;
}

} // namespace engine
