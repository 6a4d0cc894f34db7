#include "connectors/smtp/ConnectionTest.h"
#include "connectors/smtp/SmtpClient.h"
#include "connectors/smtp/SmtpPool.h"
#include "tests/support/Paths.h"
#include "tests/support/SmtpdServer.h"
#include "tests/support/TestCertificates.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace connectors::smtp;
using testsupport::SmtpdServer;

namespace {

const QString kUser = QStringLiteral("tester");
const QString kPassword = QStringLiteral("Pa55-w0rd!secret");

std::unique_ptr<QIODevice> buffer(const QByteArray& bytes)
{
    auto b = std::make_unique<QBuffer>();
    b->setData(bytes);
    return b;
}

Envelope envelopeTo(const QStringList& rcpts)
{
    Envelope e;
    e.from = QStringLiteral("sender@example.test");
    e.recipients = rcpts;
    return e;
}

QByteArray message(const QString& subject)
{
    return "From: sender@example.test\r\nTo: rcpt@example.test\r\nSubject: " + subject.toUtf8() +
           "\r\n\r\nLine one\r\n.line starting with a dot\r\nLast line\r\n";
}

} // namespace

class TestSmtpAiosmtpd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sends_data();
    void sends();
    void untrustedCertificateRefused();
    void badLoginIs401();
    void requireStartTlsGives403();
    void poolDeliversAll();
    void pipelinedSendsArriveIntact();
    void connectionTestReport();
    void connectionTestProbeSendsNothing();
    void wrongTlsModeDiagnosis_data();
    void wrongTlsModeDiagnosis();
    void connectionRefusedDiagnosis();
    void autoDetectReportsWhatWorks_data();
    void autoDetectReportsWhatWorks();
    void autoDetectCancelStopsProbing();

private:
    SmtpSettings settingsFor(const SmtpdServer& server, SmtpSettings::TlsMode mode) const;
    SendResult run(SmtpClient& client, const Envelope& e, const QByteArray& content);
    testsupport::TestCertificates m_certs;
};

void TestSmtpAiosmtpd::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.generate(&error), qPrintable(error));
}

SmtpSettings TestSmtpAiosmtpd::settingsFor(const SmtpdServer& server,
                                           SmtpSettings::TlsMode mode) const
{
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = server.port();
    s.tlsMode = mode;
    s.caFile = m_certs.caFile();
    s.user = kUser;
    s.password = kPassword;
    s.ehloName = QStringLiteral("client.example.test");
    s.stageTimeoutMs = 10000;
    return s;
}

SendResult TestSmtpAiosmtpd::run(SmtpClient& client, const Envelope& e, const QByteArray& content)
{
    std::unique_ptr<SendReply> reply(client.send(e, buffer(content)));
    QSignalSpy spy(reply.get(), &SendReply::finished);
    if (!reply->isFinished())
        spy.wait(30000);
    return reply->result();
}

void TestSmtpAiosmtpd::sends_data()
{
    QTest::addColumn<bool>("implicitServer");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("mechanism");
    QTest::addColumn<bool>("pin");
    QTest::newRow("STARTTLS + AUTH PLAIN")
        << false << int(SmtpSettings::TlsMode::StartTls) << "auto" << false;
    QTest::newRow("STARTTLS + AUTH LOGIN")
        << false << int(SmtpSettings::TlsMode::StartTls) << "login" << false;
    QTest::newRow("implicit TLS + AUTH")
        << true << int(SmtpSettings::TlsMode::Implicit) << "plain" << false;
    QTest::newRow("pinned certificate, no CA")
        << false << int(SmtpSettings::TlsMode::StartTls) << "auto" << true;
}

void TestSmtpAiosmtpd::sends()
{
    QFETCH(bool, implicitServer);
    QFETCH(int, mode);
    QFETCH(QString, mechanism);
    QFETCH(bool, pin);
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.implicitTls = implicitServer;
    o.user = kUser;
    o.password = kPassword;
    QString error;
    QVERIFY2(server.start(o, &error), qPrintable(error));

    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode(mode));
    s.authMechanism = *SmtpSettings::authMechanismFromName(mechanism);
    if (pin) {
        s.caFile.clear();
        s.pinSha256 = m_certs.serverSha256();
    }
    SmtpClient client(s);
    const QStringList rcpts{QStringLiteral("one@example.test"), QStringLiteral("two@example.test")};
    const QByteArray content = message(QStringLiteral("Hello"));
    const SendResult r = run(client, envelopeTo(rcpts), content);
    QVERIFY2(r.code == 200, qPrintable(r.error + QJsonDocument(r.transcript).toJson()));
    QCOMPARE(r.queueId, QStringLiteral("Q0001"));
    QCOMPARE(r.recipients.size(), 2);
    QVERIFY(r.recipients.at(0).accepted && r.recipients.at(1).accepted);
    QVERIFY(server.waitForMessages(1));
    const auto messages = server.messages();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().mailFrom, QStringLiteral("sender@example.test"));
    QCOMPARE(messages.first().rcptTos, rcpts);
    QVERIFY(messages.first().tls);
    QVERIFY(messages.first().authenticated);
    QCOMPARE(messages.first().data, content);

    // A second message reuses the connection.
    const SendResult r2 = run(client, envelopeTo(rcpts), message(QStringLiteral("Again")));
    QCOMPARE(r2.code, 200);
    QCOMPARE(r2.queueId, QStringLiteral("Q0002"));
    bool sawEhlo = false;
    for (const auto& v : r2.transcript)
        sawEhlo = sawEhlo || v.toObject()
                                 .value(QStringLiteral("line"))
                                 .toString()
                                 .startsWith(QStringLiteral("EHLO"));
    QVERIFY(!sawEhlo);
    const QByteArray json = QJsonDocument(r.toJson()).toJson();
    QVERIFY(!json.contains(kPassword.toUtf8()));
}

void TestSmtpAiosmtpd::untrustedCertificateRefused()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.otherCertFile();
    o.keyFile = m_certs.otherKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QVERIFY(server.start(o));
    for (const bool withCa : {false, true}) {
        SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode::StartTls);
        if (!withCa)
            s.caFile.clear();
        SmtpClient client(s);
        const SendResult r = run(client, envelopeTo({QStringLiteral("x@example.test")}), "x");
        QCOMPARE(r.failure, SendResult::Failure::Tls);
        QCOMPARE(r.code, 500);
        QVERIFY2(r.error.contains(QStringLiteral("TLS")), qPrintable(r.error));
    }
    QTest::qWait(200);
    QVERIFY(server.messages().isEmpty());
}

void TestSmtpAiosmtpd::badLoginIs401()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QVERIFY(server.start(o));
    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode::StartTls);
    s.password = QStringLiteral("wrong-password");
    SmtpClient client(s);
    const SendResult r = run(client, envelopeTo({QStringLiteral("x@example.test")}), "x");
    QVERIFY2(r.code == 401, qPrintable(r.error + QJsonDocument(r.transcript).toJson()));
    QCOMPARE(r.failure, SendResult::Failure::Auth);
    QCOMPARE(r.lastReply.code, 535);
    QVERIFY(server.messages().isEmpty());
}

void TestSmtpAiosmtpd::requireStartTlsGives403()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.requireStartTls = true;
    QVERIFY(server.start(o));
    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode::None);
    s.user.clear();
    s.password.clear();
    SmtpClient client(s);
    const SendResult r = run(client, envelopeTo({QStringLiteral("x@example.test")}), "x");
    QCOMPARE(r.code, 403);
    QCOMPARE(r.lastReply.code, 530);
    QVERIFY(server.messages().isEmpty());
}

void TestSmtpAiosmtpd::poolDeliversAll()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QVERIFY(server.start(o));
    SmtpPool pool(settingsFor(server, SmtpSettings::TlsMode::StartTls), 3);
    std::vector<std::unique_ptr<SendReply>> replies;
    for (int i = 0; i < 12; ++i)
        replies.emplace_back(pool.send(envelopeTo({QStringLiteral("r%1@example.test").arg(i)}),
                                       buffer(message(QStringLiteral("n%1").arg(i)))));
    for (auto& r : replies) {
        QTRY_VERIFY_WITH_TIMEOUT(r->isFinished(), 30000);
        QVERIFY2(r->result().code == 200, qPrintable(r->result().error));
    }
    QVERIFY(server.waitForMessages(12));
    QSet<QString> rcpts;
    for (const auto& m : server.messages())
        rcpts.insert(m.rcptTos.join(QLatin1Char(',')));
    QCOMPARE(rcpts.size(), 12);
}

void TestSmtpAiosmtpd::pipelinedSendsArriveIntact()
{
    // aiosmtpd offering PIPELINING: each message's MAIL/RCPT/DATA follow the
    // previous message's content in the same write (RFC 2920 3.1). Every
    // message must arrive whole and in order, and every reply must carry its
    // own message's outcome, including refusals in between.
    SmtpdServer server;
    SmtpdServer::Options o;
    o.pipelining = true;
    o.refusePrefix = QStringLiteral("refuse");
    QString error;
    QVERIFY2(server.start(o, &error), qPrintable(error));

    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = server.port();
    s.tlsMode = SmtpSettings::TlsMode::None;
    s.ehloName = QStringLiteral("client.example.test");
    s.stageTimeoutMs = 10000;
    SmtpClient client(s);

    struct Sent
    {
        QStringList rcpts;
        QByteArray content;
        std::unique_ptr<SendReply> reply;
    };
    std::vector<Sent> sent;
    for (int i = 0; i < 24; ++i) {
        Sent m;
        m.rcpts = {QStringLiteral("r%1@example.test").arg(i)};
        if (i % 5 == 2)
            m.rcpts << QStringLiteral("refuse%1@example.test").arg(i);
        if (i == 11)
            m.rcpts = {QStringLiteral("refuse-all@example.test")};
        m.content = message(QStringLiteral("pipelined %1").arg(i));
        m.content +=
            QByteArray(".\r\n..\r\n").repeated(i % 3) + "end " + QByteArray::number(i) + "\r\n";
        m.reply.reset(client.send(envelopeTo(m.rcpts), buffer(m.content)));
        sent.push_back(std::move(m));
    }
    for (Sent& m : sent)
        QTRY_VERIFY_WITH_TIMEOUT(m.reply->isFinished(), 30000);
    QVERIFY(client.capabilities().pipelining); // the server offered it
    const QList<testsupport::ReceivedMessage> received = server.messages();
    qsizetype next = 0;
    for (int i = 0; i < int(sent.size()); ++i) {
        const SendResult& r = sent[i].reply->result();
        int mails = 0;
        for (const auto& v : r.transcript)
            mails += v.toObject()
                             .value(QStringLiteral("line"))
                             .toString()
                             .startsWith(QStringLiteral("MAIL FROM:"))
                         ? 1
                         : 0;
        QCOMPARE(mails, 1);
        if (i == 11) {
            QCOMPARE(r.code, 404);
            QCOMPARE(r.recipients.size(), 1);
            QVERIFY(!r.recipients.first().accepted);
            continue;
        }
        QVERIFY2(r.code == 200, qPrintable(QStringLiteral("message %1: ").arg(i) + r.error));
        QCOMPARE(r.queueId, QStringLiteral("Q%1").arg(next + 1, 4, 10, QLatin1Char('0')));
        QCOMPARE(r.recipients.size(), sent[i].rcpts.size());
        QVERIFY(r.recipients.first().accepted);
        if (r.recipients.size() > 1) {
            QVERIFY(!r.recipients.at(1).accepted);
            QCOMPARE(r.recipients.at(1).smtpCode, 550);
        }
        QVERIFY(next < received.size());
        const testsupport::ReceivedMessage& got = received.at(next++);
        QCOMPARE(got.rcptTos, QStringList{sent[i].rcpts.first()});
        QCOMPARE(got.data, sent[i].content);
    }
    QCOMPARE(received.size(), next);
}

void TestSmtpAiosmtpd::connectionTestReport()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QVERIFY(server.start(o));
    ConnectionTest test(settingsFor(server, SmtpSettings::TlsMode::StartTls));
    QList<QJsonObject> live;
    connect(&test, &ConnectionTest::transcriptLine, this,
            [&live](const QJsonObject& e) { live.append(e); });
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(30000));
    const ConnectionReport& r = test.report();
    const QByteArray json = QJsonDocument(r.toJson()).toJson();
    QVERIFY2(r.ok, json.constData());
    QStringList stages;
    for (const auto& s : r.stages)
        stages.append(s.name);
    QCOMPARE(stages,
             (QStringList{"DNS", "TCP", "greeting", "EHLO", "TLS", "EHLO", "AUTH", "QUIT"}));
    QVERIFY(r.certificateTrusted);
    QCOMPARE(r.chain.size() >= 1, true);
    QCOMPARE(r.chain.first().sha256, m_certs.serverSha256());
    QVERIFY(r.tlsProtocol.startsWith(QStringLiteral("TLSv1.")));
    QVERIFY(!r.cipher.isEmpty());
    QVERIFY(r.capabilities.authMechanisms.contains(QStringLiteral("PLAIN")));
    QCOMPARE(r.authMechanism, QStringLiteral("PLAIN"));
    QVERIFY(!live.isEmpty());
    QCOMPARE(live.size(), r.transcript.size());
    QVERIFY(json.contains("AUTH PLAIN ****"));
    QVERIFY(!json.contains(kPassword.toUtf8()));
    const QByteArray plainB64 =
        QByteArray(QByteArray(1, '\0') + kUser.toUtf8() + QByteArray(1, '\0') + kPassword.toUtf8())
            .toBase64();
    QVERIFY(!json.contains(plainB64));
}

void TestSmtpAiosmtpd::connectionTestProbeSendsNothing()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    QVERIFY(server.start(o));
    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode::StartTls);
    s.user.clear();
    s.password.clear();
    ConnectionTest test(s);
    test.setProbe(QStringLiteral("sender@example.test"), QStringLiteral("probe@example.test"));
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(30000));
    const ConnectionReport& r = test.report();
    QVERIFY2(r.ok, QJsonDocument(r.toJson()).toJson().constData());
    QCOMPARE(r.probe.size(), 1);
    QVERIFY(r.probe.first().accepted);
    const QByteArray json = QJsonDocument(r.transcript).toJson();
    QVERIFY(json.contains("RSET"));
    QVERIFY(!json.contains("\"DATA\""));
    QTest::qWait(200);
    QVERIFY(server.messages().isEmpty());
}

void TestSmtpAiosmtpd::wrongTlsModeDiagnosis_data()
{
    QTest::addColumn<bool>("implicitServer");
    QTest::addColumn<int>("clientMode");
    QTest::addColumn<int>("failure");
    QTest::addColumn<QString>("diagnosisMentions");
    QTest::newRow("implicit TLS on a STARTTLS port")
        << false << int(SmtpSettings::TlsMode::Implicit) << int(SendResult::Failure::Tls)
        << "wrong version number";
    QTest::newRow("STARTTLS on an implicit TLS port")
        << true << int(SmtpSettings::TlsMode::StartTls) << int(SendResult::Failure::Timeout)
        << "Implicit TLS";
}

void TestSmtpAiosmtpd::wrongTlsModeDiagnosis()
{
    QFETCH(bool, implicitServer);
    QFETCH(int, clientMode);
    QFETCH(int, failure);
    QFETCH(QString, diagnosisMentions);
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.implicitTls = implicitServer;
    QVERIFY(server.start(o));
    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode(clientMode));
    s.user.clear();
    s.password.clear();
    s.stageTimeoutMs = 1500;
    s.connectTimeoutMs = 1500;
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(30000));
    const ConnectionReport& r = test.report();
    const QByteArray json = QJsonDocument(r.toJson()).toJson();
    QVERIFY(!r.ok);
    QCOMPARE(int(r.failure), failure);
    QVERIFY2(r.diagnosis.contains(diagnosisMentions, Qt::CaseInsensitive), json.constData());
}

void TestSmtpAiosmtpd::connectionRefusedDiagnosis()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = port;
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.start();
    QVERIFY(done.wait(30000));
    QCOMPARE(test.report().failure, SendResult::Failure::Connect);
    QCOMPARE(test.report().failedStage, QStringLiteral("TCP"));
    QVERIFY(test.report().diagnosis.contains(QStringLiteral("Nothing accepts connections")));
}

void TestSmtpAiosmtpd::autoDetectReportsWhatWorks_data()
{
    // Candidates as "server:mode" (server: implicit, starttls or closed);
    // expected: what each attempt gives ("ok" or the failed stage), in order.
    QTest::addColumn<QStringList>("candidates");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("chosen"); // index of the reported candidate
    QTest::newRow("implicit and STARTTLS both work, closed port fails")
        << QStringList{"closed:implicit", "implicit:implicit", "starttls:starttls"}
        << QStringList{"TCP", "ok", "ok"} << 1;
    QTest::newRow("only STARTTLS works")
        << QStringList{"starttls:implicit", "starttls:starttls", "closed:starttls"}
        << QStringList{"TLS", "ok", "TCP"} << 1;
    QTest::newRow("nothing works: the last failure is reported")
        << QStringList{"closed:implicit", "starttls:implicit"} << QStringList{"TCP", "TLS"} << 1;
}

void TestSmtpAiosmtpd::autoDetectReportsWhatWorks()
{
    QFETCH(QStringList, candidates);
    QFETCH(QStringList, expected);
    QFETCH(int, chosen);
    SmtpdServer implicitServer, startTlsServer;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    o.user = kUser;
    o.password = kPassword;
    QString error;
    QVERIFY2(startTlsServer.start(o, &error), qPrintable(error));
    o.implicitTls = true;
    QVERIFY2(implicitServer.start(o, &error), qPrintable(error));
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }

    QList<ConnectionTest::Candidate> list;
    for (const QString& c : candidates) {
        const QString server = c.section(QLatin1Char(':'), 0, 0);
        const quint16 port = server == QLatin1String("implicit")   ? implicitServer.port()
                             : server == QLatin1String("starttls") ? startTlsServer.port()
                                                                   : closedPort;
        list.append({port, *SmtpSettings::tlsModeFromName(c.section(QLatin1Char(':'), 1, 1))});
    }
    // The port in the settings is not used: each candidate brings its own.
    SmtpSettings s = settingsFor(startTlsServer, SmtpSettings::TlsMode::None);
    s.port = closedPort;
    s.stageTimeoutMs = 5000;
    s.connectTimeoutMs = 5000;
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    test.startAutoDetect(list);
    QVERIFY(done.wait(60000));
    const ConnectionReport& r = test.report();
    const QByteArray json = QJsonDocument(r.toJson()).toJson();
    QCOMPARE(r.attempts.size(), list.size());
    QStringList got;
    for (qsizetype i = 0; i < r.attempts.size(); ++i) {
        const QJsonObject a = r.attempts.at(i).toObject();
        QCOMPARE(a.value(QStringLiteral("port")).toInt(), int(list.at(i).port));
        QCOMPARE(a.value(QStringLiteral("tlsMode")).toString(),
                 SmtpSettings::tlsModeName(list.at(i).tlsMode));
        got.append(a.value(QStringLiteral("ok")).toBool()
                       ? QStringLiteral("ok")
                       : a.value(QStringLiteral("failedStage")).toString());
    }
    QVERIFY2(got == expected, qPrintable(got.join(',') + "\n" + json));
    // The report itself is the chosen attempt's.
    QCOMPARE(r.port, list.at(chosen).port);
    QCOMPARE(r.tlsMode, SmtpSettings::tlsModeName(list.at(chosen).tlsMode));
    QCOMPARE(r.ok, expected.at(chosen) == QLatin1String("ok"));
    if (r.ok) {
        QVERIFY(r.certificateTrusted);
        QCOMPARE(r.authMechanism, QStringLiteral("PLAIN"));
    } else {
        QVERIFY(!r.diagnosis.isEmpty());
    }
    QVERIFY(!json.contains(kPassword.toUtf8()));
    QTest::qWait(100);
    QVERIFY(implicitServer.messages().isEmpty() && startTlsServer.messages().isEmpty());
}

void TestSmtpAiosmtpd::autoDetectCancelStopsProbing()
{
    SmtpdServer server;
    SmtpdServer::Options o;
    o.certFile = m_certs.serverCertFile();
    o.keyFile = m_certs.serverKeyFile();
    QVERIFY(server.start(o));
    SmtpSettings s = settingsFor(server, SmtpSettings::TlsMode::StartTls);
    s.user.clear();
    s.password.clear();
    ConnectionTest test(s);
    QSignalSpy done(&test, &ConnectionTest::finished);
    QSignalSpy stages(&test, &ConnectionTest::stageStarted);
    test.startAutoDetect({{server.port(), SmtpSettings::TlsMode::StartTls},
                          {server.port(), SmtpSettings::TlsMode::StartTls}});
    QVERIFY(stages.wait(10000));
    test.cancel();
    QCOMPARE(done.size(), 1);
    QCOMPARE(test.report().failure, SendResult::Failure::Cancelled);
    // Nothing more is probed, and finished() does not come twice.
    const qsizetype seen = stages.size();
    QTest::qWait(1000);
    QCOMPARE(stages.size(), seen);
    QCOMPARE(done.size(), 1);
}

QTEST_GUILESS_MAIN(TestSmtpAiosmtpd)
#include "tst_smtpaiosmtpd.moc"
