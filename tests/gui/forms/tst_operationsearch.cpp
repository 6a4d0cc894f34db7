#include "designer/palette/OperationSearch.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

class TestOperationSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void typingFiltersAndPreselects_data();
    void typingFiltersAndPreselects();
    void arrowsSkipGroupHeaders();
    void escapeClosesThenCancels();
    void clickChooses();
    void screenshot();

private:
    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
};

void TestOperationSearch::typingFiltersAndPreselects_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("triggersFirst");
    QTest::addColumn<QString>("chosen");
    QTest::addColumn<int>("shown");

    QTest::newRow("salesforce, empty workflow")
        << "salesforce" << true << "salesforce.objectCreated" << 2;
    QTest::newRow("smtp") << "smtp" << false << "smtp.sendEmail" << 1;
    QTest::newRow("send mail") << "send mail" << false << "smtp.sendEmail" << 1;
    QTest::newRow("lead") << "lead" << true << "salesforce.objectCreated" << 1;
}

void TestOperationSearch::typingFiltersAndPreselects()
{
    QFETCH(QString, typed);
    QFETCH(bool, triggersFirst);
    QFETCH(QString, chosen);
    QFETCH(int, shown);

    designer::OperationSearch search(m_catalogue);
    search.setTriggersFirst(triggersFirst);
    search.resize(400, 30);
    search.show();
    QVERIFY(QTest::qWaitForWindowExposed(&search));
    QSignalSpy spy(&search, &designer::OperationSearch::operationChosen);

    search.activate();
    QVERIFY(search.isPopupVisible());
    QTest::keyClicks(search.lineEdit(), typed);
    QCOMPARE(search.shownOperationIds().size(), shown);
    QCOMPARE(search.currentOperationId(), chosen);
    QTest::keyClick(search.lineEdit(), Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toString(), chosen);
    QVERIFY(!search.isPopupVisible());
    QVERIFY(search.lineEdit()->text().isEmpty());
}

void TestOperationSearch::arrowsSkipGroupHeaders()
{
    designer::OperationSearch search(m_catalogue);
    search.setTriggersFirst(true);
    search.show();
    QVERIFY(QTest::qWaitForWindowExposed(&search));
    search.activate();
    QTest::keyClicks(search.lineEdit(), QStringLiteral("salesforce"));
    // Triggers group: "When an object is created"; actions group: "Create record".
    QCOMPARE(search.currentOperationId(), QStringLiteral("salesforce.objectCreated"));
    QTest::keyClick(search.list(), Qt::Key_Down); // keys reach the popup while it is open
    QCOMPARE(search.currentOperationId(), QStringLiteral("salesforce.createRecord"));
    QTest::keyClick(search.lineEdit(), Qt::Key_Down);
    QCOMPARE(search.currentOperationId(), QStringLiteral("salesforce.createRecord"));
    QTest::keyClick(search.lineEdit(), Qt::Key_Up);
    QCOMPARE(search.currentOperationId(), QStringLiteral("salesforce.objectCreated"));
    QTest::keyClick(search.lineEdit(), Qt::Key_Up);
    QCOMPARE(search.currentOperationId(), QStringLiteral("salesforce.objectCreated"));

    QSignalSpy spy(&search, &designer::OperationSearch::operationChosen);
    QTest::keyClick(search.lineEdit(), Qt::Key_Down);
    QTest::keyClick(search.list(), Qt::Key_Enter);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toString(), QStringLiteral("salesforce.createRecord"));
}

void TestOperationSearch::escapeClosesThenCancels()
{
    designer::OperationSearch search(m_catalogue);
    search.show();
    QVERIFY(QTest::qWaitForWindowExposed(&search));
    QSignalSpy cancelled(&search, &designer::OperationSearch::cancelled);
    QSignalSpy chosen(&search, &designer::OperationSearch::operationChosen);
    search.activate();
    QTest::keyClicks(search.lineEdit(), QStringLiteral("smt"));
    QVERIFY(search.isPopupVisible());
    QTest::keyClick(search.lineEdit(), Qt::Key_Escape);
    QVERIFY(!search.isPopupVisible());
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(search.lineEdit()->text(), QStringLiteral("smt"));
    QTest::keyClick(search.lineEdit(), Qt::Key_Escape);
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(search.lineEdit()->text().isEmpty());
    QCOMPARE(chosen.count(), 0);
    // Typing reopens the list.
    QTest::keyClicks(search.lineEdit(), QStringLiteral("zz"));
    QVERIFY(search.isPopupVisible());
    QVERIFY(search.shownOperationIds().isEmpty());
    QTest::keyClick(search.lineEdit(), Qt::Key_Return);
    QCOMPARE(chosen.count(), 0);
}

void TestOperationSearch::clickChooses()
{
    designer::OperationSearch search(m_catalogue);
    search.setTriggersFirst(false);
    search.show();
    QVERIFY(QTest::qWaitForWindowExposed(&search));
    search.activate();
    QTest::keyClicks(search.lineEdit(), QStringLiteral("http"));
    QSignalSpy spy(&search, &designer::OperationSearch::operationChosen);
    QListWidget* list = search.list();
    QListWidgetItem* target = nullptr;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text() == QStringLiteral("When an HTTP request is received"))
            target = list->item(i);
    }
    QVERIFY(target);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(target).center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().first().toString(), QStringLiteral("request.manual"));
}

void TestOperationSearch::screenshot()
{
    const QString dir = qEnvironmentVariable("LOGICAPP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set LOGICAPP_SCREENSHOT_DIR to write the search's picture");
    designer::OperationSearch search(m_catalogue);
    search.resize(420, 30);
    search.show();
    QVERIFY(QTest::qWaitForWindowExposed(&search));
    search.activate();
    QTest::keyClicks(search.lineEdit(), QStringLiteral("sales"));
    QVERIFY(search.list()->window()->grab().save(dir + QStringLiteral("/operation-search.png")));
}

QTEST_MAIN(TestOperationSearch)
#include "tst_operationsearch.moc"
