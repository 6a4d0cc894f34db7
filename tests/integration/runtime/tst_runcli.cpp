#include "tests/support/Paths.h"
#include "tests/support/PythonEmail.h"
#include "tests/support/SmtpdServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using testsupport::SmtpdServer;

namespace {

const char* kPassword = "Sm7p-pa55word-for-tests";

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

// `logicapp run` end to end: a Standard project (workflow.json,
// connections.json, local.settings.json) whose Send email step goes to a real
// aiosmtpd with AUTH; what arrives is read by Python's email package.
class TestRunCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void runSendsTheEmail();
    void historyListsAndResubmits();
    void loginRefusedFailsTheRun();
    void invalidInput_data();
    void invalidInput();
    void helpForBoth();
    void runsResubmitsByRunId();
    void signalCancelsTheRun_data();
    void signalCancelsTheRun();

private:
    CliResult cli(const QStringList& args, const QByteArray& input = {});
    void writeProject(const QString& password);
    QString workflowPath() const
    {
        return m_project->filePath(QStringLiteral("lead-mail/workflow.json"));
    }
    QString storePath() const { return m_project->filePath(QStringLiteral("runs.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_project;
    std::unique_ptr<SmtpdServer> m_smtp;
};

void TestRunCli::initTestCase()
{
    QVERIFY2(QFileInfo::exists(testsupport::cliPath()), "the logicapp CLI is not built");
}

void TestRunCli::init()
{
    m_project = std::make_unique<QTemporaryDir>();
    QVERIFY(m_project->isValid());
    m_smtp = std::make_unique<SmtpdServer>();
    SmtpdServer::Options options;
    options.user = QStringLiteral("sender");
    options.password = QString::fromLatin1(kPassword);
    options.authPlaintext = true;
    QString error;
    QVERIFY2(m_smtp->start(options, &error), qPrintable(error));
    writeProject(QString::fromLatin1(kPassword));
}

void TestRunCli::cleanup()
{
    m_smtp.reset();
}

void TestRunCli::writeProject(const QString& password)
{
    QDir(m_project->path()).mkpath(QStringLiteral("lead-mail"));
    const QJsonObject workflow{
        {"kind", "Stateful"},
        {"definition",
         QJsonObject{
             {"$schema", "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                         "2016-06-01/workflowdefinition.json#"},
             {"contentVersion", "1.0.0.0"},
             {"triggers", QJsonObject{{"manual", QJsonObject{{"type", "Request"},
                                                             {"kind", "Http"},
                                                             {"inputs", QJsonObject()}}}}},
             {"actions",
              QJsonObject{
                  {"Full_name",
                   QJsonObject{
                       {"type", "Compose"},
                       {"inputs", "@{triggerBody()?['FirstName']} @{triggerBody()?['LastName']}"},
                       {"runAfter", QJsonObject()}}},
                  {"Send_email",
                   QJsonObject{
                       {"type", "ServiceProvider"},
                       {"runAfter", QJsonObject{{"Full_name", QJsonArray{"Succeeded"}}}},
                       {"inputs",
                        QJsonObject{
                            {"parameters",
                             QJsonObject{{"from", "sales@example.com"},
                                         {"to", "@{triggerBody()?['Email']}"},
                                         {"subject", "New lead: @{outputs('Full_name')}"},
                                         {"body", "Company: @{triggerBody()?['Company']}\nGrüße!"},
                                         {"isHTML", false}}},
                            {"serviceProviderConfiguration",
                             QJsonObject{{"connectionName", "smtp"},
                                         {"operationId", "sendEmail"},
                                         {"serviceProviderId", "/serviceProviders/Smtp"}}}}}}}}}}}};
    QFile wf(workflowPath());
    QVERIFY(wf.open(QIODevice::WriteOnly));
    wf.write(QJsonDocument(workflow).toJson());
    wf.close();

    const QJsonObject connections{
        {"serviceProviderConnections",
         QJsonObject{{"smtp", QJsonObject{{"displayName", "Test SMTP"},
                                          {"serviceProvider",
                                           QJsonObject{{"id", "/serviceProviders/Smtp"}}},
                                          {"parameterValues",
                                           QJsonObject{{"serverAddress", "127.0.0.1"},
                                                       {"port", int(m_smtp->port())},
                                                       {"userName", "sender"},
                                                       {"password", "@appsetting('SMTP_PASSWORD')"},
                                                       {"enableSSL", false},
                                                       {"allowPlaintextAuth", true}}}}}}}};
    QFile cf(m_project->filePath(QStringLiteral("connections.json")));
    QVERIFY(cf.open(QIODevice::WriteOnly));
    cf.write(QJsonDocument(connections).toJson());
    cf.close();

    QFile sf(m_project->filePath(QStringLiteral("local.settings.json")));
    QVERIFY(sf.open(QIODevice::WriteOnly));
    sf.write(QJsonDocument(QJsonObject{{"IsEncrypted", false},
                                       {"Values", QJsonObject{{"SMTP_PASSWORD", password}}}})
                 .toJson());
    sf.close();
}

CliResult TestRunCli::cli(const QStringList& args, const QByteArray& input)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SMTP_PASSWORD"));
    p.setProcessEnvironment(env);
    p.start(testsupport::cliPath(), args);
    if (!p.waitForStarted())
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    // The event loop keeps turning so the aiosmtpd fixture can read its pipes.
    QElapsedTimer timer;
    timer.start();
    while (p.state() != QProcess::NotRunning && timer.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        p.waitForFinished(50);
    }
    CliResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void TestRunCli::runSendsTheEmail()
{
    const CliResult r = cli(
        {QStringLiteral("run"), workflowPath(), QStringLiteral("--json"), QStringLiteral("--store"),
         storePath(), QStringLiteral("--trigger-body"),
         QStringLiteral(
             R"({"FirstName":"Ada","LastName":"Lovelace","Email":"ada@example.com","Company":"Analytical Engines"})")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject run = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(run.value("status").toString(), QStringLiteral("Succeeded"));
    QCOMPARE(run.value("workflow").toString(), QStringLiteral("lead-mail"));
    const QJsonArray steps = run.value("steps").toArray();
    QCOMPARE(steps.size(), 2);
    const QJsonObject send = steps.at(1).toObject();
    QCOMPARE(send.value("name").toString(), QStringLiteral("Send_email"));
    QCOMPARE(send.value("status").toString(), QStringLiteral("Succeeded"));
    QCOMPARE(send.value("code").toInt(), 200);
    QVERIFY(!send.value("transcript").toArray().isEmpty());

    // The password went over the wire, but into no record.
    QVERIFY(!r.out.contains(kPassword));
    bool sawAuth = false;
    for (const QJsonValue& line : send.value("transcript").toArray()) {
        const QString text = line["line"].toString();
        if (text.startsWith(QLatin1String("AUTH")))
            sawAuth = text.contains(QLatin1String("****"));
    }
    QVERIFY(sawAuth);

    QVERIFY(m_smtp->waitForMessages(1));
    const auto messages = m_smtp->messages();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.at(0).rcptTos, QStringList{QStringLiteral("ada@example.com")});
    QVERIFY(messages.at(0).authenticated);
    const QJsonObject parsed = testsupport::parseFileWithPython(messages.at(0).emlPath);
    QVERIFY2(!parsed.contains("error"), qPrintable(parsed.value("error").toString()));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("Subject")),
             QStringLiteral("New lead: Ada Lovelace"));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("To")),
             QStringLiteral("ada@example.com"));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("From")),
             QStringLiteral("sales@example.com"));
    QString body = testsupport::pythonPart(parsed, QString()).value("text").toString();
    if (body.isEmpty())
        body = testsupport::pythonPart(parsed, QStringLiteral("0")).value("text").toString();
    QVERIFY2(body.contains(QStringLiteral("Company: Analytical Engines")), qPrintable(body));
    QVERIFY2(body.contains(QStringLiteral("Grüße!")), qPrintable(body));

    // Nor in the history file.
    for (const QString& f : QDir(m_project->path()).entryList({QStringLiteral("runs.sqlite*")})) {
        QFile file(m_project->filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(kPassword), qPrintable(f));
    }
}

void TestRunCli::historyListsAndResubmits()
{
    const CliResult first =
        cli({QStringLiteral("run"), workflowPath(), QStringLiteral("--store"), storePath(),
             QStringLiteral("--trigger-body"),
             QStringLiteral(
                 R"({"FirstName":"Grace","LastName":"Hopper","Email":"grace@example.com"})")});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    // The human form names each step and its status.
    QVERIFY2(first.out.contains("Succeeded  Full_name"), first.out.constData());
    QVERIFY2(first.out.contains("Succeeded  Send_email"), first.out.constData());

    const CliResult list = cli(
        {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--store"), storePath()});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray runs = QJsonDocument::fromJson(list.out).array();
    QCOMPARE(runs.size(), 1);
    const QString id = runs.at(0)["id"].toString();
    QCOMPARE(runs.at(0)["status"].toString(), QStringLiteral("Succeeded"));

    const CliResult again =
        cli({QStringLiteral("run"), workflowPath(), QStringLiteral("--store"), storePath(),
             QStringLiteral("--resubmit"), id, QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(QJsonDocument::fromJson(again.out).object().value("resubmittedFrom").toString(), id);
    QVERIFY(m_smtp->waitForMessages(2));
    const auto messages = m_smtp->messages();
    QCOMPARE(messages.at(1).rcptTos, QStringList{QStringLiteral("grace@example.com")});

    const CliResult table = cli({QStringLiteral("runs"), QStringLiteral("--store"), storePath()});
    QCOMPARE(table.exitCode, 0);
    QCOMPARE(table.out.count("Succeeded"), 2);
    const CliResult one = cli({QStringLiteral("runs"), id, QStringLiteral("--store"), storePath()});
    QCOMPARE(one.exitCode, 0);
    QVERIFY(one.out.contains("Send_email"));
    const CliResult unknown = cli({QStringLiteral("runs"), QStringLiteral("no-such-run"),
                                   QStringLiteral("--store"), storePath()});
    QCOMPARE(unknown.exitCode, 2);
}

void TestRunCli::loginRefusedFailsTheRun()
{
    writeProject(QStringLiteral("wrong-password"));
    const CliResult r = cli({QStringLiteral("run"), workflowPath(), QStringLiteral("--json"),
                             QStringLiteral("--no-store"), QStringLiteral("--trigger-body"),
                             QStringLiteral(R"({"FirstName":"Ada","Email":"ada@example.com"})")});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject run = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(run.value("status").toString(), QStringLiteral("Failed"));
    const QJsonObject send = run.value("steps").toArray().at(1).toObject();
    QCOMPARE(send.value("status").toString(), QStringLiteral("Failed"));
    QCOMPARE(send.value("code").toInt(), 401);
    QCOMPARE(send.value("retries").toInt(), 0); // a refused login is not retried
    QVERIFY(!r.out.contains("wrong-password"));
    QCOMPARE(m_smtp->messages().size(), 0);
}

void TestRunCli::invalidInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("words");
    QTest::newRow("no file") << QStringList{} << "give one workflow file";
    QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/workflow.json")}
                                  << "/nonexistent/workflow.json";
    QTest::newRow("bad trigger body")
        << QStringList{QStringLiteral("@WF"), QStringLiteral("--trigger-body"),
                       QStringLiteral("{not json")}
        << "trigger-body";
    QTest::newRow("missing body file")
        << QStringList{QStringLiteral("@WF"), QStringLiteral("--trigger-body"),
                       QStringLiteral("@/nonexistent.json")}
        << "nonexistent.json";
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("@WF"), QStringLiteral("--timeout"),
                                                QStringLiteral("5 minutes")}
                                 << "--timeout";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("@WF"), QStringLiteral("--frobnicate")} << "frobnicate";
    QTest::newRow("missing connections")
        << QStringList{QStringLiteral("@WF"), QStringLiteral("--connections"),
                       QStringLiteral("/nonexistent/connections.json")}
        << "--connections";
    QTest::newRow("unknown run to resubmit")
        << QStringList{QStringLiteral("@WF"), QStringLiteral("--resubmit"), QStringLiteral("nope"),
                       QStringLiteral("--store"), QStringLiteral("@STORE")}
        << "--resubmit";
}

void TestRunCli::invalidInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, words);
    for (QString& a : args) {
        a.replace(QLatin1String("@WF"), workflowPath());
        a.replace(QLatin1String("@STORE"), storePath());
    }
    const CliResult r = cli(QStringList{QStringLiteral("run")} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(words), r.err.constData());
    QCOMPARE(m_smtp->messages().size(), 0);
}

void TestRunCli::helpForBoth()
{
    for (const QString& verb : {QStringLiteral("run"), QStringLiteral("runs")}) {
        const CliResult r = cli({verb, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--json"));
        QVERIFY(r.out.contains("--store"));
    }
}

// `logicapp runs --resubmit ID` finds the workflow file from the history and
// runs it again with the first run's trigger outputs.
void TestRunCli::runsResubmitsByRunId()
{
    const CliResult first =
        cli({QStringLiteral("run"), workflowPath(), QStringLiteral("--store"), storePath(),
             QStringLiteral("--json"), QStringLiteral("--trigger-body"),
             QStringLiteral(
                 R"({"FirstName":"Katherine","LastName":"Johnson","Email":"kj@example.com"})")});
    QVERIFY2(first.exitCode == 0, first.err.constData());
    const QString id = QJsonDocument::fromJson(first.out).object().value("id").toString();
    QVERIFY(!id.isEmpty());

    const CliResult again = cli({QStringLiteral("runs"), QStringLiteral("--resubmit"), id,
                                 QStringLiteral("--store"), storePath(), QStringLiteral("--json")});
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const QJsonObject run = QJsonDocument::fromJson(again.out).object();
    QCOMPARE(run.value("resubmittedFrom").toString(), id);
    QVERIFY(run.value("id").toString() != id);
    QCOMPARE(run.value("trigger")["outputs"]["body"]["Email"].toString(),
             QStringLiteral("kj@example.com"));
    QVERIFY(m_smtp->waitForMessages(2));
    QCOMPARE(m_smtp->messages().at(1).rcptTos, QStringList{QStringLiteral("kj@example.com")});

    const CliResult list = cli(
        {QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--store"), storePath()});
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 2);

    const CliResult unknown =
        cli({QStringLiteral("runs"), QStringLiteral("--resubmit"), QStringLiteral("no-such-run"),
             QStringLiteral("--store"), storePath()});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("--resubmit: no run with id no-such-run"),
             unknown.err.constData());

    // The file moved away: say so, and how to resubmit anyway.
    QVERIFY(QFile::rename(workflowPath(), workflowPath() + QStringLiteral(".moved")));
    const CliResult moved = cli({QStringLiteral("runs"), QStringLiteral("--resubmit"), id,
                                 QStringLiteral("--store"), storePath()});
    QCOMPARE(moved.exitCode, 2);
    QVERIFY2(moved.err.contains("is not there any more"), moved.err.constData());
    QCOMPARE(m_smtp->messages().size(), 2);
}

void TestRunCli::signalCancelsTheRun_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("name");
    QTest::newRow("Ctrl+C") << int(SIGINT) << "SIGINT";
    QTest::newRow("SIGTERM") << int(SIGTERM) << "SIGTERM";
}

// A run that waits a minute is stopped by a signal: the program ends at once,
// says so, and the history holds the run as Cancelled.
void TestRunCli::signalCancelsTheRun()
{
    QFETCH(int, signalNumber);
    QFETCH(QString, name);
    QDir(m_project->path()).mkpath(QStringLiteral("waits"));
    const QString path = m_project->filePath(QStringLiteral("waits/workflow.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"definition": {
        "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {}}},
        "actions": {
            "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Minute"}}, "runAfter": {}},
            "After": {"type": "Compose", "inputs": "late", "runAfter": {"Pause": ["Succeeded"]}}
        }}, "kind": "Stateful"})");
    file.close();

    QProcess p;
    p.setProgram(testsupport::cliPath());
    p.setArguments({QStringLiteral("run"), path, QStringLiteral("--store"), storePath()});
    p.start();
    QVERIFY(p.waitForStarted());
    // The run is under way once the history shows it Running.
    QString id;
    QByteArray listed;
    for (int i = 0; i < 200 && id.isEmpty(); ++i) {
        const CliResult list = cli({QStringLiteral("runs"), QStringLiteral("--json"),
                                    QStringLiteral("--store"), storePath()});
        listed = list.out + list.err;
        for (const QJsonValue& r : QJsonDocument::fromJson(list.out).array()) {
            if (r["workflow"].toString() == QLatin1String("waits") &&
                r["status"].toString() == QLatin1String("Running"))
                id = r["id"].toString();
        }
        if (id.isEmpty())
            QTest::qWait(50);
    }
    QVERIFY2(!id.isEmpty(),
             qPrintable(QStringLiteral("the run never showed as Running; last listing:\n") +
                        QString::fromUtf8(listed.left(2000)) + QStringLiteral("\nrun said: ") +
                        QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())));
    QCOMPARE(p.state(), QProcess::Running);
    ::kill(pid_t(p.processId()), signalNumber);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 128 + signalNumber);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(out.contains(QStringLiteral("Cancelled  Pause")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("Run %1 Cancelled").arg(id)), qPrintable(out));
    QVERIFY2(err.contains(name + QStringLiteral(" received; cancelling the run")), qPrintable(err));

    const CliResult shown = cli({QStringLiteral("runs"), id, QStringLiteral("--json"),
                                 QStringLiteral("--store"), storePath()});
    QCOMPARE(shown.exitCode, 0);
    const QJsonObject run = QJsonDocument::fromJson(shown.out).object();
    QCOMPARE(run.value("status").toString(), QStringLiteral("Cancelled"));
    QCOMPARE(run.value("errorCode").toString(), QStringLiteral("Cancelled"));
    const QJsonArray steps = run.value("steps").toArray();
    QCOMPARE(steps.size(), 1); // "After" never ran
    QCOMPARE(steps.at(0)["name"].toString(), QStringLiteral("Pause"));
    QCOMPARE(steps.at(0)["status"].toString(), QStringLiteral("Cancelled"));
}

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
