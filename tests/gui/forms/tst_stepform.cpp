#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ArrayFieldEditor.h"
#include "designer/forms/BooleanFieldEditor.h"
#include "designer/forms/DynamicContentButton.h"
#include "designer/forms/EnumFieldEditor.h"
#include "designer/forms/ExpressionEdit.h"
#include "designer/forms/StepForm.h"
#include "designer/forms/StepFormPanel.h"
#include "designer/forms/TextFieldEditor.h"
#include "engine/workflow/Workflow.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QUndoStack>

using designer::StepForm;

class TestStepForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void fieldsReadAsTheEmailWill();
    void requiredAndTypes();
    void typingIsOneUndoStep();
    void undoRefreshesTheForm();
    void validationShowsOnTheField_data();
    void validationShowsOnTheField();
    void dynamicContentInsertsAChip();
    void expressionSyntaxErrorUnderTheField();
    void htmlToggleAndPreview();
    void attachmentFromFile();
    void advancedFoldedAndFocus();
    void triggerEnum();
    void unknownStepIsReadOnlyJson();
    void screenshot();

private:
    designer::TextFieldEditor* text(const QString& key) const;

    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
    std::unique_ptr<designer::WorkflowDocument> m_doc;
    std::unique_ptr<designer::StepFormPanel> m_panel;
    QString m_trigger;
    QString m_send;
};

void TestStepForm::init()
{
    m_doc = std::make_unique<designer::WorkflowDocument>(m_catalogue);
    m_doc->newWorkflow();
    auto trigger = m_doc->insertStep(QStringLiteral("salesforce.objectCreated"));
    QVERIFY2(trigger.ok(), qPrintable(trigger.ok() ? QString() : trigger.error().message));
    m_trigger = trigger.value();
    auto send = m_doc->insertStep(QStringLiteral("smtp.sendEmail"));
    QVERIFY(send.ok());
    m_send = send.value();
    m_doc->undoStack()->clear();
    m_panel = std::make_unique<designer::StepFormPanel>(m_doc.get(), m_catalogue);
    m_panel->resize(420, 900);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->setStep(m_send);
    QVERIFY(m_panel->form());
}

void TestStepForm::cleanup()
{
    m_panel.reset();
    m_doc.reset();
}

designer::TextFieldEditor* TestStepForm::text(const QString& key) const
{
    return qobject_cast<designer::TextFieldEditor*>(m_panel->form()->editor(key));
}

void TestStepForm::fieldsReadAsTheEmailWill()
{
    // The schema lists them out of order; IsHtml is Body's HTML switch.
    const QStringList expected = {"Connection",  "From",    "To",         "CC",
                                  "BCC",         "Subject", "Body",       "Importance",
                                  "Attachments", "ReplyTo", "ReadReceipt"};
    QCOMPARE(m_panel->form()->fieldOrder(), expected);
    QVERIFY(!m_panel->form()->editor(QStringLiteral("IsHtml")));
}

void TestStepForm::requiredAndTypes()
{
    StepForm* form = m_panel->form();
    const auto title = [form](const QString& key) {
        return form->editor(key)->findChild<QLabel*>(QStringLiteral("fieldTitle"))->text();
    };
    QVERIFY(title(QStringLiteral("To")).contains(QLatin1Char('*')));
    QVERIFY(title(QStringLiteral("Subject")).contains(QLatin1Char('*')));
    QVERIFY(!title(QStringLiteral("CC")).contains(QLatin1Char('*')));
    auto* importance = qobject_cast<designer::EnumFieldEditor*>(form->editor("Importance"));
    QVERIFY(importance);
    QStringList items;
    for (int i = 1; i < importance->comboBox()->count(); ++i)
        items.append(importance->comboBox()->itemText(i));
    QCOMPARE(items, (QStringList{"High", "Normal", "Low"}));
    QVERIFY(qobject_cast<designer::BooleanFieldEditor*>(form->editor("ReadReceipt")));
    QVERIFY(qobject_cast<designer::ArrayFieldEditor*>(form->editor("Attachments")));
    QCOMPARE(text("Body")->edit()->mode(), designer::ExpressionEdit::Mode::MultiLine);
    QCOMPARE(text("To")->edit()->mode(), designer::ExpressionEdit::Mode::SingleLine);
}

void TestStepForm::typingIsOneUndoStep()
{
    designer::ExpressionEdit* to = text("To")->edit();
    to->setFocus();
    QTest::keyClicks(to, QStringLiteral("ann@example.com"));
    QCOMPARE(m_doc->property(m_send, "To").toString(), QStringLiteral("ann@example.com"));
    QCOMPARE(m_doc->undoStack()->count(), 1);
    designer::ExpressionEdit* subject = text("Subject")->edit();
    subject->setFocus();
    QTest::keyClicks(subject, QStringLiteral("Hello"));
    QCOMPARE(m_doc->undoStack()->count(), 2);
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->property(m_send, "Subject").isUndefined());
    QCOMPARE(subject->text(), QString());
    m_doc->undoStack()->undo();
    QVERIFY(m_doc->property(m_send, "To").isUndefined());
    QCOMPARE(to->text(), QString());
    m_doc->undoStack()->redo();
    QCOMPARE(to->text(), QStringLiteral("ann@example.com"));
}

void TestStepForm::undoRefreshesTheForm()
{
    auto* importance =
        qobject_cast<designer::EnumFieldEditor*>(m_panel->form()->editor("Importance"));
    QComboBox* combo = importance->comboBox();
    combo->setFocus();
    // Choose "High" with the keyboard as a person would.
    combo->setCurrentIndex(combo->findData(QStringLiteral("High")));
    Q_EMIT combo->activated(combo->currentIndex());
    QCOMPARE(m_doc->property(m_send, "Importance").toString(), QStringLiteral("High"));
    // A change made elsewhere (code view) shows in the field.
    QVERIFY(m_doc->setProperty(m_send, "Subject", QStringLiteral("From elsewhere")).ok());
    QCOMPARE(text("Subject")->edit()->text(), QStringLiteral("From elsewhere"));
    m_doc->undoStack()->undo();
    QCOMPARE(text("Subject")->edit()->text(), QString());
    m_doc->undoStack()->undo();
    QCOMPARE(combo->currentData().toString(), QString());
}

void TestStepForm::validationShowsOnTheField_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("error"); // part of the message; empty: none

    QTest::newRow("missing required") << "Subject"
                                      << ""
                                      << "required";
    QTest::newRow("invalid address") << "To"
                                     << "not-an-address"
                                     << "not an email address";
    QTest::newRow("valid address") << "To"
                                   << "ann@example.com"
                                   << "";
    QTest::newRow("expression not checked as address") << "To"
                                                       << "@{triggerBody()?['Email']}"
                                                       << "";
    QTest::newRow("one bad in a list") << "CC"
                                       << "a@example.com; bob"
                                       << "“bob”";
}

void TestStepForm::validationShowsOnTheField()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);
    QFETCH(QString, error);
    designer::ExpressionEdit* edit = text(key)->edit();
    edit->setFocus();
    QTest::keyClicks(edit, typed);
    const QString shown = m_panel->form()->fieldError(key);
    if (error.isEmpty())
        QVERIFY2(shown.isEmpty(), qPrintable(shown));
    else
        QVERIFY2(shown.contains(error), qPrintable(shown));
    // Fixing it clears the message.
    if (!error.isEmpty() && !typed.isEmpty()) {
        edit->selectAll();
        QTest::keyClicks(edit, QStringLiteral("x@example.com"));
        QCOMPARE(m_panel->form()->fieldError(key), QString());
    }
}

void TestStepForm::dynamicContentInsertsAChip()
{
    designer::TextFieldEditor* subject = text("Subject");
    subject->edit()->setFocus();
    QTest::keyClicks(subject->edit(), QStringLiteral("Welcome, "));
    QMenu* menu = subject->dynamicContentButton()->buildMenu();
    QAction* firstName = nullptr;
    QStringList offered;
    for (QAction* a : menu->actions()) {
        if (a->isSeparator())
            continue;
        offered.append(a->text());
        if (a->text() == QStringLiteral("First name"))
            firstName = a;
    }
    // The trigger's outputs; Send email itself is not offered to itself.
    QCOMPARE(offered, (QStringList{"Email", "First name", "Company"}));
    QVERIFY(firstName);
    firstName->trigger();
    QTest::keyClicks(subject->edit(), QStringLiteral("!"));
    QCOMPARE(m_doc->property(m_send, "Subject").toString(),
             QStringLiteral("Welcome, @{triggerBody()?['FirstName']}!"));
    QCOMPARE(subject->edit()->tokens(), QStringList{"triggerBody()?['FirstName']"});
    // The chip is one character: the text shows 9 + 1 + 1 characters.
    QCOMPARE(subject->edit()->document()->characterCount() - 1, 11);
    // Backspace twice removes "!" and the whole chip.
    QTest::keyClick(subject->edit(), Qt::Key_Backspace);
    QTest::keyClick(subject->edit(), Qt::Key_Backspace);
    QCOMPARE(m_doc->property(m_send, "Subject").toString(), QStringLiteral("Welcome, "));
}

void TestStepForm::expressionSyntaxErrorUnderTheField()
{
    designer::TextFieldEditor* subject = text("Subject");
    subject->edit()->setFocus();
    QTest::keyClicks(subject->edit(), QStringLiteral("Hi @{concat('a', }"));
    QVERIFY2(!m_panel->form()->fieldError("Subject").isEmpty(), "syntax error not shown");
    QVERIFY(!subject->edit()->syntaxError().isEmpty());
    subject->edit()->selectAll();
    QTest::keyClicks(subject->edit(), QStringLiteral("Hi @{concat('a', 'b')}"));
    QCOMPARE(subject->edit()->syntaxError(), QString());
    QCOMPARE(m_panel->form()->fieldError("Subject"), QString());
}

void TestStepForm::htmlToggleAndPreview()
{
    designer::TextFieldEditor* body = text("Body");
    QVERIFY(body->htmlToggle());
    body->edit()->setFocus();
    QTest::keyClicks(body->edit(), QStringLiteral("<b>Hello</b>"));
    QTest::mouseClick(body->htmlToggle(), Qt::LeftButton);
    QCOMPARE(m_doc->property(m_send, "IsHtml"), QJsonValue(true));
    body->previewButton()->click();
    QVERIFY(body->preview()->isVisible());
    QCOMPARE(body->preview()->toPlainText().trimmed(), QStringLiteral("Hello"));
    m_doc->undoStack()->undo();
    QVERIFY(!body->htmlToggle()->isChecked());
}

void TestStepForm::attachmentFromFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello, attachment\n");
    file.close();
    designer::ArrayFieldEditor::setFileChooser([path](QWidget*) { return QStringList{path}; });
    auto* attachments =
        qobject_cast<designer::ArrayFieldEditor*>(m_panel->form()->editor("Attachments"));
    QTest::mouseClick(attachments->addFileButton(), Qt::LeftButton);
    const QJsonArray stored = m_doc->property(m_send, "Attachments").toArray();
    QCOMPARE(stored.size(), 1);
    const QJsonObject item = stored.first().toObject();
    QCOMPARE(item.value("FileName").toString(), QStringLiteral("notes.txt"));
    QCOMPARE(item.value("ContentType").toString(), QStringLiteral("text/plain"));
    QCOMPARE(QByteArray::fromBase64(item.value("ContentData").toString().toLatin1()),
             QByteArray("hello, attachment\n"));
    // The file as written in the step (shape keys).
    const QJsonObject json = m_doc->stepJson(m_send);
    const QJsonArray written = json.value("inputs")
                                   .toObject()
                                   .value("parameters")
                                   .toObject()
                                   .value("attachments")
                                   .toArray();
    QCOMPARE(written.at(0).toObject().value("name").toString(), QStringLiteral("notes.txt"));

    // A typed-in item with bad base64 is flagged on its own field.
    QTest::mouseClick(attachments->addItemButton(), Qt::LeftButton);
    auto* data =
        qobject_cast<designer::TextFieldEditor*>(attachments->itemEditor(1, "ContentData"));
    QVERIFY(data);
    data->edit()->setFocus();
    QTest::keyClicks(data->edit(), QStringLiteral("***"));
    QVERIFY2(data->shownError().contains(QStringLiteral("base64")), qPrintable(data->shownError()));
    QVERIFY(attachments->itemEditor(0, "ContentData")->shownError().isEmpty());
    // FileName of item 2 is required and empty.
    QVERIFY(m_panel->focusField(QStringLiteral("Attachments[1].FileName")));
    auto* name = qobject_cast<designer::TextFieldEditor*>(attachments->itemEditor(1, "FileName"));
    QVERIFY(name->edit()->hasFocus());
    attachments->removeItem(1);
    QCOMPARE(m_doc->property(m_send, "Attachments").toArray().size(), 1);
    designer::ArrayFieldEditor::setFileChooser(nullptr);
}

void TestStepForm::advancedFoldedAndFocus()
{
    StepForm* form = m_panel->form();
    QVERIFY(form->advancedButton());
    QVERIFY(!form->advancedBox()->isVisible());
    QVERIFY(m_panel->focusField(QStringLiteral("ReplyTo")));
    QVERIFY(form->advancedBox()->isVisible());
    QVERIFY(text("ReplyTo")->edit()->hasFocus());
    QVERIFY(!m_panel->focusField(QStringLiteral("NoSuchField")));
}

void TestStepForm::triggerEnum()
{
    m_panel->setStep(m_trigger);
    auto* type = qobject_cast<designer::EnumFieldEditor*>(m_panel->form()->editor("ObjectType"));
    QVERIFY(type);
    QCOMPARE(type->comboBox()->currentData().toString(), QStringLiteral("Lead"));
    type->comboBox()->setCurrentIndex(type->comboBox()->findData(QStringLiteral("Contact")));
    Q_EMIT type->comboBox()->activated(type->comboBox()->currentIndex());
    QVERIFY(m_doc->stepJson(m_trigger).value("inputs").toObject().value("path").toString().contains(
        QStringLiteral("'Contact'")));
    // The trigger's form offers no dynamic content: nothing runs before it.
    QVERIFY(
        designer::DynamicContent::availableTo(m_doc->workflow(), m_catalogue, m_trigger).isEmpty());
}

void TestStepForm::unknownStepIsReadOnlyJson()
{
    QJsonObject compose{
        {"type", "Compose"}, {"inputs", "@triggerBody()"}, {"runAfter", QJsonObject{}}};
    QVERIFY(m_doc
                ->pasteSteps(
                    QJsonDocument(QJsonObject{{"actions", QJsonObject{{"Compose_it", compose}}}})
                        .toJson())
                .ok());
    m_panel->setStep(QStringLiteral("Compose_it"));
    QVERIFY(!m_panel->form()->isGenerated());
    auto* json = m_panel->form()->findChild<QPlainTextEdit*>(QStringLiteral("stepJson"));
    QVERIFY(json);
    QVERIFY(json->isReadOnly());
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"Compose\"")));
}

void TestStepForm::screenshot()
{
    const QString dir = qEnvironmentVariable("LOGICAPP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set LOGICAPP_SCREENSHOT_DIR to write the form's picture");
    QVERIFY(m_doc->setProperty(m_send, "To", QStringLiteral("@{triggerBody()?['Email']}")).ok());
    QVERIFY(m_doc->setProperty(m_send, "From", QStringLiteral("sales@example.com")).ok());
    QVERIFY(m_doc->setProperty(m_send, "CC", QStringLiteral("bob")).ok());
    QVERIFY(m_doc
                ->setProperty(m_send, "Subject",
                              QStringLiteral("Welcome, @{triggerBody()?['FirstName']}!"))
                .ok());
    QVERIFY(m_doc
                ->setProperty(m_send, "Body",
                              QStringLiteral("Hello @{triggerBody()?['FirstName']},\n\nthank you "
                                             "for your interest in @{triggerBody()?['Company']}."))
                .ok());
    QTest::qWait(50);
    QVERIFY(m_panel->grab().save(dir + QStringLiteral("/step-form.png")));
}

QTEST_MAIN(TestStepForm)
#include "tst_stepform.moc"
