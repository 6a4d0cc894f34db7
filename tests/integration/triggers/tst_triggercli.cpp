#include "tests/support/FakeSalesforceServer.h"
#include "tests/support/SmtpdServer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

namespace {

QString cli()
{
    return qEnvironmentVariable("LOGICAPP_CLI");
}

QString python()
{
    const QString p = qEnvironmentVariable("LOGICAPP_PYTHON");
    return p.isEmpty() ? QStringLiteral("/usr/bin/python3") : p;
}

// Waits in the event loop (servers of this test run in it) until `output`
// of the process matches, or it ends.
QString waitForOutput(QProcess& p, const QRegularExpression& pattern, QByteArray& seen,
                      int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        seen += p.readAllStandardOutput();
        const auto m = pattern.match(QString::fromUtf8(seen));
        if (m.hasMatch())
            return m.capturedTexts().size() > 1 ? m.captured(1) : m.captured(0);
        if (p.state() == QProcess::NotRunning)
            return {};
        QTest::qWait(50);
    }
    return {};
}

int stopWith(QProcess& p, int signal)
{
    ::kill(pid_t(p.processId()), signal);
    QSignalSpy done(&p, &QProcess::finished);
    if (p.state() != QProcess::NotRunning && !done.wait(20000)) {
        p.kill();
        return -1;
    }
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void writeJson(const QString& path, const QJsonObject& o)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(o).toJson());
}

// Workflow files of these tests, in tests/integration/triggers/data.
QJsonObject dataJson(const char* name)
{
    QFile f(qEnvironmentVariable("LOGICAPP_SOURCE_DIR") +
            QStringLiteral("/tests/integration/triggers/data/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestTriggerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(cli()), qPrintable(cli())); }

    void catcherRunsAloneAndStopsOnSigterm()
    {
        QTemporaryDir dir;
        QProcess catcher;
        catcher.start(cli(),
                      {QStringLiteral("catcher"), QStringLiteral("--port"), QStringLiteral("0"),
                       QStringLiteral("--dir"), dir.filePath(QStringLiteral("mail"))});
        QByteArray out;
        const QString port = waitForOutput(
            catcher, QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)")), out);
        QVERIFY2(!port.isEmpty(), out.constData());
        QVERIFY(out.contains(dir.filePath(QStringLiteral("mail")).toUtf8()));

        QProcess client;
        client.start(python(), {qEnvironmentVariable("LOGICAPP_SOURCE_DIR") +
                                    QStringLiteral("/tests/integration/triggers/catcher_client.py"),
                                QStringLiteral("send"), port});
        QVERIFY(client.waitForFinished(60000));
        QCOMPARE(client.exitCode(), 0);
        QTRY_COMPARE(QDir(dir.filePath(QStringLiteral("mail/new"))).entryList(QDir::Files).size(),
                     1);
        QCOMPARE(stopWith(catcher, SIGTERM), 0);
        QVERIFY(catcher.readAllStandardOutput().contains("stopped"));
    }

    void catcherRefusesBadPort()
    {
        QProcess p;
        p.start(cli(),
                {QStringLiteral("catcher"), QStringLiteral("--port"), QStringLiteral("70000")});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--port"));
    }

    void serveAnswersWithTheResponseAction()
    {
        QTemporaryDir dir;
        writeJson(dir.filePath(QStringLiteral("hello/workflow.json")),
                  dataJson("hello-response.json"));
        QProcess serve;
        serve.start(cli(),
                    {QStringLiteral("serve"), dir.filePath(QStringLiteral("hello/workflow.json")),
                     QStringLiteral("--http-port"), QStringLiteral("0"),
                     QStringLiteral("--no-store"), QStringLiteral("--state-dir"),
                     dir.filePath(QStringLiteral("state"))});
        QByteArray out;
        const QString url =
            waitForOutput(serve, QRegularExpression(QStringLiteral("listens at (\\S+)")), out);
        QVERIFY2(!url.isEmpty(), QByteArray(out + serve.readAllStandardError()).constData());

        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-sS"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                    QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                    QStringLiteral("--data-binary"), QStringLiteral(R"({"name":"Ada"})"), url});
        QVERIFY(curl.waitForFinished(60000));
        const QByteArray answer = curl.readAllStandardOutput();
        QVERIFY2(answer.endsWith("\n201"), answer.constData());
        QCOMPARE(QJsonDocument::fromJson(answer.left(answer.lastIndexOf('\n')))
                     .object()
                     .value("greeting")
                     .toString(),
                 QStringLiteral("Hello Ada"));
        QCOMPARE(stopWith(serve, SIGINT), 0);
        out += serve.readAllStandardOutput();
        QVERIFY2(out.contains("Succeeded"), out.constData());
    }

    void serveSkipsDisabledWorkflows()
    {
        QTemporaryDir dir;
        writeJson(dir.filePath(QStringLiteral("off.json")), dataJson("disabled.json"));
        QProcess serve;
        serve.start(cli(), {QStringLiteral("serve"), dir.filePath(QStringLiteral("off.json")),
                            QStringLiteral("--no-store"), QStringLiteral("--http-port"),
                            QStringLiteral("0")});
        QVERIFY(serve.waitForFinished(20000));
        QCOMPARE(serve.exitCode(), 2);
        QVERIFY(serve.readAllStandardOutput().contains("disabled, not served"));
    }

    // The seed: a Lead created in Salesforce sends an email with its fields.
    void seedLeadToEmailEndToEnd()
    {
        testsupport::SmtpdServer smtpd;
        QString error;
        QVERIFY2(smtpd.start({}, &error), qPrintable(error));
        testsupport::FakeSalesforceServer salesforce;
        QVERIFY(salesforce.start());

        QTemporaryDir dir;
        const QJsonObject sf = salesforce.connection();
        writeJson(
            dir.filePath(QStringLiteral("connections.json")),
            QJsonObject{
                {QStringLiteral("serviceProviderConnections"),
                 QJsonObject{
                     {QStringLiteral("Smtp"),
                      QJsonObject{{QStringLiteral("displayName"), QStringLiteral("smtp")},
                                  {QStringLiteral("parameterValues"),
                                   QJsonObject{{QStringLiteral("serverAddress"),
                                                QStringLiteral("127.0.0.1")},
                                               {QStringLiteral("port"), int(smtpd.port())},
                                               {QStringLiteral("enableSSL"), false}}},
                                  {QStringLiteral("serviceProvider"),
                                   QJsonObject{{QStringLiteral("id"),
                                                QStringLiteral("/serviceProviders/Smtp")}}}}}}},
                {QStringLiteral("managedApiConnections"),
                 QJsonObject{
                     {QStringLiteral("salesforce"),
                      QJsonObject{
                          {QStringLiteral("api"),
                           QJsonObject{
                               {QStringLiteral("id"),
                                QStringLiteral("/subscriptions/x/providers/Microsoft.Web/locations/"
                                               "westeurope/managedApis/salesforce")}}},
                          {QStringLiteral("parameterValues"),
                           QJsonObject{
                               {QStringLiteral("loginUrl"), sf.value("loginUrl")},
                               {QStringLiteral("clientId"), sf.value("clientId")},
                               {QStringLiteral("clientSecret"), sf.value("clientSecret")},
                               {QStringLiteral("refreshToken"),
                                QStringLiteral("@appsetting('salesforce_refreshToken')")},
                               {QStringLiteral("apiVersion"), sf.value("apiVersion")}}}}}}}});
        writeJson(dir.filePath(QStringLiteral("local.settings.json")),
                  QJsonObject{{QStringLiteral("IsEncrypted"), false},
                              {QStringLiteral("Values"),
                               QJsonObject{{QStringLiteral("salesforce_refreshToken"),
                                            sf.value("refreshToken")}}}});
        writeJson(dir.filePath(QStringLiteral("lead-to-email/workflow.json")),
                  dataJson("lead-to-email.json"));

        QProcess serve;
        serve.start(cli(), {QStringLiteral("serve"),
                            dir.filePath(QStringLiteral("lead-to-email/workflow.json")),
                            QStringLiteral("--no-store"), QStringLiteral("--http-port"),
                            QStringLiteral("0"), QStringLiteral("--state-dir"),
                            dir.filePath(QStringLiteral("state"))});
        QByteArray out;
        QVERIFY2(!waitForOutput(serve, QRegularExpression(QStringLiteral("Serving 1 trigger")), out)
                      .isEmpty(),
                 QByteArray(out + serve.readAllStandardError()).constData());
        // Let the first poll set the watermark, then a Lead is created.
        QTRY_VERIFY_WITH_TIMEOUT(salesforce.queryRequests() >= 1, 20000);
        QTest::qWait(1100);
        salesforce.addRecord(QStringLiteral("Lead"),
                             {{"FirstName", "Ada"},
                              {"LastName", "Lovelace"},
                              {"Email", "ada@example.test"},
                              {"Company", "Analytical Engines Ltd"}},
                             QDateTime::currentDateTimeUtc().addSecs(1));
        const bool arrived = smtpd.waitForMessages(1, 30000);
        const int stopped = stopWith(serve, SIGTERM);
        out += serve.readAllStandardOutput();
        const QByteArray errors = serve.readAllStandardError();
        QVERIFY2(arrived, QByteArray(out + errors + smtpd.log().toUtf8()).constData());
        QVERIFY2(stopped == 0,
                 QByteArray("exit " + QByteArray::number(stopped) + ": " + errors).constData());
        const testsupport::ReceivedMessage message = smtpd.messages().first();
        QCOMPARE(message.rcptTos, QStringList{QStringLiteral("ada@example.test")});

        QProcess parse;
        parse.start(python(), {qEnvironmentVariable("LOGICAPP_SOURCE_DIR") +
                                   QStringLiteral("/tests/integration/triggers/catcher_client.py"),
                               QStringLiteral("parse"), message.emlPath});
        QVERIFY(parse.waitForFinished(60000));
        const QJsonObject parsed = QJsonDocument::fromJson(parse.readAllStandardOutput()).object();
        QCOMPARE(parsed.value("subject").toString(), QStringLiteral("New lead: Ada Lovelace"));
        QCOMPARE(parsed.value("to").toString(), QStringLiteral("ada@example.test"));
        QVERIFY2(parsed.value("text").toString().contains(
                     QStringLiteral("Company: Analytical Engines Ltd")),
                 qPrintable(parsed.value("text").toString()));
        QCOMPARE(parsed.value("defects").toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTriggerCli)
#include "tst_triggercli.moc"
