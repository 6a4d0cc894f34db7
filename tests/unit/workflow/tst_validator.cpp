#include "WdlTestUtil.h"
#include "connectors/Connectors.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"
#include "tests/support/Paths.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using engine::Problem;
using engine::Validator;
using engine::Workflow;

// The validator: each kind of problem is found, located by its JSON path and
// explained; a good workflow has none.
class TestValidator : public QObject
{
    Q_OBJECT

private:
    // A Standard workflow with one trigger and the given actions object.
    static QByteArray withActions(const QByteArray& actions)
    {
        return QByteArray("{\"definition\": {\"triggers\": {\"manual\": {\"type\": \"Request\", "
                          "\"kind\": \"Http\"}}, \"actions\": ") +
               actions + QByteArray("}, \"kind\": \"Stateful\"}");
    }

    static QByteArray sendEmail(const QByteArray& parameters, const QByteArray& runAfter = "{}")
    {
        return QByteArray("{\"type\": \"ServiceProvider\", \"inputs\": {\"parameters\": ") +
               parameters +
               QByteArray(", \"serviceProviderConfiguration\": {\"connectionName\": \"Smtp\", "
                          "\"operationId\": \"sendEmail\", \"serviceProviderId\": "
                          "\"/serviceProviders/Smtp\"}}, \"runAfter\": ") +
               runAfter + QByteArray("}");
    }

    static QList<Problem> problemsOf(const QByteArray& text)
    {
        engine::Result<Workflow> w = Workflow::parse(text);
        if (!w)
            return {Problem{QString(), QString(), QString(),
                            QStringLiteral("PARSE: ") + w.error().toString()}};
        return Validator::validate(*w, connectors::catalogue());
    }

    static QString render(const QList<Problem>& problems)
    {
        QStringList lines;
        for (const Problem& p : problems)
            lines.append(p.toString());
        return lines.join(QLatin1Char('\n'));
    }

private Q_SLOTS:
    // A step is offered only to the shapes of its type (compared without
    // case); a shape with no type is asked whatever the step is.
    void recogniseChecksTheTypeFirst()
    {
        const auto json = [](const QByteArray& text) {
            return QJsonDocument::fromJson(text).object();
        };
        const engine::Catalogue& real = connectors::catalogue();
        const QJsonObject email = json(sendEmail("{}"));
        QVERIFY(real.recognise(email).operation);
        QCOMPARE(real.recognise(email).operation->id, QStringLiteral("smtp.sendEmail"));
        QJsonObject lower = email;
        lower.insert(QStringLiteral("type"), QStringLiteral("serviceprovider"));
        QCOMPARE(real.recognise(lower).shape, real.recognise(email).shape);
        QJsonObject number = email;
        number.insert(QStringLiteral("type"), 5);
        QVERIFY(!real.recognise(number).operation);
        QVERIFY(!real.recognise(json(R"({"type": "Compose", "inputs": 1})")).operation);
        QCOMPARE(real.recognise(json(R"({"type": "recurrence"})")).operation->id,
                 QStringLiteral("schedule.recurrence"));

        int asked = 0;
        engine::Catalogue catalogue;
        engine::Operation typed;
        typed.id = QStringLiteral("typed");
        engine::WdlShape refuses;
        refuses.type = QStringLiteral("Foo");
        refuses.matches = [&asked](const QJsonObject& step) {
            ++asked;
            return step.value(QLatin1String("x")).toInt() == 1;
        };
        engine::WdlShape any;
        any.type = QStringLiteral("Foo");
        typed.shapes = {refuses, any};
        engine::Operation untyped;
        untyped.id = QStringLiteral("untyped");
        engine::WdlShape byKind;
        byKind.matches = [](const QJsonObject& step) {
            return step.value(QLatin1String("kind")).toString() == QLatin1String("k");
        };
        untyped.shapes = {byKind};
        catalogue.add(typed);
        catalogue.add(untyped);

        const engine::Catalogue::Match one =
            catalogue.recognise(json(R"({"type": "FOO", "x": 1})"));
        QCOMPARE(one.operation->id, QStringLiteral("typed"));
        QCOMPARE(one.shape, &one.operation->shapes.at(0));
        const engine::Catalogue::Match other = catalogue.recognise(json(R"({"type": "foo"})"));
        QCOMPARE(other.shape, &other.operation->shapes.at(1));
        QCOMPARE(asked, 2);
        // Another type: its shapes' matches() are not asked.
        QCOMPARE(catalogue.recognise(json(R"({"type": "Bar", "kind": "k"})")).operation->id,
                 QStringLiteral("untyped"));
        QVERIFY(!catalogue.recognise(json(R"({"type": "Bar", "x": 1})")).operation);
        QVERIFY(!catalogue.recognise(json(R"({"x": 1})")).operation);
        QCOMPARE(asked, 2);
    }

    void problems_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");

        const QByteArray ok = sendEmail("{\"to\": \"a@example.com\", \"subject\": \"s\"}");
        QTest::newRow("runAfter names a missing action")
            << withActions(
                   "{\"A\": " + ok + ", \"B\": " +
                   sendEmail("{\"to\": \"a@example.com\"}", "{\"Ghost\": [\"Succeeded\"]}") + "}")
            << QStringLiteral("actions.B.runAfter.Ghost")
            << QStringLiteral("runs after \"Ghost\", but there is no action of that name");
        QTest::newRow("runAfter into another branch")
            << withActions("{\"S\": {\"type\": \"Scope\", \"actions\": {\"Inner\": {\"type\": "
                           "\"Compose\", \"inputs\": 1}}}, \"B\": {\"type\": \"Compose\", "
                           "\"inputs\": 1, \"runAfter\": {\"Inner\": [\"Succeeded\"]}}}")
            << QStringLiteral("actions.B.runAfter.Inner")
            << QStringLiteral("which is not in the same branch");
        QTest::newRow("cycle")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": 1, \"runAfter\": {\"B\": "
                           "[\"Succeeded\"]}}, \"B\": {\"type\": \"Compose\", \"inputs\": 2, "
                           "\"runAfter\": {\"A\": [\"Succeeded\"]}}}")
            << QStringLiteral("actions.A.runAfter") << QStringLiteral("run-after cycle: A → B → A");
        QTest::newRow("runs after itself")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": 1, \"runAfter\": {\"A\": "
                           "[\"Succeeded\"]}}}")
            << QStringLiteral("actions.A.runAfter.A") << QStringLiteral("cannot run after itself");
        QTest::newRow("duplicate name in two containers")
            << withActions("{\"S\": {\"type\": \"Scope\", \"actions\": {\"Same\": {\"type\": "
                           "\"Compose\", \"inputs\": 1}}}, \"T\": {\"type\": \"Scope\", "
                           "\"actions\": {\"Same\": {\"type\": \"Compose\", \"inputs\": 2}}, "
                           "\"runAfter\": {\"S\": [\"Succeeded\"]}}}")
            << QStringLiteral("actions.S.actions.Same")
            << QStringLiteral("the name \"Same\" is used by more than one step");
        QTest::newRow("duplicate JSON key")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": 1}, \"A\": {\"type\": "
                           "\"Compose\", \"inputs\": 2}}")
            << QStringLiteral("actions.A") << QStringLiteral("used by more than one step");
        QTest::newRow("unknown run status")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": 1}, \"B\": {\"type\": "
                           "\"Compose\", \"inputs\": 1, \"runAfter\": {\"A\": [\"Done\"]}}}")
            << QStringLiteral("actions.B.runAfter.A[0]")
            << QStringLiteral("\"Done\" is not a run status");
        QTest::newRow("runAfter is a string")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": 1, \"runAfter\": \"x\"}}")
            << QStringLiteral("actions.A.runAfter")
            << QStringLiteral("must be an object of action names to statuses, found a string");
        QTest::newRow("step is a number")
            << withActions("{\"A\": 5}") << QStringLiteral("actions.A")
            << QStringLiteral("must be a JSON object, found a number");
        QTest::newRow("step without type")
            << withActions("{\"A\": {\"inputs\": 1}}") << QStringLiteral("actions.A.type")
            << QStringLiteral("has no \"type\"");
        QTest::newRow("type is a number")
            << withActions("{\"A\": {\"type\": 3}}") << QStringLiteral("actions.A.type")
            << QStringLiteral("must be a non-empty string");
        QTest::newRow("If without expression")
            << withActions("{\"C\": {\"type\": \"If\", \"actions\": {}}}")
            << QStringLiteral("actions.C.expression") << QStringLiteral("If needs \"expression\"");
        QTest::newRow("Foreach actions is an array")
            << withActions("{\"L\": {\"type\": \"Foreach\", \"foreach\": \"@createArray(1)\", "
                           "\"actions\": []}}")
            << QStringLiteral("actions.L.actions")
            << QStringLiteral("must be an object of actions by name, found an array");
        QTest::newRow("To missing")
            << withActions("{\"Send\": " + sendEmail("{\"subject\": \"s\"}") + "}")
            << QStringLiteral("actions.Send.inputs.parameters.to")
            << QStringLiteral("To is required");
        QTest::newRow("Importance not in the list")
            << withActions("{\"Send\": " +
                           sendEmail("{\"to\": \"a@example.com\", \"importance\": \"Urgent\"}") +
                           "}")
            << QStringLiteral("actions.Send.inputs.parameters.importance")
            << QStringLiteral("Importance must be one of High, Normal, Low, found \"Urgent\"");
        QTest::newRow("isHTML not a boolean")
            << withActions("{\"Send\": " +
                           sendEmail("{\"to\": \"a@example.com\", \"isHTML\": \"yes\"}") + "}")
            << QStringLiteral("actions.Send.inputs.parameters.isHTML")
            << QStringLiteral("Is HTML must be true or false, found \"yes\"");
        QTest::newRow("subject a number")
            << withActions(
                   "{\"Send\": " + sendEmail("{\"to\": \"a@example.com\", \"subject\": 42}") + "}")
            << QStringLiteral("actions.Send.inputs.parameters.subject")
            << QStringLiteral("Subject must be text, found 42");
        QTest::newRow("attachment without file name")
            << withActions("{\"Send\": " +
                           sendEmail("{\"to\": \"a@example.com\", \"attachments\": "
                                     "[{\"contentData\": \"aGk=\"}]}") +
                           "}")
            << QStringLiteral("actions.Send.inputs.parameters.attachments[0].fileName")
            << QStringLiteral("File name is required");
        QTest::newRow("attachments not a list")
            << withActions("{\"Send\": " +
                           sendEmail("{\"to\": \"a@example.com\", \"attachments\": {}}") + "}")
            << QStringLiteral("actions.Send.inputs.parameters.attachments")
            << QStringLiteral("must be a list");
        QTest::newRow("recurrence interval not a number")
            << QByteArray("{\"triggers\": {\"R\": {\"type\": \"Recurrence\", \"recurrence\": "
                          "{\"frequency\": \"Day\", \"interval\": \"often\"}}}, \"actions\": {}}")
            << QStringLiteral("triggers.R.recurrence.interval")
            << QStringLiteral("Interval must be a whole number");
        QTest::newRow("recurrence frequency unknown")
            << QByteArray("{\"triggers\": {\"R\": {\"type\": \"Recurrence\", \"recurrence\": "
                          "{\"frequency\": \"Fortnight\", \"interval\": 1}}}, \"actions\": {}}")
            << QStringLiteral("triggers.R.recurrence.frequency")
            << QStringLiteral("Frequency must be one of");
        QTest::newRow("trigger used as an action")
            << withActions("{\"R\": {\"type\": \"Recurrence\", \"recurrence\": {\"frequency\": "
                           "\"Day\", \"interval\": 1}}}")
            << QStringLiteral("actions.R") << QStringLiteral("is a trigger, not an action");
        QTest::newRow("no trigger") << QByteArray("{\"triggers\": {}, \"actions\": {}}")
                                    << QStringLiteral("triggers") << QStringLiteral("no trigger");
        QTest::newRow("expression syntax")
            << withActions("{\"A\": {\"type\": \"Compose\", \"inputs\": \"@concat('a', \"}}")
            << QStringLiteral("actions.A.inputs") << QStringLiteral("column");
    }
    void problems()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const QList<Problem> found = problemsOf(text);
        bool matched = false;
        for (const Problem& p : found)
            matched = matched || (p.jsonPath == path && p.message.contains(message));
        QVERIFY2(
            matched,
            qPrintable(
                QStringLiteral("expected %1: ...%2... in:\n%3").arg(path, message, render(found))));
    }

    void addressCheckedByOperation()
    {
        // The SMTP operation's own hook judges addresses; the validator places
        // what it says at the field's JSON path in the shape the step uses.
        const engine::Operation* op =
            connectors::catalogue().find(QStringLiteral("smtp.sendEmail"));
        QVERIFY(op);
        if (!op->validate)
            QSKIP("the Send email operation has no validate hook in this build");
        const QByteArray text =
            "{\"definition\": {\"triggers\": {\"manual\": {\"type\": \"Request\", \"kind\": "
            "\"Http\"}}, \"actions\": {\"Send_Email_(V3)\": {\"type\": \"ApiConnection\", "
            "\"inputs\": {\"host\": {\"connection\": {\"referenceName\": \"smtp\"}}, \"method\": "
            "\"post\", \"path\": \"/SendEmailV3\", \"body\": {\"To\": \"bob@\", \"Subject\": "
            "\"s\"}}, \"runAfter\": {}}}}, \"kind\": \"Stateful\"}";
        const QList<Problem> found = problemsOf(text);
        bool matched = false;
        for (const Problem& p : found)
            matched =
                matched ||
                (p.jsonPath == QLatin1String("actions.Send_Email_(V3).inputs.body.To") &&
                 p.field == QLatin1String("To") && p.step == QLatin1String("Send_Email_(V3)"));
        QVERIFY2(matched, qPrintable(render(found)));
    }

    void expressionsAreLeftToRunTime()
    {
        // A To that is an expression is not an address yet; no problem.
        const QList<Problem> found =
            problemsOf(withActions("{\"Send\": " +
                                   sendEmail("{\"to\": \"@{triggerBody()?['Email']}\", \"isHTML\": "
                                             "\"@equals(1, 1)\", \"importance\": \"@{'High'}\"}") +
                                   "}"));
        QVERIFY2(found.isEmpty(), qPrintable(render(found)));
    }

    // Attachment items with long values (read in place, not copied): each
    // field is still checked, and an expression is still left to run time.
    void longAttachmentValues_data()
    {
        QTest::addColumn<QString>("item");  // <LONG>: 300,000 ASCII, <UMLAUTS>: 100,000 others
        QTest::addColumn<QString>("field"); // of the one problem; empty: none
        QTest::addColumn<QString>("message");
        QTest::newRow("long content")
            << QStringLiteral(R"({"contentData": "<LONG>", "fileName": "a.pdf"})") << QString()
            << QString();
        QTest::newRow("long content, no file name")
            << QStringLiteral(R"({"contentData": "<LONG>"})") << QStringLiteral("fileName")
            << QStringLiteral("File name is required");
        QTest::newRow("empty content")
            << QStringLiteral(R"({"contentData": "", "fileName": "a"})")
            << QStringLiteral("contentData") << QStringLiteral("Content is required");
        QTest::newRow("long file name, no content")
            << QStringLiteral(R"({"fileName": "<UMLAUTS>"})") << QStringLiteral("contentData")
            << QStringLiteral("Content is required");
        QTest::newRow("long literal encoding")
            << QStringLiteral(
                   R"({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "<LONG>"})")
            << QStringLiteral("contentTransferEncoding") << QStringLiteral("must be one of");
        QTest::newRow("long non-ASCII encoding")
            << QStringLiteral(
                   R"({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "<UMLAUTS>"})")
            << QStringLiteral("contentTransferEncoding") << QStringLiteral("must be one of");
        QTest::newRow("escaped expression is a literal")
            << QStringLiteral(
                   R"({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "<LONG>@@{x}"})")
            << QStringLiteral("contentTransferEncoding") << QStringLiteral("must be one of");
        QTest::newRow("interpolation at the end")
            << QStringLiteral(
                   R"({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "<LONG>@{'x'}"})")
            << QString() << QString();
        QTest::newRow("interpolation after non-ASCII")
            << QStringLiteral(
                   R"({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "<UMLAUTS>@{'x'}"})")
            << QString() << QString();
        QTest::newRow("expression")
            << QStringLiteral(
                   R"j({"contentData": "aGk=", "fileName": "a", "contentTransferEncoding": "@concat('<LONG>')"})j")
            << QString() << QString();
    }

    void longAttachmentValues()
    {
        QFETCH(QString, item);
        QFETCH(QString, field);
        QFETCH(QString, message);
        item.replace(QStringLiteral("<LONG>"), QStringLiteral("QUJD").repeated(75000))
            .replace(QStringLiteral("<UMLAUTS>"), QStringLiteral("äöü€").repeated(25000));
        const QList<Problem> found = problemsOf(withActions(
            "{\"Send\": " +
            sendEmail("{\"to\": \"a@example.com\", \"attachments\": [" + item.toUtf8() + "]}") +
            "}"));
        if (field.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(render(found).left(500)));
            return;
        }
        // The validator and the operation's own hook may both say it, at the field.
        QVERIFY(!found.isEmpty());
        bool said = false;
        for (const Problem& p : found) {
            QCOMPARE(p.jsonPath,
                     QStringLiteral("actions.Send.inputs.parameters.attachments[0].") + field);
            said = said || p.message.contains(message);
        }
        QVERIFY2(said, qPrintable(render(found).left(500)));
    }

    void goodFilesHaveNoErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("standard") << wdltest::dataDir() + QStringLiteral("/standard.json");
        QTest::newRow("code view") << wdltest::dataDir() + QStringLiteral("/codeview.json");
        QTest::newRow("ARM template") << wdltest::dataDir() + QStringLiteral("/arm-template.json");
        QTest::newRow("bare with BOM") << wdltest::dataDir() + QStringLiteral("/bare-bom.json");
        QTest::newRow("AzureTRE notifier")
            << testsupport::samplesDir() +
                   QStringLiteral("/microsoft__AzureTRE__templates_shared_services_airlock_"
                                  "notifier_app_AirlockNotifier_workflow.json");
        QTest::newRow("IllogicApps Stateful1")
            << testsupport::samplesDir() +
                   QStringLiteral(
                       "/ScoreUnder__IllogicApps__TestWorkflows_Stateful1_workflow.json");
        QTest::newRow("Salesforce gallery")
            << testsupport::samplesDir() +
                   QStringLiteral("/Azure__logicapps__templates_salesforce-common-data-model-"
                                  "accounts.json");
    }
    void goodFilesHaveNoErrors()
    {
        QFETCH(QString, path);
        engine::Result<Workflow> w = Workflow::load(path);
        QVERIFY(w.ok());
        QStringList errors;
        for (const Problem& p : Validator::validate(*w, connectors::catalogue())) {
            if (p.severity == Problem::Severity::Error)
                errors.append(p.toString());
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
