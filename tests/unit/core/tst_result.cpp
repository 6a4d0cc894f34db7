#include "engine/core/Result.h"
#include "tests/support/FakeClock.h"

#include <QTest>

using engine::Error;
using engine::Result;

class TestResult : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valueAndError()
    {
        Result<int> good = 42;
        QVERIFY(good.ok());
        QCOMPARE(*good, 42);

        Result<int> bad = Result<int>::failure(QStringLiteral("To"), QStringLiteral("is empty"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().field, QStringLiteral("To"));
        QCOMPARE(bad.error().code, 400);
        QCOMPARE(bad.error().toString(), QStringLiteral("To: is empty"));
    }

    void errorWithoutField()
    {
        const Error e{QString(), QStringLiteral("connection refused"), 500};
        QCOMPARE(e.toString(), QStringLiteral("connection refused"));
    }

    void fakeClockMovesOnlyWhenTold()
    {
        testsupport::FakeClock clock;
        const QDateTime start = clock.now();
        QCOMPARE(clock.now(), start);
        clock.advance(7500);
        QCOMPARE(start.msecsTo(clock.now()), 7500);
        QCOMPARE(clock.monotonicMs(), 7500);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
