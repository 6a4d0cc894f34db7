#include "connectors/schedule/RecurrenceOperation.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace connectors::schedule {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::schedule::RecurrenceOperation", text);
}

engine::PropertySchema prop(const QString& key, const QString& name, engine::PropertyType type,
                            const QString& description, bool required = false,
                            bool advanced = false)
{
    engine::PropertySchema p;
    p.key = key;
    p.displayName = name;
    p.type = type;
    p.description = description;
    p.required = required;
    p.advanced = advanced;
    return p;
}

QStringList recurrencePath(const QString& key)
{
    return {QStringLiteral("recurrence"), key};
}

QStringList schedulePath(const QString& key)
{
    return {QStringLiteral("recurrence"), QStringLiteral("schedule"), key};
}

} // namespace

engine::Operation RecurrenceOperation::create()
{
    using engine::PropertyType;
    engine::Operation op;
    op.id = id();
    op.connector = QStringLiteral("schedule");
    op.connectorDisplayName = tr("Schedule");
    op.displayName = tr("Recurrence");
    op.description = tr("Starts a run on a regular schedule.");
    op.icon = QStringLiteral(":/icons/recurrence.svg");
    op.color = QStringLiteral("#1f85ff");
    op.kind = engine::OperationKind::Trigger;
    op.keywords = {QStringLiteral("schedule"), QStringLiteral("timer"),  QStringLiteral("every"),
                   QStringLiteral("daily"),    QStringLiteral("hourly"), QStringLiteral("cron")};

    engine::PropertySchema frequency =
        prop(QStringLiteral("Frequency"), tr("Frequency"), PropertyType::Enum,
             tr("The unit of the interval."), true);
    frequency.enumValues = {QStringLiteral("Second"), QStringLiteral("Minute"),
                            QStringLiteral("Hour"),   QStringLiteral("Day"),
                            QStringLiteral("Week"),   QStringLiteral("Month")};
    frequency.defaultValue = QStringLiteral("Day");
    engine::PropertySchema interval =
        prop(QStringLiteral("Interval"), tr("Interval"), PropertyType::Integer,
             tr("How many units between two runs (1 or more)."), true);
    interval.defaultValue = 1;
    engine::PropertySchema startTime = prop(
        QStringLiteral("StartTime"), tr("Start time"), PropertyType::DateTime,
        tr("The first run, like 2026-01-31T08:00:00Z; also anchors the schedule."), false, true);
    engine::PropertySchema timeZone =
        prop(QStringLiteral("TimeZone"), tr("Time zone"), PropertyType::String,
             tr("The time zone of the start time and schedule when it has no offset, like "
                "W. Europe Standard Time."),
             false, true);
    engine::PropertySchema hours =
        prop(QStringLiteral("Hours"), tr("At these hours"), PropertyType::Array,
             tr("Hours of the day (0-23), for Day and Week frequencies."), false, true);
    engine::PropertySchema minutes =
        prop(QStringLiteral("Minutes"), tr("At these minutes"), PropertyType::Array,
             tr("Minutes of the hour (0-59), for Day and Week frequencies."), false, true);
    engine::PropertySchema weekDays =
        prop(QStringLiteral("WeekDays"), tr("On these days"), PropertyType::Array,
             tr("Days of the week (Monday...Sunday), for the Week frequency."), false, true);
    op.properties = {frequency, interval, startTime, timeZone, hours, minutes, weekDays};

    engine::OutputSchema scheduled;
    scheduled.key = QStringLiteral("ScheduledTime");
    scheduled.displayName = tr("Scheduled time");
    scheduled.description = tr("When this run was due (UTC).");
    scheduled.expression = QStringLiteral("trigger()?['scheduledTime']");
    op.outputs = {scheduled};

    engine::WdlShape shape;
    shape.name = QStringLiteral("Recurrence");
    shape.type = QStringLiteral("Recurrence");
    shape.propertyPaths = {
        {QStringLiteral("Frequency"), recurrencePath(QStringLiteral("frequency"))},
        {QStringLiteral("Interval"), recurrencePath(QStringLiteral("interval"))},
        {QStringLiteral("StartTime"), recurrencePath(QStringLiteral("startTime"))},
        {QStringLiteral("TimeZone"), recurrencePath(QStringLiteral("timeZone"))},
        {QStringLiteral("Hours"), schedulePath(QStringLiteral("hours"))},
        {QStringLiteral("Minutes"), schedulePath(QStringLiteral("minutes"))},
        {QStringLiteral("WeekDays"), schedulePath(QStringLiteral("weekDays"))},
    };
    op.shapes = {shape};
    op.newStep = [] {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("Recurrence")},
            {QStringLiteral("recurrence"),
             QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Day")},
                         {QStringLiteral("interval"), 1}}},
        };
    };
    return op;
}

} // namespace connectors::schedule
