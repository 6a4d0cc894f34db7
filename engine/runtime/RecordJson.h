#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>
#include <utility>

namespace engine {

// What run and step records share when they become JSON (and the text the
// run history stores): status names as Logic Apps writes them, times as
// UTC ISO 8601 with milliseconds, and the startTime/endTime/durationMs trio.
class RecordJson
{
public:
    template <typename Status> using Names = std::initializer_list<std::pair<Status, const char*>>;

    // The name of `status` in `names`; `fallback` for one the table lacks.
    template <typename Status>
    static QString name(Names<Status> names, Status status, const char* fallback)
    {
        for (const auto& [s, n] : names) {
            if (s == status)
                return QLatin1String(n);
        }
        return QLatin1String(fallback);
    }
    // Case-insensitive, as runAfter and stored records may write them in any case.
    template <typename Status>
    static std::optional<Status> fromName(Names<Status> names, const QString& text)
    {
        for (const auto& [s, n] : names) {
            if (text.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
                return s;
        }
        return std::nullopt;
    }

    // "2026-01-05T09:00:00.000Z"; empty for an invalid time (still running).
    static QString iso(const QDateTime& time);
    // The reverse, in UTC; invalid for empty or malformed text.
    static QDateTime fromIso(const QString& text);

    static qint64 durationMs(const QDateTime& start, const QDateTime& end);
    // startTime, endTime and durationMs.
    static void writeTimes(QJsonObject& record, const QDateTime& start, const QDateTime& end);
    static void readTimes(const QJsonObject& record, QDateTime* start, QDateTime* end);
};

} // namespace engine
