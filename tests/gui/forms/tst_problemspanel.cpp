#include "designer/document/WorkflowDocument.h"
#include "designer/forms/EmptyState.h"
#include "designer/problems/ProblemsPanel.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QImage>
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
    void emptyStateWrapsToItsWidth();

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
    QCOMPARE(panel.findChild<designer::EmptyState*>(QStringLiteral("problemsEmpty"))->isVisible(),
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
void TestProblemsPanel::emptyStateWrapsToItsWidth()
{
    // A panel's empty state asks for no width of its own and wraps its text
    // to the width it is given, centred, dimmed, and named for screen readers.
    const QString text = QStringLiteral("No problems were found in this workflow");
    designer::EmptyState state(text);
    QCOMPARE(state.accessibleName(), text);
    QCOMPARE(state.minimumSizeHint().width(), 0);
    state.resize(140, 160);
    const QImage shown = state.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb background = shown.pixel(0, 0);
    QList<int> inkRows;
    int left = shown.width();
    int right = -1;
    for (int y = 0; y < shown.height(); ++y) {
        for (int x = 0; x < shown.width(); ++x) {
            if (shown.pixel(x, y) == background)
                continue;
            if (inkRows.isEmpty() || inkRows.last() != y)
                inkRows.append(y);
            left = std::min(left, x);
            right = std::max(right, x);
        }
    }
    QVERIFY(!inkRows.isEmpty());
    // Wrapped: the rows with ink form more than one line, with gaps between.
    int lines = 1;
    for (int i = 1; i < inkRows.size(); ++i)
        lines += inkRows[i] > inkRows[i - 1] + 1;
    QVERIFY2(lines >= 3, qPrintable(QString::number(lines)));
    // Inside the margins, and about as far from both sides.
    QVERIFY(left >= 12 && right < shown.width() - 12);
    QVERIFY(std::abs(left - (shown.width() - 1 - right)) <= 12);
    // Dimmed: the text is the disabled text colour, not the normal one.
    const QColor normal = state.palette().color(QPalette::Active, QPalette::WindowText);
    bool normalInk = false;
    for (int y : inkRows)
        for (int x = left; x <= right; ++x)
            normalInk = normalInk || shown.pixel(x, y) == normal.rgb();
    QVERIFY(!normalInk);
}

#include "tst_problemspanel.moc"
