#include "connectors/schedule/Recurrence.h"
#include "connectors/schedule/RecurrenceTrigger.h"
#include "tests/support/FakeClock.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using connectors::schedule::Recurrence;
using connectors::schedule::RecurrenceTrigger;

namespace {

QDateTime utc(const char* iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    t.setTimeSpec(Qt::UTC);
    return t;
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestRecurrence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextFire_data()
    {
        QTest::addColumn<QString>("recurrence");
        QTest::addColumn<QDateTime>("created");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QDateTime>("expected");

        const QDateTime created = utc("2026-01-05T09:00:00");
        QTest::newRow("no start time: first run at creation")
            << R"({"frequency":"Minute","interval":15})" << created << created.addMSecs(-1)
            << created;
        QTest::newRow("minute steps from creation")
            << R"({"frequency":"Minute","interval":15})" << created << created
            << utc("2026-01-05T09:15:00");
        QTest::newRow("second: strictly after")
            << R"({"frequency":"Second","interval":30,"startTime":"2026-01-05T09:00:00Z"})"
            << created << utc("2026-01-05T09:00:30") << utc("2026-01-05T09:01:00");
        QTest::newRow("hour: past start time keeps its pattern")
            << R"({"frequency":"Hour","interval":2,"startTime":"2026-01-01T00:30:00Z"})" << created
            << created << utc("2026-01-05T10:30:00");
        QTest::newRow("day: future start time is the first run")
            << R"({"frequency":"Day","interval":1,"startTime":"2026-01-10T08:00:00Z"})" << created
            << created << utc("2026-01-10T08:00:00");
        QTest::newRow("day every 3 days from start")
            << R"({"frequency":"Day","interval":3,"startTime":"2026-01-01T06:00:00Z"})" << created
            << created << utc("2026-01-07T06:00:00");
        QTest::newRow("day schedule in a Windows time zone")
            << R"({"frequency":"Day","interval":1,"timeZone":"W. Europe Standard Time",
                  "schedule":{"hours":[17,8],"minutes":[30,0]}})"
            << created << created << utc("2026-01-05T16:00:00");
        QTest::newRow("day schedule: later minute of the same hour")
            << R"({"frequency":"Day","interval":1,"timeZone":"Europe/Berlin",
                  "schedule":{"hours":[17,8],"minutes":[30,0]}})"
            << created << utc("2026-01-05T16:00:00") << utc("2026-01-05T16:30:00");
        QTest::newRow("day schedule without start time does not fire at creation")
            << R"({"frequency":"Day","interval":1,"schedule":{"hours":[7]}})" << created
            << created.addMSecs(-1) << utc("2026-01-06T07:00:00");
        QTest::newRow("day across daylight saving keeps local 08:00")
            << R"({"frequency":"Day","interval":1,"startTime":"2026-03-27T08:00:00",
                  "timeZone":"W. Europe Standard Time"})"
            << created << utc("2026-03-28T08:00:00") << utc("2026-03-29T06:00:00");
        QTest::newRow("local start time read in its time zone")
            << R"({"frequency":"Day","interval":1,"startTime":"2026-01-05T09:00:00",
                  "timeZone":"Tokyo Standard Time"})"
            << created << utc("2026-01-05T00:00:00") << utc("2026-01-06T00:00:00");
        QTest::newRow("week days in Pacific time")
            << R"({"frequency":"Week","interval":1,"timeZone":"Pacific Standard Time",
                  "schedule":{"weekDays":["Monday","Wednesday"],"hours":[9],"minutes":[0]}})"
            << created << utc("2026-01-05T18:00:00") << utc("2026-01-07T17:00:00");
        QTest::newRow("every second week on Friday")
            << R"({"frequency":"Week","interval":2,"startTime":"2026-01-05T09:00:00Z",
                  "schedule":{"weekDays":["Friday"]}})"
            << created << utc("2026-01-10T00:00:00") << utc("2026-01-23T09:00:00");
        QTest::newRow("month on the 31st falls back to the last day")
            << R"({"frequency":"Month","interval":1,"startTime":"2026-01-31T12:00:00Z"})" << created
            << utc("2026-02-01T00:00:00") << utc("2026-02-28T12:00:00");
        QTest::newRow("month last day by -1")
            << R"({"frequency":"Month","interval":1,"startTime":"2026-01-01T00:00:00Z",
                  "schedule":{"monthDays":[-1],"hours":[6],"minutes":[0]}})"
            << created << utc("2026-04-10T00:00:00") << utc("2026-04-30T06:00:00");
        QTest::newRow("every 3 months")
            << R"({"frequency":"Month","interval":3,"startTime":"2026-01-15T10:00:00Z"})" << created
            << utc("2026-01-15T10:00:00") << utc("2026-04-15T10:00:00");
        QTest::newRow("ended") << R"({"frequency":"Day","interval":1,
                  "startTime":"2026-01-01T10:00:00Z","endTime":"2026-01-05T09:30:00Z"})"
                               << created << created << QDateTime();
    }

    void nextFire()
    {
        QFETCH(QString, recurrence);
        QFETCH(QDateTime, created);
        QFETCH(QDateTime, after);
        QFETCH(QDateTime, expected);
        auto r = Recurrence::fromJson(json(recurrence.toUtf8().constData()));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const QDateTime next = r->nextFire(after, created);
        QCOMPARE(next.isValid(), expected.isValid());
        if (expected.isValid())
            QCOMPARE(next.toUTC().toString(Qt::ISODate), expected.toString(Qt::ISODate));
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("recurrence");
        QTest::addColumn<QString>("field");
        QTest::newRow("no frequency") << R"({"interval":1})"
                                      << "recurrence.frequency";
        QTest::newRow("unknown frequency") << R"({"frequency":"Fortnight","interval":1})"
                                           << "recurrence.frequency";
        QTest::newRow("interval zero") << R"({"frequency":"Day","interval":0})"
                                       << "recurrence.interval";
        QTest::newRow("interval missing") << R"({"frequency":"Day"})"
                                          << "recurrence.interval";
        QTest::newRow("unknown zone") << R"({"frequency":"Day","interval":1,"timeZone":"Mars"})"
                                      << "recurrence.timeZone";
        QTest::newRow("hour 24")
            << R"({"frequency":"Day","interval":1,"schedule":{"hours":[1,24]}})"
            << "recurrence.schedule.hours[1]";
        QTest::newRow("bad week day")
            << R"({"frequency":"Week","interval":1,"schedule":{"weekDays":["Funday"]}})"
            << "recurrence.schedule.weekDays[0]";
        QTest::newRow("bad start time")
            << R"({"frequency":"Day","interval":1,"startTime":"yesterday"})"
            << "recurrence.startTime";
    }

    void invalid()
    {
        QFETCH(QString, recurrence);
        QFETCH(QString, field);
        auto r = Recurrence::fromJson(json(recurrence.toUtf8().constData()));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, field);
        QVERIFY(!r.error().message.isEmpty());
    }

    void triggerFiresByTheClock()
    {
        testsupport::FakeClock clock;
        engine::JobContext context;
        context.clock = &clock;
        context.stepName = QStringLiteral("Recurrence");
        RecurrenceTrigger trigger;
        QSignalSpy fired(&trigger, &engine::TriggerSource::fired);
        QString error;
        QVERIFY(trigger.start(json(R"({"type":"Recurrence","recurrence":
                                       {"frequency":"Minute","interval":5}})"),
                              context, &error));
        trigger.poll(); // first run at creation
        QCOMPARE(fired.size(), 1);
        QCOMPARE(fired.at(0).at(0).toJsonObject().value("scheduledTime").toString(),
                 QStringLiteral("2026-01-05T09:00:00Z"));
        clock.advance(4 * 60 * 1000);
        trigger.poll();
        QCOMPARE(fired.size(), 1);
        clock.advance(60 * 1000);
        trigger.poll();
        QCOMPARE(fired.size(), 2);
        // Asleep for 17 minutes: one run on waking, then back on the 5-minute grid.
        clock.advance(17 * 60 * 1000);
        trigger.poll();
        trigger.poll();
        QCOMPARE(fired.size(), 3);
        QCOMPARE(trigger.nextFire(), QDateTime(QDate(2026, 1, 5), QTime(9, 25), Qt::UTC));
        trigger.stop();
        clock.advance(60 * 60 * 1000);
        trigger.poll();
        QCOMPARE(fired.size(), 3);
    }

    void triggerRejectsBadRecurrence()
    {
        RecurrenceTrigger trigger;
        QString error;
        QVERIFY(!trigger.start(json(R"({"type":"Recurrence","recurrence":{"frequency":"Day"}})"),
                               engine::JobContext{}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("recurrence.interval")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRecurrence)
#include "tst_recurrence.moc"
