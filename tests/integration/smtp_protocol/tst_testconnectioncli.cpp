#include "tests/support/Paths.h"
#include "tests/support/SmtpdServer.h"
#include "tests/support/TestCertificates.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

using testsupport::SmtpdServer;

namespace {

const QString kUser = QStringLiteral("tester");
const QString kPassword = QStringLiteral("Cli-Pa55word");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList& args,
           const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(testsupport::cliPath(), QStringList{QStringLiteral("test-connection")} + args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

class TestTestConnectionCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void usageErrors_data();
    void usageErrors();
    void exitCodes_data();
    void exitCodes();

private:
    testsupport::TestCertificates m_certs;
    SmtpdServer m_starttls;
    SmtpdServer m_implicit;
    SmtpdServer m_untrusted;
    quint16 m_closedPort = 0;
};

void TestTestConnectionCli::initTestCase()
{
    QVERIFY(QFile::exists(testsupport::cliPath()));
    QString error;
    QVERIFY2(m_certs.generate(&error), qPrintable(error));
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QVERIFY2(m_starttls.start(o, &error), qPrintable(error));
    o.implicitTls = true;
    QVERIFY2(m_implicit.start(o, &error), qPrintable(error));
    o.implicitTls = false;
    o.certFile = m_certs.otherCertFile();
    o.keyFile = m_certs.otherKeyFile();
    QVERIFY2(m_untrusted.start(o, &error), qPrintable(error));
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    m_closedPort = probe.serverPort();
}

void TestTestConnectionCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no server") << QStringList{} << "--server";
    QTest::newRow("bad port") << QStringList{"--server", "127.0.0.1:99999"} << "--server";
    QTest::newRow("bad tls") << QStringList{"--server", "h", "--tls", "sometimes"} << "--tls";
    QTest::newRow("bad auth") << QStringList{"--server", "h", "--auth", "ntlm"} << "--auth";
    QTest::newRow("unset password variable")
        << QStringList{"--server", "h", "--user", "u", "--password-env", "LOGICAPP_TEST_UNSET_VAR"}
        << "LOGICAPP_TEST_UNSET_VAR";
    QTest::newRow("user without secret")
        << QStringList{"--server", "h", "--user", "u"} << "--password-env";
    QTest::newRow("bad pin") << QStringList{"--server", "h", "--pin-sha256", "xyz"}
                             << "--pin-sha256";
    QTest::newRow("missing value") << QStringList{"--server"} << "--server";
    QTest::newRow("bad timeout") << QStringList{"--server", "h", "--timeout", "-3"} << "--timeout";
    QTest::newRow("unknown flag") << QStringList{"--server", "h", "--frobnicate"} << "--frobnicate";
    QTest::newRow("ehlo with space") << QStringList{"--server", "h", "--ehlo", "a b"} << "--ehlo";
}

void TestTestConnectionCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
}

void TestTestConnectionCli::exitCodes_data()
{
    QTest::addColumn<QString>("target"); // starttls | implicit | untrusted | closed
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("ok STARTTLS + AUTH") << "starttls" << QStringList{"--tls", "starttls"} << 0;
    QTest::newRow("ok implicit TLS") << "implicit" << QStringList{"--tls", "implicit"} << 0;
    QTest::newRow("bad password") << "starttls"
                                  << QStringList{"--tls", "starttls", "--bad-password"} << 5;
    QTest::newRow("untrusted certificate") << "untrusted" << QStringList{"--tls", "starttls"} << 4;
    QTest::newRow("implicit on STARTTLS port")
        << "starttls" << QStringList{"--tls", "implicit"} << 4;
    QTest::newRow("STARTTLS on implicit port times out")
        << "implicit" << QStringList{"--tls", "starttls", "--timeout", "1"} << 8;
    QTest::newRow("connection refused") << "closed" << QStringList{"--tls", "none"} << 3;
}

void TestTestConnectionCli::exitCodes()
{
    QFETCH(QString, target);
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const quint16 port = target == QLatin1String("starttls")    ? m_starttls.port()
                         : target == QLatin1String("implicit")  ? m_implicit.port()
                         : target == QLatin1String("untrusted") ? m_untrusted.port()
                                                                : m_closedPort;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const bool badPassword = args.removeAll(QStringLiteral("--bad-password")) > 0;
    env.insert(QStringLiteral("SMTP_TEST_PASSWORD"),
               badPassword ? QStringLiteral("nope") : kPassword);
    QStringList full{"--server",  QStringLiteral("127.0.0.1:%1").arg(port),
                     "--ca-file", m_certs.caFile(),
                     "--json",    "--transcript"};
    if (target != QLatin1String("closed"))
        full << "--user" << kUser << "--password-env"
             << "SMTP_TEST_PASSWORD";
    const Run r = runCli(full + args, env);
    QVERIFY2(r.exitCode == exitCode, QByteArray(r.out + r.err).constData());
    const QJsonObject report = QJsonDocument::fromJson(r.out).object();
    QVERIFY2(!report.isEmpty(), r.out.constData());
    QCOMPARE(report.value(QStringLiteral("ok")).toBool(), exitCode == 0);
    if (exitCode != 0)
        QVERIFY(!report.value(QStringLiteral("diagnosis")).toString().isEmpty());
    QVERIFY(!r.out.contains(kPassword.toUtf8()));
    QVERIFY(!r.err.contains(kPassword.toUtf8()));
}

QTEST_GUILESS_MAIN(TestTestConnectionCli)
#include "tst_testconnectioncli.moc"
