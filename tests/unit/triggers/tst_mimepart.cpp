#include "connectors/catcher/CaughtMail.h"
#include "connectors/catcher/MimePart.h"

#include <QTest>

using connectors::catcher::CaughtMail;
using connectors::catcher::MimePart;

class TestMimePart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodeWords_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QString>("decoded");
        QTest::newRow("plain") << QByteArray("Hello") << QStringLiteral("Hello");
        QTest::newRow("q utf-8") << QByteArray("=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=")
                                 << QStringLiteral("Grüße aus Köln");
        QTest::newRow("b utf-8") << QByteArray("=?utf-8?B?8J+agCBMYXVuY2g=?=")
                                 << QStringLiteral("🚀 Launch");
        QTest::newRow("latin1 q") << QByteArray("=?ISO-8859-1?Q?Andr=E9?= Pirard")
                                  << QStringLiteral("André Pirard");
        QTest::newRow("adjacent words join (RFC 2047 6.2)")
            << QByteArray("=?UTF-8?Q?a?= =?UTF-8?Q?b?=") << QStringLiteral("ab");
        QTest::newRow("text between words kept")
            << QByteArray("=?UTF-8?Q?a?= and =?UTF-8?Q?b?=") << QStringLiteral("a and b");
        QTest::newRow("raw utf-8 (SMTPUTF8)")
            << QByteArray("Caf\xc3\xa9") << QStringLiteral("Café");
        QTest::newRow("unknown charset falls back")
            << QByteArray("=?x-nothing?Q?abc?=") << QStringLiteral("abc");
    }
    void decodeWords()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QString, decoded);
        QCOMPARE(MimePart::decodeWords(encoded), decoded);
    }

    void quotedPrintable_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<QByteArray>("decoded");
        QTest::newRow("hex") << QByteArray("caf=C3=A9") << QByteArray("caf\xc3\xa9");
        QTest::newRow("soft break crlf") << QByteArray("long=\r\nline") << QByteArray("longline");
        QTest::newRow("soft break lf") << QByteArray("long=\nline") << QByteArray("longline");
        QTest::newRow("lower-case hex") << QByteArray("=3d=3D") << QByteArray("==");
        QTest::newRow("stray equals kept") << QByteArray("a=zz") << QByteArray("a=zz");
    }
    void quotedPrintable()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(QByteArray, decoded);
        QCOMPARE(MimePart::decodeQuotedPrintable(encoded), decoded);
    }

    void parameters_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("param");
        QTest::addColumn<QString>("expected");
        QTest::newRow("quoted") << QByteArray("attachment; filename=\"a; b.txt\"")
                                << QByteArray("attachment") << QByteArray("filename")
                                << QStringLiteral("a; b.txt");
        QTest::newRow("rfc 2231 charset")
            << QByteArray("attachment; filename*=UTF-8''%C3%BCber.pdf") << QByteArray("attachment")
            << QByteArray("filename") << QStringLiteral("über.pdf");
        QTest::newRow("rfc 2231 continuation")
            << QByteArray("application/pdf; name*0=\"long\"; name*1=\"name.pdf\"")
            << QByteArray("application/pdf") << QByteArray("name")
            << QStringLiteral("longname.pdf");
        QTest::newRow("rfc 2047 in parameter")
            << QByteArray("text/plain; name=\"=?UTF-8?B?w6Rwx6Vs?=\"") << QByteArray("text/plain")
            << QByteArray("name") << QStringLiteral("äpǥl");
        QTest::newRow("case folded")
            << QByteArray("Text/HTML; CHARSET=utf-8") << QByteArray("text/html")
            << QByteArray("charset") << QStringLiteral("utf-8");
    }
    void parameters()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, param);
        QFETCH(QString, expected);
        QByteArray got;
        const auto params = MimePart::parseParameters(field, &got);
        QCOMPARE(got, value);
        QCOMPARE(params.value(param), expected);
    }

    void multipartMessage()
    {
        const QByteArray raw = "Return-Path: <sender@example.test>\r\n"
                               "Delivered-To: hidden@example.test\r\n"
                               "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.test>\r\n"
                               "To: \"Doe, Jane\" <jane@example.test>, bob@example.test\r\n"
                               "Subject: =?UTF-8?B?TmV3IGxlYWQ6IEFjbWU=?=\r\n"
                               "Date: Mon, 05 Jan 2026 09:00:00 +0000\r\n"
                               "MIME-Version: 1.0\r\n"
                               "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
                               "\r\n"
                               "preamble\r\n"
                               "--outer\r\n"
                               "Content-Type: multipart/alternative; boundary=inner\r\n"
                               "\r\n"
                               "--inner\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: quoted-printable\r\n"
                               "\r\n"
                               "Hallo J=C3=BCrgen\r\n"
                               "--inner\r\n"
                               "Content-Type: text/html; charset=utf-8\r\n"
                               "\r\n"
                               "<p>Hallo</p>\r\n"
                               "--inner--\r\n"
                               "--outer\r\n"
                               "Content-Type: application/pdf; name=\"lead.pdf\"\r\n"
                               "Content-Disposition: attachment; filename=\"lead.pdf\"\r\n"
                               "Content-Transfer-Encoding: base64\r\n"
                               "\r\n"
                               "JVBERi0xLjQK\r\n"
                               "--outer--\r\n"
                               "epilogue\r\n";
        const CaughtMail mail = CaughtMail::fromBytes(raw);
        QCOMPARE(mail.from, QStringLiteral("Jürgen <j@example.test>"));
        QCOMPARE(mail.to, (QStringList{QStringLiteral("\"Doe, Jane\" <jane@example.test>"),
                                       QStringLiteral("bob@example.test")}));
        QCOMPARE(mail.envelopeRecipients, QStringList{QStringLiteral("hidden@example.test")});
        QCOMPARE(mail.subject, QStringLiteral("New lead: Acme"));
        QCOMPARE(mail.date, QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC));
        QCOMPARE(mail.text, QStringLiteral("Hallo Jürgen"));
        QCOMPARE(mail.html, QStringLiteral("<p>Hallo</p>"));
        QCOMPARE(mail.attachments.size(), 1);
        QCOMPARE(mail.attachments.at(0).fileName, QStringLiteral("lead.pdf"));
        QCOMPARE(mail.attachments.at(0).contentType, QStringLiteral("application/pdf"));
        QCOMPARE(mail.attachments.at(0).data, QByteArray("%PDF-1.4\n"));
    }

    void garbageDoesNotCrash_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no headers") << QByteArray("\r\nbody only");
        QTest::newRow("no body") << QByteArray("Subject: x");
        QTest::newRow("boundary never closed") << QByteArray(
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nSubject: y\r\n\r\nz");
        QTest::newRow("multipart without boundary")
            << QByteArray("Content-Type: multipart/mixed\r\n\r\n--b\r\n");
        QTest::newRow("continuation first") << QByteArray(" folded\r\nSubject: s\r\n\r\nb");
        QTest::newRow("binary") << QByteArray("\x00\xff\r\n\r\n\x01", 7);
    }
    void garbageDoesNotCrash()
    {
        QFETCH(QByteArray, raw);
        const CaughtMail mail = CaughtMail::fromBytes(raw);
        QCOMPARE(mail.raw, raw);
    }

    void unclosedBoundaryStillShowsParts()
    {
        const CaughtMail mail = CaughtMail::fromBytes(
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n"
            "\r\nfirst\r\n--b\r\nContent-Type: text/html\r\n\r\n<b>x</b>");
        QCOMPARE(mail.text, QStringLiteral("first"));
        QCOMPARE(mail.html, QStringLiteral("<b>x</b>"));
    }
};

QTEST_GUILESS_MAIN(TestMimePart)
#include "tst_mimepart.moc"
