#include "designer/document/WorkflowDocument.h"
#include "designer/problems/ProblemsPanel.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

class TestProblemsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheValidatorsProblems();
    void followsTheDocument();
    void doubleClickGoesThere();
    void hiddenPanelListsWhenShown();
    void heldChecksRunWhenReleased();

private:
    static bool hasProblem(const designer::ProblemsPanel& panel, const QString& step,
                           const QString& field);
    // A new workflow: Salesforce trigger, then Send email (To left empty);
    // returns the Send email step's name, empty if it could not be made.
    static QString leadToEmail(designer::WorkflowDocument& doc);
    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
};

bool TestProblemsPanel::hasProblem(const designer::ProblemsPanel& panel, const QString& step,
                                   const QString& field)
{
    const auto problems = panel.problems();
    return std::any_of(problems.begin(), problems.end(), [&](const engine::Problem& p) {
        return p.step == step && p.field == field;
    });
}

QString TestProblemsPanel::leadToEmail(designer::WorkflowDocument& doc)
{
    doc.newWorkflow();
    if (!doc.insertStep("salesforce.objectCreated").ok())
        return {};
    const auto send = doc.insertStep("smtp.sendEmail");
    return send.ok() ? send.value() : QString();
}

void TestProblemsPanel::listsTheValidatorsProblems()
{
    designer::WorkflowDocument doc(m_catalogue);
    const QString send = leadToEmail(doc);
    QVERIFY(!send.isEmpty());
    designer::ProblemsPanel panel(&doc);
    panel.revalidate();
    // The same list the validator gives, shown row by row.
    const auto expected = engine::Validator::validate(doc.workflow(), m_catalogue);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(panel.problems(), expected);
    QCOMPARE(panel.list()->topLevelItemCount(), expected.size());
    QVERIFY(hasProblem(panel, send, "To"));
}

void TestProblemsPanel::followsTheDocument()
{
    designer::WorkflowDocument doc(m_catalogue);
    const QString send = leadToEmail(doc);
    QVERIFY(!send.isEmpty());
    designer::ProblemsPanel panel(&doc);
    panel.setDelay(10);
    QSignalSpy counts(&panel, &designer::ProblemsPanel::countChanged);
    QVERIFY(hasProblem(panel, send, "To"));
    QVERIFY(doc.setProperty(send, "To", QStringLiteral("ann@example.com")).ok());
    // Debounced: checked again shortly after the change.
    QTRY_VERIFY(!hasProblem(panel, send, "To"));
    QVERIFY(counts.count() >= 1);
    doc.undoStack()->undo();
    QTRY_VERIFY(hasProblem(panel, send, "To"));
}

void TestProblemsPanel::doubleClickGoesThere()
{
    designer::WorkflowDocument doc(m_catalogue);
    const QString send = leadToEmail(doc);
    QVERIFY(!send.isEmpty());
    QVERIFY(doc.setProperty(send, "To", QStringLiteral("not-an-address")).ok());
    designer::ProblemsPanel panel(&doc);
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy activated(&panel, &designer::ProblemsPanel::problemActivated);
    QTreeWidgetItem* target = nullptr;
    for (int i = 0; i < panel.list()->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = panel.list()->topLevelItem(i);
        if (item->text(2) == QStringLiteral("To"))
            target = item;
    }
    QVERIFY(target);
    const QRect rect = panel.list()->visualItemRect(target);
    // A double click is a press, a release and a second press that doubles.
    QTest::mouseClick(panel.list()->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(panel.list()->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(activated.count() >= 1);
    QCOMPARE(activated.last().at(0).toString(), send);
    QCOMPARE(activated.last().at(1).toString(), QStringLiteral("To"));
    // Enter on the current problem does the same.
    panel.list()->setCurrentItem(target);
    activated.clear();
    QTest::keyClick(panel.list(), Qt::Key_Return);
    QCOMPARE(activated.count(), 1);
}

void TestProblemsPanel::hiddenPanelListsWhenShown()
{
    designer::WorkflowDocument doc(m_catalogue);
    const QString send = leadToEmail(doc);
    QVERIFY(!send.isEmpty());
    designer::ProblemsPanel panel(&doc);
    panel.setDelay(10);
    // Hidden (behind another tab, or before the window shows): the problems
    // are known and counted, but no rows are made for them.
    QVERIFY(hasProblem(panel, send, "To"));
    QVERIFY(!panel.findChild<QTreeWidget*>());
    const auto problemsRows = [&panel] {
        QStringList rows;
        auto* list = panel.findChild<QTreeWidget*>();
        for (int i = 0; list && i < list->topLevelItemCount(); ++i)
            rows.append(list->topLevelItem(i)->text(2));
        return rows;
    };
    panel.resize(600, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(problemsRows().size(), panel.problems().size());
    QVERIFY(problemsRows().contains(QStringLiteral("To")));

    // A change while hidden again: the rows follow when it shows.
    panel.hide();
    QVERIFY(doc.setProperty(send, "To", QStringLiteral("ann@example.com")).ok());
    QTRY_VERIFY(!hasProblem(panel, send, "To"));
    QVERIFY(problemsRows().contains(QStringLiteral("To"))); // not rebuilt while hidden
    panel.show();
    QVERIFY(!problemsRows().contains(QStringLiteral("To")));
    QCOMPARE(problemsRows().size(), panel.problems().size());
    QCOMPARE(panel.findChild<QTreeWidget*>()->isVisible(), !panel.problems().isEmpty());
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("problemsEmpty"))->isVisible(),
             panel.problems().isEmpty());
}

void TestProblemsPanel::heldChecksRunWhenReleased()
{
    // The window holds the checks until its first frame is painted: a change
    // meanwhile stays pending, and is checked once released.
    designer::WorkflowDocument doc(m_catalogue);
    const QString send = leadToEmail(doc);
    QVERIFY(!send.isEmpty());
    designer::ProblemsPanel panel(&doc);
    panel.setDelay(10);
    QVERIFY(hasProblem(panel, send, "To"));
    panel.holdChecks(true);
    QSignalSpy checked(&panel, &designer::ProblemsPanel::checked);
    QVERIFY(doc.setProperty(send, "To", QStringLiteral("ann@example.com")).ok());
    QTest::qWait(200);
    QVERIFY(checked.isEmpty());
    QVERIFY(panel.isCheckPending());
    QVERIFY(hasProblem(panel, send, "To"));
    panel.holdChecks(false);
    QVERIFY(checked.wait(5000));
    QVERIFY(!panel.isCheckPending());
    QVERIFY(!hasProblem(panel, send, "To"));
}

QTEST_MAIN(TestProblemsPanel)
#include "tst_problemspanel.moc"
