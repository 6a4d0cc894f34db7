#include "connectors/Connectors.h"
#include "designer/palette/OperationMatcher.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QTest>

class TestOperationMatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstChoice_data();
    void firstChoice();
    void excludes_data();
    void excludes();
    void groupsFollowTheWorkflow();
    void emptyQueryListsEverything();
    void words_data();
    void words();
    void realCatalogue_data();
    void realCatalogue();
};

void TestOperationMatcher::firstChoice_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("triggersFirst");
    QTest::addColumn<QString>("expected");

    QTest::newRow("connector") << "smtp" << false << "smtp.sendEmail";
    QTest::newRow("connector upper case") << "SMTP" << true << "smtp.sendEmail";
    QTest::newRow("name words") << "send mail" << false << "smtp.sendEmail";
    QTest::newRow("word order") << "email send" << false << "smtp.sendEmail";
    QTest::newRow("partial word") << "sen ema" << false << "smtp.sendEmail";
    QTest::newRow("connector and ending")
        << "salesforce created" << true << "salesforce.objectCreated";
    QTest::newRow("stem") << "salesforce create" << true << "salesforce.objectCreated";
    QTest::newRow("keyword") << "lead" << true << "salesforce.objectCreated";
    QTest::newRow("connector, triggers first")
        << "salesforce" << true << "salesforce.objectCreated";
    QTest::newRow("connector, actions first") << "salesforce" << false << "salesforce.createRecord";
    QTest::newRow("name beats description") << "file" << true << "files.fileCreated";
    QTest::newRow("http keyword") << "http" << true << "request.manual";
    QTest::newRow("http actions first") << "http" << false << "request.response";
    QTest::newRow("schedule") << "every" << true << "schedule.recurrence";
    QTest::newRow("punctuation ignored") << "  send, email! " << false << "smtp.sendEmail";
}

void TestOperationMatcher::firstChoice()
{
    QFETCH(QString, query);
    QFETCH(bool, triggersFirst);
    QFETCH(QString, expected);

    const engine::Catalogue catalogue = formstest::fixtureCatalogue();
    const designer::OperationMatcher matcher(catalogue);
    const auto matches = matcher.rank(query, triggersFirst);
    QVERIFY(!matches.isEmpty());
    QCOMPARE(matches.first().operation->id, expected);
}

void TestOperationMatcher::excludes_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("absent");
    QTest::addColumn<int>("count");

    QTest::newRow("every word must match")
        << "send salesforce" << QStringList{"smtp.sendEmail", "salesforce.createRecord"} << 0;
    QTest::newRow("unknown word") << "zzzz" << QStringList{"smtp.sendEmail"} << 0;
    QTest::newRow("smtp only") << "smtp" << QStringList{"salesforce.objectCreated"} << 1;
    QTest::newRow("two salesforce") << "salesforce" << QStringList{"smtp.sendEmail"} << 2;
    // Two letters inside a word are too little to count as a match.
    QTest::newRow("short fragment") << "ai" << QStringList{"smtp.sendEmail"} << 0;
}

void TestOperationMatcher::excludes()
{
    QFETCH(QString, query);
    QFETCH(QStringList, absent);
    QFETCH(int, count);

    const engine::Catalogue catalogue = formstest::fixtureCatalogue();
    const designer::OperationMatcher matcher(catalogue);
    const auto matches = matcher.rank(query, true);
    QCOMPARE(matches.size(), count);
    for (const auto& m : matches)
        QVERIFY2(!absent.contains(m.operation->id), qPrintable(m.operation->id));
}

void TestOperationMatcher::groupsFollowTheWorkflow()
{
    const engine::Catalogue catalogue = formstest::fixtureCatalogue();
    const designer::OperationMatcher matcher(catalogue);
    for (const bool triggersFirst : {true, false}) {
        const auto matches = matcher.rank(QString(), triggersFirst);
        QCOMPARE(matches.size(), catalogue.operations().size());
        // One switch from the first group to the second, never back.
        int switches = 0;
        for (int i = 1; i < matches.size(); ++i) {
            if (matches[i].operation->isTrigger() != matches[i - 1].operation->isTrigger())
                ++switches;
        }
        QCOMPARE(switches, 1);
        QCOMPARE(matches.first().operation->isTrigger(), triggersFirst);
    }
}

void TestOperationMatcher::emptyQueryListsEverything()
{
    const engine::Catalogue catalogue = formstest::fixtureCatalogue();
    const designer::OperationMatcher matcher(catalogue);
    const auto matches = matcher.rank(QStringLiteral("   "), false);
    QCOMPARE(matches.size(), catalogue.operations().size());
    // By connector then name within a group: Request before Salesforce before SMTP.
    QCOMPARE(matches[0].operation->id, QStringLiteral("request.response"));
    QCOMPARE(matches[1].operation->id, QStringLiteral("salesforce.createRecord"));
    QCOMPARE(matches[2].operation->id, QStringLiteral("smtp.sendEmail"));
}

void TestOperationMatcher::words_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("mixed") << "Send e-mail (V3)" << QStringList{"send", "e", "mail", "v3"};
    QTest::newRow("accents") << "Créer un ENREGISTREMENT"
                             << QStringList{"créer", "un", "enregistrement"};
}

void TestOperationMatcher::words()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(designer::OperationMatcher::words(text), expected);
}

void TestOperationMatcher::realCatalogue_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    QTest::newRow("smtp") << "smtp"
                          << "smtp.sendEmail";
    QTest::newRow("send mail") << "send mail"
                               << "smtp.sendEmail";
    QTest::newRow("salesforce created") << "salesforce created"
                                        << "salesforce.whenObjectCreated";
    QTest::newRow("lead") << "lead"
                          << "salesforce.whenObjectCreated";
    QTest::newRow("Lead upper") << "LEAD"
                                << "salesforce.whenObjectCreated";
}

// The operations every connector registers, as the designer offers them.
void TestOperationMatcher::realCatalogue()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    const designer::OperationMatcher matcher(connectors::catalogue());
    for (const bool triggersFirst : {true, false}) {
        const auto matches = matcher.rank(query, triggersFirst);
        QVERIFY(!matches.isEmpty());
        QCOMPARE(matches.first().operation->id, expected);
    }
}

QTEST_GUILESS_MAIN(TestOperationMatcher)
#include "tst_operationmatcher.moc"
