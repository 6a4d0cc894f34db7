#include "connectors/salesforce/SalesforceTrigger.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeSalesforceServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using connectors::salesforce::SalesforceTrigger;
using testsupport::FakeSalesforceServer;

namespace {

QDateTime at(int h, int m, int s = 0)
{
    return QDateTime(QDate(2026, 1, 5), QTime(h, m, s), Qt::UTC);
}

QJsonObject leadTrigger(bool split = true, const QString& filter = QString())
{
    QJsonObject inputs{
        {QStringLiteral("host"),
         QJsonObject{{QStringLiteral("connection"), QJsonObject{{QStringLiteral("referenceName"),
                                                                 QStringLiteral("salesforce")}}}}},
        {QStringLiteral("method"), QStringLiteral("get")},
        {QStringLiteral("path"),
         QStringLiteral("/datasets/default/tables/"
                        "@{encodeURIComponent(encodeURIComponent('Lead'))}/onnewitems")}};
    if (!filter.isEmpty())
        inputs.insert(QStringLiteral("queries"), QJsonObject{{QStringLiteral("$filter"), filter}});
    QJsonObject t{{QStringLiteral("type"), QStringLiteral("ApiConnection")},
                  {QStringLiteral("inputs"), inputs},
                  {QStringLiteral("recurrence"),
                   QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Minute")},
                               {QStringLiteral("interval"), 3}}}};
    if (split)
        t.insert(QStringLiteral("splitOn"), QStringLiteral("@triggerBody()?['value']"));
    return t;
}

QStringList firedNames(const QSignalSpy& spy)
{
    QStringList out;
    for (const auto& args : spy)
        out.append(args.at(0).toJsonObject().value("body").toObject().value("LastName").toString());
    return out;
}

} // namespace

class TestSalesforceTrigger : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<FakeSalesforceServer> m_server;
    testsupport::FakeClock m_clock{at(9, 0)};

    std::unique_ptr<SalesforceTrigger> start(const QJsonObject& json, bool passwordFlow = false,
                                             QString* error = nullptr)
    {
        auto trigger = std::make_unique<SalesforceTrigger>();
        trigger->setWorkflowName(QStringLiteral("lead-to-email"));
        trigger->setStateDirectory(m_state->path());
        engine::JobContext context;
        context.stepName = QStringLiteral("When_an_object_is_created");
        context.clock = &m_clock;
        context.connection = m_server->connection(passwordFlow);
        QString message;
        if (!trigger->start(json, context, &message)) {
            if (error)
                *error = message;
            return nullptr;
        }
        return trigger;
    }

    // Waits for the poll in progress (or starts one) to finish.
    static int pollAndWait(SalesforceTrigger* trigger, bool startPoll = true)
    {
        QSignalSpy polled(trigger, &SalesforceTrigger::polled);
        if (startPoll)
            trigger->poll();
        if (!polled.wait(20000))
            return -1;
        return polled.at(0).at(0).toInt();
    }

private Q_SLOTS:
    void init()
    {
        m_state = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<FakeSalesforceServer>();
        QVERIFY(m_server->start());
        m_clock.set(at(9, 0));
    }

    void newRecordsFireOncePerRecordAcrossPages()
    {
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Before"}}, at(8, 59));
        auto trigger = start(leadTrigger());
        QVERIFY(trigger);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        QCOMPARE(pollAndWait(trigger.get(), false), 0); // the first poll, started by start()
        QCOMPARE(m_server->grantTypes(), QStringList{QStringLiteral("refresh_token")});

        m_server->setPageSize(2);
        for (const char* name : {"Ada", "Babbage", "Curie"})
            m_server->addRecord(
                QStringLiteral("Lead"),
                {{"FirstName", "F"},
                 {"LastName", name},
                 {"Email", QString(QString::fromLatin1(name).toLower() + "@example.test")},
                 {"Company", "Acme"}},
                at(9, 1));
        m_server->addRecord(QStringLiteral("Lead"),
                            {{"LastName", "Dijkstra"}, {"Company", "Other"}}, at(9, 2));
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Euler"}, {"Company", "Acme"}},
                            at(9, 2, 30));
        const int queriesBefore = m_server->queryRequests();
        QCOMPARE(pollAndWait(trigger.get()), 5);
        QCOMPARE(m_server->queryRequests() - queriesBefore, 3); // 2 + 2 + 1 via nextRecordsUrl
        QCOMPARE(firedNames(fired), (QStringList{"Ada", "Babbage", "Curie", "Dijkstra", "Euler"}));
        const QJsonObject first = fired.at(0).at(0).toJsonObject().value("body").toObject();
        QCOMPARE(first.value("Email").toString(), QStringLiteral("ada@example.test"));
        QCOMPARE(first.value("Company").toString(), QStringLiteral("Acme"));
        QVERIFY(first.value("Id").toString().startsWith("00Q"));
        QCOMPARE(trigger->watermarkTime(), at(9, 2, 30));

        // Nothing new: nothing fires.
        QCOMPARE(pollAndWait(trigger.get()), 0);
        QCOMPARE(fired.size(), 5);
        // The SOQL asks for records after the watermark, in a stable order.
        const QString soql = m_server->soqlSeen().last();
        QVERIFY2(soql.contains(
                     QStringLiteral("FROM Lead WHERE (CreatedDate > 2026-01-05T09:02:30.000Z OR "
                                    "(CreatedDate = 2026-01-05T09:02:30.000Z AND Id > '")),
                 qPrintable(soql));
        QVERIFY(soql.endsWith(QStringLiteral("ORDER BY CreatedDate ASC, Id ASC")));
        QVERIFY(!soql.contains(QStringLiteral("Address")));
    }

    void recordInTheSameSecondAsTheWatermarkStillFires()
    {
        auto trigger = start(leadTrigger());
        QVERIFY(trigger);
        QCOMPARE(pollAndWait(trigger.get(), false), 0);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "First"}}, at(9, 5));
        QCOMPARE(pollAndWait(trigger.get()), 1);
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Second"}}, at(9, 5));
        QCOMPARE(pollAndWait(trigger.get()), 1);
        QCOMPARE(firedNames(fired), (QStringList{"First", "Second"}));
    }

    void expiredTokenIsRefreshedOnce()
    {
        auto trigger = start(leadTrigger());
        QVERIFY(trigger);
        QCOMPARE(pollAndWait(trigger.get(), false), 0);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        QSignalSpy failed(trigger.get(), &engine::TriggerSource::failed);
        m_server->expireTokens();
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "AfterExpiry"}}, at(9, 10));
        QCOMPARE(pollAndWait(trigger.get()), 1);
        QCOMPARE(m_server->unauthorizedRequests(), 1);
        QCOMPARE(m_server->tokenRequests(), 2);
        QCOMPARE(firedNames(fired), QStringList{"AfterExpiry"});
        QCOMPARE(failed.size(), 0);
    }

    void watermarkSurvivesRestart()
    {
        {
            auto trigger = start(leadTrigger());
            QVERIFY(trigger);
            QCOMPARE(pollAndWait(trigger.get(), false), 0);
            m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "One"}}, at(9, 1));
            QCOMPARE(pollAndWait(trigger.get()), 1);
        }
        // Stopped: records arrive meanwhile; the clock moved on.
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Two"}}, at(9, 20));
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Three"}}, at(9, 21));
        m_clock.set(at(10, 0));
        auto again = start(leadTrigger());
        QVERIFY(again);
        QSignalSpy fired(again.get(), &engine::TriggerSource::fired);
        QCOMPARE(pollAndWait(again.get(), false), 2);
        QCOMPARE(firedNames(fired), (QStringList{"Two", "Three"}));
        QCOMPARE(pollAndWait(again.get()), 0);
    }

    void passwordFlow()
    {
        auto trigger = start(leadTrigger(), true);
        QVERIFY(trigger);
        QCOMPARE(pollAndWait(trigger.get(), false), 0);
        QCOMPARE(m_server->grantTypes(), QStringList{QStringLiteral("password")});
    }

    void withoutSplitOnOneRunCarriesAll()
    {
        auto trigger = start(leadTrigger(false));
        QVERIFY(trigger);
        QCOMPARE(pollAndWait(trigger.get(), false), 0);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "A"}}, at(9, 1));
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "B"}}, at(9, 2));
        QCOMPARE(pollAndWait(trigger.get()), 2);
        QCOMPARE(fired.size(), 1);
        QCOMPARE(fired.at(0)
                     .at(0)
                     .toJsonObject()
                     .value("body")
                     .toObject()
                     .value("value")
                     .toArray()
                     .size(),
                 2);
    }

    void filterNarrowsTheQuery()
    {
        auto trigger =
            start(leadTrigger(true, QStringLiteral("Company eq 'Acme' and LastName ne 'Skip'")));
        QVERIFY(trigger);
        QCOMPARE(pollAndWait(trigger.get(), false), 0);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Keep"}, {"Company", "Acme"}},
                            at(9, 1));
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Skip"}, {"Company", "Acme"}},
                            at(9, 2));
        m_server->addRecord(QStringLiteral("Lead"), {{"LastName", "Other"}, {"Company", "Beta"}},
                            at(9, 3));
        QCOMPARE(pollAndWait(trigger.get()), 1);
        QCOMPARE(firedNames(fired), QStringList{"Keep"});
    }

    void wrongCredentialsAreReported()
    {
        auto trigger = std::make_unique<SalesforceTrigger>();
        trigger->setStateDirectory(m_state->path());
        engine::JobContext context;
        context.stepName = QStringLiteral("t");
        context.clock = &m_clock;
        QJsonObject connection = m_server->connection();
        connection.insert(QStringLiteral("refreshToken"), QStringLiteral("revoked"));
        context.connection = connection;
        QSignalSpy failed(trigger.get(), &engine::TriggerSource::failed);
        QSignalSpy polled(trigger.get(), &SalesforceTrigger::polled);
        QString error;
        QVERIFY(trigger->start(leadTrigger(), context, &error));
        QVERIFY(polled.wait(20000));
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("invalid_grant")),
                 qPrintable(failed.at(0).at(0).toString()));
    }

    void badConfiguration_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("dropParameter");
        QTest::addColumn<QString>("field");
        const QString good = QStringLiteral("/datasets/default/tables/Lead/onnewitems");
        QTest::newRow("no object")
            << QStringLiteral("/datasets/default/items") << QString() << "inputs.path";
        QTest::newRow("no client id")
            << good << QStringLiteral("clientId") << "connection.clientId";
        QTest::newRow("no credentials")
            << good << QStringLiteral("refreshToken") << "connection.refreshToken";
    }
    void badConfiguration()
    {
        QFETCH(QString, path);
        QFETCH(QString, dropParameter);
        QFETCH(QString, field);
        QJsonObject json = leadTrigger();
        QJsonObject inputs = json.value("inputs").toObject();
        inputs.insert(QStringLiteral("path"), path);
        json.insert(QStringLiteral("inputs"), inputs);
        SalesforceTrigger trigger;
        engine::JobContext context;
        QJsonObject connection = m_server->connection();
        connection.remove(dropParameter);
        context.connection = connection;
        QString error;
        QVERIFY(!trigger.start(json, context, &error));
        QVERIFY2(error.startsWith(field), qPrintable(error));
    }

    void objectFromPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("object");
        QTest::newRow("expression")
            << "/datasets/default/tables/@{encodeURIComponent(encodeURIComponent('Account'))}/"
               "onnewitems"
            << "Account";
        QTest::newRow("plain") << "/datasets/default/tables/Lead/onnewitems"
                               << "Lead";
        QTest::newRow("double encoded custom") << "/datasets/default/tables/My_Object__c/onnewitems"
                                               << "My_Object__c";
        QTest::newRow("injection refused") << "/datasets/default/tables/Lead%20WHERE/onnewitems"
                                           << "";
    }
    void objectFromPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, object);
        QCOMPARE(SalesforceTrigger::objectFromPath(path), object);
    }
};

QTEST_GUILESS_MAIN(TestSalesforceTrigger)
#include "tst_salesforcetrigger.moc"
