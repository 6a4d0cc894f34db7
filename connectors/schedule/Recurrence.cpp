#include "connectors/schedule/Recurrence.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>
#include <algorithm>

namespace connectors::schedule {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::schedule::Recurrence", text);
}

// Logic Apps writes startTime either with an offset ("...Z", "+02:00") or as a
// local time to be read in `timeZone`.
bool hasOffset(const QString& text)
{
    static const QRegularExpression offset(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"),
                                           QRegularExpression::CaseInsensitiveOption);
    const int t = text.indexOf(QLatin1Char('T'));
    return t >= 0 && offset.match(text.mid(t)).hasMatch();
}

engine::Result<QDateTime> parseTime(const QString& text, const QTimeZone& zone,
                                    const QString& field)
{
    QDateTime value = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!value.isValid())
        return engine::Result<QDateTime>::failure(
            field,
            tr("'%1' is not an ISO 8601 date and time (e.g. 2026-01-05T09:00:00Z)").arg(text));
    if (!hasOffset(text))
        value = QDateTime(value.date(), value.time(), zone);
    return value.toUTC();
}

engine::Result<QList<int>> readInts(const QJsonObject& schedule, const QString& key, int low,
                                    int high, const QString& field)
{
    QList<int> out;
    const QJsonValue v = schedule.value(key);
    if (v.isUndefined() || v.isNull())
        return out;
    const QJsonArray items = v.isArray() ? v.toArray() : QJsonArray{v};
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        const double d = item.isString() ? item.toString().toDouble() : item.toDouble(-1e9);
        const int n = int(d);
        if (d != n || n < low || n > high || (key == QLatin1String("monthDays") && n == 0))
            return engine::Result<QList<int>>::failure(
                field + QStringLiteral("[%1]").arg(i),
                tr("must be a whole number from %1 to %2").arg(low).arg(high));
        out.append(n);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

qint64 unitSeconds(Recurrence::Frequency f)
{
    switch (f) {
    case Recurrence::Frequency::Second:
        return 1;
    case Recurrence::Frequency::Minute:
        return 60;
    case Recurrence::Frequency::Hour:
        return 3600;
    default:
        return 0;
    }
}

} // namespace

QTimeZone Recurrence::zoneFromName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.compare(QLatin1String("UTC"), Qt::CaseInsensitive) == 0 ||
        trimmed == QLatin1String("Coordinated Universal Time"))
        return QTimeZone::utc();
    const QByteArray id = trimmed.toUtf8();
    if (QTimeZone::isTimeZoneIdAvailable(id))
        return QTimeZone(id);
    const QByteArray iana = QTimeZone::windowsIdToDefaultIanaId(id);
    if (!iana.isEmpty() && QTimeZone::isTimeZoneIdAvailable(iana))
        return QTimeZone(iana);
    return QTimeZone();
}

engine::Result<Recurrence> Recurrence::fromJson(const QJsonObject& json)
{
    using R = engine::Result<Recurrence>;
    Recurrence r;
    const QString freq = json.value(QStringLiteral("frequency")).toString();
    static const QList<std::pair<QString, Frequency>> names = {
        {QStringLiteral("Second"), Frequency::Second},
        {QStringLiteral("Minute"), Frequency::Minute},
        {QStringLiteral("Hour"), Frequency::Hour},
        {QStringLiteral("Day"), Frequency::Day},
        {QStringLiteral("Week"), Frequency::Week},
        {QStringLiteral("Month"), Frequency::Month}};
    bool found = false;
    for (const auto& [n, f] : names) {
        if (n.compare(freq, Qt::CaseInsensitive) == 0) {
            r.frequency = f;
            found = true;
        }
    }
    if (!found)
        return R::failure(
            QStringLiteral("recurrence.frequency"),
            freq.isEmpty()
                ? tr("is missing; choose Second, Minute, Hour, Day, Week or Month")
                : tr("'%1' is not one of Second, Minute, Hour, Day, Week, Month").arg(freq));

    const QJsonValue interval = json.value(QStringLiteral("interval"));
    bool number = false;
    double iv = 0;
    if (interval.isString()) {
        iv = interval.toString().toDouble(&number);
    } else if (interval.isDouble()) {
        iv = interval.toDouble();
        number = true;
    }
    if (!number || iv != int(iv) || iv < 1)
        return R::failure(QStringLiteral("recurrence.interval"),
                          tr("must be a whole number of at least 1"));
    r.interval = int(iv);

    const QString zoneName = json.value(QStringLiteral("timeZone")).toString();
    if (!zoneName.isEmpty()) {
        r.timeZone = zoneFromName(zoneName);
        if (!r.timeZone.isValid())
            return R::failure(QStringLiteral("recurrence.timeZone"),
                              tr("'%1' is not a known time zone (use an IANA name such as "
                                 "Europe/Berlin or a Windows name such as W. Europe Standard Time)")
                                  .arg(zoneName));
    }
    for (const char* key : {"startTime", "endTime"}) {
        const QString text = json.value(QLatin1String(key)).toString();
        if (text.isEmpty())
            continue;
        auto t = parseTime(text, r.timeZone, QStringLiteral("recurrence.") + QLatin1String(key));
        if (!t)
            return t.error();
        (qstrcmp(key, "startTime") == 0 ? r.startTime : r.endTime) = *t;
    }

    const QJsonObject schedule = json.value(QStringLiteral("schedule")).toObject();
    auto hours = readInts(schedule, QStringLiteral("hours"), 0, 23,
                          QStringLiteral("recurrence.schedule.hours"));
    if (!hours)
        return hours.error();
    auto minutes = readInts(schedule, QStringLiteral("minutes"), 0, 59,
                            QStringLiteral("recurrence.schedule.minutes"));
    if (!minutes)
        return minutes.error();
    auto monthDays = readInts(schedule, QStringLiteral("monthDays"), -31, 31,
                              QStringLiteral("recurrence.schedule.monthDays"));
    if (!monthDays)
        return monthDays.error();
    r.hours = *hours;
    r.minutes = *minutes;
    r.monthDays = *monthDays;

    const QJsonValue wd = schedule.value(QStringLiteral("weekDays"));
    const QJsonArray days =
        wd.isArray() ? wd.toArray() : (wd.isString() ? QJsonArray{wd} : QJsonArray{});
    static const QStringList dayNames = {QStringLiteral("Monday"),    QStringLiteral("Tuesday"),
                                         QStringLiteral("Wednesday"), QStringLiteral("Thursday"),
                                         QStringLiteral("Friday"),    QStringLiteral("Saturday"),
                                         QStringLiteral("Sunday")};
    for (qsizetype i = 0; i < days.size(); ++i) {
        const QString name = days.at(i).toString();
        qsizetype index = -1;
        for (qsizetype k = 0; k < dayNames.size(); ++k) {
            if (dayNames.at(k).compare(name, Qt::CaseInsensitive) == 0)
                index = k;
        }
        if (index < 0)
            return R::failure(QStringLiteral("recurrence.schedule.weekDays[%1]").arg(i),
                              tr("'%1' is not a day of the week (Monday ... Sunday)").arg(name));
        const auto day = Qt::DayOfWeek(index + 1);
        if (!r.weekDays.contains(day))
            r.weekDays.append(day);
    }
    std::sort(r.weekDays.begin(), r.weekDays.end());
    return r;
}

QDateTime Recurrence::nextFire(const QDateTime& after, const QDateTime& created) const
{
    const QDateTime anchor = (startTime ? *startTime : created).toUTC();
    QDateTime next;
    if (const qint64 unit = unitSeconds(frequency)) {
        const qint64 stepMs = unit * interval * 1000;
        if (after < anchor) {
            next = anchor;
        } else {
            const qint64 k = anchor.msecsTo(after) / stepMs + 1;
            next = anchor.addMSecs(k * stepMs);
        }
    } else {
        next = nextCalendar(after.toUTC(), anchor);
    }
    if (next.isValid() && endTime && next > *endTime)
        return {};
    return next;
}

QDateTime Recurrence::nextCalendar(const QDateTime& after, const QDateTime& anchor) const
{
    const QDateTime localAnchor = anchor.toTimeZone(timeZone);
    const QDate anchorDate = localAnchor.date();
    const QTime anchorTime = localAnchor.time();
    const bool scheduled = !hours.isEmpty() || !minutes.isEmpty();
    const QList<int> hs = hours.isEmpty() ? QList<int>{anchorTime.hour()} : hours;
    const QList<int> ms = minutes.isEmpty() ? QList<int>{anchorTime.minute()} : minutes;
    const int seconds = scheduled ? 0 : anchorTime.second();
    const QList<Qt::DayOfWeek> days =
        weekDays.isEmpty() ? QList<Qt::DayOfWeek>{Qt::DayOfWeek(anchorDate.dayOfWeek())} : weekDays;
    const QDate anchorWeek = anchorDate.addDays(1 - anchorDate.dayOfWeek()); // weeks start Monday

    auto eligible = [&](const QDate& d) {
        switch (frequency) {
        case Frequency::Day:
            return anchorDate.daysTo(d) % interval == 0;
        case Frequency::Week: {
            const qint64 weeks = anchorWeek.daysTo(d.addDays(1 - d.dayOfWeek())) / 7;
            return weeks % interval == 0 && days.contains(Qt::DayOfWeek(d.dayOfWeek()));
        }
        case Frequency::Month: {
            const int months = (d.year() - anchorDate.year()) * 12 + d.month() - anchorDate.month();
            if (months % interval != 0)
                return false;
            if (monthDays.isEmpty()) // the anchor's day, or the month's last when shorter
                return d.day() == std::min(anchorDate.day(), d.daysInMonth());
            for (int md : monthDays) {
                if ((md > 0 && d.day() == md) || (md < 0 && d.day() == d.daysInMonth() + 1 + md))
                    return true;
            }
            return false;
        }
        default:
            return false;
        }
    };

    QDate day = std::max(anchorDate, after.toTimeZone(timeZone).date().addDays(-1));
    const int limit = 400 * interval + 62;
    for (int i = 0; i < limit; ++i, day = day.addDays(1)) {
        if (!eligible(day))
            continue;
        for (int h : hs) {
            for (int m : ms) {
                const QDateTime candidate = QDateTime(day, QTime(h, m, seconds), timeZone).toUTC();
                if (candidate > after && candidate >= anchor)
                    return candidate;
            }
        }
    }
    return {};
}

} // namespace connectors::schedule
