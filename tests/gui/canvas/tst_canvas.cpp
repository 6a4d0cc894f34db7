// Drives the real designer window offscreen: files in and out, every canvas
// edit through actions and keys, undo/redo, clipboard, code view, zoom.

#include "connectors/Connectors.h"
#include "designer/canvas/CanvasColors.h"
#include "designer/canvas/FlowLayout.h"
#include "designer/canvas/PlusButton.h"
#include "designer/canvas/StepAppearance.h"
#include "designer/canvas/StepCard.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/mainwindow/CodeView.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/palette/OperationSearch.h"
#include "designer/problems/ProblemsPanel.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"
#include "tests/support/Paths.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPainter>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <optional>

using designer::MainWindow;
using designer::WorkflowDocument;

namespace {

QString dataFile(const QString& name)
{
    return testsupport::sourceDir() + QStringLiteral("/tests/gui/canvas/data/") + name;
}

engine::PropertySchema property(const QString& key, engine::PropertyType type, bool required)
{
    engine::PropertySchema schema;
    schema.key = key;
    schema.displayName = key;
    schema.type = type;
    schema.required = required;
    return schema;
}

// A small catalogue of the test's own, so these cases do not depend on which
// connectors are registered: a manual trigger, Compose and a mail action.
engine::Catalogue testCatalogue()
{
    engine::Catalogue catalogue;

    engine::Operation manual;
    manual.id = QStringLiteral("test.manual");
    manual.connector = QStringLiteral("request");
    manual.connectorDisplayName = QStringLiteral("Request");
    manual.displayName = QStringLiteral("When a request arrives");
    manual.kind = engine::OperationKind::Trigger;
    engine::WdlShape request;
    request.name = QStringLiteral("Request");
    request.matches = [](const QJsonObject& step) {
        return step.value(QStringLiteral("type")).toString() == QLatin1String("Request");
    };
    manual.shapes = {request};
    manual.newStep = [] {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("Request")},
                           {QStringLiteral("kind"), QStringLiteral("Http")},
                           {QStringLiteral("inputs"), QJsonObject()}};
    };
    catalogue.add(manual);

    engine::Operation mail;
    mail.id = QStringLiteral("test.mail");
    mail.connector = QStringLiteral("smtp");
    mail.connectorDisplayName = QStringLiteral("SMTP");
    mail.displayName = QStringLiteral("Send email");
    mail.properties = {property(QStringLiteral("To"), engine::PropertyType::EmailList, true),
                       property(QStringLiteral("Subject"), engine::PropertyType::String, false)};
    engine::WdlShape provider;
    provider.name = QStringLiteral("ServiceProvider");
    provider.matches = [](const QJsonObject& step) {
        return step.value(QStringLiteral("type")).toString() == QLatin1String("ServiceProvider");
    };
    provider.propertyPaths = {
        {QStringLiteral("To"),
         {QStringLiteral("inputs"), QStringLiteral("parameters"), QStringLiteral("to")}},
        {QStringLiteral("Subject"),
         {QStringLiteral("inputs"), QStringLiteral("parameters"), QStringLiteral("subject")}}};
    mail.shapes = {provider};
    mail.newStep = [] {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("ServiceProvider")},
            {QStringLiteral("inputs"),
             QJsonObject{{QStringLiteral("parameters"), QJsonObject()},
                         {QStringLiteral("serviceProviderConfiguration"),
                          QJsonObject{{QStringLiteral("connectionName"), QStringLiteral("smtp")},
                                      {QStringLiteral("operationId"), QStringLiteral("sendEmail")},
                                      {QStringLiteral("serviceProviderId"),
                                       QStringLiteral("/serviceProviders/Smtp")}}}}},
            {QStringLiteral("runAfter"), QJsonObject()}};
    };
    catalogue.add(mail);

    engine::Operation compose;
    compose.id = QStringLiteral("test.compose");
    compose.connector = QStringLiteral("data");
    compose.connectorDisplayName = QStringLiteral("Data operations");
    compose.displayName = QStringLiteral("Compose");
    engine::WdlShape composeShape;
    composeShape.matches = [](const QJsonObject& step) {
        return step.value(QStringLiteral("type")).toString() == QLatin1String("Compose");
    };
    compose.shapes = {composeShape};
    compose.newStep = [] {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                           {QStringLiteral("inputs"), QStringLiteral("hello")},
                           {QStringLiteral("runAfter"), QJsonObject()}};
    };
    catalogue.add(compose);
    return catalogue;
}

QJsonValue readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QJsonValue::Undefined;
    QByteArray bytes = file.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue::Undefined;
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QStringList runAfterOf(const engine::Workflow& wf, const QString& step)
{
    QStringList out;
    for (const engine::RunAfter& edge : wf.runAfter(step))
        out.append(edge.action);
    return out;
}

} // namespace

class TestCanvas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void openSaveUnchanged_data();
    void openSaveUnchanged();
    void openRejectsNonWorkflow();
    void undoRedoEveryEdit_data();
    void undoRedoEveryEdit();
    void undoHistoryKeepsTwoTrees();
    void typingMergesIntoOneUndoStep();
    void copyPasteSteps();
    void pasteBetweenWindows();
    void deleteRewires();
    void renameWithF2();
    void renameRefusesTakenName();
    void dragToReorder();
    void plusOpensSearchAndInserts();
    void codeViewApplies();
    void codeViewRejectsInvalidJson_data();
    void codeViewRejectsInvalidJson();
    void codeViewCatchesUpWhenShown();
    void problemsAfterOpenAreNeverStale();
    void titleShowsUnsavedMark();
    void newWorkflowSavesAsStandard();
    void recoveryRoundTrip();
    void branchesSideBySide();
    void parallelBranchesSideBySide();
    void addParallelBranch();
    void switchAddCase();
    void switchRemoveCase();
    void unknownStepsKeptAndDrawn();
    void cardColoursFollowTheirIcons();
    void cardLookFromTheTreeOrTheJson();
    void statusBadges();
    void zoomAndFit();
    void backgroundDotsSitOnTheGrid_data();
    void backgroundDotsSitOnTheGrid();
    void screenshotWritesPng();
    void recentFilesListNewestFirst();

private:
    MainWindow* makeWindow();
    QString addStep(const QString& op, const QString& after = {});
    designer::PlusButton* findPlus(designer::FlowLayout::Plus::Kind kind,
                                   const QString& parent = {}, const QString& branch = {}) const;
    void click(designer::PlusButton* plus);

    engine::Catalogue m_catalogue;
    MainWindow* m_window = nullptr;
    QTemporaryDir m_tmp;
};

void TestCanvas::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QApplication::setApplicationName(QStringLiteral("tst_canvas"));
    m_catalogue = testCatalogue();
    QVERIFY(m_tmp.isValid());
}

MainWindow* TestCanvas::makeWindow()
{
    auto* window = new MainWindow(m_catalogue);
    window->resize(1200, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window))
        qWarning("window not exposed");
    return window;
}

void TestCanvas::init()
{
    m_window = makeWindow();
}

void TestCanvas::cleanup()
{
    m_window->document()->undoStack()->setClean();
    delete m_window;
    m_window = nullptr;
}

QString TestCanvas::addStep(const QString& op, const QString& after)
{
    engine::Result<QString> added = m_window->document()->insertStep(op, {}, {}, after);
    if (!added)
        qWarning() << added.error().toString();
    return added ? added.value() : QString();
}

void TestCanvas::openSaveUnchanged_data()
{
    QTest::addColumn<QString>("path");
    QDirIterator it(testsupport::samplesDir(), {QStringLiteral("*.json")}, QDir::Files);
    QStringList files;
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    QVERIFY2(files.size() >= 10, qPrintable(testsupport::samplesDir()));
    for (const QString& file : files) {
        const QString name = QFileInfo(file).fileName();
        // Connection files are not workflows; openRejectsNonWorkflow covers them.
        if (name.contains(QLatin1String("connections")) ||
            name.contains(QLatin1String("api-connection")))
            continue;
        QTest::newRow(qPrintable(name)) << file;
    }
}

void TestCanvas::openSaveUnchanged()
{
    QFETCH(QString, path);
    const engine::Status opened = m_window->openFile(path);
    QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    QVERIFY(!m_window->document()->isModified());
    // Every step has a card.
    const engine::Workflow& wf = m_window->document()->workflow();
    QCOMPARE(m_window->scene()->steps().size(), wf.triggerNames().size() + wf.actionNames().size());

    const QString out = m_tmp.filePath(QStringLiteral("roundtrip/") + QFileInfo(path).fileName());
    const engine::Status saved = m_window->saveFileAs(out);
    QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().toString()));
    const QJsonValue before = readJson(path);
    const QJsonValue after = readJson(out);
    QVERIFY(!before.isUndefined());
    QCOMPARE(after, before);
}

void TestCanvas::openRejectsNonWorkflow()
{
    const QString path = testsupport::samplesDir() +
                         QStringLiteral("/microsoft__AzureTRE__templates_shared_services_airlock_"
                                        "notifier_app_connections.json");
    QVERIFY(QFile::exists(path));
    const engine::Status opened = m_window->openFile(path);
    QVERIFY(!opened.ok());
    QVERIFY(!opened.error().message.isEmpty());
    QVERIFY(m_window->document()->isNew());
}

void TestCanvas::undoRedoEveryEdit_data()
{
    // Structural edits hold the other side's workflow as a tree or as a file,
    // and compacting turns one into the other: every mix restores the same.
    QTest::addColumn<bool>("compactAfterEachStep");
    QTest::addColumn<bool>("compactBeforeUndoing");
    QTest::newRow("as made") << false << false;
    QTest::newRow("compacted after each edit, undo and redo") << true << false;
    QTest::newRow("compacted once, then read back on demand") << false << true;
}

void TestCanvas::undoRedoEveryEdit()
{
    QFETCH(bool, compactAfterEachStep);
    QFETCH(bool, compactBeforeUndoing);
    WorkflowDocument* doc = m_window->document();
    QUndoStack* undo = doc->undoStack();
    const QByteArray empty = doc->workflow().serialize();

    QList<QByteArray> states{empty};
    const auto record = [&] {
        if (compactAfterEachStep)
            doc->compactUndoHistory();
        states.append(doc->workflow().serialize());
    };
    const QString trigger = addStep(QStringLiteral("test.manual"));
    QCOMPARE(trigger, QStringLiteral("When_a_request_arrives"));
    record();
    const QString mail = addStep(QStringLiteral("test.mail"));
    record();
    const QString compose = addStep(QStringLiteral("test.compose"), mail);
    record();
    QVERIFY(doc->setProperty(mail, QStringLiteral("To"), QStringLiteral("a@example.com")).ok());
    record();
    QVERIFY(doc->renameStep(compose, QStringLiteral("Make text")).ok());
    record();
    QVERIFY(doc->moveStep(QStringLiteral("Make_text"), {}, {}, {}).ok());
    record();
    QVERIFY(doc->removeSteps({mail}).ok());
    record();
    QByteArray code = doc->definitionJson();
    code.replace("\"hello\"", "\"hello again\"");
    QVERIFY(doc->setDefinitionJson(code).ok());
    record();

    QCOMPARE(undo->count(), int(states.size()) - 1);
    if (compactBeforeUndoing) {
        doc->compactUndoHistory();
        // Only the next undo's workflow is a tree; the other six are files.
        QCOMPARE(doc->undoTreesHeld(), 1);
    }
    QAction* undoAction = m_window->action(QStringLiteral("actionUndo"));
    QAction* redoAction = m_window->action(QStringLiteral("actionRedo"));
    QVERIFY(undoAction && redoAction);
    for (qsizetype i = states.size() - 2; i >= 0; --i) {
        undoAction->trigger();
        if (compactAfterEachStep)
            doc->compactUndoHistory();
        QCOMPARE(doc->workflow().serialize(), states[i]);
        QCOMPARE(m_window->scene()->steps().size(),
                 doc->workflow().triggerNames().size() + doc->workflow().actionNames().size());
    }
    QVERIFY(!undo->canUndo());
    QVERIFY(!doc->isModified());
    if (compactBeforeUndoing)
        doc->compactUndoHistory();
    for (qsizetype i = 1; i < states.size(); ++i) {
        redoAction->trigger();
        if (compactAfterEachStep)
            doc->compactUndoHistory();
        QCOMPARE(doc->workflow().serialize(), states[i]);
    }
    QVERIFY(doc->isModified());
}

void TestCanvas::undoHistoryKeepsTwoTrees()
{
    // A structural edit holds the workflow before it as a tree; once edits
    // pause, only the next undo's and the next redo's stay trees.
    WorkflowDocument* doc = m_window->document();
    QString last = addStep(QStringLiteral("test.manual"));
    for (int i = 0; i < 6; ++i) {
        last = addStep(QStringLiteral("test.compose"), i == 0 ? QString() : last);
        QVERIFY(!last.isEmpty());
    }
    QCOMPARE(doc->undoStack()->count(), 7);
    QCOMPARE(doc->undoTreesHeld(), 7);
    QTRY_COMPARE(doc->undoTreesHeld(), 1);
    // The name is the document's folder, whatever the snapshots were made with.
    QVERIFY(m_window
                ->saveFileAs(WorkflowDocument::standardPath(
                    m_tmp.filePath(QStringLiteral("history")), QStringLiteral("orders")))
                .ok());
    QCOMPARE(doc->displayName(), QStringLiteral("orders"));

    const QByteArray top = doc->workflow().serialize();
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    // The second undo read its file back; the first one's tree is the redo.
    QCOMPARE(doc->undoTreesHeld(), 2);
    doc->undoStack()->undo();
    QCOMPARE(doc->undoTreesHeld(), 3);
    QCOMPARE(doc->displayName(), QStringLiteral("orders"));
    QTRY_COMPARE(doc->undoTreesHeld(), 2);
    doc->undoStack()->redo();
    doc->undoStack()->redo();
    doc->undoStack()->redo();
    QCOMPARE(doc->workflow().serialize(), top);
    QTRY_COMPARE(doc->undoTreesHeld(), 1);
}

void TestCanvas::typingMergesIntoOneUndoStep()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString mail = addStep(QStringLiteral("test.mail"));
    const int before = doc->undoStack()->count();
    const QString typed = QStringLiteral("bob@example.com");
    for (int i = 1; i <= typed.size(); ++i)
        QVERIFY(doc->setProperty(mail, QStringLiteral("To"), typed.left(i)).ok());
    QCOMPARE(doc->undoStack()->count(), before + 1);
    QCOMPARE(doc->property(mail, QStringLiteral("To")).toString(), typed);
    // Another field is another step.
    QVERIFY(doc->setProperty(mail, QStringLiteral("Subject"), QStringLiteral("Hi")).ok());
    QCOMPARE(doc->undoStack()->count(), before + 2);
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QVERIFY(doc->property(mail, QStringLiteral("To")).isUndefined());
}

void TestCanvas::copyPasteSteps()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString mail = addStep(QStringLiteral("test.mail"));
    QVERIFY(doc->setProperty(mail, QStringLiteral("To"), QStringLiteral("x@example.com")).ok());
    m_window->scene()->selectSteps({mail});
    m_window->view()->setFocus();
    m_window->action(QStringLiteral("actionCopy"))->trigger();
    const QMimeData* data = QApplication::clipboard()->mimeData();
    QVERIFY(data && data->hasFormat(WorkflowDocument::clipboardMimeType()));
    const QJsonObject copied = QJsonDocument::fromJson(data->text().toUtf8()).object();
    QVERIFY(copied.value(QStringLiteral("actions")).toObject().contains(mail));

    m_window->action(QStringLiteral("actionPaste"))->trigger();
    const QString pasted = mail + QStringLiteral("_2");
    QVERIFY(doc->workflow().contains(pasted));
    QCOMPARE(doc->property(pasted, QStringLiteral("To")).toString(),
             QStringLiteral("x@example.com"));
    QCOMPARE(runAfterOf(doc->workflow(), pasted), QStringList{mail});
    QCOMPARE(m_window->scene()->selectedSteps(), QStringList{pasted});
    // Cut removes and keeps it on the clipboard.
    m_window->action(QStringLiteral("actionCut"))->trigger();
    QVERIFY(!doc->workflow().contains(pasted));
    m_window->scene()->selectSteps({});
    m_window->action(QStringLiteral("actionPaste"))->trigger();
    QVERIFY(doc->workflow().contains(pasted));
}

void TestCanvas::pasteBetweenWindows()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString compose = addStep(QStringLiteral("test.compose"));
    m_window->scene()->selectSteps({compose});
    m_window->action(QStringLiteral("actionCopy"))->trigger();

    std::unique_ptr<MainWindow> other(makeWindow());
    other->document()->insertStep(QStringLiteral("test.manual")).value();
    other->action(QStringLiteral("actionPaste"))->trigger();
    QVERIFY(other->document()->workflow().contains(compose));
    QCOMPARE(other->document()->stepJson(compose).value(QStringLiteral("inputs")),
             doc->stepJson(compose).value(QStringLiteral("inputs")));
    other->document()->undoStack()->setClean();
}

void TestCanvas::deleteRewires()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString a = addStep(QStringLiteral("test.compose"));
    const QString b = addStep(QStringLiteral("test.compose"), a);
    const QString c = addStep(QStringLiteral("test.compose"), b);
    QCOMPARE(runAfterOf(doc->workflow(), c), QStringList{b});
    m_window->scene()->selectSteps({b});
    m_window->view()->setFocus();
    QTest::keyClick(m_window->view(), Qt::Key_Delete);
    QVERIFY(!doc->workflow().contains(b));
    QCOMPARE(runAfterOf(doc->workflow(), c), QStringList{a});
    QVERIFY(!m_window->scene()->card(b));
    // The card below moved up into the freed place.
    QCOMPARE(m_window->scene()->card(c)->pos().y(),
             m_window->scene()->flowLayout().cards.value(c).top());
}

void TestCanvas::renameWithF2()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString a = addStep(QStringLiteral("test.compose"));
    const QString b = addStep(QStringLiteral("test.mail"), a);
    m_window->scene()->selectSteps({a});
    m_window->view()->setFocus();
    QTest::keyClick(m_window->view(), Qt::Key_F2);
    QLineEdit* editor = m_window->view()->nameEditor();
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("Compose"));
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Build greeting"));
    QTest::keyClick(editor, Qt::Key_Return);
    QVERIFY(doc->workflow().contains(QStringLiteral("Build_greeting")));
    QVERIFY(!doc->workflow().contains(a));
    QCOMPARE(runAfterOf(doc->workflow(), b), QStringList{QStringLiteral("Build_greeting")});
    QVERIFY(m_window->scene()->card(QStringLiteral("Build_greeting")));
    // Esc cancels an edit.
    m_window->scene()->selectSteps({b});
    m_window->action(QStringLiteral("actionRename"))->trigger();
    QVERIFY(m_window->view()->nameEditor());
    QTest::keyClicks(m_window->view()->nameEditor(), QStringLiteral("zzz"));
    QTest::keyClick(m_window->view()->nameEditor(), Qt::Key_Escape);
    QVERIFY(!m_window->view()->nameEditor());
    QVERIFY(doc->workflow().contains(b));
}

void TestCanvas::renameRefusesTakenName()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString a = addStep(QStringLiteral("test.compose"));
    const QString b = addStep(QStringLiteral("test.compose"), a);
    const int edits = doc->undoStack()->count();
    const engine::Status renamed = doc->renameStep(b, a);
    QVERIFY(!renamed.ok());
    QVERIFY(renamed.error().message.contains(a));
    QCOMPARE(doc->undoStack()->count(), edits);
    QVERIFY(!doc->renameStep(b, QStringLiteral("  ")).ok());
}

void TestCanvas::dragToReorder()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QString a = addStep(QStringLiteral("test.compose"));
    const QString b = addStep(QStringLiteral("test.compose"), a);
    const QString c = addStep(QStringLiteral("test.compose"), b);
    designer::WorkflowScene* scene = m_window->scene();
    designer::WorkflowView* view = m_window->view();
    view->resetZoom();
    view->ensureStepVisible(c);

    // Drag c by the mouse up onto the line between the trigger and a.
    designer::StepCard* card = scene->card(c);
    const QPoint start = view->mapFromScene(card->sceneBoundingRect().center());
    designer::PlusButton* target = nullptr;
    for (designer::PlusButton* plus : scene->plusButtons()) {
        if (plus->plus().point.after.isEmpty() && !plus->plus().point.trigger &&
            plus->plus().point.parent.isEmpty())
            target = plus;
    }
    QVERIFY(target);
    view->ensureVisible(QRectF(target->sceneBoundingRect()).united(card->sceneBoundingRect()));
    const QPoint from = view->mapFromScene(card->sceneBoundingRect().center());
    // The probe is the card's top centre; aim it at the "+".
    const QPointF offset = card->sceneBoundingRect().center() -
                           (card->pos() + QPointF(designer::FlowLayout::CardWidth / 2, 0));
    const QPoint to = view->mapFromScene(target->sceneBoundingRect().center() + offset);
    Q_UNUSED(start)
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
    for (int i = 1; i <= 10; ++i) {
        const QPoint p = from + (to - from) * i / 10;
        QMouseEvent move(QEvent::MouseMove, p, view->viewport()->mapToGlobal(p), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
    }
    QVERIFY(target->dropHighlight());
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
    QCOMPARE(doc->workflow().children({}, {}), (QStringList{c, a, b}));
    QVERIFY(runAfterOf(doc->workflow(), c).isEmpty());
    QCOMPARE(runAfterOf(doc->workflow(), a), QStringList{c});
    // One undo step puts it back.
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().children({}, {}), (QStringList{a, b, c}));
}

void TestCanvas::plusOpensSearchAndInserts()
{
    WorkflowDocument* doc = m_window->document();
    designer::WorkflowScene* scene = m_window->scene();
    designer::WorkflowView* view = m_window->view();
    // An empty workflow shows only the prompt to choose a trigger.
    QCOMPARE(scene->plusButtons().size(), 1);
    designer::PlusButton* prompt = scene->plusButtons().first();
    QCOMPARE(prompt->plus().kind, designer::FlowLayout::Plus::Kind::Trigger);
    view->ensureVisible(prompt->sceneBoundingRect());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(prompt->sceneBoundingRect().center()));
    QVERIFY(m_window->searchPanel()->isVisible());
    QVERIFY(m_window->pendingInsertion().trigger);
    QLineEdit* field = m_window->operationSearch()->lineEdit();
    QTest::keyClicks(field, QStringLiteral("request"));
    QCOMPARE(m_window->operationSearch()->currentOperationId(), QStringLiteral("test.manual"));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(doc->workflow().triggerNames(), QStringList{QStringLiteral("When_a_request_arrives")});
    QVERIFY(!m_window->searchPanel()->isVisible());

    // "+ New step" under the trigger, then Esc closes the search.
    designer::PlusButton* newStep = nullptr;
    for (designer::PlusButton* plus : scene->plusButtons()) {
        if (plus->plus().kind == designer::FlowLayout::Plus::Kind::NewStep)
            newStep = plus;
    }
    QVERIFY(newStep);
    view->ensureVisible(newStep->sceneBoundingRect());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(newStep->sceneBoundingRect().center()));
    QVERIFY(m_window->searchPanel()->isVisible());
    QVERIFY(!m_window->pendingInsertion().trigger);
    QTest::keyClicks(m_window->operationSearch()->lineEdit(), QStringLiteral("send mail"));
    QCOMPARE(m_window->operationSearch()->currentOperationId(), QStringLiteral("test.mail"));
    QTest::keyClick(m_window->operationSearch()->lineEdit(), Qt::Key_Return);
    QVERIFY(doc->workflow().contains(QStringLiteral("Send_email")));
    QCOMPARE(scene->selectedSteps(), QStringList{QStringLiteral("Send_email")});

    // Ctrl+F opens it after the selection; Esc closes it without a change.
    const int edits = doc->undoStack()->count();
    m_window->action(QStringLiteral("actionFind"))->trigger();
    QVERIFY(m_window->searchPanel()->isVisible());
    QCOMPARE(m_window->pendingInsertion().after, QStringLiteral("Send_email"));
    m_window->action(QStringLiteral("actionClosePanels"))->trigger();
    QVERIFY(!m_window->searchPanel()->isVisible());
    QCOMPARE(doc->undoStack()->count(), edits);
}

void TestCanvas::codeViewApplies()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    m_window->action(QStringLiteral("actionCodeView"))->trigger();
    QVERIFY(m_window->isCodeViewShown());
    QPlainTextEdit* editor = m_window->codeView()->editor();
    QJsonObject definition = QJsonDocument::fromJson(editor->toPlainText().toUtf8()).object();
    QVERIFY(definition.contains(QStringLiteral("triggers")));
    QJsonObject actions = definition.value(QStringLiteral("actions")).toObject();
    actions.insert(QStringLiteral("Typed_by_hand"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                               {QStringLiteral("inputs"), 42},
                               {QStringLiteral("runAfter"), QJsonObject()}});
    definition.insert(QStringLiteral("actions"), actions);
    editor->setPlainText(QString::fromUtf8(QJsonDocument(definition).toJson()));
    QVERIFY(m_window->codeView()->hasPendingEdits());
    const int edits = doc->undoStack()->count();
    QTest::mouseClick(m_window->codeView()->findChild<QPushButton*>(QStringLiteral("codeApply")),
                      Qt::LeftButton);
    QCOMPARE(doc->undoStack()->count(), edits + 1);
    QVERIFY(doc->workflow().contains(QStringLiteral("Typed_by_hand")));
    QVERIFY(m_window->scene()->card(QStringLiteral("Typed_by_hand")));
    QVERIFY(!m_window->codeView()->hasPendingEdits());
    m_window->action(QStringLiteral("actionUndo"))->trigger();
    QVERIFY(!doc->workflow().contains(QStringLiteral("Typed_by_hand")));
    QVERIFY(!editor->toPlainText().contains(QLatin1String("Typed_by_hand")));
}

void TestCanvas::codeViewCatchesUpWhenShown()
{
    WorkflowDocument* doc = m_window->document();
    designer::CodeView* code = m_window->codeView();
    QVERIFY(!m_window->isCodeViewShown());
    // Edits made on the canvas while the code is hidden...
    addStep(QStringLiteral("test.manual"));
    const QString mail = addStep(QStringLiteral("test.mail"));
    QVERIFY(
        doc->setProperty(mail, QStringLiteral("Subject"), QStringLiteral("Written while hidden"))
            .ok());
    QVERIFY(code->isOutOfDate());
    // ...are all there once it is shown.
    m_window->showCodeView(true);
    QVERIFY(!code->isOutOfDate());
    QCOMPARE(code->editor()->toPlainText().toUtf8(), doc->definitionJson());
    QVERIFY(code->editor()->toPlainText().contains(QLatin1String("Written while hidden")));
    // While shown it follows every change at once.
    QVERIFY(doc->setProperty(mail, QStringLiteral("To"), QStringLiteral("ann@example.com")).ok());
    QCOMPARE(code->editor()->toPlainText().toUtf8(), doc->definitionJson());
    QVERIFY(code->editor()->toPlainText().contains(QLatin1String("ann@example.com")));
    // Hidden again, an undo shows the next time it opens.
    m_window->showCodeView(false);
    doc->undoStack()->undo();
    QVERIFY(code->isOutOfDate());
    m_window->showCodeView(true);
    QCOMPARE(code->editor()->toPlainText().toUtf8(), doc->definitionJson());
    QVERIFY(!code->editor()->toPlainText().contains(QLatin1String("ann@example.com")));
    QVERIFY(!code->hasPendingEdits());
}

void TestCanvas::problemsAfterOpenAreNeverStale()
{
    designer::ProblemsPanel* panel = m_window->problemsPanel();
    const auto noTrigger = [](const QList<engine::Problem>& problems) {
        return std::any_of(problems.begin(), problems.end(), [](const engine::Problem& p) {
            return p.jsonPath == QLatin1String("triggers");
        });
    };
    // A new window's workflow has no trigger, and says so...
    QTRY_VERIFY(!panel->isCheckPending());
    QVERIFY(noTrigger(panel->problems()));
    // ...but the workflow opened next has one: that problem is gone at once,
    // before its own check has run, from the list, the dock and the status bar.
    QVERIFY(m_window->openFile(dataFile(QStringLiteral("branches.json"))).ok());
    QVERIFY(!noTrigger(panel->problems()));
    QCOMPARE(panel->list()->topLevelItemCount(), panel->problems().size());
    QVERIFY(!m_window->problemsDock()->windowTitle().contains(QLatin1Char('(')));
    // Then it lists exactly what the validator finds in the opened workflow,
    // and each card carries its own step's problems.
    QTRY_VERIFY(!panel->isCheckPending());
    const QList<engine::Problem> expected =
        engine::Validator::validate(m_window->document()->workflow(), m_catalogue);
    QCOMPARE(panel->problems(), expected);
    for (const QString& step : m_window->scene()->steps()) {
        qsizetype own = 0;
        for (const engine::Problem& p : expected)
            own += p.step == step ? 1 : 0;
        QCOMPARE(m_window->scene()->card(step)->problems().size(), own);
    }
    // An edit is checked again, once, and the badges follow.
    const QString added = addStep(QStringLiteral("test.mail"));
    QTRY_VERIFY(!panel->isCheckPending());
    QCOMPARE(panel->problems(),
             engine::Validator::validate(m_window->document()->workflow(), m_catalogue));
    QVERIFY(!m_window->scene()->card(added)->problems().isEmpty());
}

void TestCanvas::codeViewRejectsInvalidJson_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing brace")
        << QStringLiteral("{\n  \"triggers\": {}\n") << QStringLiteral("line");
    QTest::newRow("trailing comma")
        << QStringLiteral("{\n  \"actions\": {},\n}") << QStringLiteral("line 3");
    QTest::newRow("not an object") << QStringLiteral("[1, 2]") << QStringLiteral("object");
    QTest::newRow("actions not object")
        << QStringLiteral("{\"triggers\": {}, \"actions\": [1]}") << QStringLiteral("actions");
}

void TestCanvas::codeViewRejectsInvalidJson()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    const QByteArray before = doc->workflow().serialize();
    const int edits = doc->undoStack()->count();
    m_window->showCodeView(true);
    m_window->codeView()->editor()->setPlainText(text);
    QVERIFY(!m_window->codeView()->apply());
    QCOMPARE(doc->workflow().serialize(), before);
    QCOMPARE(doc->undoStack()->count(), edits);
    QVERIFY2(m_window->codeView()->statusText().contains(expected, Qt::CaseInsensitive),
             qPrintable(m_window->codeView()->statusText()));
    // The text stays for the person to fix.
    QCOMPARE(m_window->codeView()->editor()->toPlainText(), text);
}

void TestCanvas::titleShowsUnsavedMark()
{
    const QString path = m_tmp.filePath(QStringLiteral("title/orders/workflow.json"));
    QVERIFY(m_window->saveFileAs(path).ok());
    QCOMPARE(m_window->windowTitle(), QStringLiteral("orders[*] — Logic Designer"));
    QVERIFY(!m_window->isWindowModified());
    addStep(QStringLiteral("test.manual"));
    QVERIFY(m_window->isWindowModified());
    m_window->action(QStringLiteral("actionUndo"))->trigger();
    QVERIFY(!m_window->isWindowModified());
}

void TestCanvas::newWorkflowSavesAsStandard()
{
    addStep(QStringLiteral("test.manual"));
    addStep(QStringLiteral("test.mail"));
    const QString path = WorkflowDocument::standardPath(m_tmp.filePath(QStringLiteral("project")),
                                                        QStringLiteral("welcome"));
    QVERIFY(m_window->saveFileAs(path).ok());
    const QJsonObject saved = readJson(path).toObject();
    QCOMPARE(saved.value(QStringLiteral("kind")).toString(), QStringLiteral("Stateful"));
    QVERIFY(saved.value(QStringLiteral("definition"))
                .toObject()
                .value(QStringLiteral("actions"))
                .toObject()
                .contains(QStringLiteral("Send_email")));
    QVERIFY(QFile::exists(m_tmp.filePath(QStringLiteral("project/connections.json"))));
    QCOMPARE(m_window->document()->connectionsPath(),
             m_tmp.filePath(QStringLiteral("project/connections.json")));
    QCOMPARE(m_window->document()->displayName(), QStringLiteral("welcome"));

    // Reopened, it is the same workflow, unmodified.
    std::unique_ptr<MainWindow> other(makeWindow());
    QVERIFY(other->openFile(path).ok());
    QCOMPARE(other->document()->workflow().serialize(),
             m_window->document()->workflow().serialize());
    QVERIFY(!other->document()->isModified());
}

void TestCanvas::recoveryRoundTrip()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    addStep(QStringLiteral("test.compose"));
    QVERIFY(doc->writeRecovery().ok());
    const QString recovery = doc->recoveryPath();
    QVERIFY(QFile::exists(recovery));
    // A live window's file is not offered.
    QVERIFY(!WorkflowDocument::pendingRecoveries().contains(recovery));

    // What a crash leaves: the file without a live lock.
    const QString orphan = QFileInfo(recovery).absolutePath() + QStringLiteral("/orphan.json");
    QFile::remove(orphan);
    QVERIFY(QFile::copy(recovery, orphan));
    QVERIFY(WorkflowDocument::pendingRecoveries().contains(orphan));

    std::unique_ptr<MainWindow> other(makeWindow());
    QVERIFY(other->document()->restoreRecovery(orphan).ok());
    QCOMPARE(other->document()->workflow().serialize(), doc->workflow().serialize());
    QVERIFY(other->document()->isModified());
    QVERIFY(!QFile::exists(orphan));
    other->document()->discardRecovery();
    other->document()->undoStack()->resetClean();

    // Saving drops the recovery file.
    QVERIFY(m_window->saveFileAs(m_tmp.filePath(QStringLiteral("recovered/a/workflow.json"))).ok());
    QVERIFY(!QFile::exists(recovery));
}

void TestCanvas::branchesSideBySide()
{
    const QString path = dataFile(QStringLiteral("branches.json"));
    QVERIFY(m_window->openFile(path).ok());
    const designer::FlowLayout& layout = m_window->scene()->flowLayout();
    const QRectF yes = layout.cards.value(QStringLiteral("Yes"));
    const QRectF no = layout.cards.value(QStringLiteral("No"));
    const QRectF check = layout.cards.value(QStringLiteral("Check"));
    QCOMPARE(yes.top(), no.top());
    QVERIFY(yes.right() < no.left());
    QVERIFY(yes.top() > check.bottom());
    QCOMPARE(layout.frames.size(), 2);
    QStringList labels;
    for (const auto& label : layout.labels)
        labels.append(label.text);
    QCOMPARE(labels, (QStringList{QStringLiteral("True"), QStringLiteral("False")}));
    // The empty loop body has its own "+" that inserts into it.
    bool loopPlus = false;
    for (designer::PlusButton* plus : m_window->scene()->plusButtons())
        loopPlus = loopPlus || (plus->plus().point.parent == QLatin1String("Loop") &&
                                plus->plus().point.branch == QLatin1String("actions"));
    QVERIFY(loopPlus);
    QVERIFY(m_window->document()
                ->insertStep(QStringLiteral("test.compose"), QStringLiteral("Loop"),
                             QStringLiteral("actions"), {})
                .ok());
    QCOMPARE(m_window->document()->workflow().parentOf(QStringLiteral("Compose")),
             QStringLiteral("Loop"));
    QVERIFY(layout.cards.value(QStringLiteral("Compose")).top() >
            layout.cards.value(QStringLiteral("Loop")).bottom());
}

designer::PlusButton* TestCanvas::findPlus(designer::FlowLayout::Plus::Kind kind,
                                           const QString& parent, const QString& branch) const
{
    for (designer::PlusButton* plus : m_window->scene()->plusButtons()) {
        const designer::FlowLayout::Plus& p = plus->plus();
        if (p.kind == kind && (parent.isEmpty() || p.point.parent == parent) &&
            (branch.isEmpty() || p.point.branch == branch))
            return plus;
    }
    return nullptr;
}

void TestCanvas::click(designer::PlusButton* plus)
{
    designer::WorkflowView* view = m_window->view();
    view->ensureVisible(plus->sceneBoundingRect());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(plus->sceneBoundingRect().center()));
}

void TestCanvas::parallelBranchesSideBySide()
{
    QVERIFY(m_window->openFile(dataFile(QStringLiteral("switch-parallel.json"))).ok());
    const designer::FlowLayout& layout = m_window->scene()->flowLayout();
    const auto card = [&](const char* name) { return layout.cards.value(QLatin1String(name)); };
    QVERIFY(!card("Left").isNull() && !card("Right").isNull());
    // Left and Right both run after Start: one row, two lanes.
    QCOMPARE(card("Left").top(), card("Right").top());
    QVERIFY(card("Left").right() < card("Right").left());
    QVERIFY(card("Left").top() > card("Start").bottom());
    // Right_more continues Right's lane.
    QCOMPARE(card("Right_more").left(), card("Right").left());
    QVERIFY(card("Right_more").top() > card("Right").bottom());
    // Join runs after both lanes: below them, back on Start's axis.
    QVERIFY(card("Join").top() > card("Right_more").bottom());
    QCOMPARE(card("Join").center().x(), card("Start").center().x());
    QCOMPARE(card("Start").center().x(), card("Route").center().x());
    // Each lane ends in its own "+", which inserts after the lane's last step.
    QStringList laneEnds;
    for (const designer::FlowLayout::Plus& plus : layout.pluses) {
        if (plus.kind == designer::FlowLayout::Plus::Kind::EndOfBranch &&
            plus.point.parent.isEmpty())
            laneEnds.append(plus.point.after);
    }
    QCOMPARE(laneEnds, (QStringList{QStringLiteral("Left"), QStringLiteral("Right_more")}));
    // Every step is drawn once.
    const engine::Workflow& wf = m_window->document()->workflow();
    QCOMPARE(m_window->scene()->steps().size(), wf.triggerNames().size() + wf.actionNames().size());

    // Inserting in a lane keeps the lanes: after Right, before Right_more.
    WorkflowDocument* doc = m_window->document();
    QVERIFY(doc->insertStep(QStringLiteral("test.compose"), {}, {}, QStringLiteral("Right")).ok());
    QCOMPARE(runAfterOf(doc->workflow(), QStringLiteral("Compose")),
             QStringList{QStringLiteral("Right")});
    QCOMPARE(runAfterOf(doc->workflow(), QStringLiteral("Right_more")),
             QStringList{QStringLiteral("Compose")});
    QCOMPARE(card("Compose").left(), card("Right").left());
    QCOMPARE(card("Left").top(), card("Right").top());
}

void TestCanvas::addParallelBranch()
{
    QVERIFY(m_window->openFile(dataFile(QStringLiteral("switch-parallel.json"))).ok());
    WorkflowDocument* doc = m_window->document();
    const QByteArray original = doc->workflow().serialize();
    const int edits = doc->undoStack()->count();

    // Beside Right_more, after Right: Right_more and Join are untouched.
    const engine::Result<QString> added =
        doc->insertStep(QStringLiteral("test.compose"), {}, {}, QStringLiteral("Right"), true);
    QVERIFY(added.ok());
    QCOMPARE(added.value(), QStringLiteral("Compose"));
    QCOMPARE(doc->undoStack()->count(), edits + 1);
    const engine::Workflow& wf = doc->workflow();
    QCOMPARE(runAfterOf(wf, QStringLiteral("Compose")), QStringList{QStringLiteral("Right")});
    QCOMPARE(runAfterOf(wf, QStringLiteral("Right_more")), QStringList{QStringLiteral("Right")});
    QCOMPARE(runAfterOf(wf, QStringLiteral("Join")),
             (QStringList{QStringLiteral("Left"), QStringLiteral("Right_more")}));
    const designer::FlowLayout& layout = m_window->scene()->flowLayout();
    const QRectF compose = layout.cards.value(QStringLiteral("Compose"));
    const QRectF more = layout.cards.value(QStringLiteral("Right_more"));
    QCOMPARE(compose.top(), more.top());
    QVERIFY(compose.left() > more.right()); // the new branch goes to the right
    const QByteArray after = wf.serialize();
    QVERIFY(engine::Validator::validate(wf, m_catalogue).isEmpty());

    // Undo and redo give back the bytes exactly.
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), original);
    QVERIFY(!layout.cards.contains(QStringLiteral("Compose")));
    doc->undoStack()->redo();
    QCOMPARE(doc->workflow().serialize(), after);
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), original);

    // The "+" menu offers it when the window handles it.
    designer::InsertionPoint asked;
    connect(m_window->scene(), &designer::WorkflowScene::parallelInsertRequested, this,
            [&asked](const designer::InsertionPoint& point, const QPoint&) { asked = point; });
    designer::PlusButton* plus = nullptr;
    for (designer::PlusButton* p : m_window->scene()->plusButtons()) {
        if (p->plus().kind == designer::FlowLayout::Plus::Kind::OnLine &&
            p->plus().point.after == QLatin1String("Start"))
            plus = p;
    }
    QVERIFY(plus);
    m_window->scene()->requestInsertMenu(plus->plus().point, QPoint(10, 10));
    QMenu* menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())));
    QStringList entries;
    for (QAction* action : menu->actions())
        entries.append(action->text());
    QCOMPARE(entries, (QStringList{QStringLiteral("Add an action"),
                                   QStringLiteral("Add a parallel branch")}));
    menu->actions().last()->trigger();
    menu->close();
    QVERIFY(asked.parallel);
    QCOMPARE(asked.after, QStringLiteral("Start"));

    // The window answers with the operation search; the step chosen there
    // runs after Start beside Left and Right, which stay as they were.
    QVERIFY(m_window->searchPanel()->isVisible());
    QVERIFY(m_window->pendingInsertion().parallel);
    QLineEdit* field = m_window->operationSearch()->lineEdit();
    QTest::keyClicks(field, QStringLiteral("compose"));
    QCOMPARE(m_window->operationSearch()->currentOperationId(), QStringLiteral("test.compose"));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(runAfterOf(doc->workflow(), QStringLiteral("Compose")),
             QStringList{QStringLiteral("Start")});
    QCOMPARE(runAfterOf(doc->workflow(), QStringLiteral("Left")),
             QStringList{QStringLiteral("Start")});
    QCOMPARE(runAfterOf(doc->workflow(), QStringLiteral("Right")),
             QStringList{QStringLiteral("Start")});
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), original);
}

void TestCanvas::switchAddCase()
{
    QVERIFY(m_window->openFile(dataFile(QStringLiteral("switch-parallel.json"))).ok());
    WorkflowDocument* doc = m_window->document();
    designer::WorkflowScene* scene = m_window->scene();
    const QByteArray original = doc->workflow().serialize();
    const int edits = doc->undoStack()->count();
    QStringList asked;
    std::optional<QString> answer;
    scene->setCaseValuePrompt([&](const QString& step) {
        asked.append(step);
        return answer;
    });

    // Cancelling the prompt changes nothing.
    designer::PlusButton* addCase =
        findPlus(designer::FlowLayout::Plus::Kind::AddCase, QStringLiteral("Route"));
    QVERIFY(addCase);
    click(addCase);
    QCOMPARE(asked, QStringList{QStringLiteral("Route")});
    QCOMPARE(doc->undoStack()->count(), edits);

    answer = QStringLiteral("b");
    click(findPlus(designer::FlowLayout::Plus::Kind::AddCase, QStringLiteral("Route")));
    QCOMPARE(asked.size(), 2);
    QCOMPARE(doc->undoStack()->count(), edits + 1);
    const engine::Workflow& wf = doc->workflow();
    QCOMPARE(wf.branches(QStringLiteral("Route")),
             (QStringList{QStringLiteral("cases.Case"), QStringLiteral("cases.Case 2"),
                          QStringLiteral("default")}));
    const QJsonObject cases =
        wf.stepJson(QStringLiteral("Route")).value(QStringLiteral("cases")).toObject();
    QCOMPARE(cases.value(QStringLiteral("Case 2")).toObject(),
             (QJsonObject{{QStringLiteral("case"), QStringLiteral("b")},
                          {QStringLiteral("actions"), QJsonObject()}}));
    QVERIFY(engine::Validator::validate(wf, m_catalogue).isEmpty());
    // Drawn as a column of its own, with its label and a "+" into it.
    QStringList labels;
    for (const auto& label : scene->flowLayout().labels)
        labels.append(label.text);
    QVERIFY(labels.contains(QStringLiteral("Case 2")));
    QVERIFY(findPlus(designer::FlowLayout::Plus::Kind::EndOfBranch, QStringLiteral("Route"),
                     QStringLiteral("cases.Case 2")));
    const QByteArray after = wf.serialize();

    // A third one is "Case 3"; insert a step into it.
    answer = QStringLiteral("c");
    click(findPlus(designer::FlowLayout::Plus::Kind::AddCase, QStringLiteral("Route")));
    QVERIFY(
        doc->workflow().branches(QStringLiteral("Route")).contains(QStringLiteral("cases.Case 3")));
    QVERIFY(doc->insertStep(QStringLiteral("test.compose"), QStringLiteral("Route"),
                            QStringLiteral("cases.Case 3"), {})
                .ok());
    QCOMPARE(doc->workflow().branchOf(QStringLiteral("Compose")), QStringLiteral("cases.Case 3"));

    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), after);
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), original);
    QCOMPARE(doc->workflow().branches(QStringLiteral("Route")),
             (QStringList{QStringLiteral("cases.Case"), QStringLiteral("default")}));
    doc->undoStack()->redo();
    QCOMPARE(doc->workflow().serialize(), after);

    // Not a Switch: a clear error, nothing changed.
    const engine::Result<QString> refused =
        doc->addSwitchCase(QStringLiteral("Start"), QStringLiteral("x"));
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(QLatin1String("not a Switch")));
    QCOMPARE(doc->workflow().serialize(), after);
}

void TestCanvas::switchRemoveCase()
{
    QVERIFY(m_window->openFile(dataFile(QStringLiteral("switch-parallel.json"))).ok());
    WorkflowDocument* doc = m_window->document();
    const QByteArray original = doc->workflow().serialize();
    const int edits = doc->undoStack()->count();
    // Only cases can be deleted; the default stays.
    QVERIFY(!findPlus(designer::FlowLayout::Plus::Kind::RemoveCase, QStringLiteral("Route"),
                      QStringLiteral("default")));
    designer::PlusButton* remove = findPlus(designer::FlowLayout::Plus::Kind::RemoveCase,
                                            QStringLiteral("Route"), QStringLiteral("cases.Case"));
    QVERIFY(remove);
    click(remove);
    QCOMPARE(doc->undoStack()->count(), edits + 1);
    QCOMPARE(doc->workflow().branches(QStringLiteral("Route")),
             QStringList{QStringLiteral("default")});
    QVERIFY(!doc->workflow().contains(QStringLiteral("Handle_a")));
    QVERIFY(!m_window->scene()->card(QStringLiteral("Handle_a")));
    const QByteArray after = doc->workflow().serialize();
    doc->undoStack()->undo();
    QCOMPARE(doc->workflow().serialize(), original);
    QVERIFY(m_window->scene()->card(QStringLiteral("Handle_a")));
    doc->undoStack()->redo();
    QCOMPARE(doc->workflow().serialize(), after);
    QVERIFY(!doc->removeSwitchCase(QStringLiteral("Route"), QStringLiteral("Nope")).ok());
    QCOMPARE(doc->workflow().serialize(), after);
}

void TestCanvas::unknownStepsKeptAndDrawn()
{
    const QString path = dataFile(QStringLiteral("unknown.json"));
    QVERIFY(m_window->openFile(path).ok());
    designer::StepCard* card = m_window->scene()->card(QStringLiteral("m"));
    QVERIFY(card);
    QVERIFY(!card->appearance().known);
    QVERIFY(card->appearance().operation.contains(QLatin1String("Unheard")));
    QVERIFY(m_window->saveFileAs(m_tmp.filePath(QStringLiteral("unknown-out.json"))).ok());
    QCOMPARE(readJson(m_tmp.filePath(QStringLiteral("unknown-out.json"))), readJson(path));
}

void TestCanvas::cardColoursFollowTheirIcons()
{
    using designer::StepAppearance;
    // Named by the icon file's name up to its first dot, wherever it lives.
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral(":/icons/smtp.svg")), QColor(0x0078d4));
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral("/usr/share/icons/loop.svg")),
             QColor(0x486991));
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral("scope")), QColor(0x8c6cff));
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral(":/icons/file.large.png")),
             QColor(0xc27c0e));
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral("a.b/terminate.svg")), QColor(0xc4314b));
    // Anything else is the generic grey.
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral(":/icons/unheard.svg")), QColor(0x6b7280));
    QCOMPARE(StepAppearance::colorOfIcon(QStringLiteral(":/icons/smtp/")), QColor(0x6b7280));
    QCOMPARE(StepAppearance::colorOfIcon(QString()), QColor(0x6b7280));
}

void TestCanvas::cardLookFromTheTreeOrTheJson()
{
    // The canvas makes a card's look from the file's tree, which skips the
    // catalogue for built-in types; it must be the look the step's JSON gives,
    // for every step of every sample, with the real catalogue and with one
    // whose shapes name no type.
    QDirIterator it(testsupport::samplesDir(), {QStringLiteral("*.json")}, QDir::Files);
    const engine::Catalogue& real = connectors::catalogue();
    QVERIFY(!real.mayRecognise(QStringLiteral("Compose")));
    QVERIFY(real.mayRecognise(QStringLiteral("apiconnection")));
    QVERIFY(m_catalogue.mayRecognise(QStringLiteral("Compose")));
    int steps = 0;
    int builtIns = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const engine::Result<engine::Workflow> wf = engine::Workflow::parse(file.readAll());
        if (!wf)
            continue; // a connections file
        for (const QString& name : wf->triggerNames() + wf->actionNames()) {
            const engine::OrderedJson* node = wf->stepTree(name);
            QVERIFY(node);
            for (const engine::Catalogue* catalogue :
                 std::initializer_list<const engine::Catalogue*>{&real, &m_catalogue}) {
                const designer::StepAppearance fromTree =
                    designer::StepAppearance::forStep(*node, *catalogue, name);
                QCOMPARE(fromTree,
                         designer::StepAppearance::forStep(node->toObject(), *catalogue, name));
                QVERIFY(!fromTree.title.isEmpty());
            }
            ++steps;
            builtIns += !real.mayRecognise(wf->stepType(name));
        }
    }
    QVERIFY2(steps > 50 && builtIns > 20,
             qPrintable(QStringLiteral("%1 steps, %2 built-in").arg(steps).arg(builtIns)));
    // Not an object, a type that is not a string, no type, a built-in type in
    // lower case.
    for (const QByteArray& text : {QByteArray("[1]"), QByteArray(R"({"type": 3})"),
                                   QByteArray(R"({"inputs": {"path": "/x/y"}})"),
                                   QByteArray(R"({"type": "if", "expression": {}})")}) {
        const engine::Result<engine::OrderedJson> node = engine::OrderedJson::parse(text);
        QVERIFY(node.ok());
        QCOMPARE(designer::StepAppearance::forStep(*node, real, QStringLiteral("a_b")),
                 designer::StepAppearance::forStep(node->toObject(), real, QStringLiteral("a_b")));
    }
}

void TestCanvas::statusBadges()
{
    addStep(QStringLiteral("test.manual"));
    const QString mail = addStep(QStringLiteral("test.mail"));
    m_window->setStepStatus(mail, designer::StepStatus::Running);
    QCOMPARE(m_window->scene()->card(mail)->status(), designer::StepStatus::Running);
    m_window->setStepStatus(mail, designer::StepStatus::Failed);
    // Statuses survive a re-layout.
    addStep(QStringLiteral("test.compose"), mail);
    QCOMPARE(m_window->scene()->card(mail)->status(), designer::StepStatus::Failed);
    m_window->scene()->clearStepStatuses();
    QCOMPARE(m_window->scene()->card(mail)->status(), designer::StepStatus::None);
}

void TestCanvas::backgroundDotsSitOnTheGrid_data()
{
    QTest::addColumn<qreal>("zoom");
    QTest::addColumn<int>("spacing");
    QTest::newRow("1:1") << 1.0 << 20;
    QTest::newRow("2:1") << 2.0 << 20;
    QTest::newRow("between pixels") << 1.07 << 20;
    QTest::newRow("zoomed out, thinned") << 0.5 << 40;
}

void TestCanvas::backgroundDotsSitOnTheGrid()
{
    // Away from the items, the canvas is its background with a 2-pixel dot
    // at every grid point: at round(p - 1) for the grid point's position p
    // in the view, however the dots are drawn.
    QFETCH(qreal, zoom);
    QFETCH(int, spacing);
    designer::WorkflowView* view = m_window->view();
    view->setZoom(zoom);
    const QImage shown = view->viewport()->grab().toImage().convertToFormat(QImage::Format_ARGB32);
    const designer::CanvasColors& colors = m_window->scene()->colors();
    QImage expected(shown.size(), QImage::Format_ARGB32);
    expected.fill(colors.background);
    const QTransform toView = view->viewportTransform();
    const QRectF visible = toView.inverted().mapRect(QRectF(expected.rect()));
    QPainter painter(&expected);
    for (qreal y = std::floor(visible.top() / spacing) * spacing; y <= visible.bottom();
         y += spacing) {
        for (qreal x = std::floor(visible.left() / spacing) * spacing; x <= visible.right();
             x += spacing) {
            const QPointF at = toView.map(QPointF(x, y));
            painter.fillRect(QRect(int(std::round(at.x() - 1)), int(std::round(at.y() - 1)), 2, 2),
                             colors.dot);
        }
    }
    painter.end();
    QRegion items;
    for (QGraphicsItem* item : m_window->scene()->items())
        items += toView.mapRect(item->sceneBoundingRect()).toAlignedRect().adjusted(-2, -2, 2, 2);
    int compared = 0;
    for (int row = 0; row < shown.height(); ++row) {
        for (int col = 0; col < shown.width(); ++col) {
            if (items.contains(QPoint(col, row)))
                continue;
            ++compared;
            if (shown.pixel(col, row) != expected.pixel(col, row))
                QFAIL(qPrintable(QStringLiteral("pixel %1,%2 is %3, not %4")
                                     .arg(col)
                                     .arg(row)
                                     .arg(shown.pixel(col, row), 8, 16)
                                     .arg(expected.pixel(col, row), 8, 16)));
        }
    }
    QVERIFY(compared > shown.width() * shown.height() / 2);
}

void TestCanvas::recentFilesListNewestFirst()
{
    // File > Open Recent lists the files opened, newest first, each once, at
    // most eight; it is read as the File menu opens, and is off while empty.
    QSettings().remove(QStringLiteral("recentFiles"));
    auto* fileMenu = m_window->menuBar()->findChild<QMenu*>(QStringLiteral("menuFile"));
    QVERIFY(fileMenu);
    auto* recent = fileMenu->findChild<QMenu*>(QStringLiteral("menuRecent"));
    QVERIFY(recent);
    const auto listed = [&] {
        fileMenu->popup(QPoint(0, 0));
        fileMenu->hide();
        QStringList texts;
        for (const QAction* entry : recent->actions())
            texts.append(entry->text());
        return texts;
    };
    QCOMPARE(listed(), QStringList());
    QVERIFY(!recent->isEnabled());

    const QString sample =
        testsupport::sourceDir() + QStringLiteral("/resources/samples/lead-to-email/workflow.json");
    QStringList paths;
    for (int i = 0; i < 9; ++i) {
        const QString dir = m_tmp.filePath(QStringLiteral("recent/%1").arg(i));
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + QStringLiteral("/workflow.json");
        QFile::remove(path);
        QVERIFY(QFile::copy(sample, path));
        paths.append(path);
    }
    for (const QString& path : paths)
        QVERIFY(m_window->openFile(path).ok());
    QVERIFY(m_window->openFile(paths.at(3)).ok());
    QStringList expected;
    expected.append(QDir::toNativeSeparators(paths.at(3)));
    for (int i = 8; expected.size() < 8; --i) {
        if (i != 3)
            expected.append(QDir::toNativeSeparators(paths.at(i)));
    }
    // Files opened before the window's first frame are listed once it is painted.
    QTRY_COMPARE(listed(), expected);
    QVERIFY(recent->isEnabled());

    // Choosing one opens it, and it comes first.
    recent->actions().at(2)->trigger();
    QCOMPARE(QDir::toNativeSeparators(m_window->document()->filePath()), expected.at(2));
    QCOMPARE(listed().first(), expected.at(2));
}

void TestCanvas::zoomAndFit()
{
    WorkflowDocument* doc = m_window->document();
    addStep(QStringLiteral("test.manual"));
    QString previous;
    for (int i = 0; i < 40; ++i)
        previous = addStep(QStringLiteral("test.compose"), previous);
    QVERIFY(doc->workflow().actionNames().size() == 40);
    designer::WorkflowView* view = m_window->view();
    view->resetZoom();
    m_window->action(QStringLiteral("actionZoomIn"))->trigger();
    QVERIFY(view->zoom() > 1.0);
    m_window->action(QStringLiteral("actionZoomOut"))->trigger();
    m_window->action(QStringLiteral("actionZoomOut"))->trigger();
    QVERIFY(view->zoom() < 1.0);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
    const QRectF bounds = m_window->scene()->flowLayout().bounds;
    const QRect shown = view->mapFromScene(bounds).boundingRect();
    QVERIFY2(view->viewport()->rect().contains(shown),
             qPrintable(QStringLiteral("%1 zoom %2").arg(shown.height()).arg(view->zoom())));
    QVERIFY(view->zoom() < 0.5);
    // Ctrl+wheel zooms in, plain wheel does not.
    const qreal fitted = view->zoom();
    const QPoint centre = view->viewport()->rect().center();
    QWheelEvent wheel(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->zoom() > fitted);
    // Rendering at fit-all and at 1:1 draws cards (level of detail both ways).
    QImage far(view->viewport()->size(), QImage::Format_ARGB32);
    QPainter painter(&far);
    view->render(&painter);
    painter.end();
    QVERIFY(!far.isNull());
}

void TestCanvas::screenshotWritesPng()
{
    const QString designerBinary =
        QFileInfo(testsupport::cliPath()).absolutePath() + QStringLiteral("/logicapp-designer");
    QVERIFY2(QFile::exists(designerBinary), qPrintable(designerBinary));
    const QString sample =
        testsupport::sourceDir() + QStringLiteral("/resources/samples/lead-to-email/workflow.json");
    const QString png = m_tmp.filePath(QStringLiteral("shot.png"));
    QProcess process;
    process.start(designerBinary, {sample, QStringLiteral("--screenshot"), png});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 500);
    // A file that is not a workflow: non-zero exit and a message naming it.
    QProcess bad;
    bad.start(designerBinary,
              {testsupport::samplesDir() +
                   QStringLiteral("/microsoft__AzureTRE__templates_shared_services_airlock_"
                                  "notifier_app_connections.json"),
               QStringLiteral("--screenshot"), m_tmp.filePath(QStringLiteral("bad.png"))});
    QVERIFY(bad.waitForFinished(60000));
    QVERIFY(bad.exitCode() != 0);
    QVERIFY(bad.readAllStandardError().contains("connections.json"));
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
