// The designer's program as it is shipped: `logicapp-designer` started on a
// workflow loads its run module (logicapp-runtime, everything that uses the
// network) after its first frame, serves the workflow's HTTP request
// trigger, and the run it starts sends the email to a real SMTP server
// (aiosmtpd), read back with Python's email package. The other GUI tests
// link the run module in; this one checks the program that loads it.
#include "tests/support/Paths.h"
#include "tests/support/PythonEmail.h"
#include "tests/support/SmtpdServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A Logic Apps Standard project: "When a lead is posted" (HTTP request),
// then Send email through the connection "mail" to 127.0.0.1:`port`.
bool writeProject(const QString& dir, quint16 port)
{
    const QJsonObject smtp{
        {"displayName", "Test SMTP"},
        {"serviceProvider", QJsonObject{{"id", "/serviceProviders/Smtp"}}},
        {"parameterValues",
         QJsonObject{{"serverAddress", "127.0.0.1"}, {"port", int(port)}, {"enableSSL", false}}}};
    const QJsonObject connections{{"serviceProviderConnections", QJsonObject{{"mail", smtp}}}};
    const QJsonObject send{
        {"type", "ServiceProvider"},
        {"inputs", QJsonObject{{"parameters",
                                QJsonObject{{"from", "sales@example.com"},
                                            {"to", "@{triggerBody()?['Email']}"},
                                            {"subject", "Welcome, @{triggerBody()?['FirstName']}!"},
                                            {"body", "Hello @{triggerBody()?['FirstName']}"}}},
                               {"serviceProviderConfiguration",
                                QJsonObject{{"connectionName", "mail"},
                                            {"operationId", "sendEmail"},
                                            {"serviceProviderId", "/serviceProviders/Smtp"}}}}},
        {"runAfter", QJsonObject()}};
    const QJsonObject definition{
        {"$schema", "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/"
                    "2016-06-01/workflowdefinition.json#"},
        {"contentVersion", "1.0.0.0"},
        {"triggers", QJsonObject{{"When_a_lead_is_posted",
                                  QJsonObject{{"type", "Request"},
                                              {"kind", "Http"},
                                              {"inputs", QJsonObject{{"method", "POST"}}}}}}},
        {"actions", QJsonObject{{"Send_welcome_email", send}}},
        {"outputs", QJsonObject()}};
    return writeFile(dir + QStringLiteral("/connections.json"),
                     QJsonDocument(connections).toJson()) &&
           writeFile(dir + QStringLiteral("/lead/workflow.json"),
                     QJsonDocument(QJsonObject{{"definition", definition}, {"kind", "Stateful"}})
                         .toJson());
}

} // namespace

class TestDesignerProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWithoutTheNetwork();
    void servesTriggerAndSendsThroughItsRunModule();
};

void TestDesignerProgram::startsWithoutTheNetwork()
{
    // The window's start loads no network library (QtNetwork brings Kerberos,
    // GSSAPI and libproxy) and no database library; the run module does.
    const QString dir = QFileInfo(testsupport::cliPath()).absolutePath();
    const auto libraries = [](const QString& file) {
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {file});
        return ldd.waitForFinished(30000) && ldd.exitCode() == 0 ? ldd.readAllStandardOutput()
                                                                 : QByteArray();
    };
    const QByteArray program = libraries(dir + QStringLiteral("/logicapp-designer"));
    QVERIFY2(program.contains("libQt6Widgets"), program.constData());
    QVERIFY2(!program.contains("libQt6Network"), program.constData());
    QVERIFY2(!program.contains("libkrb5"), program.constData());
    QVERIFY2(!program.contains("libQt6Sql"), program.constData());
    const QByteArray module = libraries(dir + QStringLiteral("/logicapp-runtime.so"));
    QVERIFY2(module.contains("libQt6Network"), module.constData());
    QVERIFY2(module.contains("libQt6Sql"), module.constData());
}

void TestDesignerProgram::servesTriggerAndSendsThroughItsRunModule()
{
    const QString program =
        QFileInfo(testsupport::cliPath()).absolutePath() + QStringLiteral("/logicapp-designer");
    QVERIFY2(QFile::exists(program), qPrintable(program));
    testsupport::SmtpdServer smtp;
    QString error;
    QVERIFY2(smtp.start({}, &error), qPrintable(error));
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString project = home.filePath(QStringLiteral("project"));
    QVERIFY(writeProject(project, smtp.port()));

    // A user of its own (settings, run history, keychain fallback), no mail
    // catcher; what the triggers and runs do is logged.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home.path());
    for (const char* variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                 "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        environment.insert(QString::fromLatin1(variable),
                           home.filePath(QStringLiteral("xdg/") + QLatin1String(variable)));
    QDir().mkpath(home.filePath(QStringLiteral("xdg/XDG_RUNTIME_DIR")));
    QFile::setPermissions(home.filePath(QStringLiteral("xdg/XDG_RUNTIME_DIR")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    environment.insert(QStringLiteral("QT_LOGGING_RULES"),
                       QStringLiteral("logicapp.designer.runs.info=true;"
                                      "logicapp.designer.runmodule.info=true"));
    QProcess designer;
    designer.setProcessEnvironment(environment);
    designer.setProcessChannelMode(QProcess::MergedChannels);
    designer.start(
        program, {project + QStringLiteral("/lead/workflow.json"), QStringLiteral("--no-catcher")});
    QVERIFY2(designer.waitForStarted(10000), qPrintable(designer.errorString()));
    const auto stop = qScopeGuard([&designer] {
        designer.terminate();
        if (!designer.waitForFinished(5000))
            designer.kill();
        designer.waitForFinished(5000);
    });

    // The trigger listens once the run module is loaded.
    QString output;
    const QRegularExpression listening(
        QStringLiteral("listens at (http://127\\.0\\.0\\.1:\\d+\\S*)"));
    QRegularExpressionMatch match;
    QElapsedTimer waited;
    waited.start();
    while (!(match = listening.match(output)).hasMatch() && waited.elapsed() < 30000 &&
           designer.state() == QProcess::Running) {
        designer.waitForReadyRead(200);
        output += QString::fromLocal8Bit(designer.readAll());
    }
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("run module loaded")), qPrintable(output));

    QNetworkAccessManager http;
    QNetworkRequest request(QUrl(match.captured(1)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    std::unique_ptr<QNetworkReply> reply(http.post(
        request,
        QJsonDocument(QJsonObject{{"Email", "ann@example.com"}, {"FirstName", "Ann"}}).toJson()));
    QSignalSpy answered(reply.get(), &QNetworkReply::finished);
    QVERIFY(answered.wait(30000));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QVERIFY2(status >= 200 && status < 300,
             qPrintable(QStringLiteral("HTTP %1: %2").arg(status).arg(reply->errorString())));

    QVERIFY2(smtp.waitForMessages(1, 30000), qPrintable(output + smtp.log()));
    const testsupport::ReceivedMessage mail = smtp.messages().first();
    QCOMPARE(mail.rcptTos, QStringList{QStringLiteral("ann@example.com")});
    const QJsonObject parsed = testsupport::parseFileWithPython(mail.emlPath);
    QVERIFY2(!parsed.contains(QStringLiteral("error")),
             qPrintable(parsed.value("error").toString()));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("Subject")),
             QStringLiteral("Welcome, Ann!"));
    QCOMPARE(testsupport::pythonHeader(parsed, QStringLiteral("From")),
             QStringLiteral("sales@example.com"));

    // The run is reported as it ends.
    waited.restart();
    while (!output.contains(QStringLiteral(": Succeeded")) && waited.elapsed() < 30000) {
        designer.waitForReadyRead(200);
        output += QString::fromLocal8Bit(designer.readAll());
    }
    QVERIFY2(output.contains(QStringLiteral(": Succeeded")), qPrintable(output));
}

QTEST_MAIN(TestDesignerProgram)
#include "tst_designerprogram.moc"
