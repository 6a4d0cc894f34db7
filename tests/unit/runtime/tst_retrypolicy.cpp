#include "engine/catalogue/Job.h"
#include "engine/runtime/IsoDuration.h"
#include "engine/runtime/RetryPolicy.h"

#include <QJsonDocument>
#include <QtTest>

using engine::IsoDuration;
using engine::RetryPolicy;
using engine::StepOutcome;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void durations_data();
    void durations();
    void badDurations_data();
    void badDurations();
    void formatRoundTrips();
    void defaultPolicy();
    void parse_data();
    void parse();
    void badPolicies_data();
    void badPolicies();
    void exponentialRanges_data();
    void exponentialRanges();
    void whatIsRetried_data();
    void whatIsRetried();
};

void TestRetryPolicy::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("seconds") << "PT30S" << qint64(30000);
    QTest::newRow("fraction") << "PT7.5S" << qint64(7500);
    QTest::newRow("comma fraction") << "PT0,25S" << qint64(250);
    QTest::newRow("minutes") << "PT5M" << qint64(300000);
    QTest::newRow("hours") << "PT1H" << qint64(3600000);
    QTest::newRow("day") << "P1D" << qint64(86400000);
    QTest::newRow("week") << "P1W" << qint64(7 * 86400000LL);
    QTest::newRow("month is 30 days") << "P1M" << qint64(30 * 86400000LL);
    QTest::newRow("mixed") << "P1DT1H1M1S" << qint64(90061000);
    QTest::newRow("lower case") << "pt10s" << qint64(10000);
    QTest::newRow("zero") << "PT0S" << qint64(0);
}

void TestRetryPolicy::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const auto r = IsoDuration::parseMs(text, QStringLiteral("limit.timeout"));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    QCOMPARE(*r, ms);
}

void TestRetryPolicy::badDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("no P") << "T30S";
    QTest::newRow("just P") << "P";
    QTest::newRow("just PT") << "PT";
    QTest::newRow("no unit") << "PT30";
    QTest::newRow("hours without T") << "P1H";
    QTest::newRow("days after T") << "PT1D";
    QTest::newRow("seconds words") << "30 seconds";
    QTest::newRow("negative") << "PT-5S";
    QTest::newRow("double T") << "PTT5S";
}

void TestRetryPolicy::badDurations()
{
    QFETCH(QString, text);
    const auto r = IsoDuration::parseMs(text, QStringLiteral("limit.timeout"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().field, QStringLiteral("limit.timeout"));
    QVERIFY(r.error().message.contains(QStringLiteral("ISO 8601")));
}

void TestRetryPolicy::formatRoundTrips()
{
    for (qint64 ms : {qint64(0), qint64(7500), qint64(90061000), qint64(86400000), qint64(61000)}) {
        const auto back = IsoDuration::parseMs(IsoDuration::format(ms), QString());
        QVERIFY(back.ok());
        QCOMPARE(*back, ms);
    }
    QCOMPARE(IsoDuration::format(90000), QStringLiteral("PT1M30S"));
}

void TestRetryPolicy::defaultPolicy()
{
    const auto p = RetryPolicy::fromJson(QJsonValue(QJsonValue::Undefined));
    QVERIFY(p.ok());
    QCOMPARE(p->type(), RetryPolicy::Type::Exponential);
    QCOMPARE(p->count(), 4);
    QCOMPARE(p->intervalMs(), qint64(7500));
    QCOMPARE(p->minimumIntervalMs(), qint64(5000));
    QCOMPARE(p->maximumIntervalMs(), qint64(45000));
    const auto named = RetryPolicy::fromJson(QJsonObject{{"type", "Default"}});
    QVERIFY(named.ok());
    QCOMPARE(named->count(), 4);
}

void TestRetryPolicy::parse_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("interval");
    QTest::addColumn<qint64>("minimum");
    QTest::addColumn<qint64>("maximum");
    QTest::newRow("none") << R"({"type":"none"})" << int(RetryPolicy::Type::None) << 0 << qint64(0)
                          << qint64(0) << qint64(0);
    QTest::newRow("fixed") << R"({"type":"fixed","count":3,"interval":"PT20S"})"
                           << int(RetryPolicy::Type::Fixed) << 3 << qint64(20000) << qint64(20000)
                           << qint64(20000);
    QTest::newRow("exponential bounds")
        << R"({"type":"Exponential","count":"5","interval":"PT10S","minimumInterval":"PT6S","maximumInterval":"PT1M"})"
        << int(RetryPolicy::Type::Exponential) << 5 << qint64(10000) << qint64(6000)
        << qint64(60000);
    QTest::newRow("exponential defaults bounds")
        << R"({"type":"exponential","count":2,"interval":"PT10S"})"
        << int(RetryPolicy::Type::Exponential) << 2 << qint64(10000) << qint64(5000)
        << qint64(86400000);
}

void TestRetryPolicy::parse()
{
    QFETCH(QString, json);
    QFETCH(int, type);
    QFETCH(int, count);
    QFETCH(qint64, interval);
    QFETCH(qint64, minimum);
    QFETCH(qint64, maximum);
    const auto p = RetryPolicy::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().toString()));
    QCOMPARE(int(p->type()), type);
    QCOMPARE(p->count(), count);
    QCOMPARE(p->intervalMs(), interval);
    QCOMPARE(p->minimumIntervalMs(), minimum);
    QCOMPARE(p->maximumIntervalMs(), maximum);
}

void TestRetryPolicy::badPolicies_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown type") << R"({"type":"sometimes"})"
                                  << "retryPolicy.type";
    QTest::newRow("fixed without count") << R"({"type":"fixed","interval":"PT10S"})"
                                         << "retryPolicy.count";
    QTest::newRow("count zero") << R"({"type":"fixed","count":0,"interval":"PT10S"})"
                                << "retryPolicy.count";
    QTest::newRow("count over 90") << R"({"type":"fixed","count":91,"interval":"PT10S"})"
                                   << "retryPolicy.count";
    QTest::newRow("count fraction") << R"({"type":"fixed","count":1.5,"interval":"PT10S"})"
                                    << "retryPolicy.count";
    QTest::newRow("no interval") << R"({"type":"fixed","count":2})"
                                 << "retryPolicy.interval";
    QTest::newRow("bad interval") << R"({"type":"fixed","count":2,"interval":"10s"})"
                                  << "retryPolicy.interval";
    QTest::newRow("interval too short") << R"({"type":"fixed","count":2,"interval":"PT1S"})"
                                        << "retryPolicy.interval";
    QTest::newRow("interval too long") << R"({"type":"fixed","count":2,"interval":"P2D"})"
                                       << "retryPolicy.interval";
    QTest::newRow("interval number") << R"({"type":"fixed","count":2,"interval":10})"
                                     << "retryPolicy.interval";
    QTest::newRow("min over max")
        << R"({"type":"exponential","count":2,"interval":"PT10S","minimumInterval":"PT1M","maximumInterval":"PT30S"})"
        << "retryPolicy.minimumInterval";
}

void TestRetryPolicy::badPolicies()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    const auto p = RetryPolicy::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    QVERIFY(!p.ok());
    QCOMPARE(p.error().field, field);
    QVERIFY(!p.error().message.isEmpty());
    const auto notObject = RetryPolicy::fromJson(QJsonValue(QStringLiteral("fixed")));
    QVERIFY(!notObject.ok());
    QCOMPARE(notObject.error().field, QStringLiteral("retryPolicy"));
}

void TestRetryPolicy::exponentialRanges_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("low");
    QTest::addColumn<qint64>("high");
    // The default policy: 7.5 s scale, each wait between 5 and 45 s.
    QTest::newRow("1") << 1 << qint64(5000) << qint64(7500);
    QTest::newRow("2") << 2 << qint64(7500) << qint64(15000);
    QTest::newRow("3") << 3 << qint64(15000) << qint64(30000);
    QTest::newRow("4") << 4 << qint64(30000) << qint64(45000);
    QTest::newRow("5 capped") << 5 << qint64(45000) << qint64(45000);
}

void TestRetryPolicy::exponentialRanges()
{
    QFETCH(int, retry);
    QFETCH(qint64, low);
    QFETCH(qint64, high);
    const RetryPolicy p = RetryPolicy::defaultPolicy();
    QCOMPARE(p.delayMs(retry, 0.0), low);
    QCOMPARE(p.delayMs(retry, 1.0), high);
    const qint64 mid = p.delayMs(retry, 0.5);
    QVERIFY(mid >= low && mid <= high);

    const auto fixed =
        RetryPolicy::fromJson(QJsonObject{{"type", "fixed"}, {"count", 3}, {"interval", "PT20S"}});
    QVERIFY(fixed.ok());
    QCOMPARE(fixed->delayMs(retry, 0.3), qint64(20000));
}

void TestRetryPolicy::whatIsRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<int>("retriesDone");
    QTest::addColumn<bool>("retried");
    const int failed = int(StepOutcome::Status::Failed);
    QTest::newRow("connect error") << failed << 500 << true << 0 << true;
    QTest::newRow("4xx smtp reply") << failed << 500 << true << 3 << true;
    QTest::newRow("count used up") << failed << 500 << true << 4 << false;
    QTest::newRow("permanent 5xx") << failed << 500 << false << 0 << false;
    QTest::newRow("relay denied") << failed << 403 << false << 0 << false;
    QTest::newRow("invalid input even if flagged") << failed << 400 << true << 0 << false;
    QTest::newRow("timed out") << int(StepOutcome::Status::TimedOut) << 500 << true << 0 << true;
    QTest::newRow("succeeded") << int(StepOutcome::Status::Succeeded) << 200 << true << 0 << false;
    QTest::newRow("cancelled") << int(StepOutcome::Status::Cancelled) << 500 << true << 0 << false;
}

void TestRetryPolicy::whatIsRetried()
{
    QFETCH(int, status);
    QFETCH(int, code);
    QFETCH(bool, transient);
    QFETCH(int, retriesDone);
    QFETCH(bool, retried);
    StepOutcome o;
    o.status = StepOutcome::Status(status);
    o.code = code;
    o.transient = transient;
    QCOMPARE(RetryPolicy::defaultPolicy().shouldRetry(o, retriesDone), retried);
    QVERIFY(!RetryPolicy::none().shouldRetry(o, 0));
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
