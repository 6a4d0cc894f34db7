#include "connectors/smtp/SmtpSettings.h"

#include <QJsonDocument>
#include <QTest>

using connectors::smtp::SmtpSettings;
using TlsMode = SmtpSettings::TlsMode;
using Mech = SmtpSettings::AuthMechanism;

class TestSmtpSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromConnection_data();
    void fromConnection();
    void rejects_data();
    void rejects();
    void defaultEhloName();
    void pin();
};

void TestSmtpSettings::fromConnection_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("tls");
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("mech");

    QTest::newRow("logic apps ssl 587")
        << QByteArray(
               R"({"serverAddress":"smtp.example.com","userName":"u","password":"p","port":587,"enableSSL":true})")
        << "smtp.example.com" << 587 << int(TlsMode::StartTls) << "u" << int(Mech::Auto);
    QTest::newRow("logic apps ssl 465 -> implicit")
        << QByteArray(R"({"serverAddress":"smtp.example.com","port":465,"enableSSL":true})")
        << "smtp.example.com" << 465 << int(TlsMode::Implicit) << "" << int(Mech::Auto);
    QTest::newRow("ssl false") << QByteArray(R"({"serverAddress":"h","port":25,"enableSSL":false})")
                               << "h" << 25 << int(TlsMode::None) << "" << int(Mech::Auto);
    QTest::newRow("case-insensitive keys, string values")
        << QByteArray(R"({"ServerAddress":" h ","PORT":"2525","EnableSsl":"false","USERNAME":"x"})")
        << "h" << 2525 << int(TlsMode::None) << "x" << int(Mech::Auto);
    QTest::newRow("own keys win")
        << QByteArray(
               R"({"serverAddress":"h","enableSSL":true,"tlsMode":"implicit","authType":"login","userName":"u"})")
        << "h" << 465 << int(TlsMode::Implicit) << "u" << int(Mech::Login);
    QTest::newRow("default port starttls") << QByteArray(R"({"serverAddress":"h"})") << "h" << 587
                                           << int(TlsMode::StartTls) << "" << int(Mech::Auto);
    QTest::newRow("tls none default port 25")
        << QByteArray(R"({"serverAddress":"h","tlsMode":"none"})") << "h" << 25
        << int(TlsMode::None) << "" << int(Mech::Auto);
    QTest::newRow("xoauth2")
        << QByteArray(R"({"serverAddress":"h","userName":"u","authType":"xoauth2","token":"t"})")
        << "h" << 587 << int(TlsMode::StartTls) << "u" << int(Mech::XOAuth2);
    QTest::newRow("local catcher")
        << QByteArray(R"({"serverAddress":"127.0.0.1","port":2525,"enableSSL":false})")
        << "127.0.0.1" << 2525 << int(TlsMode::None) << "" << int(Mech::Auto);
}

void TestSmtpSettings::fromConnection()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, tls);
    QFETCH(QString, user);
    QFETCH(int, mech);
    const auto s = SmtpSettings::fromConnection(QJsonDocument::fromJson(json).object());
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    QCOMPARE(s->host, host);
    QCOMPARE(int(s->port), port);
    QCOMPARE(int(s->tlsMode), tls);
    QCOMPARE(s->user, user);
    QCOMPARE(int(s->authMechanism), mech);
    QVERIFY(!s->acceptAnyCertificate);
    QVERIFY(!s->allowPlaintextAuth);
}

void TestSmtpSettings::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("missing host") << QByteArray(R"({"port":25})") << "serverAddress";
    QTest::newRow("empty host") << QByteArray(R"({"serverAddress":"  "})") << "serverAddress";
    QTest::newRow("host with CRLF")
        << QByteArray(R"({"serverAddress":"a\r\nb"})") << "serverAddress";
    QTest::newRow("port 0") << QByteArray(R"({"serverAddress":"h","port":0})") << "port";
    QTest::newRow("port 70000") << QByteArray(R"({"serverAddress":"h","port":70000})") << "port";
    QTest::newRow("port text") << QByteArray(R"({"serverAddress":"h","port":"abc"})") << "port";
    QTest::newRow("port fraction") << QByteArray(R"({"serverAddress":"h","Port":25.5})") << "Port";
    QTest::newRow("ehlo CRLF") << QByteArray(
                                      R"({"serverAddress":"h","ehloName":"a\r\nMAIL FROM:<x>"})")
                               << "ehloName";
    QTest::newRow("ehlo LF") << QByteArray(R"({"serverAddress":"h","ehloName":"a\nb"})")
                             << "ehloName";
    QTest::newRow("ehlo NUL") << QByteArray(R"({"serverAddress":"h","ehloName":"a\u0000b"})")
                              << "ehloName";
    QTest::newRow("ehlo space") << QByteArray(R"({"serverAddress":"h","ehloName":"a b"})")
                                << "ehloName";
    QTest::newRow("ehlo non-ascii")
        << QByteArray(R"({"serverAddress":"h","ehloName":"bücher.de"})") << "ehloName";
    QTest::newRow("bad tls mode") << QByteArray(R"({"serverAddress":"h","tlsMode":"maybe"})")
                                  << "tlsMode";
    QTest::newRow("bad auth") << QByteArray(R"({"serverAddress":"h","authType":"ntlm"})")
                              << "authType";
    QTest::newRow("bad enableSSL")
        << QByteArray(R"({"serverAddress":"h","enableSSL":"perhaps"})") << "enableSSL";
    QTest::newRow("host not string") << QByteArray(R"({"serverAddress":42})") << "serverAddress";
    QTest::newRow("bad pin") << QByteArray(R"({"serverAddress":"h","pinSha256":"abc"})")
                             << "pinSha256";
    QTest::newRow("missing ca file")
        << QByteArray(R"({"serverAddress":"h","caFile":"/nonexistent/ca.pem"})") << "caFile";
    QTest::newRow("xoauth2 without token")
        << QByteArray(R"({"serverAddress":"h","userName":"u","authType":"xoauth2"})") << "token";
    QTest::newRow("mechanism without user")
        << QByteArray(R"({"serverAddress":"h","authType":"plain"})") << "userName";
    QTest::newRow("user with LF") << QByteArray(R"({"serverAddress":"h","userName":"u\nv"})")
                                  << "userName";
    QTest::newRow("timeout 0") << QByteArray(R"({"serverAddress":"h","timeoutSeconds":0})")
                               << "timeoutSeconds";
    QTest::newRow("pool 0") << QByteArray(R"({"serverAddress":"h","poolSize":0})") << "poolSize";
}

void TestSmtpSettings::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    QVERIFY(!o.isEmpty());
    const auto s = SmtpSettings::fromConnection(o);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().field, field);
    QCOMPARE(s.error().code, 400);
    QVERIFY(!s.error().message.isEmpty());
}

void TestSmtpSettings::defaultEhloName()
{
    const QString name = SmtpSettings::defaultEhloName();
    QVERIFY(!name.isEmpty());
    QVERIFY(name.contains(QLatin1Char('.')));
    for (QChar c : name)
        QVERIFY(c.unicode() < 0x80 && c != QLatin1Char(' '));
    SmtpSettings s;
    s.host = QStringLiteral("h");
    QCOMPARE(s.effectiveEhloName(), name);
    s.ehloName = QStringLiteral("client.example");
    QCOMPARE(s.effectiveEhloName(), QStringLiteral("client.example"));
}

void TestSmtpSettings::pin()
{
    SmtpSettings s;
    s.host = QStringLiteral("h");
    s.pinSha256 = QString(QStringLiteral("AB:")).repeated(31) + QStringLiteral("AB");
    QVERIFY(s.validate().ok());
    QCOMPARE(s.pinBytes(), QByteArray(32, char(0xab)));
}

QTEST_GUILESS_MAIN(TestSmtpSettings)
#include "tst_smtpsettings.moc"
