#include "connectors/smtp/SmtpCapabilities.h"
#include "connectors/smtp/SmtpReplyParser.h"

#include <QTest>

using connectors::smtp::SmtpCapabilities;
using connectors::smtp::SmtpReply;
using connectors::smtp::SmtpReplyParser;

// Replies written as "code|enhanced|line1\nline2" for compact tables.
static QString describe(const SmtpReply& r)
{
    return QString::number(r.code) + QLatin1Char('|') + r.enhancedStatus + QLatin1Char('|') +
           r.lines.join(QLatin1Char('\n'));
}

class TestSmtpReplyParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesReplies_data();
    void parsesReplies();
    void splitAtEveryByte_data();
    void splitAtEveryByte();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void staysFailedUntilReset();
    void keepsPartialReply();
    void capabilities_data();
    void capabilities();
    void replyText();
};

void TestSmtpReplyParser::parsesReplies_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("greeting") << QByteArray("220 mail.example.com ESMTP ready\r\n")
                              << QStringList{"220||mail.example.com ESMTP ready"};
    QTest::newRow("bare 250") << QByteArray("250\r\n") << QStringList{"250||"};
    QTest::newRow("250 with space only") << QByteArray("250 \r\n") << QStringList{"250||"};
    QTest::newRow("multi-line") << QByteArray("250-a.example\r\n250-PIPELINING\r\n250 SIZE 10\r\n")
                                << QStringList{"250||a.example\nPIPELINING\nSIZE 10"};
    QTest::newRow("enhanced") << QByteArray("550 5.1.1 <x@y>: Recipient unknown\r\n")
                              << QStringList{"550|5.1.1|<x@y>: Recipient unknown"};
    QTest::newRow("enhanced alone") << QByteArray("250 2.0.0\r\n") << QStringList{"250|2.0.0|"};
    QTest::newRow("enhanced each line") << QByteArray("550-5.7.1 Relaying\r\n550 5.7.1 denied\r\n")
                                        << QStringList{"550|5.7.1|Relaying\ndenied"};
    QTest::newRow("enhanced class mismatch kept as text")
        << QByteArray("250 5.1.1 odd\r\n") << QStringList{"250||5.1.1 odd"};
    QTest::newRow("not enhanced: version-like")
        << QByteArray("220 2.0 ready\r\n") << QStringList{"220||2.0 ready"};
    QTest::newRow("three-digit enhanced")
        << QByteArray("452 4.5.3 Too many\r\n") << QStringList{"452|4.5.3|Too many"};
    QTest::newRow("pipelined in one read")
        << QByteArray("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
        << QStringList{"250|2.1.0|Ok", "250|2.1.5|Ok", "354||End data with <CR><LF>.<CR><LF>"};
    QTest::newRow("bare LF tolerated") << QByteArray("250-a\n250 b\n") << QStringList{"250||a\nb"};
    QTest::newRow("incomplete kept") << QByteArray("250-a\r\n250 b") << QStringList{};
    QTest::newRow("utf8 text") << QByteArray("250 2.0.0 Привет\r\n")
                               << QStringList{QStringLiteral("250|2.0.0|Привет")};
    QTest::newRow("334 challenge")
        << QByteArray("334 VXNlcm5hbWU6\r\n") << QStringList{"334||VXNlcm5hbWU6"};
    QTest::newRow("421 anytime") << QByteArray("421 4.4.2 Timeout\r\n")
                                 << QStringList{"421|4.4.2|Timeout"};
    QTest::newRow("multi then single")
        << QByteArray("250-x\r\n250 y\r\n221 bye\r\n") << QStringList{"250||x\ny", "221||bye"};
}

void TestSmtpReplyParser::parsesReplies()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    SmtpReplyParser parser;
    auto replies = parser.feed(input);
    QVERIFY2(replies.ok(), qPrintable(replies.ok() ? QString() : replies.error().message));
    QStringList got;
    for (const SmtpReply& r : replies.value())
        got.append(describe(r));
    QCOMPARE(got, expected);
}

void TestSmtpReplyParser::splitAtEveryByte_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("ehlo") << QByteArray(
        "250-mail.example.com Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n"
        "250-AUTH LOGIN PLAIN XOAUTH2\r\n250 ENHANCEDSTATUSCODES\r\n");
    QTest::newRow("batch") << QByteArray("250 2.1.0 Ok\r\n550 5.1.1 no\r\n354 go\r\n");
    QTest::newRow("bare") << QByteArray("250\r\n250\r\n");
}

void TestSmtpReplyParser::splitAtEveryByte()
{
    QFETCH(QByteArray, input);
    SmtpReplyParser whole;
    const auto expected = whole.feed(input);
    QVERIFY(expected.ok());
    QVERIFY(!expected->isEmpty());
    // Two pieces split at every position, and one byte at a time.
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        SmtpReplyParser p;
        auto a = p.feed(QByteArrayView(input).first(cut));
        auto b = p.feed(QByteArrayView(input).sliced(cut));
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a.value() + b.value(), expected.value());
        QVERIFY(!p.hasPending());
    }
    SmtpReplyParser bytewise;
    QList<SmtpReply> all;
    for (char c : input) {
        auto r = bytewise.feed(QByteArrayView(&c, 1));
        QVERIFY(r.ok());
        all += r.value();
    }
    QCOMPARE(all, expected.value());
}

void TestSmtpReplyParser::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no code") << QByteArray("hello\r\n") << QStringLiteral("three-digit");
    QTest::newRow("two digits") << QByteArray("25 ok\r\n") << QStringLiteral("three-digit");
    QTest::newRow("empty line") << QByteArray("\r\n") << QStringLiteral("three-digit");
    QTest::newRow("code 600") << QByteArray("600 x\r\n")
                              << QStringLiteral("not an SMTP reply code");
    QTest::newRow("code 160") << QByteArray("160 x\r\n")
                              << QStringLiteral("not an SMTP reply code");
    QTest::newRow("code 260") << QByteArray("260 x\r\n")
                              << QStringLiteral("not an SMTP reply code");
    QTest::newRow("bad separator") << QByteArray("250_x\r\n") << QStringLiteral("space or '-'");
    QTest::newRow("four digits") << QByteArray("2500 x\r\n") << QStringLiteral("space or '-'");
    QTest::newRow("code changes mid reply")
        << QByteArray("250-a\r\n251 b\r\n") << QStringLiteral("multi-line");
    QTest::newRow("NUL") << QByteArray("250 a\0b\r\n", 9) << QStringLiteral("control");
    QTest::newRow("bare CR inside") << QByteArray("250 a\rb\r\n") << QStringLiteral("control");
    QTest::newRow("endless line") << QByteArray(SmtpReplyParser::MaxLineLength + 10, 'a')
                                  << QStringLiteral("longer");
    QTest::newRow("long complete line")
        << (QByteArray("250 ") + QByteArray(SmtpReplyParser::MaxLineLength + 10, 'a') + "\r\n")
        << QStringLiteral("longer");
}

void TestSmtpReplyParser::rejectsMalformed()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, mentions);
    SmtpReplyParser parser;
    const auto r = parser.feed(input);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(mentions), qPrintable(r.error().message));
    QCOMPARE(r.error().field, QStringLiteral("reply"));
}

void TestSmtpReplyParser::staysFailedUntilReset()
{
    SmtpReplyParser parser;
    QVERIFY(!parser.feed("garbage\r\n").ok());
    QVERIFY(!parser.feed("250 ok\r\n").ok());
    parser.reset();
    const auto r = parser.feed("250 ok\r\n");
    QVERIFY(r.ok());
    QCOMPARE(r->size(), 1);
}

void TestSmtpReplyParser::keepsPartialReply()
{
    SmtpReplyParser parser;
    auto r = parser.feed("250-first\r\n");
    QVERIFY(r.ok());
    QVERIFY(r->isEmpty());
    QVERIFY(parser.hasPending());
    r = parser.feed("250 last\r\n");
    QVERIFY(r.ok());
    QCOMPARE(r->size(), 1);
    QCOMPARE(r->first().lines, (QStringList{"first", "last"}));
    QVERIFY(!parser.hasPending());
    QVERIFY(!SmtpReplyParser::parseAll("250-a\r\n").ok());
    QVERIFY(!SmtpReplyParser::parseAll("250 a\r\n250 b\r\n").ok());
    QCOMPARE(SmtpReplyParser::parseAll("250 a\r\n")->code, 250);
}

void TestSmtpReplyParser::capabilities_data()
{
    QTest::addColumn<QByteArray>("ehlo");
    QTest::addColumn<QString>("flags"); // p=pipelining 8=8bit u=utf8 d=dsn s=starttls e=enhanced
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<QStringList>("auth");

    QTest::newRow("postfix") << QByteArray(
                                    "250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                                    "250-VRFY\r\n250-ETRN\r\n250-STARTTLS\r\n"
                                    "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
                                    "250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n")
                             << "p8udse" << qint64(10240000) << QStringList{};
    QTest::newRow("auth first, lower case")
        << QByteArray("250-mx\r\n250-auth plain login cram-md5\r\n250 size\r\n") << "" << qint64(0)
        << QStringList{"PLAIN", "LOGIN", "CRAM-MD5"};
    QTest::newRow("legacy AUTH= and AUTH")
        << QByteArray(
               "250-mx\r\n250-AUTH=LOGIN PLAIN\r\n250-AUTH LOGIN PLAIN XOAUTH2\r\n250 8BITMIME\r\n")
        << "8" << qint64(0) << QStringList{"LOGIN", "PLAIN", "XOAUTH2"};
    QTest::newRow("greeting line is not a keyword")
        << QByteArray("250-PIPELINING is my name\r\n250 DSN\r\n") << "d" << qint64(0)
        << QStringList{};
    QTest::newRow("single line") << QByteArray("250 mx.example\r\n") << "" << qint64(0)
                                 << QStringList{};
    QTest::newRow("keywords last")
        << QByteArray("250-mx\r\n250-X-FOO\r\n250-SMTPUTF8\r\n250 STARTTLS\r\n") << "us"
        << qint64(0) << QStringList{};
    QTest::newRow("SIZE 0 means no limit")
        << QByteArray("250-mx\r\n250 SIZE 0\r\n") << "" << qint64(0) << QStringList{};
    QTest::newRow("SIZE garbage") << QByteArray("250-mx\r\n250 SIZE lots\r\n") << "" << qint64(0)
                                  << QStringList{};
}

void TestSmtpReplyParser::capabilities()
{
    QFETCH(QByteArray, ehlo);
    QFETCH(QString, flags);
    QFETCH(qint64, maxSize);
    QFETCH(QStringList, auth);
    const auto reply = SmtpReplyParser::parseAll(ehlo);
    QVERIFY(reply.ok());
    const SmtpCapabilities caps = SmtpCapabilities::fromEhlo(reply.value());
    QCOMPARE(caps.pipelining, flags.contains(QLatin1Char('p')));
    QCOMPARE(caps.eightBitMime, flags.contains(QLatin1Char('8')));
    QCOMPARE(caps.smtpUtf8, flags.contains(QLatin1Char('u')));
    QCOMPARE(caps.dsn, flags.contains(QLatin1Char('d')));
    QCOMPARE(caps.startTls, flags.contains(QLatin1Char('s')));
    QCOMPARE(caps.enhancedStatusCodes, flags.contains(QLatin1Char('e')));
    QCOMPARE(caps.maxSize, maxSize);
    QCOMPARE(caps.authMechanisms, auth);
}

void TestSmtpReplyParser::replyText()
{
    const auto r = SmtpReplyParser::parseAll("550-5.1.1 no such\r\n550 5.1.1 user\r\n");
    QVERIFY(r.ok());
    QCOMPARE(r->toString(), QStringLiteral("550 5.1.1 no such user"));
    QVERIFY(r->isPermanentFailure());
    QVERIFY(!r->isTransientFailure());
}

QTEST_GUILESS_MAIN(TestSmtpReplyParser)
#include "tst_smtpreplyparser.moc"
