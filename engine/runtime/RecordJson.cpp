#include "engine/runtime/RecordJson.h"

namespace engine {

QString RecordJson::iso(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime RecordJson::fromIso(const QString& text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

qint64 RecordJson::durationMs(const QDateTime& start, const QDateTime& end)
{
    if (!start.isValid() || !end.isValid())
        return 0;
    return start.msecsTo(end);
}

void RecordJson::writeTimes(QJsonObject& record, const QDateTime& start, const QDateTime& end)
{
    record.insert(QStringLiteral("startTime"), iso(start));
    record.insert(QStringLiteral("endTime"), iso(end));
    record.insert(QStringLiteral("durationMs"), durationMs(start, end));
}

void RecordJson::readTimes(const QJsonObject& record, QDateTime* start, QDateTime* end)
{
    *start = fromIso(record.value(QStringLiteral("startTime")).toString());
    *end = fromIso(record.value(QStringLiteral("endTime")).toString());
}

} // namespace engine
