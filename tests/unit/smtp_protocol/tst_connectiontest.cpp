#include "connectors/smtp/ConnectionTest.h"
#include "tests/support/ScriptedSmtpServer.h"
#include "tests/support/TestCertificates.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>

using namespace connectors::smtp;
using testsupport::ScriptedSmtpServer;

class TestConnectionTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void diagnoses_data();
    void diagnoses();
    void invalidSettingsNeverConnect();
    void autoDetectTriesTheStandardPorts();
    void autoDetectWithoutCandidatesIsInvalid();

private:
    testsupport::TestCertificates m_certs;
};

void TestConnectionTest::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.generate(&error), qPrintable(error));
}

void TestConnectionTest::diagnoses_data()
{
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QString>("spec"); // tls=..., auth, probe, othercert, trustother
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("failedStage");
    QTest::addColumn<QString>("diagnosisMentions");

    using F = SendResult::Failure;
    const QStringList greet{"S: 220 fake.test ESMTP", "C: EHLO client.test"};
    QTest::newRow("ok, no TLS, probe accepted")
        << (greet + QStringList{"S: 250-fake.test", "S: 250 PIPELINING", "C: MAIL FROM:<me@x.test>",
                                "S: 250 ok", "C: RCPT TO:<you@y.test>", "S: 250 ok", "C: RSET",
                                "S: 250 ok", "C: QUIT", "S: 221 bye", "X"})
        << "tls=none,probe" << true << int(F::None) << ""
        << "";
    QTest::newRow("probe: recipient unknown")
        << (greet + QStringList{"S: 250 fake.test", "C: MAIL FROM:<me@x.test>", "S: 250 ok",
                                "C: RCPT TO:<you@y.test>", "S: 550 5.1.1 no such user", "C: RSET",
                                "S: 250 ok", "C: QUIT", "S: 221 bye", "X"})
        << "tls=none,probe" << false << int(F::Refused) << "probe"
        << "does not exist";
    QTest::newRow("probe: 530 must STARTTLS")
        << (greet + QStringList{"S: 250 fake.test", "C: MAIL FROM:<me@x.test>",
                                "S: 530 5.7.0 Must issue a STARTTLS command first", "C: RSET",
                                "S: 250 ok", "C: QUIT", "S: 221 bye", "X"})
        << "tls=none,probe" << false << int(F::Refused) << "probe"
        << "requires STARTTLS";
    QTest::newRow("535 bad login") << (greet + QStringList{"S: 250-fake.test", "S: 250 AUTH PLAIN",
                                                           "C: *", "S: 535 5.7.8 bad credentials"})
                                   << "tls=none,auth" << false << int(F::Auth) << "AUTH"
                                   << "wrong";
    QTest::newRow("534 app password")
        << (greet + QStringList{"S: 250-fake.test", "S: 250 AUTH PLAIN", "C: *",
                                "S: 534 5.7.9 Application-specific password required"})
        << "tls=none,auth" << false << int(F::Auth) << "AUTH"
        << "app password";
    QTest::newRow("STARTTLS not offered") << (greet + QStringList{"S: 250 fake.test"})
                                          << "tls=starttls" << false << int(F::Tls) << "TLS"
                                          << "does not offer STARTTLS";
    QTest::newRow("silent server: implicit TLS port")
        << QStringList{"P"} << "tls=starttls,timeout" << false << int(F::Timeout) << "greeting"
        << "Implicit TLS";
    QTest::newRow("untrusted certificate")
        << (greet + QStringList{"S: 250-fake.test", "S: 250 STARTTLS", "C: STARTTLS", "S: 220 go",
                                "T", "P"})
        << "tls=starttls,othercert" << false << int(F::Tls) << "TLS"
        << "not trusted";
    QTest::newRow("certificate for another name")
        << (greet + QStringList{"S: 250-fake.test", "S: 250 STARTTLS", "C: STARTTLS", "S: 220 go",
                                "T", "P"})
        << "tls=starttls,othercert,trustother" << false << int(F::Tls) << "TLS"
        << "other.invalid";
    QTest::newRow("STARTTLS ok, chain reported")
        << (greet + QStringList{"S: 250-fake.test", "S: 250 STARTTLS", "C: STARTTLS", "S: 220 go",
                                "T", "C: EHLO client.test", "S: 250 fake.test", "C: QUIT",
                                "S: 221 bye", "X"})
        << "tls=starttls" << true << int(F::None) << ""
        << "";
}

void TestConnectionTest::diagnoses()
{
    QFETCH(QStringList, script);
    QFETCH(QString, spec);
    QFETCH(bool, ok);
    QFETCH(int, failure);
    QFETCH(QString, failedStage);
    QFETCH(QString, diagnosisMentions);
    const QStringList flags = spec.split(QLatin1Char(','));

    ScriptedSmtpServer server;
    if (flags.contains(QStringLiteral("othercert"))) {
        QFile cert(m_certs.otherCertFile());
        QFile key(m_certs.otherKeyFile());
        QVERIFY(cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
        server.setCertificate(QSslCertificate(cert.readAll()), QSslKey(key.readAll(), QSsl::Ec));
    } else {
        server.setCertificate(m_certs.serverCertificate(), m_certs.serverKey());
    }
    QVERIFY(server.start());
    server.addScript(script);

    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = server.port();
    s.ehloName = QStringLiteral("client.test");
    s.tlsMode = *SmtpSettings::tlsModeFromName(flags.first().section(QLatin1Char('='), 1));
    s.caFile =
        flags.contains(QStringLiteral("trustother")) ? m_certs.otherCertFile() : m_certs.caFile();
    if (flags.contains(QStringLiteral("othercert")) &&
        !flags.contains(QStringLiteral("trustother")))
        s.caFile.clear();
    s.stageTimeoutMs = flags.contains(QStringLiteral("timeout")) ? 300 : 5000;
    if (flags.contains(QStringLiteral("auth"))) {
        s.user = QStringLiteral("me");
        s.password = QStringLiteral("secret-pw");
        s.allowPlaintextAuth = true;
    }
    ConnectionTest test(s);
    if (flags.contains(QStringLiteral("probe")))
        test.setProbe(QStringLiteral("me@x.test"), QStringLiteral("you@y.test"));
    int live = 0;
    connect(&test, &ConnectionTest::transcriptLine, this, [&live] { ++live; });
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(20000));
    const ConnectionReport& r = test.report();
    const QByteArray json = QJsonDocument(r.toJson()).toJson();
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure() + json));
    QVERIFY2(r.ok == ok, json.constData());
    QCOMPARE(int(r.failure), failure);
    QCOMPARE(r.failedStage, failedStage);
    if (diagnosisMentions.isEmpty())
        QVERIFY(r.diagnosis.isEmpty());
    else
        QVERIFY2(r.diagnosis.contains(diagnosisMentions, Qt::CaseInsensitive), json.constData());
    QCOMPARE(live, int(r.transcript.size()));
    QVERIFY(!json.contains("secret-pw"));
    if (s.tlsMode == SmtpSettings::TlsMode::StartTls && failedStage.isEmpty()) {
        QVERIFY(r.certificateTrusted);
        QCOMPARE(r.chain.first().sha256, m_certs.serverSha256());
        QVERIFY(!r.tlsProtocol.isEmpty());
    }
    if (flags.contains(QStringLiteral("othercert")))
        QVERIFY(!r.chain.isEmpty()); // the rejected chain is still shown
}

void TestConnectionTest::invalidSettingsNeverConnect()
{
    SmtpSettings s; // no host
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(5000));
    QCOMPARE(test.report().failure, SendResult::Failure::InvalidInput);
    QVERIFY(test.report().error.contains(QStringLiteral("host")));
}

void TestConnectionTest::autoDetectTriesTheStandardPorts()
{
    // What `logicapp test-connection --auto-detect` tries, in RFC 8314 order.
    const QList<ConnectionTest::Candidate> c = ConnectionTest::standardCandidates();
    QCOMPARE(c.size(), 3);
    QCOMPARE(c.at(0).port, quint16(465));
    QCOMPARE(c.at(0).tlsMode, SmtpSettings::TlsMode::Implicit);
    QCOMPARE(c.at(1).port, quint16(587));
    QCOMPARE(c.at(1).tlsMode, SmtpSettings::TlsMode::StartTls);
    QCOMPARE(c.at(2).port, quint16(25));
    QCOMPARE(c.at(2).tlsMode, SmtpSettings::TlsMode::StartTls);
}

void TestConnectionTest::autoDetectWithoutCandidatesIsInvalid()
{
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.startAutoDetect({});
    QVERIFY(done.wait(5000));
    QVERIFY(!test.report().ok);
    QCOMPARE(test.report().failure, SendResult::Failure::InvalidInput);
    QVERIFY(test.report().attempts.isEmpty());
}

QTEST_GUILESS_MAIN(TestConnectionTest)
#include "tst_connectiontest.moc"
