#pragma once

#include "engine/core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QTimeZone>
#include <optional>

namespace connectors::schedule {

// A WDL `recurrence` object and the next time it fires, computed as Logic Apps
// does: without a startTime the first run is at creation; a startTime in the
// past only sets the pattern (past occurrences are dropped); Day/Week/Month
// work in the local time of `timeZone` (IANA or Windows names) so that "every
// day at 08:00" stays at 08:00 across daylight-saving changes, while
// Second/Minute/Hour step in absolute time.
class Recurrence
{
public:
    enum class Frequency
    {
        Second,
        Minute,
        Hour,
        Day,
        Week,
        Month
    };

    Frequency frequency = Frequency::Day;
    int interval = 1;
    // The instant the pattern is anchored on; nullopt: the creation time.
    std::optional<QDateTime> startTime;
    std::optional<QDateTime> endTime;
    QTimeZone timeZone = QTimeZone::utc();
    QList<int> hours;              // schedule.hours (Day/Week/Month)
    QList<int> minutes;            // schedule.minutes
    QList<Qt::DayOfWeek> weekDays; // schedule.weekDays (Week)
    QList<int> monthDays;          // schedule.monthDays (Month)

    // Reads a `recurrence` object; each problem names its field
    // ("recurrence.frequency", "recurrence.schedule.hours[2]").
    static engine::Result<Recurrence> fromJson(const QJsonObject& recurrence);
    // IANA id, Windows id ("W. Europe Standard Time") or "UTC"; invalid when unknown.
    static QTimeZone zoneFromName(const QString& name);

    // The first fire time strictly after `after` (UTC), for a trigger created at
    // `created`; invalid when the recurrence has ended.
    QDateTime nextFire(const QDateTime& after, const QDateTime& created) const;

private:
    QDateTime nextCalendar(const QDateTime& after, const QDateTime& anchor) const;
};

} // namespace connectors::schedule
