// The designer's real main window, driven with key clicks and its actions as
// a person would: the seed's whole scenario from an empty window to a saved,
// reopened workflow and back to empty by undo; a run with a typed trigger
// body that delivers mail to a real SMTP server; an HTTP request trigger
// firing while the window is open, then switched off.
#include "connectors/Connectors.h"
#include "designer/canvas/PlusButton.h"
#include "designer/canvas/StepCard.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ArrayFieldEditor.h"
#include "designer/forms/ConnectionDialog.h"
#include "designer/forms/ConnectionFieldEditor.h"
#include "designer/forms/DynamicContentButton.h"
#include "designer/forms/EnumFieldEditor.h"
#include "designer/forms/ExpressionEdit.h"
#include "designer/forms/FieldEditor.h"
#include "designer/forms/StepForm.h"
#include "designer/forms/StepFormPanel.h"
#include "designer/forms/TextFieldEditor.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/palette/OperationSearch.h"
#include "designer/runs/RunActions.h"
#include "designer/runs/RunController.h"
#include "designer/runs/RunsPanel.h"
#include "designer/runs/TriggerBodyDialog.h"
#include "engine/connections/MemorySecretStore.h"
#include "engine/runtime/RunStore.h"
#include "engine/workflow/Workflow.h"
#include "tests/support/PythonEmail.h"
#include "tests/support/SmtpdServer.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>

using designer::MainWindow;

namespace {

QJsonObject formValues(designer::StepForm* form)
{
    QJsonObject values;
    for (const QString& key : form->fieldOrder()) {
        const QJsonValue v = form->editor(key)->value();
        if (!v.isUndefined())
            values.insert(key, v);
    }
    return values;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// connections.json with one built-in SMTP connection "mail" to a local server.
QByteArray connectionsTo(quint16 port)
{
    const QJsonObject smtp{
        {"displayName", "Test SMTP"},
        {"serviceProvider", QJsonObject{{"id", "/serviceProviders/Smtp"}}},
        {"parameterValues",
         QJsonObject{{"serverAddress", "127.0.0.1"}, {"port", int(port)}, {"enableSSL", false}}}};
    return QJsonDocument(QJsonObject{{"serviceProviderConnections", QJsonObject{{"mail", smtp}}}})
        .toJson();
}

QJsonObject sendEmailAction(const QJsonObject& runAfter)
{
    return QJsonObject{
        {"type", "ServiceProvider"},
        {"inputs", QJsonObject{{"parameters",
                                QJsonObject{{"from", "sales@example.com"},
                                            {"to", "@{triggerBody()?['Email']}"},
                                            {"subject", "Welcome, @{triggerBody()?['FirstName']}!"},
                                            {"body", "Hello @{triggerBody()?['FirstName']} of "
                                                     "@{triggerBody()?['Company']}"}}},
                               {"serviceProviderConfiguration",
                                QJsonObject{{"connectionName", "mail"},
                                            {"operationId", "sendEmail"},
                                            {"serviceProviderId", "/serviceProviders/Smtp"}}}}},
        {"runAfter", runAfter}};
}

QByteArray standardWorkflow(const QJsonObject& triggers, const QJsonObject& actions)
{
    const QJsonObject definition{
        {"$schema", "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                    "2016-06-01/workflowdefinition.json#"},
        {"contentVersion", "1.0.0.0"},
        {"triggers", triggers},
        {"actions", actions},
        {"outputs", QJsonObject()}};
    return QJsonDocument(QJsonObject{{"definition", definition}, {"kind", "Stateful"}}).toJson();
}

// Clicks the "+" of `kind` (the first one found) on the window's canvas.
bool clickPlus(MainWindow* window, designer::FlowLayout::Plus::Kind kind)
{
    for (designer::PlusButton* plus : window->scene()->plusButtons()) {
        if (plus->plus().kind != kind)
            continue;
        designer::WorkflowView* view = window->view();
        view->ensureVisible(plus->sceneBoundingRect());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                          view->mapFromScene(plus->sceneBoundingRect().center()));
        return true;
    }
    return false;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void seedScenario();
    void runWithTriggerBody();
    void triggerFiresWhileOpenAndTurnsOff();

private:
    std::unique_ptr<MainWindow> makeWindow(const QString& historyPath);

    std::shared_ptr<engine::MemorySecretStore> m_secrets =
        std::make_shared<engine::MemorySecretStore>();
    QTemporaryDir m_tmp;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QVERIFY(m_tmp.isValid());
}

std::unique_ptr<MainWindow> TestMainWindow::makeWindow(const QString& historyPath)
{
    auto window = std::make_unique<MainWindow>(connectors::catalogue());
    window->setSecretStore(m_secrets);
    if (!historyPath.isEmpty()) {
        if (const engine::Status set = window->runActions()->setHistoryPath(historyPath); !set)
            qWarning() << set.error().toString();
    }
    window->resize(1280, 860);
    window->show();
    window->activateWindow();
    if (!QTest::qWaitForWindowActive(window.get()))
        qWarning("window not active");
    return window;
}

void TestMainWindow::seedScenario()
{
    QTemporaryDir project;
    QVERIFY(project.isValid());
    const QString secretPassword = QStringLiteral("Tr1cky-Secret-%1").arg(project.path().size());
    auto window = makeWindow({});
    designer::WorkflowDocument* doc = window->document();
    window->action(QStringLiteral("actionNew"))->trigger();
    QVERIFY(doc->workflow().triggerNames().isEmpty());
    QLineEdit* search = window->operationSearch()->lineEdit();

    // 1. The trigger: the empty canvas offers "Choose a trigger"; typing
    // "salesforce" and Enter takes "When an object is created".
    QVERIFY(clickPlus(window.get(), designer::FlowLayout::Plus::Kind::Trigger));
    QVERIFY(window->searchPanel()->isVisible());
    QTest::keyClicks(search, QStringLiteral("salesforce"));
    QCOMPARE(window->operationSearch()->currentOperationId(),
             QStringLiteral("salesforce.whenObjectCreated"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(doc->workflow().triggerNames().size(), 1);
    const QString trigger = doc->workflow().triggerNames().first();
    QCOMPARE(window->scene()->selectedSteps(), QStringList{trigger});
    designer::StepFormPanel* panel = window->stepPanel();
    QVERIFY(window->stepDock()->isVisible());
    QVERIFY(panel->form());
    QCOMPARE(panel->form()->step(), trigger);
    auto* objectType = qobject_cast<designer::EnumFieldEditor*>(panel->form()->editor("Object"));
    QVERIFY(objectType);
    objectType->comboBox()->setCurrentIndex(objectType->comboBox()->findData("Lead"));
    Q_EMIT objectType->comboBox()->activated(objectType->comboBox()->currentIndex());
    QCOMPARE(doc->property(trigger, "Object").toString(), QStringLiteral("Lead"));

    // 2. "+ New step" under the trigger: "smtp" finds "SMTP - Send email".
    QVERIFY(clickPlus(window.get(), designer::FlowLayout::Plus::Kind::NewStep));
    QVERIFY(window->searchPanel()->isVisible());
    QTest::keyClicks(search, QStringLiteral("smtp"));
    QCOMPARE(window->operationSearch()->currentOperationId(), QStringLiteral("smtp.sendEmail"));
    QTest::keyClick(search, Qt::Key_Return);
    QCOMPARE(doc->workflow().actionNames().size(), 1);
    const QString send = doc->workflow().actionNames().first();
    QCOMPARE(doc->workflow().runAfter(send).value(0).action, QString()); // first action
    designer::StepForm* form = panel->form();
    QVERIFY(form);
    QCOMPARE(form->step(), send);

    // 3. A new connection through the dialog; its password goes to the store.
    auto* connection = qobject_cast<designer::ConnectionFieldEditor*>(form->editor("Connection"));
    QVERIFY(connection);
    QTest::mouseClick(connection->newButton(), Qt::LeftButton);
    designer::ConnectionDialog* dialog = panel->connectionDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("office-mail"));
    QTest::keyClicks(dialog->serverEdit(), QStringLiteral("smtp.example.com"));
    dialog->tlsCombo()->setCurrentIndex(int(designer::ConnectionDialog::TlsMode::Implicit));
    QTest::keyClicks(dialog->userEdit(), QStringLiteral("sales@example.com"));
    QTest::keyClicks(dialog->passwordEdit(), secretPassword);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save),
                      Qt::LeftButton);
    QCOMPARE(doc->property(send, "Connection").toString(), QStringLiteral("office-mail"));

    // 4. Every field typed; the body takes the lead's first name from the picker.
    const auto type = [&](const QString& key, const QString& text) {
        auto* editor = qobject_cast<designer::TextFieldEditor*>(form->editor(key));
        QVERIFY2(editor, qPrintable(key));
        editor->edit()->setFocus();
        QTest::keyClicks(editor->edit(), text);
    };
    type("From", QStringLiteral("sales@example.com"));
    type("To", QStringLiteral("lead-desk@example.com"));
    type("CC", QStringLiteral("manager@example.com"));
    type("BCC", QStringLiteral("archive@example.com"));
    type("Subject", QStringLiteral("A new lead"));
    auto* body = qobject_cast<designer::TextFieldEditor*>(form->editor("Body"));
    QVERIFY(body);
    type("Body", QStringLiteral("<p>Say hello to "));
    QAction* firstName = nullptr;
    for (QAction* a : body->dynamicContentButton()->buildMenu()->actions()) {
        if (a->text() == QStringLiteral("First name"))
            firstName = a;
    }
    QVERIFY(firstName);
    firstName->trigger();
    QTest::keyClicks(body->edit(), QStringLiteral("</p>"));
    QTest::mouseClick(body->htmlToggle(), Qt::LeftButton);
    auto* importance = qobject_cast<designer::EnumFieldEditor*>(form->editor("Importance"));
    QVERIFY(importance);
    importance->comboBox()->setCurrentIndex(importance->comboBox()->findData("High"));
    Q_EMIT importance->comboBox()->activated(importance->comboBox()->currentIndex());
    const QString attachmentPath = project.filePath(QStringLiteral("price-list.csv"));
    QVERIFY(writeFile(attachmentPath, "product,price\nwidget,10\n"));
    designer::ArrayFieldEditor::setFileChooser(
        [attachmentPath](QWidget*) { return QStringList{attachmentPath}; });
    auto* attachments = qobject_cast<designer::ArrayFieldEditor*>(form->editor("Attachments"));
    QVERIFY(attachments);
    QTest::mouseClick(attachments->addFileButton(), Qt::LeftButton);
    designer::ArrayFieldEditor::setFileChooser(nullptr);

    QCOMPARE(doc->property(send, "Body").toString(),
             QStringLiteral("<p>Say hello to @{triggerBody()?['FirstName']}</p>"));
    QCOMPARE(doc->property(send, "IsHtml"), QJsonValue(true));
    for (const QString& key : form->fieldOrder())
        QVERIFY2(form->fieldError(key).isEmpty(), qPrintable(key + ": " + form->fieldError(key)));
    const QJsonObject filledForm = formValues(form);
    QVERIFY(window->isWindowModified());

    // 5. Save as a Standard project; the title loses its mark; close.
    const QString path = designer::WorkflowDocument::standardPath(project.path(), "lead-to-email");
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(window->saveFileAs(path).ok());
    QVERIFY(!window->isWindowModified());
    QVERIFY(window->windowTitle().startsWith(QStringLiteral("lead-to-email")));
    const QByteArray savedBytes = readFile(path);
    QVERIFY(!savedBytes.isEmpty());

    // Undo every edit back to the empty workflow, then redo them all: the
    // same file again.
    QUndoStack* undo = doc->undoStack();
    const int edits = undo->index();
    QVERIFY(edits >= 12);
    while (undo->canUndo())
        window->action(QStringLiteral("actionUndo"))->trigger();
    QVERIFY(doc->workflow().triggerNames().isEmpty());
    QVERIFY(doc->workflow().actionNames().isEmpty());
    while (undo->canRedo())
        window->action(QStringLiteral("actionRedo"))->trigger();
    QCOMPARE(undo->index(), edits);
    QVERIFY(window->saveFile().ok());
    QCOMPARE(readFile(path), savedBytes);
    QVERIFY(window->close());
    window.reset();

    // 6. Reopen in a new window: the same form, the same bytes after saving.
    auto again = makeWindow({});
    QVERIFY(again->openFile(path).ok());
    again->scene()->selectSteps({send});
    QVERIFY(again->stepPanel()->form());
    QCOMPARE(again->stepPanel()->form()->step(), send);
    QCOMPARE(formValues(again->stepPanel()->form()), filledForm);
    again->scene()->selectSteps({trigger});
    QCOMPARE(again->stepPanel()->form()->editor("Object")->value().toString(),
             QStringLiteral("Lead"));
    QVERIFY(again->saveFile().ok());
    QCOMPARE(readFile(path), savedBytes);

    // 7. The password is in the store and in no file of the project.
    QCOMPARE(m_secrets->read(QStringLiteral("office_mail_password")).value(), secretPassword);
    QDirIterator files(project.path(), QDir::Files, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        const QString file = files.next();
        QVERIFY2(!readFile(file).contains(secretPassword.toUtf8()), qPrintable(file));
        ++checked;
    }
    QVERIFY(checked >= 3); // workflow.json, connections.json, the attachment
    QVERIFY(readFile(project.filePath(QStringLiteral("connections.json")))
                .contains("@appsetting('office_mail_password')"));
}

void TestMainWindow::runWithTriggerBody()
{
    testsupport::SmtpdServer smtp;
    QString error;
    QVERIFY2(smtp.start({}, &error), qPrintable(error));
    QTemporaryDir project;
    QVERIFY(project.isValid());
    const QString path = project.filePath(QStringLiteral("lead-to-email/workflow.json"));
    const QJsonObject triggers{
        {"manual", QJsonObject{{"type", "Request"}, {"kind", "Http"}, {"inputs", QJsonObject{}}}}};
    QVERIFY(writeFile(
        path, standardWorkflow(
                  triggers, QJsonObject{{"Send_welcome_email", sendEmailAction(QJsonObject())}})));
    QVERIFY(writeFile(project.filePath(QStringLiteral("connections.json")),
                      connectionsTo(smtp.port())));

    const QString history = m_tmp.filePath(QStringLiteral("run-with-body.sqlite"));
    auto window = makeWindow(history);
    QVERIFY(window->openFile(path).ok());
    QAction* stop = window->action(QStringLiteral("actionStop"));
    QVERIFY(stop);
    QVERIFY(!stop->isEnabled());

    // Ctrl+Shift+Enter asks for the body; the first time it offers a sample.
    QString sample;
    const QString lead =
        QStringLiteral(R"({"Email": "ada@example.com", "FirstName": "Ada", "Company": "Engines"})");
    QTimer::singleShot(0, this, [&] {
        auto* dialog =
            qobject_cast<designer::TriggerBodyDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        sample = dialog->text();
        auto* edit = dialog->findChild<QPlainTextEdit*>(QStringLiteral("triggerBodyEdit"));
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("{\"Email\": "));
        // Not JSON yet: the Run button is off and the error says where.
        QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("triggerBodyRun"))->isEnabled());
        QVERIFY(dialog->errorText().contains(QStringLiteral("line 1")));
        dialog->setText(lead);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("triggerBodyRun")),
                          Qt::LeftButton);
    });
    QSignalSpy finished(window->runActions()->controller(), &designer::RunController::runFinished);
    QTest::keyClick(window.get(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY2(!sample.isEmpty(), "the trigger body dialog did not open");
    QCOMPARE(QJsonDocument::fromJson(sample.toUtf8()).object(), QJsonObject());
    QVERIFY(finished.wait(20000));
    const auto run = finished.first().first().value<engine::Run>();
    QCOMPARE(engine::runStatusName(run.status), QStringLiteral("Succeeded"));

    // The lead's address and name reached a real server, read by Python.
    QVERIFY(smtp.waitForMessages(1));
    const testsupport::ReceivedMessage received = smtp.messages().first();
    QCOMPARE(received.rcptTos, QStringList{QStringLiteral("ada@example.com")});
    const QJsonObject parsed = testsupport::parseFileWithPython(received.emlPath);
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("Subject")),
             QStringLiteral("Welcome, Ada!"));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("To")),
             QStringLiteral("ada@example.com"));

    // The card shows the step's end; the runs panel lists the run; choosing
    // it again shows its statuses on the canvas.
    designer::StepCard* card = window->scene()->card(QStringLiteral("Send_welcome_email"));
    QVERIFY(card);
    QCOMPARE(card->status(), designer::StepStatus::Succeeded);
    window->scene()->clearStepStatuses();
    window->runsPanel()->refresh();
    window->runsPanel()->selectRun(run.id);
    QCOMPARE(card->status(), designer::StepStatus::Succeeded);
    auto store = engine::RunStore::open(history);
    QVERIFY(store.ok());
    auto stored = store.value()->run(run.id);
    QVERIFY(stored.ok());
    QCOMPARE(stored.value().triggerOutputs.value("body").toObject().value("Email").toString(),
             QStringLiteral("ada@example.com"));

    // Ctrl+Enter runs again with the body used last, without asking.
    window->action(QStringLiteral("actionRun"))->trigger();
    QVERIFY(finished.wait(20000));
    QVERIFY(smtp.waitForMessages(2));
    QCOMPARE(smtp.messages().at(1).rcptTos, QStringList{QStringLiteral("ada@example.com")});

    // The next time, the dialog offers the body used last.
    QString offered;
    QTimer::singleShot(0, this, [&] {
        if (auto* dialog =
                qobject_cast<designer::TriggerBodyDialog*>(QApplication::activeModalWidget())) {
            offered = dialog->text();
            dialog->reject();
        }
    });
    window->action(QStringLiteral("actionRunWithBody"))->trigger();
    QCOMPARE(offered, lead);
}

void TestMainWindow::triggerFiresWhileOpenAndTurnsOff()
{
    testsupport::SmtpdServer smtp;
    QString error;
    QVERIFY2(smtp.start({}, &error), qPrintable(error));
    QTemporaryDir project;
    QVERIFY(project.isValid());
    const QString path = project.filePath(QStringLiteral("new-lead/workflow.json"));
    const QJsonObject schema{
        {"type", "object"},
        {"properties", QJsonObject{{"Email", QJsonObject{{"type", "string"}}},
                                   {"FirstName", QJsonObject{{"type", "string"}}},
                                   {"Company", QJsonObject{{"type", "string"}}}}},
        {"required", QJsonArray{"Email"}}};
    const QJsonObject triggers{
        {"When_a_lead_is_posted",
         QJsonObject{{"type", "Request"},
                     {"kind", "Http"},
                     {"inputs", QJsonObject{{"method", "POST"}, {"schema", schema}}}}}};
    QVERIFY(writeFile(
        path, standardWorkflow(
                  triggers, QJsonObject{{"Send_welcome_email", sendEmailAction(QJsonObject())}})));
    QVERIFY(writeFile(project.filePath(QStringLiteral("connections.json")),
                      connectionsTo(smtp.port())));

    auto window = makeWindow(m_tmp.filePath(QStringLiteral("triggers.sqlite")));
    designer::RunActions* runs = window->runActions();
    runs->controller()->setHttpPort(0); // any free port
    runs->setFireTriggers(true);
    QVERIFY(window->openFile(path).ok());
    QAction* enabled = window->action(QStringLiteral("actionTriggerEnabled"));
    QTRY_COMPARE(runs->controller()->activeTriggers(), 1);
    QVERIFY(enabled->isChecked());
    const QString url = runs->controller()->callbackUrl();
    QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(url));

    // The sample body for "Run with trigger body" follows the trigger's schema.
    const QJsonObject sample = designer::TriggerBodyDialog::sampleBody(
        window->document()->workflow(), window->document()->catalogue());
    QCOMPARE(sample.keys(), (QStringList{"Company", "Email", "FirstName"}));

    QNetworkAccessManager http;
    const auto post = [&](const QJsonObject& body) {
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = http.post(request, QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        reply->deleteLater();
        return std::make_pair(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                              reply->readAll());
    };

    // A lead posted while the window is open starts a run that sends mail.
    const auto [status, answer] = post(
        QJsonObject{{"Email", "grace@example.com"}, {"FirstName", "Grace"}, {"Company", "Navy"}});
    QCOMPARE(status, 202);
    QVERIFY(!QJsonDocument::fromJson(answer).object().value("runId").toString().isEmpty());
    QVERIFY(smtp.waitForMessages(1));
    QCOMPARE(smtp.messages().first().rcptTos, QStringList{QStringLiteral("grace@example.com")});
    // A body against the schema is refused and runs nothing.
    QCOMPARE(post(QJsonObject{{"FirstName", "NoEmail"}}).first, 400);

    // Switched off: Logic Apps Standard's FlowState in local.settings.json,
    // and nothing listens any more.
    enabled->trigger();
    QVERIFY(!enabled->isChecked());
    QCOMPARE(runs->controller()->activeTriggers(), 0);
    const QJsonObject settings =
        QJsonDocument::fromJson(readFile(project.filePath(QStringLiteral("local.settings.json"))))
            .object();
    QCOMPARE(settings.value("Values").toObject().value("Workflows.new-lead.FlowState").toString(),
             QStringLiteral("Disabled"));
    QVERIFY(post(QJsonObject{{"Email", "late@example.com"}}).first != 202);
    QTest::qWait(300);
    QCOMPARE(smtp.messages().size(), 1);

    // A new window reads the state; switching it on serves again.
    window.reset();
    auto next = makeWindow(m_tmp.filePath(QStringLiteral("triggers.sqlite")));
    next->runActions()->controller()->setHttpPort(0);
    next->runActions()->setFireTriggers(true);
    QVERIFY(next->openFile(path).ok());
    QAction* nextEnabled = next->action(QStringLiteral("actionTriggerEnabled"));
    QTRY_VERIFY(!nextEnabled->isChecked());
    QCOMPARE(next->runActions()->controller()->activeTriggers(), 0);
    nextEnabled->trigger();
    QVERIFY(nextEnabled->isChecked());
    QCOMPARE(next->runActions()->controller()->activeTriggers(), 1);
    QVERIFY(
        !readFile(project.filePath(QStringLiteral("local.settings.json"))).contains("FlowState"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
