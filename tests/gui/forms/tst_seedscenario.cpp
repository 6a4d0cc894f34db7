// The seed's scenario as a person does it with the designer's own widgets:
// search "salesforce", take "When an object is created", choose Lead; add
// "SMTP - Send email" through the search; create a connection; fill every
// field (a trigger token in the body) and one attachment; save, close,
// reopen: the same file and the same form, and the password nowhere.
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
#include "designer/palette/OperationSearch.h"
#include "engine/connections/MemorySecretStore.h"
#include "engine/workflow/Workflow.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class TestSeedScenario : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void leadToEmail();

private:
    static QJsonObject formValues(designer::StepForm* form);
    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
};

QJsonObject TestSeedScenario::formValues(designer::StepForm* form)
{
    QJsonObject values;
    for (const QString& key : form->fieldOrder()) {
        const QJsonValue v = form->editor(key)->value();
        if (!v.isUndefined())
            values.insert(key, v);
    }
    return values;
}

void TestSeedScenario::leadToEmail()
{
    QTemporaryDir project;
    QVERIFY(project.isValid());
    const QString secretPassword = QStringLiteral("Tr1cky-Secret-%1").arg(project.path().size());
    engine::MemorySecretStore secrets;

    designer::WorkflowDocument doc(m_catalogue);
    doc.newWorkflow();
    QWidget window;
    auto* search = new designer::OperationSearch(m_catalogue, &window);
    auto* panel = new designer::StepFormPanel(&doc, m_catalogue, &window);
    panel->setSecretStore(&secrets);
    search->setGeometry(10, 10, 420, 30);
    panel->setGeometry(10, 50, 440, 900);
    window.resize(460, 960);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString placed;
    connect(search, &designer::OperationSearch::operationChosen, &doc, [&](const QString& id) {
        auto inserted = doc.insertStep(id, {}, {}, doc.workflow().actionNames().value(0));
        QVERIFY(inserted.ok());
        placed = inserted.value();
        search->setTriggersFirst(doc.workflow().triggerNames().isEmpty());
        panel->setStep(placed);
    });

    // 1. Trigger: search "salesforce", Enter takes "When an object is created".
    search->setTriggersFirst(true);
    search->activate();
    QTest::keyClicks(search->lineEdit(), QStringLiteral("salesforce"));
    QTest::keyClick(search->lineEdit(), Qt::Key_Return);
    QCOMPARE(doc.workflow().triggerNames(), QStringList{placed});
    const QString trigger = placed;
    auto* objectType =
        qobject_cast<designer::EnumFieldEditor*>(panel->form()->editor("ObjectType"));
    QVERIFY(objectType);
    objectType->comboBox()->setCurrentIndex(objectType->comboBox()->findData("Lead"));
    Q_EMIT objectType->comboBox()->activated(objectType->comboBox()->currentIndex());
    QCOMPARE(doc.property(trigger, "ObjectType").toString(), QStringLiteral("Lead"));

    // 2. "+ New step": search "smtp", choose "Send email".
    QVERIFY(!search->triggersFirst());
    search->activate();
    QTest::keyClicks(search->lineEdit(), QStringLiteral("smtp"));
    QCOMPARE(search->currentOperationId(), QStringLiteral("smtp.sendEmail"));
    QTest::keyClick(search->lineEdit(), Qt::Key_Return);
    const QString send = placed;
    QCOMPARE(doc.workflow().actionNames(), QStringList{send});
    designer::StepForm* form = panel->form();
    QCOMPARE(form->step(), send);

    // 3. A new connection through the dialog.
    auto* connection = qobject_cast<designer::ConnectionFieldEditor*>(form->editor("Connection"));
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
    QCOMPARE(doc.property(send, "Connection").toString(), QStringLiteral("office-mail"));
    QCOMPARE(connection->comboBox()->currentData().toString(), QStringLiteral("office-mail"));
    QCOMPARE(form->fieldError("Connection"), QString());

    // 4. The fields, typed; the body gets the lead's first name from the picker.
    const auto type = [&](const QString& key, const QString& text) {
        auto* editor = qobject_cast<designer::TextFieldEditor*>(form->editor(key));
        QVERIFY(editor);
        editor->edit()->setFocus();
        QTest::keyClicks(editor->edit(), text);
    };
    type("From", QStringLiteral("sales@example.com"));
    type("To", QStringLiteral("lead-desk@example.com"));
    type("CC", QStringLiteral("manager@example.com"));
    type("BCC", QStringLiteral("archive@example.com"));
    type("Subject", QStringLiteral("A new lead"));
    auto* body = qobject_cast<designer::TextFieldEditor*>(form->editor("Body"));
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
    importance->comboBox()->setCurrentIndex(importance->comboBox()->findData("High"));
    Q_EMIT importance->comboBox()->activated(importance->comboBox()->currentIndex());

    const QString attachmentPath = project.filePath(QStringLiteral("price-list.csv"));
    {
        QFile f(attachmentPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("product,price\nwidget,10\n");
    }
    designer::ArrayFieldEditor::setFileChooser(
        [attachmentPath](QWidget*) { return QStringList{attachmentPath}; });
    auto* attachments = qobject_cast<designer::ArrayFieldEditor*>(form->editor("Attachments"));
    QTest::mouseClick(attachments->addFileButton(), Qt::LeftButton);
    designer::ArrayFieldEditor::setFileChooser(nullptr);

    QCOMPARE(doc.property(send, "Body").toString(),
             QStringLiteral("<p>Say hello to @{triggerBody()?['FirstName']}</p>"));
    QCOMPARE(doc.property(send, "IsHtml"), QJsonValue(true));
    QCOMPARE(doc.property(send, "Importance").toString(), QStringLiteral("High"));
    for (const QString& key : form->fieldOrder())
        QVERIFY2(form->fieldError(key).isEmpty(), qPrintable(key + ": " + form->fieldError(key)));
    const QJsonObject filledForm = formValues(form);

    // 5. Save as a Standard project, close, reopen.
    const QString path = designer::WorkflowDocument::standardPath(project.path(), "lead-to-email");
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(doc.saveAs(path).ok());
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray savedBytes = saved.readAll();
    saved.close();
    window.close();

    designer::WorkflowDocument reopened(m_catalogue);
    QVERIFY(reopened.open(path).ok());
    designer::StepFormPanel again(&reopened, m_catalogue);
    again.setSecretStore(&secrets);
    again.resize(440, 900);
    again.show();
    again.setStep(send);
    QVERIFY(again.form());
    QCOMPARE(formValues(again.form()), filledForm);
    again.setStep(trigger);
    QCOMPARE(again.form()->editor("ObjectType")->value().toString(), QStringLiteral("Lead"));
    QVERIFY(reopened.save().ok());
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), savedBytes);

    // 6. The password went to the store, and into no file of the project.
    QCOMPARE(secrets.read(QStringLiteral("office-mail_password").replace('-', '_')).value(),
             secretPassword);
    QDirIterator files(project.path(), QDir::Files, QDirIterator::Subdirectories);
    int checked = 0;
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(secretPassword.toUtf8()), qPrintable(f.fileName()));
        ++checked;
    }
    QVERIFY(checked >= 3); // workflow.json, connections.json, the attachment
    QFile connections(project.filePath(QStringLiteral("connections.json")));
    QVERIFY(connections.open(QIODevice::ReadOnly));
    QVERIFY(connections.readAll().contains("@appsetting('office_mail_password')"));
}

QTEST_MAIN(TestSeedScenario)
#include "tst_seedscenario.moc"
