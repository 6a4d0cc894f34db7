#include "WdlTestUtil.h"
#include "connectors/Connectors.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/StepProperties.h"
#include "engine/workflow/Workflow.h"
#include "tests/support/Paths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using engine::OrderedJson;
using engine::Workflow;

namespace {

// The value as JSON text with each number's type written in: an integer and
// a double that QJsonValue calls equal are told apart.
QString typed(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Double:
        return QString::fromLatin1(v.toVariant().typeName()) + QLatin1Char(':') +
               QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue& item : v.toArray())
            items << typed(item);
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList members;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            members << it.key() + QLatin1Char('=') + typed(it.value());
        return QLatin1Char('{') + members.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    default:
        return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    }
}

// What OrderedJson::toJson() is to give, put together here member by member
// from the public parts, each scalar by its own toJson(): toJson() makes
// containers another way (from compact text, read by Qt).
QJsonValue assembled(const OrderedJson& v)
{
    switch (v.type()) {
    case OrderedJson::Type::Array: {
        QJsonArray a;
        for (const OrderedJson& item : v.items())
            a.append(assembled(item));
        return a;
    }
    case OrderedJson::Type::Object: {
        QJsonObject o;
        for (const OrderedJson::Member& m : v.members()) {
            if (!m.value.isUndefined())
                o.insert(m.key, assembled(m.value));
        }
        return o;
    }
    default:
        return v.toJson();
    }
}

// Checks toJson() against assembled() for `v` and every container in it.
void checkToJson(const OrderedJson& v, const QString& where, int* containers)
{
    if (!v.isObject() && !v.isArray())
        return;
    ++*containers;
    const QJsonValue made = v.toJson();
    const QJsonValue expected = assembled(v);
    QVERIFY2(typed(made) == typed(expected), qPrintable(where));
    QVERIFY2(made == expected, qPrintable(where));
    for (const OrderedJson::Member& m : v.members()) {
        checkToJson(m.value, where + QLatin1Char('/') + m.key, containers);
        if (QTest::currentTestFailed())
            return;
    }
    for (size_t i = 0; i < v.items().size(); ++i) {
        checkToJson(v.items()[i], where + QLatin1Char('/') + QString::number(i), containers);
        if (QTest::currentTestFailed())
            return;
    }
}

} // namespace

// Reading and writing workflow files: every wrapper, the real samples, edits
// that touch one key, and bad input.
class TestWorkflow : public QObject
{
    Q_OBJECT

private:
    static QString sample(const QString& name) { return testsupport::samplesDir() + u'/' + name; }
    static QString data(const QString& name) { return wdltest::dataDir() + u'/' + name; }

    static void addSamples()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("wrapper");
        const auto row = [](const char* file, Workflow::Wrapper w) {
            QTest::newRow(file) << sample(QLatin1String(file)) << int(w);
        };
        using W = Workflow::Wrapper;
        row("Azure__logicapps__arc-enabled-logic-app-sample_src_RatingsWorkflow_workflow.json",
            W::Standard);
        row("Azure__logicapps__templates_cancel-runs-by-tracking-id.json", W::ArmResource);
        row("Azure__logicapps__templates_daily-reminders.json", W::ArmResource);
        row("Azure__logicapps__templates_mailchimp-sharepoint.json", W::ArmResource);
        row("Azure__logicapps__templates_request-response.json", W::ArmResource);
        row("Azure__logicapps__templates_salesforce-common-data-model-accounts.json",
            W::ArmResource);
        row("Azure__logicapps__templates_scheduler-run-once-http.json", W::ArmResource);
        row("Azure__logicapps__templates_sharepoint-attachments.json", W::ArmResource);
        row("Azure__logicapps__templates_twitter-to-smtp.json", W::ArmResource);
        row("LogicAppCollaborative__PsLogicAppExtractor__PsLogicAppExtractor_tests_functions_tasks_"
            "_Raw.LogicApp.Trigger.Recurrence.json",
            W::ArmResource);
        row("ScoreUnder__IllogicApps__TestWorkflows_Stateful1_workflow.json", W::Standard);
        row("microsoft__AzureTRE__templates_shared_services_airlock_notifier_app_AirlockNotifier_"
            "workflow.json",
            W::Standard);
        row("microsoft__AzureTRE__templates_shared_services_airlock_notifier_app_AirlockNotifier_"
            "workflow__at-d0aaad704.json",
            W::Standard);
    }

    static void addEdgeFiles()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("wrapper");
        using W = Workflow::Wrapper;
        QTest::newRow("bare with BOM") << data(QStringLiteral("bare-bom.json")) << int(W::Bare);
        QTest::newRow("code view") << data(QStringLiteral("codeview.json")) << int(W::CodeView);
        QTest::newRow("standard") << data(QStringLiteral("standard.json")) << int(W::Standard);
        QTest::newRow("ARM template")
            << data(QStringLiteral("arm-template.json")) << int(W::ArmTemplate);
        QTest::newRow("gallery") << data(QStringLiteral("gallery.json")) << int(W::ArmResource);
    }

private Q_SLOTS:
    void samplesAreThere()
    {
        // 13 workflows + 2 connection files; a missing sample directory must fail.
        const QStringList files =
            QDir(testsupport::samplesDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
        QCOMPARE(files.size(), 15);
    }

    void roundTripSamples_data() { addSamples(); }
    void roundTripSamples()
    {
        QFETCH(QString, path);
        QFETCH(int, wrapper);
        const QByteArray original = wdltest::readFile(path);
        QVERIFY(!original.isEmpty());
        engine::Result<Workflow> w = Workflow::parse(original);
        QVERIFY2(w.ok(), qPrintable(w.ok() ? QString() : w.error().toString()));
        QCOMPARE(int(w->wrapper()), wrapper);
        const QByteArray written = w->serialize();
        // Equal in meaning, judged by Qt's own reader.
        const QJsonValue before = wdltest::parseQt(original);
        const QJsonValue after = wdltest::parseQt(written);
        QVERIFY(before.isObject());
        QCOMPARE(wdltest::diff(before, after), QStringList());
        QCOMPARE(after, before);
        // Same key order and the same BOM as read.
        engine::Result<engine::OrderedJson> a = engine::OrderedJson::parse(original);
        engine::Result<engine::OrderedJson> b = engine::OrderedJson::parse(written);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(*a == *b);
        QCOMPARE(written.startsWith("\xEF\xBB\xBF"), original.startsWith("\xEF\xBB\xBF"));
        // Writing twice gives the same bytes.
        engine::Result<Workflow> again = Workflow::parse(written);
        QVERIFY(again.ok());
        QCOMPARE(again->serialize(), written);
    }

    void roundTripEdgeFiles_data() { addEdgeFiles(); }
    void roundTripEdgeFiles()
    {
        QFETCH(QString, path);
        QFETCH(int, wrapper);
        const QByteArray original = wdltest::readFile(path);
        QVERIFY(!original.isEmpty());
        engine::Result<Workflow> w = Workflow::parse(original);
        QVERIFY2(w.ok(), qPrintable(w.ok() ? QString() : w.error().toString()));
        QCOMPARE(int(w->wrapper()), wrapper);
        // These files are laid out as we write, so the bytes come back exactly,
        // BOM, non-ASCII text and numbers like 1.0 and -3e2 included.
        QCOMPARE(QString::fromUtf8(w->serialize()), QString::fromUtf8(original));
        QCOMPARE(w->serialize(), original);
    }

    // The writer encodes UTF-16 itself; it must give the bytes toUtf8 gives,
    // with JSON escapes, and read back to the same text.
    void stringsWrittenAsUtf8_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("ascii") << QStringLiteral("Send_email");
        QTest::newRow("empty") << QString();
        QTest::newRow("latin") << QStringLiteral("Café crème");
        QTest::newRow("euro") << QStringLiteral("Price \u20ac 5");
        QTest::newRow("emoji") << QString::fromUtf8("smile \xF0\x9F\x98\x80 done");
        QTest::newRow("escapes") << QStringLiteral("a \"quoted\" \\ back\nline\ttab\r\b\f");
        QTest::newRow("control") << QString(QChar(1)) + QStringLiteral("x") + QChar(0x1f);
        QTest::newRow("lone high") << QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b");
        QTest::newRow("lone low") << QStringLiteral("a") + QChar(0xdc00);
        QTest::newRow("high at end") << QStringLiteral("end") + QChar(0xdbff);
        QTest::newRow("long") << QStringLiteral(
            "@{triggerBody()?['FirstName']} has a rather long subject line é");
        QTest::newRow("long escaped") << QStringLiteral("0123456789012345678901234567890\n2");
    }

    void stringsWrittenAsUtf8()
    {
        QFETCH(QString, text);
        OrderedJson value = OrderedJson::object();
        value.insert(text, OrderedJson::fromString(text));
        const QByteArray written = value.serialize();
        // What QString::toUtf8 makes of it, escaped as RFC 8259 7 asks.
        QByteArray escaped;
        for (const char c : text.toUtf8()) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"')
                escaped += "\\\"";
            else if (c == '\\')
                escaped += "\\\\";
            else if (c == '\n')
                escaped += "\\n";
            else if (c == '\r')
                escaped += "\\r";
            else if (c == '\t')
                escaped += "\\t";
            else if (c == '\b')
                escaped += "\\b";
            else if (c == '\f')
                escaped += "\\f";
            else if (u < 0x20)
                escaped += "\\u00" + QByteArray::number(u, 16).rightJustified(2, '0');
            else
                escaped += c;
        }
        const QByteArray quoted = QByteArray("\"") + escaped + QByteArray("\"");
        QCOMPARE(written, QByteArray(QByteArray("{\n  ") + quoted + ": " + quoted + "\n}"));
        const engine::Result<OrderedJson> back = OrderedJson::parse(written);
        QVERIFY(back.ok());
        QCOMPARE(back->serialize(), written);
        if (!text.contains(QChar(0xd800)) && !text.contains(QChar(0xdc00)) &&
            !text.contains(QChar(0xdbff)))
            QCOMPARE(back->value(text).toString(), text);
    }

    // Long string values read without escapes are kept as UTF-8 and their
    // containers made by QJsonDocument: each tree must mean exactly what the
    // same tree read with an escape in each long string (kept as UTF-16,
    // containers built member by member) means, numbers' types included.
    void longStringsRead_data()
    {
        QTest::addColumn<QString>("json"); // <LONG>: 70,000 ASCII, <UMLAUTS>: 70,000 others
        QTest::newRow("alone") << QStringLiteral(R"("<LONG>")");
        QTest::newRow("in an object") << QStringLiteral(R"({"a": "<LONG>", "b": "x"})");
        QTest::newRow("attachment") << QStringLiteral(
            R"({"actions": {"Send": {"type": "ServiceProvider", "inputs": {"parameters": {
            "Attachments": [{"ContentData": "<LONG>", "FileName": "a.pdf"}], "isHTML": false}},
            "runAfter": {}}}})");
        QTest::newRow("every level") << QStringLiteral(
            R"(["<LONG>", {"a": ["<LONG>", {"b": "<LONG>"}], "c": [[["<LONG>"]]]}, "<LONG>"])");
        QTest::newRow("numbers") << QStringLiteral(
            R"({"l": "<LONG>", "n": [0, -0, 1, 1.0, -7, 1.5, 2.5e-5, 1e20, 1E3, -0.0,
            9007199254740991, 9007199254740993, 12345678901234567890, 1.7976931348623157e308]})");
        QTest::newRow("other values") << QStringLiteral(
            "{\"l\": \"<LONG>\", \"t\": true, \"f\": false, \"z\": null, \"e\": \"\",             "
            "\"o\": {}, \"a\": [], \"s\": \"short\", \"u\": \"Grüße € \\ud83d\\ude00\"}");
        QTest::newRow("non-ASCII") << QStringLiteral(R"({"l": "<UMLAUTS>", "m": "<LONG>"})");
        QTest::newRow("escapes in a long string")
            << QStringLiteral("{\"l\": \"<LONG>\\n\\\"<LONG>\\u0001\", \"m\": \"<LONG>\"}");
        QTest::newRow("key given twice") << QStringLiteral(
            R"({"k": "<LONG>", "x": 1, "k": "second", "o": {"d": 1, "d": "<LONG>"}})");
        QTest::newRow("lone surrogate")
            << QStringLiteral("{\"l\": \"<LONG>\", \"s\": \"a\\ud800b\"}");
        QTest::newRow("lone surrogate key")
            << QStringLiteral("{\"l\": \"<LONG>\", \"\\udc00\": 1}");
        QTest::newRow("control characters")
            << QStringLiteral("{\"l\": \"<LONG>\", \"c\": \"\\u0000\\u001f\\t\"}");
    }

    void longStringsRead()
    {
        QFETCH(QString, json);
        const QString ascii = QStringLiteral("QUJD").repeated(17500);
        const QString umlauts = QStringLiteral("äöü€").repeated(17500);
        QString plain = json;
        plain.replace(QStringLiteral("<LONG>"), ascii)
            .replace(QStringLiteral("<UMLAUTS>"), umlauts);
        // The same text with the first character of each long string escaped.
        QString escaped = json;
        escaped.replace(QStringLiteral("<LONG>"), QStringLiteral("\\u0051") + ascii.mid(1))
            .replace(QStringLiteral("<UMLAUTS>"), QStringLiteral("\\u00e4") + umlauts.mid(1));
        const engine::Result<OrderedJson> a = OrderedJson::parse(plain.toUtf8());
        const engine::Result<OrderedJson> b = OrderedJson::parse(escaped.toUtf8());
        QVERIFY(a.ok());
        QVERIFY(b.ok());
        QVERIFY(*a == *b);
        QCOMPARE(a->serialize(), b->serialize());
        QCOMPARE(typed(a->toJson()), typed(b->toJson()));
        QCOMPARE(a->toJson(), b->toJson());
        if (a->isObject()) {
            QCOMPARE(typed(a->toObject()), typed(b->toObject()));
            for (const QString& key : a->keys())
                QCOMPARE(a->value(key).toString(), b->value(key).toString());
        }
        if (a->isString())
            QCOMPARE(a->toString(), ascii);
        // A copy with a value added reads as the edit says.
        OrderedJson edited = *a;
        if (edited.isObject()) {
            edited.insert(QStringLiteral("added"), OrderedJson::fromString(ascii));
            QCOMPARE(edited.toObject().value(u"added").toString(), ascii);
            QCOMPARE(edited.toObject().size(), a->toObject().size() + 1);
        }
    }

    // toJson() makes a container from compact text; it must give what the
    // nodes say, typed as buildJson() types them, wherever the text cannot.
    void toJsonGivesWhatTheNodesSay_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QStringList samples =
            QDir(testsupport::samplesDir()).entryList({QStringLiteral("*.json")}, QDir::Files);
        for (const QString& file : samples)
            QTest::newRow(qPrintable(file))
                << wdltest::readFile(QDir(testsupport::samplesDir()).filePath(file));
        QTest::newRow("numbers") << QByteArray(
            R"({"n": [0, -0, 1, 1.0, -7, 1.5, 2.5e-5, 1e20, 1E3, -0.0, 9007199254740991,
            9007199254740992, -9007199254740992, 9007199254740993, 12345678901234567890,
            1.7976931348623157e308, 5e-324]})");
        QTest::newRow("other values") << QByteArray(
            R"({"t": true, "f": false, "z": null, "e": "", "o": {}, "a": [], "aa": [[], {}]})");
        QTest::newRow("escapes") << QByteArray("{\"q\": \"a\\\"b\\\\c\\/d\\n\\t\\u0001\\u001f\", "
                                               "\"k\\\"ey\\n\": 1, \"\": \"empty key\"}");
        QTest::newRow("non-ASCII")
            << QByteArray("{\"Gr\xC3\xBC\xC3\x9F\xC3\xA9\": \"\xE2\x82\xAC \xF0\x9F\x98\x80\", "
                          "\"u\": \"\\u00e4\\ud83d\\ude00\"}");
        QTest::newRow("key given twice")
            << QByteArray(R"({"k": 1, "x": [1, {"d": 1, "d": "two"}], "k": "second"})");
        QTest::newRow("lone surrogate") << QByteArray("{\"s\": \"a\\ud800b\", \"n\": 1}");
        QTest::newRow("lone surrogate key") << QByteArray("{\"\\udc00\": 1, \"o\": {\"p\": 2}}");
        QTest::newRow("top-level array") << QByteArray(R"([1, "two", {"three": [3.0]}])");
    }

    void toJsonGivesWhatTheNodesSay()
    {
        QFETCH(QByteArray, json);
        engine::Result<OrderedJson> v = OrderedJson::parse(json);
        QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().toString()));
        int containers = 0;
        checkToJson(*v, QStringLiteral("$"), &containers);
        QVERIFY(containers > 0);
        // Members and items with no value are left out, as buildJson() does.
        OrderedJson edited = *v;
        if (edited.isObject()) {
            edited.insert(QStringLiteral("gone"), OrderedJson());
            checkToJson(edited, QStringLiteral("edited"), &containers);
            QVERIFY(!edited.toObject().contains(QStringLiteral("gone")));
        } else {
            edited.items().push_back(OrderedJson());
            checkToJson(edited, QStringLiteral("edited"), &containers);
        }
    }

    void namesKeptExactly_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("name");
        QTest::newRow("spaces and parentheses")
            << data(QStringLiteral("bare-bom.json")) << QStringLiteral("Compose (first)");
        QTest::newRow("trigger with a space")
            << data(QStringLiteral("bare-bom.json")) << QStringLiteral("Every day");
        QTest::newRow("non-ASCII in a nested If")
            << data(QStringLiteral("standard.json")) << QStringLiteral("Send welcome (émail)");
        QTest::newRow("question mark")
            << data(QStringLiteral("standard.json")) << QStringLiteral("Is there an email?");
        QTest::newRow("V3 parentheses")
            << data(QStringLiteral("codeview.json")) << QStringLiteral("Send_Email_(V3)");
    }
    void namesKeptExactly()
    {
        QFETCH(QString, path);
        QFETCH(QString, name);
        engine::Result<Workflow> w = Workflow::load(path);
        QVERIFY(w.ok());
        QVERIFY(w->contains(name));
        QVERIFY(w->triggerNames().contains(name) || w->actionNames().contains(name));
        QVERIFY(QString::fromUtf8(w->serialize()).contains(u'"' + name + u'"'));
    }

    void editOneField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expectedPath");
        QTest::newRow("built-in ServiceProvider subject")
            << sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                     "notifier_app_AirlockNotifier_workflow.json"))
            << QStringLiteral("Send_Email_with_SMTP") << QStringLiteral("Subject")
            << QStringLiteral("definition.actions.Send_Email_with_SMTP.inputs.parameters.subject");
        QTest::newRow("built-in ServiceProvider To")
            << sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                     "notifier_app_AirlockNotifier_workflow.json"))
            << QStringLiteral("Send_Email_with_SMTP") << QStringLiteral("To")
            << QStringLiteral("definition.actions.Send_Email_with_SMTP.inputs.parameters.to");
        QTest::newRow("managed V3 To")
            << sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                     "notifier_app_AirlockNotifier_workflow__at-d0aaad704.json"))
            << QStringLiteral("Send_Email_with_SMTP") << QStringLiteral("To")
            << QStringLiteral("definition.actions.Send_Email_with_SMTP.inputs.body.To");
        QTest::newRow("managed V3 Body")
            << sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                     "notifier_app_AirlockNotifier_workflow__at-d0aaad704.json"))
            << QStringLiteral("Send_Email_with_SMTP") << QStringLiteral("Body")
            << QStringLiteral("definition.actions.Send_Email_with_SMTP.inputs.body.Body");
        QTest::newRow("managed V1 Subject")
            << sample(QStringLiteral("Azure__logicapps__templates_twitter-to-smtp.json"))
            << QStringLiteral("Send_Email") << QStringLiteral("Subject")
            << QStringLiteral("properties.definition.actions.Send_Email.inputs.body.Subject");
        QTest::newRow("managed V1 To (added)")
            << sample(QStringLiteral("Azure__logicapps__templates_twitter-to-smtp.json"))
            << QStringLiteral("Send_Email") << QStringLiteral("To")
            << QStringLiteral("properties.definition.actions.Send_Email.inputs.body.To");
        QTest::newRow("V3 BCC spelled Bcc")
            << data(QStringLiteral("codeview.json")) << QStringLiteral("Send_Email_(V3)")
            << QStringLiteral("BCC")
            << QStringLiteral("definition.actions.Send_Email_(V3).inputs.body.Bcc");
        QTest::newRow("nested in If, non-ASCII name")
            << data(QStringLiteral("standard.json")) << QStringLiteral("Send welcome (émail)")
            << QStringLiteral("Subject")
            << QStringLiteral("definition.actions.Is there an email?.actions.Send welcome "
                              "(émail).inputs.parameters.subject");
        QTest::newRow("ARM template, V1")
            << data(QStringLiteral("arm-template.json")) << QStringLiteral("Send_Email")
            << QStringLiteral("Body")
            << QStringLiteral(
                   "resources[1].properties.definition.actions.Send_Email.inputs.body.Body");
    }
    void editOneField()
    {
        QFETCH(QString, path);
        QFETCH(QString, step);
        QFETCH(QString, key);
        QFETCH(QString, expectedPath);
        const QByteArray original = wdltest::readFile(path);
        engine::Result<Workflow> w = Workflow::parse(original);
        QVERIFY(w.ok());
        const engine::Catalogue& catalogue = connectors::catalogue();
        const QString value = QStringLiteral("changed-") + key + QStringLiteral("@example.com");
        QVERIFY(w->property(step, key, catalogue) != QJsonValue(value));
        const engine::Status set = w->setProperty(step, key, value, catalogue);
        QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().toString()));
        QCOMPARE(w->property(step, key, catalogue), QJsonValue(value));
        const QByteArray written = w->serialize();
        QCOMPARE(wdltest::diff(wdltest::parseQt(original), wdltest::parseQt(written)),
                 QStringList{expectedPath});
        // Everything else keeps its key order too.
        engine::Result<engine::OrderedJson> a = engine::OrderedJson::parse(original);
        engine::Result<engine::OrderedJson> b = engine::OrderedJson::parse(written);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(b->keys(), a->keys());
    }

    void attachmentsCanonical()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("arm-template.json")));
        QVERIFY(w.ok());
        const QJsonArray a = w->property(QStringLiteral("Send_Email"),
                                         QStringLiteral("Attachments"), connectors::catalogue())
                                 .toArray();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a.at(0).toObject().value(u"ContentTransferEncoding").toString(),
                 QStringLiteral("none"));
        QCOMPARE(a.at(0).toObject().value(u"FileName").toString(), QStringLiteral("note.txt"));
    }

    void connectionFilesRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("why");
        QTest::newRow("connections.json")
            << sample(QStringLiteral(
                   "microsoft__AzureTRE__templates_shared_services_airlock_notifier_app_"
                   "connections.json"))
            << QStringLiteral("connections.json");
        QTest::newRow("ARM Microsoft.Web/connections")
            << sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                     "notifier_terraform_smtp-api-connection__at-d0aaad704.json"))
            << QStringLiteral("Microsoft.Web/connections");
    }
    void connectionFilesRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, why);
        engine::Result<Workflow> w = Workflow::load(path);
        QVERIFY(!w.ok());
        QVERIFY2(w.error().message.contains(QLatin1String("Not a workflow definition")),
                 qPrintable(w.error().message));
        QVERIFY2(w.error().message.contains(why), qPrintable(w.error().message));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing comma")
            << QByteArray("{\n  \"definition\": {\n    \"triggers\": {} \"actions\": {}\n  }\n}")
            << QString() << QStringLiteral("line 3, column 20: ',' or '}' expected");
        QTest::newRow("unterminated string")
            << QByteArray("{\"definition\": {\"actions\": {\"a") << QString()
            << QStringLiteral("line 1, column 31: the text ends where a closing '\"' was "
                              "expected");
        QTest::newRow("trailing comma")
            << QByteArray("{\"actions\": {},}") << QString() << QStringLiteral("line 1, column 16");
        QTest::newRow("text after the value")
            << QByteArray("{\"actions\": {}} x") << QString()
            << QStringLiteral("unexpected text after the end of the JSON value");
        QTest::newRow("bad escape") << QByteArray("{\"actions\": \"\\q\"}") << QString()
                                    << QStringLiteral("unknown escape '\\q'");
        QTest::newRow("leading zero")
            << QByteArray("{\"a\": 01}") << QString() << QStringLiteral("may not start with 0");
        QTest::newRow("empty file") << QByteArray() << QString()
                                    << QStringLiteral("line 1, column 1: the text ends where a "
                                                      "value was expected");
        QTest::newRow("array at the top")
            << QByteArray("[1,2]") << QString()
            << QStringLiteral("Not a workflow definition: the file holds an array");
        QTest::newRow("wrapper without definition")
            << QByteArray("{\"kind\": \"Stateful\"}") << QString()
            << QStringLiteral("Not a workflow definition: no \"definition\"");
        QTest::newRow("definition is a string")
            << QByteArray("{\"definition\": \"x\", \"kind\": \"Stateful\"}")
            << QStringLiteral("definition") << QStringLiteral("must be an object, found a string");
        QTest::newRow("actions is an array")
            << QByteArray("{\"definition\": {\"actions\": []}}")
            << QStringLiteral("definition.actions")
            << QStringLiteral("must be an object of steps by name, found an array");
        QTest::newRow("ARM template without workflow")
            << QByteArray("{\"resources\": [{\"type\": \"Microsoft.Storage/storageAccounts\"}]}")
            << QString() << QStringLiteral("Microsoft.Storage/storageAccounts");
        QTest::newRow("too deep") << QByteArray(300, '[') << QString()
                                  << QStringLiteral("nested deeper than 256 levels");
    }
    void badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, field);
        QFETCH(QString, message);
        engine::Result<Workflow> w = Workflow::parse(text);
        QVERIFY(!w.ok());
        QCOMPARE(w.error().field, field);
        QVERIFY2(w.error().message.contains(message), qPrintable(w.error().message));
    }

    void structure()
    {
        engine::Result<Workflow> w = Workflow::load(
            sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_airlock_"
                                  "notifier_app_AirlockNotifier_workflow.json")));
        QVERIFY(w.ok());
        QCOMPARE(w->name(), QStringLiteral("microsoft__AzureTRE__templates_shared_services_"
                                           "airlock_notifier_app_AirlockNotifier_workflow"));
        QCOMPARE(w->kind(), QStringLiteral("Stateful"));
        QCOMPARE(w->triggerNames().size(), 1);
        const QStringList actions = w->actionNames();
        // Nested actions come right after their container, in run order.
        const qsizetype sw = actions.indexOf(QStringLiteral("Switch_on_request_status"));
        QVERIFY(sw >= 0);
        QCOMPARE(w->parentOf(QStringLiteral("Set_approved_message")),
                 QStringLiteral("Switch_on_request_status"));
        QCOMPARE(w->branchOf(QStringLiteral("Set_approved_message")),
                 QStringLiteral("cases.Case_approved"));
        QCOMPARE(w->branchOf(QStringLiteral("Cancelled")), QStringLiteral("default"));
        QVERIFY(w->branches(QStringLiteral("Switch_on_request_status"))
                    .contains(QStringLiteral("cases.Case_in_review")));
        const QStringList approved = w->children(QStringLiteral("Switch_on_request_status"),
                                                 QStringLiteral("cases.Case_approved"));
        // Written in the other order; run-after puts the recipients first.
        QCOMPARE(approved, (QStringList{QStringLiteral("Set_recipients_as_researchers_emails"),
                                        QStringLiteral("Set_approved_message")}));
        QVERIFY(actions.indexOf(QStringLiteral("Set_recipients_as_researchers_emails")) > sw);
        QVERIFY(actions.indexOf(QStringLiteral("Set_recipients_as_researchers_emails")) <
                actions.indexOf(QStringLiteral("Set_approved_message")));
        QCOMPARE(w->jsonPath(QStringLiteral("Set_approved_message")),
                 QStringLiteral("actions.Switch_on_request_status.cases.Case_approved.actions."
                                "Set_approved_message"));
    }

    void runAfterStatusesAnyCase()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("bare-bom.json")));
        QVERIFY(w.ok());
        const QList<engine::RunAfter> ra = w->runAfter(QStringLiteral("Send_an_email_(V2)"));
        QCOMPARE(ra.size(), 1);
        QCOMPARE(ra.at(0).action, QStringLiteral("Compose (first)"));
        QCOMPARE(ra.at(0).statuses,
                 (QStringList{QStringLiteral("SUCCEEDED"), QStringLiteral("failed")}));
        QCOMPARE(w->successors(QStringLiteral("Compose (first)")),
                 QStringList{QStringLiteral("Send_an_email_(V2)")});
    }

    void insertAndRemoveRewire()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("bare-bom.json")));
        QVERIFY(w.ok());
        const QJsonObject compose{{QStringLiteral("type"), QStringLiteral("Compose")},
                                  {QStringLiteral("inputs"), QStringLiteral("x")}};
        QVERIFY(w->insertAction(QStringLiteral("Middle"), compose, QString(), QString(),
                                QStringLiteral("Compose (first)"))
                    .ok());
        QCOMPARE(w->actionNames(),
                 (QStringList{QStringLiteral("Compose (first)"), QStringLiteral("Middle"),
                              QStringLiteral("Send_an_email_(V2)")}));
        QCOMPARE(w->runAfter(QStringLiteral("Middle")).at(0).action,
                 QStringLiteral("Compose (first)"));
        // The old successor now runs after the new step, with its statuses kept.
        const QList<engine::RunAfter> ra = w->runAfter(QStringLiteral("Send_an_email_(V2)"));
        QCOMPARE(ra.size(), 1);
        QCOMPARE(ra.at(0).action, QStringLiteral("Middle"));
        QCOMPARE(ra.at(0).statuses.size(), 2);

        QVERIFY(!w->insertAction(QStringLiteral("Middle"), compose, QString(), QString(), QString())
                     .ok());
        QVERIFY(!w->insertAction(QStringLiteral("X"), compose, QString(), QString(),
                                 QStringLiteral("Nowhere"))
                     .ok());

        QVERIFY(w->insertAction(QStringLiteral("First"), compose, QString(), QString(), QString())
                    .ok());
        QCOMPARE(w->actionNames().first(), QStringLiteral("First"));
        QCOMPARE(w->runAfter(QStringLiteral("Compose (first)")).at(0).action,
                 QStringLiteral("First"));

        QVERIFY(w->removeAction(QStringLiteral("Middle")).ok());
        QVERIFY(!w->contains(QStringLiteral("Middle")));
        QCOMPARE(w->runAfter(QStringLiteral("Send_an_email_(V2)")).at(0).action,
                 QStringLiteral("Compose (first)"));
        QVERIFY(w->removeAction(QStringLiteral("First")).ok());
        QVERIFY(w->runAfter(QStringLiteral("Compose (first)")).isEmpty());
        QVERIFY(!w->removeAction(QStringLiteral("Every day")).ok()); // a trigger
    }

    void insertIntoBranches()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("standard.json")));
        QVERIFY(w.ok());
        const QJsonObject compose{{QStringLiteral("type"), QStringLiteral("Compose")}};
        QVERIFY(w->insertAction(QStringLiteral("In else"), compose,
                                QStringLiteral("Is there an email?"), QStringLiteral("else"),
                                QStringLiteral("Terminate"))
                    .ok());
        QCOMPARE(w->parentOf(QStringLiteral("In else")), QStringLiteral("Is there an email?"));
        QCOMPARE(w->branchOf(QStringLiteral("In else")), QStringLiteral("else"));
        QVERIFY(!w->insertAction(QStringLiteral("Nope"), compose, QStringLiteral("Terminate"),
                                 QStringLiteral("actions"), QString())
                     .ok());
    }

    void insertParallelBranch()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("bare-bom.json")));
        QVERIFY(w.ok());
        const QByteArray before = w->serialize();
        const QJsonObject compose{{QStringLiteral("type"), QStringLiteral("Compose")}};
        QVERIFY(w->insertParallelAction(QStringLiteral("Beside"), compose, QString(), QString(),
                                        QStringLiteral("Compose (first)"))
                    .ok());
        // Both run after the first step; the old successor is not rewired.
        QCOMPARE(w->runAfter(QStringLiteral("Beside")).at(0).action,
                 QStringLiteral("Compose (first)"));
        const QList<engine::RunAfter> ra = w->runAfter(QStringLiteral("Send_an_email_(V2)"));
        QCOMPARE(ra.size(), 1);
        QCOMPARE(ra.at(0).action, QStringLiteral("Compose (first)"));
        QCOMPARE(ra.at(0).statuses.size(), 2);
        QCOMPARE(w->successors(QStringLiteral("Compose (first)")),
                 (QStringList{QStringLiteral("Send_an_email_(V2)"), QStringLiteral("Beside")}));
        // Written after the branch already there, so it is drawn to its right.
        const QStringList keys = w->definitionTree()->find(QStringLiteral("actions"))->keys();
        QVERIFY(keys.indexOf(QStringLiteral("Beside")) >
                keys.indexOf(QStringLiteral("Send_an_email_(V2)")));
        QVERIFY(!w->insertParallelAction(QStringLiteral("Beside"), compose, QString(), QString(),
                                         QStringLiteral("Compose (first)"))
                     .ok());
        QVERIFY(!w->insertParallelAction(QStringLiteral("X"), compose, QString(), QString(),
                                         QStringLiteral("Nowhere"))
                     .ok());
        QVERIFY(w->removeAction(QStringLiteral("Beside")).ok());
        QCOMPARE(w->serialize(), before);
    }

    void switchCases()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("standard.json")));
        QVERIFY(w.ok());
        const QJsonObject compose{{QStringLiteral("type"), QStringLiteral("Compose")}};
        QVERIFY(
            w->insertAction(QStringLiteral("Route"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("Switch")},
                                        {QStringLiteral("expression"), QStringLiteral("@1")},
                                        {QStringLiteral("default"),
                                         QJsonObject{{QStringLiteral("actions"), QJsonObject()}}}},
                            QString(), QString(), QString())
                .ok());
        const QByteArray before = w->serialize();
        // No "cases" yet: it is added before "default", as Logic Apps writes it.
        engine::Result<QString> first = w->addSwitchCase(QStringLiteral("Route"), 1);
        QVERIFY(first.ok());
        QCOMPARE(first.value(), QStringLiteral("Case"));
        const OrderedJson* route = w->stepTree(QStringLiteral("Route"));
        QVERIFY(route->indexOf(QStringLiteral("cases")) <
                route->indexOf(QStringLiteral("default")));
        engine::Result<QString> second =
            w->addSwitchCase(QStringLiteral("Route"), QStringLiteral("b"));
        QVERIFY(second.ok());
        QCOMPARE(second.value(), QStringLiteral("Case 2"));
        QCOMPARE(w->branches(QStringLiteral("Route")),
                 (QStringList{QStringLiteral("cases.Case"), QStringLiteral("cases.Case 2"),
                              QStringLiteral("default")}));
        QCOMPARE(
            w->stepJson(QStringLiteral("Route"))
                .value(QStringLiteral("cases"))
                .toObject()
                .value(QStringLiteral("Case"))
                .toObject(),
            (QJsonObject{{QStringLiteral("case"), 1}, {QStringLiteral("actions"), QJsonObject()}}));
        QVERIFY(w->insertAction(QStringLiteral("In case 2"), compose, QStringLiteral("Route"),
                                QStringLiteral("cases.Case 2"), QString())
                    .ok());
        QCOMPARE(w->jsonPath(QStringLiteral("In case 2")),
                 QStringLiteral("actions.Route.cases.Case 2.actions.In case 2"));

        // Refusals name the problem and change nothing.
        const QByteArray withCases = w->serialize();
        engine::Result<QString> taken =
            w->addSwitchCase(QStringLiteral("Route"), QStringLiteral("x"), QStringLiteral("Case"));
        QVERIFY(!taken.ok());
        QVERIFY(taken.error().message.contains(QLatin1String("already has a case")));
        QVERIFY(!w->addSwitchCase(QStringLiteral("In case 2"), 1).ok()); // not a Switch
        QVERIFY(!w->addSwitchCase(QStringLiteral("Nowhere"), 1).ok());
        QVERIFY(!w->addSwitchCase(QStringLiteral("Route"), QJsonObject()).ok());
        QVERIFY(!w->removeSwitchCase(QStringLiteral("Route"), QStringLiteral("Case 9")).ok());
        QCOMPARE(w->serialize(), withCases);

        // Removing a case takes its actions with it.
        QVERIFY(w->removeSwitchCase(QStringLiteral("Route"), QStringLiteral("Case 2")).ok());
        QVERIFY(!w->contains(QStringLiteral("In case 2")));
        QVERIFY(w->removeSwitchCase(QStringLiteral("Route"), QStringLiteral("Case")).ok());
        QCOMPARE(w->branches(QStringLiteral("Route")), QStringList{QStringLiteral("default")});
        QVERIFY(w->serialize() != before); // an empty "cases" stays
        QCOMPARE(w->stepJson(QStringLiteral("Route")).value(QStringLiteral("cases")).toObject(),
                 QJsonObject());
    }

    void lookupsFollowEdits()
    {
        // Steps are found through remembered positions; edits that move
        // members about must not make a lookup find the wrong step.
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("standard.json")));
        QVERIFY(w.ok());
        const QStringList names = w->actionNames();
        QVERIFY(names.size() >= 3);
        OrderedJson* actions =
            const_cast<OrderedJson*>(w->definitionTree())->find(QStringLiteral("actions"));
        QVERIFY(actions);
        // Reverse the top-level members behind the index's back.
        std::reverse(actions->members().begin(), actions->members().end());
        for (const QString& name : names) {
            const OrderedJson* step = w->stepTree(name);
            QVERIFY2(step, qPrintable(name));
            QCOMPARE(w->stepJson(name), step->toObject());
        }
        for (const QString& name : w->children(QString(), QString()))
            QCOMPARE(static_cast<const OrderedJson*>(actions->find(name)), w->stepTree(name));
    }

    void renameUpdatesReferences()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("bare-bom.json")));
        QVERIFY(w.ok());
        QVERIFY(w->renameStep(QStringLiteral("Compose (first)"), QStringLiteral("Greeting")).ok());
        QVERIFY(!w->contains(QStringLiteral("Compose (first)")));
        QCOMPARE(w->runAfter(QStringLiteral("Send_an_email_(V2)")).at(0).action,
                 QStringLiteral("Greeting"));
        const QString subject = w->stepJson(QStringLiteral("Send_an_email_(V2)"))
                                    .value(u"inputs")
                                    .toObject()
                                    .value(u"body")
                                    .toObject()
                                    .value(u"Subject")
                                    .toString();
        QCOMPARE(subject, QStringLiteral("@{outputs('Greeting')}"));
        // The renamed step keeps its place in the file.
        QCOMPARE(w->actionNames().first(), QStringLiteral("Greeting"));
        QVERIFY(!w->renameStep(QStringLiteral("Greeting"), QStringLiteral("Every day")).ok());
        QVERIFY(w->renameStep(QStringLiteral("Every day"), QStringLiteral("Daily")).ok());
        QCOMPARE(w->triggerNames(), QStringList{QStringLiteral("Daily")});
    }

    void triggersAddRemove()
    {
        Workflow w;
        QCOMPARE(w.wrapper(), Workflow::Wrapper::Standard);
        QVERIFY(w.triggerNames().isEmpty());
        const engine::Operation* rec =
            connectors::catalogue().find(QStringLiteral("schedule.recurrence"));
        QVERIFY(rec);
        QVERIFY(w.addTrigger(QStringLiteral("Recurrence"), rec->newStep()).ok());
        QVERIFY(w.isTrigger(QStringLiteral("Recurrence")));
        QVERIFY(!w.addTrigger(QStringLiteral("Recurrence"), rec->newStep()).ok());
        QVERIFY(w.removeTrigger(QStringLiteral("Recurrence")).ok());
        QVERIFY(w.triggerNames().isEmpty());
        QVERIFY(!w.removeTrigger(QStringLiteral("Recurrence")).ok());
    }

    void setStepJsonKeepsKeyOrder()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("standard.json")));
        QVERIFY(w.ok());
        QJsonObject step = w->stepJson(QStringLiteral("Unknown_step"));
        step.insert(QStringLiteral("added"), 1);
        step.remove(QStringLiteral("unknownKey"));
        QVERIFY(w->setStepJson(QStringLiteral("Unknown_step"), step).ok());
        const engine::OrderedJson* tree = w->stepTree(QStringLiteral("Unknown_step"));
        QVERIFY(tree);
        QCOMPARE(tree->keys(), (QStringList{QStringLiteral("type"), QStringLiteral("inputs"),
                                            QStringLiteral("runAfter"), QStringLiteral("added")}));
        // Numbers that did not change keep how they were written.
        QVERIFY(w->serialize().contains("-3e2"));
        QVERIFY(!w->setStepJson(QStringLiteral("missing"), step).ok());
    }

    void newWorkflowSavesAndLoads()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QDir(dir.path()).mkdir(QStringLiteral("my-flow"));
        const QString path = dir.filePath(QStringLiteral("my-flow/workflow.json"));
        Workflow w;
        const engine::Operation* send =
            connectors::catalogue().find(QStringLiteral("smtp.sendEmail"));
        QVERIFY(send);
        QVERIFY(w.insertAction(QStringLiteral("Send_email"), send->newStep(), QString(), QString(),
                               QString())
                    .ok());
        QVERIFY(w.setProperty(QStringLiteral("Send_email"), QStringLiteral("To"),
                              QStringLiteral("a@example.com"), connectors::catalogue())
                    .ok());
        QVERIFY(w.save(path).ok());
        engine::Result<Workflow> back = Workflow::load(path);
        QVERIFY(back.ok());
        QCOMPARE(back->name(), QStringLiteral("my-flow"));
        QCOMPARE(back->wrapper(), Workflow::Wrapper::Standard);
        const QJsonObject params = back->stepJson(QStringLiteral("Send_email"))
                                       .value(u"inputs")
                                       .toObject()
                                       .value(u"parameters")
                                       .toObject();
        QCOMPARE(params.value(u"to").toString(), QStringLiteral("a@example.com"));
        QCOMPARE(params.value(u"isHTML"), QJsonValue(false));
        QVERIFY(!w.save(dir.filePath(QStringLiteral("no/such/dir/workflow.json"))).ok());
    }

    void connectionReferences()
    {
        engine::Result<Workflow> w = Workflow::load(data(QStringLiteral("codeview.json")));
        QVERIFY(w.ok());
        QVERIFY(w->connectionReferences().contains(u"smtp"));
        engine::Result<Workflow> arm = Workflow::load(data(QStringLiteral("arm-template.json")));
        QVERIFY(arm.ok());
        QCOMPARE(arm->name(), QStringLiteral("[parameters('logicAppName')]"));
        QVERIFY(arm->connectionReferences().contains(u"smtp"));
        QCOMPARE(w->property(QStringLiteral("Send_Email_(V3)"), QStringLiteral("Connection"),
                             connectors::catalogue()),
                 QJsonValue(QStringLiteral("smtp")));
    }

    // Array items are read with canonical keys and written with the shape's;
    // items already so are handed back as they are.
    void stepPropertiesItemKeys_data()
    {
        QTest::addColumn<QString>("written"); // Attachments as the step has them
        QTest::addColumn<QString>("canonical");
        const QString data = QStringLiteral("QUJD").repeated(50000); // a long literal
        const auto row = [&](const char* name, const QString& written, const QString& canonical) {
            QTest::newRow(name) << QString(written).replace(QStringLiteral("<LONG>"), data)
                                << QString(canonical).replace(QStringLiteral("<LONG>"), data);
        };
        row("shape keys become canonical", R"([{"contentData": "<LONG>", "fileName": "a.pdf"}])",
            R"([{"ContentData": "<LONG>", "FileName": "a.pdf"}])");
        row("already canonical", R"([{"ContentData": "<LONG>", "FileName": "a.pdf"}])",
            R"([{"ContentData": "<LONG>", "FileName": "a.pdf"}])");
        row("any case is read", R"([{"CONTENTDATA": "<LONG>", "filename": "a.pdf"}])",
            R"([{"ContentData": "<LONG>", "FileName": "a.pdf"}])");
        row("unknown keys kept", R"([{"contentData": "<LONG>", "Extra": 1}])",
            R"([{"ContentData": "<LONG>", "Extra": 1}])");
        row("only the second item differs",
            R"([{"ContentData": "<LONG>"}, {"fileName": "b.txt"}, {"ContentId": "c"}])",
            R"([{"ContentData": "<LONG>"}, {"FileName": "b.txt"}, {"ContentId": "c"}])");
        row("items that are not objects", R"(["<LONG>", 1, null, {"fileName": "x"}])",
            R"(["<LONG>", 1, null, {"FileName": "x"}])");
        row("empty", R"([])", R"([])");
        row("empty item", R"([{}])", R"([{}])");
        row("not an array", R"j("@body('x')")j", R"j("@body('x')")j");
    }

    void stepPropertiesItemKeys()
    {
        QFETCH(QString, written);
        QFETCH(QString, canonical);
        const auto json = [](const QString& text) {
            return QJsonDocument::fromJson("[" + text.toUtf8() + "]").array().at(0);
        };
        engine::WdlShape shape;
        shape.propertyPaths.insert(QStringLiteral("Attachments"),
                                   {QStringLiteral("inputs"), QStringLiteral("attachments")});
        shape.itemKeys.insert(QStringLiteral("Attachments"),
                              {{QStringLiteral("ContentData"), QStringLiteral("contentData")},
                               {QStringLiteral("FileName"), QStringLiteral("fileName")},
                               {QStringLiteral("ContentId"), QStringLiteral("ContentId")}});
        const QJsonObject step{{QStringLiteral("inputs"),
                                QJsonObject{{QStringLiteral("attachments"), json(written)}}}};
        const QJsonValue read =
            engine::StepProperties::read(step, shape, QStringLiteral("Attachments"));
        QCOMPARE(read, json(canonical));
        // Written back through the shape, keys the shape names are spelt its way.
        const QJsonObject back = engine::StepProperties::write(QJsonObject(), shape,
                                                               QStringLiteral("Attachments"), read);
        const QJsonValue again = back.value(u"inputs").toObject().value(u"attachments");
        QCOMPARE(engine::StepProperties::read(back, shape, QStringLiteral("Attachments")), read);
        for (const QJsonValue& item : again.toArray()) {
            const QJsonObject o = item.toObject();
            QVERIFY(!o.contains(u"ContentData"));
            QVERIFY(!o.contains(u"FileName"));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkflow)
#include "tst_workflow.moc"
