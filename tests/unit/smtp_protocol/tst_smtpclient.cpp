#include "connectors/smtp/SmtpClient.h"
#include "connectors/smtp/SmtpPool.h"
#include "tests/support/ScriptedSmtpServer.h"
#include "tests/support/TestCertificates.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace connectors::smtp;
using testsupport::ScriptedSmtpServer;

namespace {

const QString kGreet = QStringLiteral("S: 220 fake.test ESMTP");
const QString kEhlo = QStringLiteral("C: EHLO client.test");

// "S: 250-fake.test" + one "S: 250-KEYWORD" per capability.
QStringList ehloReply(const QStringList& caps)
{
    QStringList out{kEhlo};
    if (caps.isEmpty())
        return out << QStringLiteral("S: 250 fake.test");
    out << QStringLiteral("S: 250-fake.test");
    for (qsizetype i = 0; i < caps.size(); ++i)
        out << (QString::fromLatin1(i + 1 == caps.size() ? "S: 250 " : "S: 250-") + caps.at(i));
    return out;
}

// Lines (dir + " " + line) of a transcript, for checks on who got which line.
QStringList transcriptLines(const SendResult& r)
{
    QStringList out;
    for (const auto& v : r.transcript) {
        const QJsonObject o = v.toObject();
        out << o.value(QStringLiteral("dir")).toString() + QLatin1Char(' ') +
                   o.value(QStringLiteral("line")).toString();
    }
    return out;
}

// The first transaction of a PIPELINING connection, up to and including its content.
QStringList pipelinedFirst()
{
    return {QStringLiteral("C: MAIL FROM:<a@x.test>"), QStringLiteral("C: RCPT TO:<b@y.test>"),
            QStringLiteral("C: DATA"),
            QStringLiteral("R: 250 2.1.0 Ok\\r\\n250 2.1.5 Ok\\r\\n354 go\\r\\n"),
            QStringLiteral("D")};
}

QStringList
plainTransaction(const QString& queued = QStringLiteral("250 2.0.0 Ok: queued as ABC123"))
{
    return {QStringLiteral("C: MAIL FROM:<a@x.test>"),
            QStringLiteral("S: 250 2.1.0 Ok"),
            QStringLiteral("C: RCPT TO:<b@y.test>"),
            QStringLiteral("S: 250 2.1.5 Ok"),
            QStringLiteral("C: DATA"),
            QStringLiteral("S: 354 go ahead"),
            QStringLiteral("D"),
            QStringLiteral("S: ") + queued};
}

std::unique_ptr<QIODevice> buffer(const QByteArray& bytes)
{
    auto b = std::make_unique<QBuffer>();
    b->setData(bytes);
    return b;
}

Envelope envelopeOf(const QString& from, const QStringList& recipients)
{
    Envelope e;
    e.from = from;
    e.recipients = recipients;
    return e;
}

} // namespace

class TestSmtpClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scenario_data();
    void scenario();
    void reusesConnection();
    void reopensOnce_data();
    void reopensOnce();
    void doesNotReopenTwice();
    void transcriptIsRedacted();
    void cancelMidData();
    void cancelQueued();
    void streamsLargeContent();
    void providerSeesCapabilities_data();
    void providerSeesCapabilities();
    void poolUsesSeveralConnections();
    void invalidInputSendsNothing_data();
    void invalidInputSendsNothing();
    void connectionRefused();
    void pipelinesNextMessage();
    void pipelinedRepliesSplitAnywhere_data();
    void pipelinedRepliesSplitAnywhere();
    void pipelinedLostConnection_data();
    void pipelinedLostConnection();
    void pipelinedRefusals_data();
    void pipelinedRefusals();
    void pipelinedRefusedLocally();
    void cancelPipelined();
    void deletedFromReplyHandler();
    void pipelinedSilentServerTimesOut();
    void poolPipelinesPerConnection();

private:
    SmtpSettings settingsFor(const ScriptedSmtpServer& server, const QString& spec) const;
    SendResult run(SmtpClient& client, const Envelope& envelope, const QByteArray& content);
    testsupport::TestCertificates m_certs;
};

void TestSmtpClient::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.generate(&error), qPrintable(error));
}

SmtpSettings TestSmtpClient::settingsFor(const ScriptedSmtpServer& server,
                                         const QString& spec) const
{
    SmtpSettings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = server.port();
    s.tlsMode = SmtpSettings::TlsMode::None;
    s.ehloName = QStringLiteral("client.test");
    s.stageTimeoutMs = 5000;
    s.connectTimeoutMs = 5000;
    s.caFile = m_certs.caFile();
    for (const QString& item : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString key = item.section(QLatin1Char('='), 0, 0);
        const QString value = item.section(QLatin1Char('='), 1);
        if (key == QLatin1String("tls"))
            s.tlsMode = *SmtpSettings::tlsModeFromName(value);
        else if (key == QLatin1String("user"))
            s.user = value;
        else if (key == QLatin1String("pass"))
            s.password = value;
        else if (key == QLatin1String("token"))
            s.token = value;
        else if (key == QLatin1String("mech"))
            s.authMechanism = *SmtpSettings::authMechanismFromName(value);
        else if (key == QLatin1String("plainauth"))
            s.allowPlaintextAuth = true;
        else if (key == QLatin1String("noca"))
            s.caFile.clear();
        else if (key == QLatin1String("any")) {
            s.caFile.clear();
            s.acceptAnyCertificate = true;
        } else if (key == QLatin1String("pin")) {
            s.caFile.clear();
            s.pinSha256 = value.isEmpty() ? m_certs.serverSha256() : value;
        } else if (key == QLatin1String("timeout"))
            s.stageTimeoutMs = value.toInt();
        else if (key == QLatin1String("ehlo"))
            s.ehloName = value;
        else
            qFatal("bad settings spec %s", qPrintable(item));
    }
    return s;
}

SendResult TestSmtpClient::run(SmtpClient& client, const Envelope& envelope,
                               const QByteArray& content)
{
    std::unique_ptr<SendReply> reply(client.send(envelope, buffer(content)));
    QSignalSpy spy(reply.get(), &SendReply::finished);
    if (!spy.wait(20000))
        qWarning("send did not finish");
    return reply->isFinished() ? reply->result() : SendResult();
}

void TestSmtpClient::scenario_data()
{
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("envelopeSpec"); // "8bit,utf8,dsn,size=N,from=..,rcpt=a;b"
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("code");
    QTest::addColumn<int>("failure");
    QTest::addColumn<bool>("transient");
    QTest::addColumn<QString>("errorMentions");
    QTest::addColumn<QString>("accepted"); // per recipient 1/0, empty = not checked
    QTest::addColumn<QByteArray>("data");  // expected DATA as sent, empty = none
    QTest::addColumn<QString>("queueId");
    QTest::addColumn<QStringList>("neverSent"); // command prefixes that must not appear

    using F = SendResult::Failure;
    const QByteArray body("Subject: hi\r\n\r\nHello\r\n");
    const QByteArray none;
    const QStringList basicEhlo = ehloReply({QStringLiteral("8BITMIME")});

    QTest::newRow("01 plain send") << (QStringList{kGreet} + basicEhlo + plainTransaction()) << ""
                                   << "" << body << 200 << int(F::None) << false << ""
                                   << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("02 pipelined batch in one read")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"}) +
            QStringList{"C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: DATA",
                        "R: 250 2.1.0 Ok\\r\\n250 2.1.5 Ok\\r\\n354 go\\r\\n", "D",
                        "S: 250 2.0.0 Ok: queued as P1"})
        << ""
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "P1" << QStringList{};
    QTest::newRow("03 multi-line greeting")
        << (QStringList{"S: 220-fake.test ESMTP", "S: 220-second line", "S: 220 third"} +
            basicEhlo + plainTransaction())
        << ""
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("04 HELO fallback")
        << (QStringList{kGreet, kEhlo, "S: 502 5.5.2 Command not recognized", "C: HELO client.test",
                        "S: 250 fake.test"} +
            plainTransaction())
        << ""
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("05 EHLO and HELO refused")
        << QStringList{kGreet, kEhlo, "S: 500 no", "C: HELO client.test", "S: 501 no either"} << ""
        << "" << body << 500 << int(F::Server) << false << "HELO"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("06 greeting 554")
        << QStringList{"S: 554 5.7.1 go away"} << ""
        << "" << body << 403 << int(F::Refused) << false << "refused the session"
        << "" << none << "" << QStringList{"EHLO"};
    QTest::newRow("07 greeting 421 transient")
        << QStringList{"S: 421 4.3.2 busy"} << ""
        << "" << body << 500 << int(F::Server) << true << "closing"
        << "" << none << "" << QStringList{"EHLO"};
    QTest::newRow("08 STARTTLS, re-EHLO forgets PIPELINING, AUTH PLAIN")
        << (QStringList{kGreet} + ehloReply({"PIPELINING", "STARTTLS", "AUTH PLAIN"}) +
            QStringList{"C: STARTTLS", "S: 220 2.0.0 Ready", "T"} +
            ehloReply({"AUTH PLAIN LOGIN"}) +
            QStringList{"C: AUTH PLAIN AHUAcA==", "S: 235 2.7.0 ok"} + plainTransaction())
        << "tls=starttls,user=u,pass=p"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("09 STARTTLS not offered fails closed")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"})) << "tls=starttls"
        << "" << body << 500 << int(F::Tls) << false << "does not offer STARTTLS"
        << "" << none << "" << QStringList{"MAIL", "STARTTLS", "AUTH"};
    QTest::newRow("10 STARTTLS 454")
        << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
            QStringList{"C: STARTTLS", "S: 454 4.7.0 TLS not available"})
        << "tls=starttls"
        << "" << body << 500 << int(F::Tls) << true << "454"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("11 STARTTLS response injection")
        << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
            QStringList{"C: STARTTLS", "R: 220 go\\r\\n250-injected\\r\\n250 x\\r\\n"})
        << "tls=starttls"
        << "" << body << 500 << int(F::Tls) << false << "injection"
        << "" << none << "" << QStringList{"MAIL", "EHLO client.test\x01"};
    QTest::newRow("12 untrusted certificate")
        << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
            QStringList{"C: STARTTLS", "S: 220 go", "T", "P"})
        << "tls=starttls,noca"
        << "" << body << 500 << int(F::Tls) << false << "TLS handshake"
        << "" << none << "" << QStringList{"MAIL", "AUTH"};
    QTest::newRow("13 pinned certificate")
        << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
            QStringList{"C: STARTTLS", "S: 220 go", "T"} + basicEhlo + plainTransaction())
        << "tls=starttls,pin"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("14 wrong pin") << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
                                      QStringList{"C: STARTTLS", "S: 220 go", "T", "P"})
                                  << QStringLiteral("tls=starttls,pin=") +
                                         QString(64, QLatin1Char('0'))
                                  << "" << body << 500 << int(F::Tls) << false << "TLS"
                                  << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("15 accept any certificate")
        << (QStringList{kGreet} + ehloReply({"STARTTLS"}) +
            QStringList{"C: STARTTLS", "S: 220 go", "T"} + basicEhlo + plainTransaction())
        << "tls=starttls,any"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("16 no AUTH over plaintext")
        << (QStringList{kGreet} + ehloReply({"AUTH PLAIN"})) << "user=u,pass=p"
        << "" << body << 400 << int(F::Tls) << false << "unencrypted"
        << "" << none << "" << QStringList{"AUTH", "MAIL"};
    QTest::newRow("17 AUTH PLAIN plaintext allowed")
        << (QStringList{kGreet} + ehloReply({"AUTH PLAIN"}) +
            QStringList{"C: AUTH PLAIN AHUAcA==", "S: 235 ok"} + plainTransaction())
        << "user=u,pass=p,plainauth"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("18 AUTH LOGIN")
        << (QStringList{kGreet} + ehloReply({"AUTH LOGIN"}) +
            QStringList{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: dQ==", "S: 334 UGFzc3dvcmQ6",
                        "C: cA==", "S: 235 ok"} +
            plainTransaction())
        << "user=u,pass=p,plainauth"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("19 AUTH CRAM-MD5 (RFC 2195 example)")
        << (QStringList{kGreet} + ehloReply({"AUTH LOGIN PLAIN CRAM-MD5"}) +
            QStringList{"C: AUTH CRAM-MD5",
                        "S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+",
                        "C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", "S: 235 ok"} +
            plainTransaction())
        << "user=tim,pass=tanstaaftanstaaf,plainauth"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("20 AUTH XOAUTH2")
        << (QStringList{kGreet} + ehloReply({"AUTH PLAIN XOAUTH2"}) +
            QStringList{"C: AUTH XOAUTH2 dXNlcj11AWF1dGg9QmVhcmVyIHRvawEB",
                        "S: 235 2.7.0 Accepted"} +
            plainTransaction())
        << "user=u,token=tok,plainauth"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("21 XOAUTH2 error challenge")
        << (QStringList{kGreet} + ehloReply({"AUTH XOAUTH2"}) +
            QStringList{"C: AUTH XOAUTH2 dXNlcj11AWF1dGg9QmVhcmVyIHRvawEB",
                        "S: 334 "
                        "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haW"
                        "wuZ29vZ2xlLmNvbS8ifQ==",
                        "C: ", "S: 535 5.7.8 Username and Password not accepted"})
        << "user=u,token=tok,mech=xoauth2,plainauth"
        << "" << body << 401 << int(F::Auth) << false << "status 401"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("22 AUTH 535") << (QStringList{kGreet} + ehloReply({"AUTH PLAIN"}) +
                                     QStringList{"C: AUTH PLAIN AHUAcA==",
                                                 "S: 535 5.7.8 Authentication credentials invalid"})
                                 << "user=u,pass=p,plainauth"
                                 << "" << body << 401 << int(F::Auth) << false << "wrong"
                                 << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("23 AUTH 534 app password")
        << (QStringList{kGreet} + ehloReply({"AUTH PLAIN"}) +
            QStringList{
                "C: AUTH PLAIN AHUAcA==", "S: 534-5.7.9 Application-specific password required",
                "S: 534 5.7.9 Learn more"})
        << "user=u,pass=p,plainauth"
        << "" << body << 401 << int(F::Auth) << false << "app password"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("24 auto prefers PLAIN over LOGIN, AUTH= legacy")
        << (QStringList{kGreet} + ehloReply({"AUTH=LOGIN PLAIN"}) +
            QStringList{"C: AUTH PLAIN AHUAcA==", "S: 235 ok"} + plainTransaction())
        << "user=u,pass=p,plainauth"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("25 explicit mechanism not offered")
        << (QStringList{kGreet} + ehloReply({"AUTH LOGIN"})) << "user=u,pass=p,mech=plain,plainauth"
        << "" << body << 500 << int(F::Auth) << false << "does not offer AUTH PLAIN"
        << "" << none << "" << QStringList{"AUTH", "MAIL"};
    QTest::newRow("26 no AUTH offered")
        << (QStringList{kGreet} + basicEhlo) << "user=u,pass=p,plainauth"
        << "" << body << 500 << int(F::Auth) << false << "no AUTH"
        << "" << none << "" << QStringList{"AUTH", "MAIL"};
    QTest::newRow("27 partial refusal, per-recipient outcome")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "S: 250 ok", "C: RCPT TO:<nobody@y.test>",
                        "S: 550 5.1.1 <nobody@y.test>: Recipient address rejected",
                        "C: RCPT TO:<c@y.test>", "S: 251 will forward", "C: DATA", "S: 354 go", "D",
                        "S: 250 2.0.0 Ok: queued as PART1"})
        << ""
        << "rcpt=b@y.test;nobody@y.test;c@y.test" << body << 200 << int(F::None) << false << ""
        << "101" << body << "PART1" << QStringList{};
    QTest::newRow("28 all refused: no DATA, RSET")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "S: 550 5.1.1 unknown", "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 404 << int(F::Refused) << false << "Every recipient"
        << "0" << none << "" << QStringList{"DATA"};
    QTest::newRow("29 all refused pipelined, DATA refused, RSET")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"}) +
            QStringList{"C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: RCPT TO:<c@y.test>",
                        "C: DATA",
                        "R: 250 ok\\r\\n550 5.1.1 unknown\\r\\n550 5.1.1 unknown\\r\\n554 5.5.1 no "
                        "valid recipients\\r\\n",
                        "C: RSET", "S: 250 ok"})
        << ""
        << "rcpt=b@y.test;c@y.test" << body << 404 << int(F::Refused) << false << "Every recipient"
        << "00" << none << "" << QStringList{"Subject"};
    QTest::newRow("30 all refused pipelined, 354 anyway: lone dot")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"}) +
            QStringList{"C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: DATA",
                        "R: 250 ok\\r\\n550 5.1.1 unknown\\r\\n354 go\\r\\n", "C: .",
                        "S: 554 5.5.1 no recipients", "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 404 << int(F::Refused) << false << "Every recipient"
        << "0" << none << "" << QStringList{"Subject"};
    QTest::newRow("31 sender refused pipelined (relay)")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"}) +
            QStringList{"C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: DATA",
                        "R: 550 5.7.1 Relaying denied\\r\\n503 5.5.1 need MAIL\\r\\n503 5.5.1 need "
                        "MAIL\\r\\n",
                        "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 403 << int(F::Refused) << false << "refused the sender"
        << "0" << none << "" << QStringList{"Subject"};
    QTest::newRow("32 sender refused, no pipelining")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 553 5.7.1 Sender not owned", "C: RSET",
                        "S: 250 ok"})
        << ""
        << "" << body << 403 << int(F::Refused) << false << "refused the sender"
        << "" << none << "" << QStringList{"RCPT", "DATA"};
    QTest::newRow("33 relay denied on RCPT")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "S: 554 5.7.1 <b@y.test>: Relay access denied", "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 403 << int(F::Refused) << false << "Relay"
        << "0" << none << "" << QStringList{"DATA"};
    QTest::newRow("34 530 must STARTTLS")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>",
                        "S: 530 5.7.0 Must issue a STARTTLS command first", "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 403 << int(F::Refused) << false << "STARTTLS"
        << "" << none << "" << QStringList{"RCPT"};
    QTest::newRow("35 SIZE exceeded before MAIL")
        << (QStringList{kGreet} + ehloReply({"SIZE 100"})) << ""
        << "size=1000" << body << 500 << int(F::Refused) << false << "at most 100"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("36 SIZE parameter")
        << (QStringList{kGreet} + ehloReply({"SIZE 100000"}) +
            QStringList{"C: MAIL FROM:<a@x.test> SIZE=25", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "S: 250 ok", "C: DATA", "S: 354 go", "D", "S: 250 ok"})
        << ""
        << "size=25" << body << 200 << int(F::None) << false << ""
        << "1" << body << "" << QStringList{};
    QTest::newRow("37 BODY=8BITMIME")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test> BODY=8BITMIME", "S: 250 ok",
                        "C: RCPT TO:<b@y.test>", "S: 250 ok", "C: DATA", "S: 354 go", "D",
                        "S: 250 ok"})
        << ""
        << "8bit" << QByteArray("Subject: \xc3\xa4\r\n\r\n\xc3\xa4\r\n") << 200 << int(F::None)
        << false << ""
        << "1" << QByteArray("Subject: \xc3\xa4\r\n\r\n\xc3\xa4\r\n") << "" << QStringList{};
    QTest::newRow("38 8-bit content, no 8BITMIME")
        << (QStringList{kGreet} + ehloReply({"PIPELINING"})) << ""
        << "8bit" << body << 500 << int(F::Server) << false << "8BITMIME"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("39 SMTPUTF8") << (QStringList{kGreet} + ehloReply({"SMTPUTF8", "8BITMIME"}) +
                                     QStringList{
                                         QStringLiteral("C: MAIL FROM:<jürgen@x.test> SMTPUTF8"),
                                         "S: 250 ok", QStringLiteral("C: RCPT TO:<测试@y.test>"),
                                         "S: 250 ok", "C: DATA", "S: 354 go", "D", "S: 250 ok"})
                                 << "" << QStringLiteral("utf8,from=jürgen@x.test,rcpt=测试@y.test")
                                 << body << 200 << int(F::None) << false << ""
                                 << "1" << body << "" << QStringList{};
    QTest::newRow("40 SMTPUTF8 missing")
        << (QStringList{kGreet} + basicEhlo) << "" << QStringLiteral("utf8,from=jürgen@x.test")
        << body << 500 << int(F::Server) << false << "SMTPUTF8"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("41 DSN NOTIFY")
        << (QStringList{kGreet} + ehloReply({"DSN"}) +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok",
                        "C: RCPT TO:<b@y.test> NOTIFY=SUCCESS,FAILURE", "S: 250 ok", "C: DATA",
                        "S: 354 go", "D", "S: 250 ok"})
        << ""
        << "dsn" << body << 200 << int(F::None) << false << ""
        << "1" << body << "" << QStringList{};
    QTest::newRow("42 DSN not offered: no NOTIFY")
        << (QStringList{kGreet} + basicEhlo + plainTransaction()) << ""
        << "dsn" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("43 dot-stuffing and line endings")
        << (QStringList{kGreet} + basicEhlo + plainTransaction()) << ""
        << "" << QByteArray(".first\nsecond\r.\r\n..x\rlast") << 200 << int(F::None) << false << ""
        << "1" << QByteArray("..first\r\nsecond\r\n..\r\n...x\r\nlast\r\n") << "ABC123"
        << QStringList{};
    QTest::newRow("44 final 451 transient")
        << (QStringList{kGreet} + basicEhlo + plainTransaction("451 4.3.0 try later")) << ""
        << "" << body << 500 << int(F::Server) << true << "451"
        << "" << body << "" << QStringList{};
    QTest::newRow("45 final 554 permanent")
        << (QStringList{kGreet} + basicEhlo + plainTransaction("554 5.6.0 content rejected")) << ""
        << "" << body << 500 << int(F::Server) << false << "554"
        << "" << body << "" << QStringList{};
    QTest::newRow("46 421 during MAIL")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 421 4.4.2 closing", "X"})
        << ""
        << "" << body << 500 << int(F::Server) << true << "closing"
        << "" << none << "" << QStringList{"RCPT"};
    QTest::newRow("47 silent server times out")
        << (QStringList{kGreet} + basicEhlo + QStringList{"C: MAIL FROM:<a@x.test>", "P"})
        << "timeout=300"
        << "" << body << 500 << int(F::Timeout) << true << "MAIL"
        << "" << none << "" << QStringList{"RCPT"};
    QTest::newRow("48 slow but steady server")
        << (QStringList{kGreet, kEhlo, "W: 250", "S: 250 fake"} +
            QStringList{"C: MAIL FROM:<a@x.test>", "W: 250", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "W: 250", "S: 250 ok", "C: DATA", "W: 250", "S: 354 go", "D", "W: 250",
                        "S: 250 ok"})
        << "timeout=400"
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "" << QStringList{};
    QTest::newRow("49 malformed reply")
        << (QStringList{kGreet, kEhlo, "S: hello there"}) << ""
        << "" << body << 500 << int(F::Server) << false << "Malformed"
        << "" << none << "" << QStringList{"MAIL"};
    QTest::newRow("50 reply split in pieces")
        << (QStringList{"R: 22", "W: 50", "R: 0 fake\\r", "W: 50", "R: \\n", kEhlo, "R: 250-fa",
                        "W: 30", "R: ke\\r\\n250 8BIT", "W: 30", "R: MIME\\r\\n"} +
            plainTransaction())
        << ""
        << "" << body << 200 << int(F::None) << false << ""
        << "1" << body << "ABC123" << QStringList{};
    QTest::newRow("51 server closes mid-session")
        << (QStringList{kGreet} + basicEhlo + QStringList{"C: MAIL FROM:<a@x.test>", "X"}) << ""
        << "" << body << 500 << int(F::Server) << true << "closed"
        << "" << none << "" << QStringList{"RCPT"};
    QTest::newRow("52 DATA refused")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                        "S: 250 ok", "C: DATA", "S: 554 5.3.0 no data", "C: RSET", "S: 250 ok"})
        << ""
        << "" << body << 500 << int(F::Server) << false << "DATA"
        << "" << none << "" << QStringList{"Subject"};
    QTest::newRow("53 empty content")
        << (QStringList{kGreet} + basicEhlo + plainTransaction()) << ""
        << "" << QByteArray() << 200 << int(F::None) << false << ""
        << "1" << QByteArray() << "ABC123" << QStringList{};
    QTest::newRow("54 unsolicited extra reply")
        << (QStringList{kGreet} + basicEhlo +
            QStringList{"C: MAIL FROM:<a@x.test>", "R: 250 ok\\r\\n250 surprise\\r\\n"})
        << ""
        << "" << body << 500 << int(F::Server) << false << "nobody asked"
        << "" << none << "" << QStringList{"DATA"};
}

void TestSmtpClient::scenario()
{
    QFETCH(QStringList, script);
    QFETCH(QString, spec);
    QFETCH(QString, envelopeSpec);
    QFETCH(QByteArray, content);
    QFETCH(int, code);
    QFETCH(int, failure);
    QFETCH(bool, transient);
    QFETCH(QString, errorMentions);
    QFETCH(QString, accepted);
    QFETCH(QByteArray, data);
    QFETCH(QString, queueId);
    QFETCH(QStringList, neverSent);

    ScriptedSmtpServer server;
    server.setCertificate(m_certs.serverCertificate(), m_certs.serverKey());
    QVERIFY(server.start());
    server.addScript(script);

    Envelope envelope;
    envelope.from = QStringLiteral("a@x.test");
    envelope.recipients = {QStringLiteral("b@y.test")};
    for (const QString& item : envelopeSpec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString key = item.section(QLatin1Char('='), 0, 0);
        const QString value = item.section(QLatin1Char('='), 1);
        if (key == QLatin1String("8bit"))
            envelope.eightBitMime = true;
        else if (key == QLatin1String("utf8"))
            envelope.smtpUtf8 = true;
        else if (key == QLatin1String("dsn"))
            envelope.dsnNotify = {QStringLiteral("SUCCESS"), QStringLiteral("FAILURE")};
        else if (key == QLatin1String("size"))
            envelope.sizeHint = value.toLongLong();
        else if (key == QLatin1String("from"))
            envelope.from = value;
        else if (key == QLatin1String("rcpt"))
            envelope.recipients = value.split(QLatin1Char(';'));
    }

    SmtpClient client(settingsFor(server, spec));
    const SendResult r = run(client, envelope, content);
    const QString transcript = QString::fromUtf8(QJsonDocument(r.transcript).toJson());

    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure() + "\n" + transcript));
    QCOMPARE(r.code, code);
    QCOMPARE(int(r.failure), failure);
    QCOMPARE(r.transient, transient);
    if (!errorMentions.isEmpty())
        QVERIFY2(r.error.contains(errorMentions, Qt::CaseInsensitive), qPrintable(r.error));
    else
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    if (!accepted.isEmpty()) {
        QCOMPARE(r.recipients.size(), accepted.size());
        for (qsizetype i = 0; i < accepted.size(); ++i)
            QCOMPARE(r.recipients.at(i).accepted, accepted.at(i) == QLatin1Char('1'));
    }
    if (!data.isEmpty() || code == 200) {
        QCOMPARE(server.data().size(), 1);
        QCOMPARE(server.data().first(), data);
    } else {
        QVERIFY(server.data().isEmpty());
    }
    QCOMPARE(r.queueId, queueId);
    QTRY_VERIFY_WITH_TIMEOUT(server.allDone(), 5000);
    for (const QString& prefix : neverSent) {
        for (const QString& line : server.clientLines())
            QVERIFY2(!line.startsWith(prefix), qPrintable(QStringLiteral("sent: ") + line));
    }
    QVERIFY(!r.transcript.isEmpty());
}

void TestSmtpClient::reusesConnection()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING"}) +
                     QStringList{"C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: DATA",
                                 "R: 250 ok\\r\\n250 ok\\r\\n354 go\\r\\n", "D", "S: 250 ok 1",
                                 "C: MAIL FROM:<a@x.test>", "C: RCPT TO:<b@y.test>", "C: DATA",
                                 "R: 250 ok\\r\\n250 ok\\r\\n354 go\\r\\n", "D", "S: 250 ok 2"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    // Both queued at once: the second waits for the first.
    std::unique_ptr<SendReply> r1(client.send(e, buffer({})));
    std::unique_ptr<SendReply> r2(client.send(e, buffer({})));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QCOMPARE(r1->result().code, 200);
    QCOMPARE(r2->result().code, 200);
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(server.allDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(server.clientLines().count(QStringLiteral("EHLO client.test")), 1);
}

void TestSmtpClient::reopensOnce_data()
{
    QTest::addColumn<QStringList>("ending");
    QTest::newRow("421 on next MAIL")
        << QStringList{"C: MAIL FROM:<a@x.test>", "S: 421 4.4.2 idle", "X"};
    QTest::newRow("closed while idle") << QStringList{"X"};
}

void TestSmtpClient::reopensOnce()
{
    QFETCH(QStringList, ending);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) + plainTransaction() + ending);
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) +
                     plainTransaction("250 ok again"));
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    const QByteArray body("Subject: x\r\n\r\nbody\r\n");
    QCOMPARE(run(client, e, body).code, 200);
    if (ending == QStringList{"X"})
        QTRY_VERIFY(server.allClosed());
    const SendResult second = run(client, e, body);
    QVERIFY2(second.code == 200, qPrintable(second.error));
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.data().size(), 2);
    QCOMPARE(server.data().at(1), body);
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void TestSmtpClient::doesNotReopenTwice()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) + plainTransaction() +
                     QStringList{"C: MAIL FROM:<a@x.test>", "S: 421 4.4.2 busy", "X"});
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) +
                     QStringList{"C: MAIL FROM:<a@x.test>", "S: 421 4.4.2 still busy", "X"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    QCOMPARE(run(client, e, "x").code, 200);
    const SendResult second = run(client, e, "x");
    QCOMPARE(second.code, 500);
    QVERIFY(second.transient);
    QCOMPARE(second.lastReply.code, 421);
    QCOMPARE(server.connectionCount(), 2);
}

void TestSmtpClient::transcriptIsRedacted()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"AUTH LOGIN"}) +
                     QStringList{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: *",
                                 "S: 334 UGFzc3dvcmQ6", "C: *", "S: 535 5.7.8 no"});
    server.addScript(QStringList{kGreet} + ehloReply({"AUTH PLAIN"}) +
                     QStringList{"C: *", "S: 235 ok"} + plainTransaction());
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    const QString secret = QStringLiteral("s3cr3t-Passw0rd");
    for (const QString& mech : {QStringLiteral("login"), QStringLiteral("plain")}) {
        SmtpSettings s = settingsFor(server, QStringLiteral("plainauth,user=someone,mech=") + mech);
        s.password = secret;
        SmtpClient client(s);
        const SendResult r = run(client, e, "x");
        const QByteArray json = QJsonDocument(r.toJson()).toJson();
        QVERIFY(!json.contains(secret.toUtf8()));
        QVERIFY(!json.contains(secret.toUtf8().toBase64()));
        QVERIFY(!json.contains(QByteArray("\0someone\0", 9).append(secret.toUtf8()).toBase64()));
        QVERIFY(json.contains("****"));
        if (mech == QLatin1String("plain"))
            QVERIFY(json.contains("AUTH PLAIN ****"));
        // ms and direction on every line
        for (const auto& v : r.transcript) {
            const QJsonObject o = v.toObject();
            QVERIFY(o.contains(QStringLiteral("ms")));
            QVERIFY(
                QStringList({"C", "S", "i"}).contains(o.value(QStringLiteral("dir")).toString()));
        }
    }
}

void TestSmtpClient::cancelMidData()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) +
                     QStringList{"C: MAIL FROM:<a@x.test>", "S: 250 ok", "C: RCPT TO:<b@y.test>",
                                 "S: 250 ok", "C: DATA", "S: 354 go", "P"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    auto* reply = client.send(e, buffer(QByteArray(8 * 1024 * 1024, 'a')));
    QTRY_VERIFY(server.clientLines().contains(QStringLiteral("DATA")));
    QTest::qWait(50);
    delete reply; // cancels: the connection is dropped without a terminator
    QTRY_VERIFY(server.allClosed());
    QVERIFY(server.data().isEmpty());
    QCOMPARE(client.pendingCount(), 0);
}

void TestSmtpClient::cancelQueued()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) + plainTransaction());
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> first(client.send(e, buffer({})));
    auto* second = client.send(e, buffer({}));
    QCOMPARE(client.pendingCount(), 2);
    delete second;
    QCOMPARE(client.pendingCount(), 1);
    QTRY_VERIFY(first->isFinished());
    QCOMPARE(first->result().code, 200);
    QTRY_COMPARE(client.pendingCount(), 0);
    QVERIFY(server.allDone());
}

void TestSmtpClient::streamsLargeContent()
{
    // 6 MB of lines, some starting with '.', LF endings: arrives CRLF and stuffed.
    QByteArray content;
    QByteArray expected;
    for (int i = 0; content.size() < 6 * 1024 * 1024; ++i) {
        const QByteArray line = (i % 7 == 0 ? "." : "") + QByteArray::number(i).repeated(10);
        content += line + "\n";
        expected += (line.startsWith('.') ? "." + line : line) + "\r\n";
    }
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"8BITMIME"}) + plainTransaction());
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    const SendResult r = run(client, e, content);
    QCOMPARE(r.code, 200);
    QCOMPARE(server.data().size(), 1);
    QVERIFY(server.data().first() == expected);
}

void TestSmtpClient::providerSeesCapabilities_data()
{
    QTest::addColumn<bool>("serverHas8Bit");
    QTest::addColumn<QString>("mailLine");
    QTest::newRow("8BITMIME offered") << true << "C: MAIL FROM:<a@x.test> BODY=8BITMIME";
    QTest::newRow("re-encoded for 7-bit server") << false << "C: MAIL FROM:<a@x.test>";
}

void TestSmtpClient::providerSeesCapabilities()
{
    QFETCH(bool, serverHas8Bit);
    QFETCH(QString, mailLine);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({serverHas8Bit ? "8BITMIME" : "DSN"}) +
                     QStringList{mailLine, "S: 250 ok", "C: RCPT TO:<b@y.test>", "S: 250 ok",
                                 "C: DATA", "S: 354 go", "D", "S: 250 ok"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    e.eightBitMime = true;
    bool seen8Bit = !serverHas8Bit;
    std::unique_ptr<SendReply> reply(client.send(e, [&](const SmtpCapabilities& caps) {
        seen8Bit = caps.eightBitMime;
        return buffer(caps.eightBitMime ? QByteArray("8bit \xc3\xa4\r\n")
                                        : QByteArray("7bit =C3=A4\r\n"));
    }));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->result().code, 200);
    QCOMPARE(seen8Bit, serverHas8Bit);
    QCOMPARE(server.data().first(),
             serverHas8Bit ? QByteArray("8bit \xc3\xa4\r\n") : QByteArray("7bit =C3=A4\r\n"));
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void TestSmtpClient::poolUsesSeveralConnections()
{
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    // Each connection answers slowly so the pool has to open a second one.
    const QStringList slow = QStringList{kGreet} + ehloReply({"8BITMIME"}) +
                             QStringList{"C: MAIL FROM:<a@x.test>",
                                         "W: 200",
                                         "S: 250 ok",
                                         "C: RCPT TO:<b@y.test>",
                                         "S: 250 ok",
                                         "C: DATA",
                                         "S: 354 go",
                                         "D",
                                         "S: 250 ok",
                                         "C: MAIL FROM:<a@x.test>",
                                         "S: 250 ok",
                                         "C: RCPT TO:<b@y.test>",
                                         "S: 250 ok",
                                         "C: DATA",
                                         "S: 354 go",
                                         "D",
                                         "S: 250 ok"};
    server.addScript(slow);
    server.addScript(slow);
    SmtpPool pool(settingsFor(server, QString()), 2);
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::vector<std::unique_ptr<SendReply>> replies;
    for (int i = 0; i < 4; ++i)
        replies.emplace_back(pool.send(e, buffer({})));
    for (auto& r : replies) {
        QTRY_VERIFY(r->isFinished());
        QCOMPARE(r->result().code, 200);
        QVERIFY(!r->result().transcript.isEmpty());
    }
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.data().size(), 4);
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void TestSmtpClient::invalidInputSendsNothing_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QStringList>("rcpts");
    QTest::addColumn<QString>("ehlo");
    QTest::addColumn<QString>("field");
    QTest::newRow("CRLF in recipient")
        << "a@x.test" << QStringList{"b@y.test\r\nRCPT TO:<c@z>"} << "client.test"
        << "recipients[0]";
    QTest::newRow("LF in second recipient")
        << "a@x.test" << QStringList{"b@y.test", "c@y\n"} << "client.test"
        << "recipients[1]";
    QTest::newRow("NUL in from") << QString::fromUtf8("a\0@x.test", 9) << QStringList{"b@y.test"}
                                 << "client.test"
                                 << "from";
    QTest::newRow("CR in from") << "a@x.test\r" << QStringList{"b@y.test"} << "client.test"
                                << "from";
    QTest::newRow("angle brackets")
        << "a@x.test> BODY=8BITMIME" << QStringList{"b@y.test"} << "client.test"
        << "from";
    QTest::newRow("no recipients") << "a@x.test" << QStringList{} << "client.test"
                                   << "recipients";
    QTest::newRow("empty recipient") << "a@x.test" << QStringList{" "} << "client.test"
                                     << "recipients[0]";
    QTest::newRow("non-ASCII without SMTPUTF8")
        << QStringLiteral("jürgen@x.test") << QStringList{"b@y.test"} << "client.test"
        << "from";
    QTest::newRow("EHLO name with CRLF")
        << "a@x.test" << QStringList{"b@y.test"} << "client.test\r\nMAIL FROM:<x>"
        << "ehloName";
    QTest::newRow("EHLO name with NUL") << "a@x.test" << QStringList{"b@y.test"}
                                        << QString::fromUtf8("client\0test", 11) << "ehloName";
}

void TestSmtpClient::invalidInputSendsNothing()
{
    QFETCH(QString, from);
    QFETCH(QStringList, rcpts);
    QFETCH(QString, ehlo);
    QFETCH(QString, field);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    SmtpSettings s = settingsFor(server, QString());
    s.ehloName = ehlo;
    SmtpClient client(s);
    Envelope e = envelopeOf(from, rcpts);
    const SendResult r = run(client, e, "x");
    QCOMPARE(r.code, 400);
    QCOMPARE(r.failure, SendResult::Failure::InvalidInput);
    QCOMPARE(r.field, field);
    QVERIFY(!r.error.isEmpty());
    QTest::qWait(20);
    QCOMPARE(server.connectionCount(), 0);
}

void TestSmtpClient::connectionRefused()
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
    s.tlsMode = SmtpSettings::TlsMode::None;
    SmtpClient client(s);
    const SendResult r =
        run(client, envelopeOf(QStringLiteral("a@x"), {QStringLiteral("b@y")}), "x");
    QCOMPARE(r.code, 500);
    QCOMPARE(r.failure, SendResult::Failure::Connect);
    QVERIFY(r.transient);
    QVERIFY2(r.error.contains(QStringLiteral("refused")), qPrintable(r.error));
}

namespace {

// Bytes as an "R:" script line (CR, LF and backslash escaped).
QString rawLine(const QByteArray& bytes)
{
    QString out = QStringLiteral("R: ");
    for (char c : bytes) {
        if (c == '\r')
            out += QStringLiteral("\\r");
        else if (c == '\n')
            out += QStringLiteral("\\n");
        else if (c == '\\')
            out += QStringLiteral("\\\\");
        else
            out += QLatin1Char(c);
    }
    return out;
}

// MAIL, one RCPT per recipient and DATA from a@x.test.
QStringList envelopeLines(const QStringList& rcpts)
{
    QStringList out{QStringLiteral("C: MAIL FROM:<a@x.test>")};
    for (const QString& r : rcpts)
        out << QStringLiteral("C: RCPT TO:<%1>").arg(r);
    out << QStringLiteral("C: DATA");
    return out;
}

} // namespace

void TestSmtpClient::pipelinesNextMessage()
{
    // RFC 2920 3.1: the second message's commands follow the first one's
    // content before the first is answered; the script says nothing between
    // the first content and the second DATA, so a client that waited would
    // hang here.
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(
        QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
        envelopeLines({"b@y.test", "c@y.test"}) +
        QStringList{rawLine("250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"
                            "550 5.1.1 unknown\r\n354 go\r\n"),
                    "D", "S: 250 2.0.0 Ok: queued as Q2"});
    SmtpClient client(settingsFor(server, QString()));
    const QByteArray body1("Subject: one\r\n\r\nfirst\r\n");
    const QByteArray body2("Subject: two\r\n\r\n.second\r\n");
    std::unique_ptr<SendReply> r1(client.send(
        envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")}), buffer(body1)));
    std::unique_ptr<SendReply> r2(
        client.send(envelopeOf(QStringLiteral("a@x.test"),
                               {QStringLiteral("b@y.test"), QStringLiteral("c@y.test")}),
                    buffer(body2)));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(r1->result().code, 200);
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    QCOMPARE(r2->result().code, 200);
    QCOMPARE(r2->result().queueId, QStringLiteral("Q2"));
    QCOMPARE(r2->result().recipients.size(), 2);
    QVERIFY(r2->result().recipients.at(0).accepted);
    QVERIFY(!r2->result().recipients.at(1).accepted);
    QCOMPARE(r2->result().recipients.at(1).smtpCode, 550);
    QCOMPARE(server.data(),
             (QList<QByteArray>{body1, QByteArray("Subject: two\r\n\r\n..second\r\n")}));
    QCOMPARE(server.connectionCount(), 1);
    QVERIFY(server.allDone());

    // Each transcript holds its own message's dialogue, nothing of the other's.
    const QStringList t1 = transcriptLines(r1->result());
    const QStringList t2 = transcriptLines(r2->result());
    QCOMPARE(t1.count(QStringLiteral("C MAIL FROM:<a@x.test>")), 1);
    QCOMPARE(t1.count(QStringLiteral("S 354 go")), 1);
    QVERIFY(t1.contains(QStringLiteral("S 250 2.0.0 Ok: queued as Q1")));
    QVERIFY(!t1.contains(QStringLiteral("C RCPT TO:<c@y.test>")));
    QVERIFY(!t1.contains(QStringLiteral("S 550 5.1.1 unknown")));
    QCOMPARE(t2.count(QStringLiteral("C MAIL FROM:<a@x.test>")), 1);
    QCOMPARE(t2.count(QStringLiteral("S 354 go")), 1);
    QVERIFY(t2.contains(QStringLiteral("C RCPT TO:<c@y.test>")));
    QVERIFY(t2.contains(QStringLiteral("S 550 5.1.1 unknown")));
    QVERIFY(t2.contains(QStringLiteral("S 250 2.0.0 Ok: queued as Q2")));
    QVERIFY(!t2.contains(QStringLiteral("S 250 2.0.0 Ok: queued as Q1")));
    QVERIFY(!t2.contains(QStringLiteral("C EHLO client.test")));
}

void TestSmtpClient::pipelinedRepliesSplitAnywhere_data()
{
    QTest::addColumn<int>("at");
    const QByteArray replies(
        "250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n");
    for (int at = 1; at < replies.size(); ++at)
        QTest::addRow("split at %d", at) << at;
}

void TestSmtpClient::pipelinedRepliesSplitAnywhere()
{
    // The first message's final reply and the second's MAIL/RCPT/DATA replies
    // come in two reads split at any byte.
    QFETCH(int, at);
    const QByteArray replies(
        "250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n");
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
                     envelopeLines({"b@y.test"}) +
                     QStringList{rawLine(replies.left(at)), "W: 30", rawLine(replies.mid(at)), "D",
                                 "S: 250 2.0.0 Ok: queued as Q2"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> r1(client.send(e, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client.send(e, buffer("two\r\n")));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    QCOMPARE(r2->result().queueId, QStringLiteral("Q2"));
    QCOMPARE(server.data(), (QList<QByteArray>{"one\r\n", "two\r\n"}));
    QVERIFY(transcriptLines(r1->result()).contains(QStringLiteral("S 250 2.0.0 Ok: queued as Q1")));
    QVERIFY(transcriptLines(r2->result()).contains(QStringLiteral("S 354 go")));
    QVERIFY(
        !transcriptLines(r2->result()).contains(QStringLiteral("S 250 2.0.0 Ok: queued as Q1")));
}

void TestSmtpClient::pipelinedLostConnection_data()
{
    QTest::addColumn<QStringList>("ending");     // after the second message's DATA
    QTest::addColumn<QStringList>("nextScript"); // the connection opened again
    QTest::addColumn<int>("firstReply");         // the first message's last reply code, 0 none
    QTest::addColumn<int>("secondCode");
    QTest::addColumn<int>("secondReply");

    const QStringList again = QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
                              QStringList{"S: 250 2.0.0 Ok: queued as Q2"};
    QTest::newRow("421 instead of the first final reply")
        << QStringList{"S: 421 4.4.2 closing", "X"} << again << 421 << 200 << 250;
    QTest::newRow("connection dropped mid-batch") << QStringList{"X"} << again << 0 << 200 << 250;
    QTest::newRow("421 again on the reopened connection")
        << QStringList{"S: 421 4.4.2 closing", "X"}
        << (QStringList{kGreet} + ehloReply({"PIPELINING"}) + envelopeLines({"b@y.test"}) +
            QStringList{"S: 421 4.4.2 still closing", "X"})
        << 421 << 500 << 421;
}

void TestSmtpClient::pipelinedLostConnection()
{
    // The first message's content went out, so it is not sent again (the
    // server may have taken it); the second had no reply of its own yet and
    // none of its content was sent, so it goes again on a new connection,
    // once (RFC 5321 3.8).
    QFETCH(QStringList, ending);
    QFETCH(QStringList, nextScript);
    QFETCH(int, firstReply);
    QFETCH(int, secondCode);
    QFETCH(int, secondReply);
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
                     envelopeLines({"b@y.test"}) + ending);
    server.addScript(nextScript);
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> r1(client.send(e, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client.send(e, buffer("two\r\n")));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    const SendResult first = r1->result();
    const SendResult second = r2->result();
    QCOMPARE(first.code, 500);
    QVERIFY(first.transient);
    QCOMPARE(first.lastReply.code, firstReply);
    QVERIFY(!first.recipients.isEmpty() && !first.recipients.first().accepted);
    QCOMPARE(second.code, secondCode);
    QCOMPARE(second.lastReply.code, secondReply);
    QCOMPARE(server.connectionCount(), 2);
    QCOMPARE(server.data().first(), QByteArray("one\r\n"));
    QCOMPARE(server.data().size(), secondCode == 200 ? 2 : 1);
    if (secondCode == 200)
        QCOMPARE(server.data().last(), QByteArray("two\r\n"));
    QVERIFY(!transcriptLines(first).contains(QStringLiteral("i Reopening the connection")));
    QVERIFY(transcriptLines(second).contains(QStringLiteral("i Reopening the connection")));
    QTRY_VERIFY(server.allDone());
}

void TestSmtpClient::pipelinedRefusals_data()
{
    QTest::addColumn<QStringList>("rcpts");   // of the second message
    QTest::addColumn<QByteArray>("batch");    // replies after the second DATA
    QTest::addColumn<QStringList>("after");   // the rest of the second transaction
    QTest::addColumn<bool>("thirdPipelined"); // second content sent: third follows it
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("accepted");
    QTest::addColumn<QString>("errorMentions");

    const QStringList one{"b@y.test"};
    const QStringList two{"b@y.test", "c@y.test"};
    QTest::newRow("sender refused")
        << one
        << QByteArray("250 2.0.0 Ok: queued as Q1\r\n550 5.7.1 sender refused\r\n"
                      "503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n")
        << QStringList{"C: RSET", "S: 250 ok"} << false << 403 << "0"
        << "refused the sender";
    QTest::newRow("every recipient refused, DATA refused")
        << two
        << QByteArray("250 2.0.0 Ok: queued as Q1\r\n250 ok\r\n550 5.1.1 unknown\r\n"
                      "550 5.1.1 unknown\r\n554 5.5.1 no valid recipients\r\n")
        << QStringList{"C: RSET", "S: 250 ok"} << false << 404 << "00"
        << "Every recipient";
    QTest::newRow("every recipient refused, 354 anyway")
        << one
        << QByteArray("250 2.0.0 Ok: queued as Q1\r\n250 ok\r\n550 5.1.1 unknown\r\n354 go\r\n")
        << QStringList{"C: .", "S: 554 5.5.1 no recipients", "C: RSET", "S: 250 ok"} << false << 404
        << "0"
        << "Every recipient";
    QTest::newRow("one recipient refused")
        << two
        << QByteArray("250 2.0.0 Ok: queued as Q1\r\n250 ok\r\n250 ok\r\n550 5.1.1 unknown\r\n"
                      "354 go\r\n")
        << QStringList{"D"} << true << 200 << "10"
        << "";
    QTest::newRow("content refused")
        << one << QByteArray("250 2.0.0 Ok: queued as Q1\r\n250 ok\r\n250 ok\r\n354 go\r\n")
        << QStringList{"D"} << true << 403 << "0"
        << "did not accept";
}

void TestSmtpClient::pipelinedRefusals()
{
    // A refusal of the pipelined second message touches neither the first
    // (already answered) nor the third, which goes out on the same connection.
    QFETCH(QStringList, rcpts);
    QFETCH(QByteArray, batch);
    QFETCH(QStringList, after);
    QFETCH(bool, thirdPipelined);
    QFETCH(int, code);
    QFETCH(QString, accepted);
    QFETCH(QString, errorMentions);
    const QString thirdReplies = rawLine("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n");
    QStringList third = envelopeLines({"b@y.test"});
    if (thirdPipelined) {
        // The second message's final reply comes with the third's replies.
        const QByteArray secondFinal =
            code == 200 ? "250 2.0.0 Ok: queued as Q2\r\n" : "554 5.7.1 looks like spam\r\n";
        third << rawLine(secondFinal + "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n");
    } else {
        third << thirdReplies;
    }
    third << "D"
          << "S: 250 2.0.0 Ok: queued as Q3";
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
                     envelopeLines(rcpts) + QStringList{rawLine(batch)} + after + third);
    SmtpClient client(settingsFor(server, QString()));
    std::unique_ptr<SendReply> r1(client.send(
        envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")}), buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(
        client.send(envelopeOf(QStringLiteral("a@x.test"), rcpts), buffer("two\r\n")));
    std::unique_ptr<SendReply> r3(client.send(
        envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")}), buffer("three\r\n")));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished() && r3->isFinished());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(r1->result().code, 200);
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    const SendResult second = r2->result();
    QCOMPARE(second.code, code);
    QCOMPARE(second.recipients.size(), accepted.size());
    for (qsizetype i = 0; i < accepted.size(); ++i)
        QCOMPARE(second.recipients.at(i).accepted, accepted.at(i) == QLatin1Char('1'));
    if (errorMentions.isEmpty())
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
    else
        QVERIFY2(second.error.contains(errorMentions, Qt::CaseInsensitive),
                 qPrintable(second.error));
    QCOMPARE(r3->result().code, 200);
    QCOMPARE(r3->result().queueId, QStringLiteral("Q3"));
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(server.data(), thirdPipelined ? (QList<QByteArray>{"one\r\n", "two\r\n", "three\r\n"})
                                           : (QList<QByteArray>{"one\r\n", "three\r\n"}));
    QVERIFY(server.allDone());
    // The third message's transcript has none of the second's lines.
    const QStringList t3 = transcriptLines(r3->result());
    QVERIFY(!t3.contains(QStringLiteral("C RSET")));
    QCOMPARE(t3.count(QStringLiteral("C .")), 1); // its own terminator only
}

void TestSmtpClient::pipelinedRefusedLocally()
{
    // The second message is larger than the server's SIZE: it ends before
    // anything of it is sent, and the first and third are not disturbed.
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    const QStringList transaction{"C: MAIL FROM:<a@x.test> SIZE=5", "C: RCPT TO:<b@y.test>",
                                  "C: DATA", rawLine("250 ok\r\n250 ok\r\n354 go\r\n"), "D"};
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING", "SIZE 100"}) + transaction +
                     QStringList{"S: 250 2.0.0 Ok: queued as Q1"} + transaction +
                     QStringList{"S: 250 2.0.0 Ok: queued as Q3"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope small = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    small.sizeHint = 5;
    Envelope large = small;
    large.sizeHint = 1000;
    std::unique_ptr<SendReply> r1(client.send(small, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client.send(large, buffer("two\r\n")));
    std::unique_ptr<SendReply> r3(client.send(small, buffer("three\r\n")));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished() && r3->isFinished());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    QCOMPARE(r2->result().code, 500);
    QCOMPARE(r2->result().field, QStringLiteral("size"));
    QCOMPARE(r3->result().queueId, QStringLiteral("Q3"));
    QCOMPARE(server.data(), (QList<QByteArray>{"one\r\n", "three\r\n"}));
    for (const QString& line : server.clientLines())
        QVERIFY2(!line.contains(QStringLiteral("SIZE=1000")), qPrintable(line));
    QVERIFY(server.allDone());
}

void TestSmtpClient::cancelPipelined()
{
    // The second message is cancelled after its commands went out: the
    // first still completes, and the connection is closed before the
    // second's content could be sent.
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(
        QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
        envelopeLines({"b@y.test"}) +
        QStringList{
            "W: 300",
            rawLine("250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n"),
            "P"});
    SmtpClient client(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> r1(client.send(e, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client.send(e, buffer("two\r\n")));
    QTRY_COMPARE(server.clientLines().count(QStringLiteral("DATA")), 2);
    r2.reset();
    QCOMPARE(client.pendingCount(), 1);
    QTRY_VERIFY(r1->isFinished());
    QCOMPARE(r1->result().code, 200);
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    QTRY_VERIFY(server.allClosed());
    QCOMPARE(server.data(), (QList<QByteArray>{"one\r\n"}));
    QTRY_COMPARE(client.pendingCount(), 0);
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void TestSmtpClient::deletedFromReplyHandler()
{
    // Whoever hears a reply may delete the client there and then, while the
    // connection is still in the middle of the server's batch of replies
    // (here the first message's and the pipelined second's): the rest of the
    // batch must not reach freed memory (checked by the sanitizer build),
    // and the second message ends, cancelled, without its content sent.
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(
        QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
        envelopeLines({"b@y.test"}) +
        QStringList{
            rawLine("250 2.0.0 Ok: queued as Q1\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n"),
            "P"});
    auto* client = new SmtpClient(settingsFor(server, QString()));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> r1(client->send(e, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client->send(e, buffer("two\r\n")));
    QPointer<SmtpClient> alive(client);
    connect(r1.get(), &SendReply::finished, this, [&client] {
        delete client;
        client = nullptr;
    });
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QVERIFY(!alive);
    QCOMPARE(r1->result().code, 200);
    QCOMPARE(r1->result().queueId, QStringLiteral("Q1"));
    QCOMPARE(r2->result().failure, SendResult::Failure::Cancelled);
    QTRY_VERIFY(server.allClosed());
    QCOMPARE(server.data(), (QList<QByteArray>{"one\r\n"}));
    // What was left to delete goes with the next turn of the event loop.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void TestSmtpClient::pipelinedSilentServerTimesOut()
{
    // Nothing answers after the pipelined batch: both messages end with the
    // timeout (the connection was not lost, so nothing is sent again).
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    server.addScript(QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst() +
                     envelopeLines({"b@y.test"}) + QStringList{"P"});
    SmtpClient client(settingsFor(server, QStringLiteral("timeout=300")));
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::unique_ptr<SendReply> r1(client.send(e, buffer("one\r\n")));
    std::unique_ptr<SendReply> r2(client.send(e, buffer("two\r\n")));
    QTRY_VERIFY(r1->isFinished() && r2->isFinished());
    QCOMPARE(r1->result().failure, SendResult::Failure::Timeout);
    QCOMPARE(r2->result().failure, SendResult::Failure::Timeout);
    QVERIFY(r2->result().transient);
    QCOMPARE(server.connectionCount(), 1);
    QCOMPARE(client.pendingCount(), 0);
    QTRY_VERIFY(server.allClosed());
}

void TestSmtpClient::poolPipelinesPerConnection()
{
    // Through the pool (one connection): every reply ends with its own result.
    ScriptedSmtpServer server;
    QVERIFY(server.start());
    QStringList script = QStringList{kGreet} + ehloReply({"PIPELINING"}) + pipelinedFirst();
    for (int i = 1; i < 4; ++i) {
        script += envelopeLines({"b@y.test"});
        script << rawLine(QByteArray("250 2.0.0 Ok: queued as Q") + QByteArray::number(i) +
                          "\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go\r\n")
               << "D";
    }
    script << "S: 250 2.0.0 Ok: queued as Q4";
    server.addScript(script);
    SmtpPool pool(settingsFor(server, QString()), 1);
    Envelope e = envelopeOf(QStringLiteral("a@x.test"), {QStringLiteral("b@y.test")});
    std::vector<std::unique_ptr<SendReply>> replies;
    for (int i = 1; i <= 4; ++i)
        replies.emplace_back(pool.send(e, buffer(QByteArray::number(i) + "\r\n")));
    for (int i = 0; i < 4; ++i) {
        QTRY_VERIFY(replies[i]->isFinished());
        QCOMPARE(replies[i]->result().code, 200);
        QCOMPARE(replies[i]->result().queueId, QStringLiteral("Q%1").arg(i + 1));
        QCOMPARE(
            transcriptLines(replies[i]->result()).count(QStringLiteral("C MAIL FROM:<a@x.test>")),
            1);
    }
    QCOMPARE(server.data(), (QList<QByteArray>{"1\r\n", "2\r\n", "3\r\n", "4\r\n"}));
    QCOMPARE(pool.pendingCount(), 0);
    QVERIFY(server.allDone());
}

QTEST_GUILESS_MAIN(TestSmtpClient)
#include "tst_smtpclient.moc"
