#include "designer/document/WorkflowDocument.h"
#include "designer/problems/ProblemsPanel.h"
#include "tests/gui/forms/FormsFixtures.h"

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

private:
    static bool hasProblem(const designer::ProblemsPanel& panel, const QString& step,
                           const QString& field);
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

void TestProblemsPanel::listsTheValidatorsProblems()
{
    designer::WorkflowDocument doc(m_catalogue);
    doc.newWorkflow();
    QVERIFY(doc.insertStep("salesforce.objectCreated").ok());
    const QString send = doc.insertStep("smtp.sendEmail").value();
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
    doc.newWorkflow();
    QVERIFY(doc.insertStep("salesforce.objectCreated").ok());
    const QString send = doc.insertStep("smtp.sendEmail").value();
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
    doc.newWorkflow();
    QVERIFY(doc.insertStep("salesforce.objectCreated").ok());
    const QString send = doc.insertStep("smtp.sendEmail").value();
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

QTEST_MAIN(TestProblemsPanel)
#include "tst_problemspanel.moc"
