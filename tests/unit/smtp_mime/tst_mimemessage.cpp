#include "connectors/smtp/MimeMessage.h"
#include "tests/support/FakeClock.h"
#include "tests/support/PythonEmail.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using connectors::smtp::EmailMessage;
using connectors::smtp::MimeMessage;
using testsupport::pythonHeader;
using testsupport::pythonPart;

namespace {

EmailMessage message(const QJsonObject& extra = {})
{
    QJsonObject props{
        {"From", "Sender Name <sender@example.com>"},
        {"To", "\"Doe, Jane\" <jane@example.com>; bob@example.org"},
        {"CC", "Carol <carol@example.net>"},
        {"BCC", "hidden@example.com"},
        {"Subject", "Quarterly report"},
        {"Body", "Hello Jane,\nplease find the report.\n"},
    };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        props.insert(it.key(), it.value());
    auto m = EmailMessage::fromProperties(props);
    if (!m)
        qFatal("bad test input: %s", qPrintable(m.error().toString()));
    return *m;
}

MimeMessage build(const EmailMessage& m)
{
    static testsupport::FakeClock clock;
    auto mime = MimeMessage::build(m, clock);
    if (!mime)
        qFatal("build failed: %s", qPrintable(mime.error().toString()));
    return *mime;
}

QJsonObject parse(const QByteArray& raw)
{
    const QJsonObject parsed = testsupport::parseWithPython(raw);
    if (parsed.contains("error"))
        qWarning("%s", qPrintable(parsed.value("error").toString()));
    return parsed;
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(random.bounded(256));
    return out;
}

QString repeatTo(const QString& unit, int length)
{
    QString s;
    while (s.size() < length)
        s += unit;
    return s.left(length);
}

// Every encoded-word in the raw message is at most 75 characters (RFC 2047 2).
int longestEncodedWord(const QByteArray& raw)
{
    static const QRegularExpression word(QStringLiteral("=\\?[^?\\s]+\\?[BbQq]\\?[^?\\s]*\\?="));
    int longest = 0;
    auto it = word.globalMatch(QString::fromUtf8(raw));
    while (it.hasNext())
        longest = std::max(longest, int(it.next().capturedLength()));
    return longest;
}

QStringList partTypes(const QJsonObject& parsed)
{
    QStringList types;
    for (const QJsonValue& p : parsed.value("parts").toArray())
        types << p.toObject().value("path").toString() + "=" +
                     p.toObject().value("content_type").toString();
    return types;
}

} // namespace

class TestMimeMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainMessageHeaders()
    {
        const MimeMessage mime = build(message());
        const QByteArray raw = mime.toByteArray();
        const QJsonObject p = parse(raw);
        QVERIFY(!p.contains("error"));
        QCOMPARE(pythonHeader(p, "Date"), QStringLiteral("Mon, 05 Jan 2026 09:00:00 +0000"));
        QCOMPARE(pythonHeader(p, "Subject"), QStringLiteral("Quarterly report"));
        QCOMPARE(pythonHeader(p, "MIME-Version"), QStringLiteral("1.0"));
        QCOMPARE(p.value("addresses").toObject().value("From").toArray(),
                 (QJsonArray{QJsonArray{"Sender Name", "sender@example.com"}}));
        QCOMPARE(p.value("addresses").toObject().value("To").toArray(),
                 (QJsonArray{QJsonArray{"Doe, Jane", "jane@example.com"},
                             QJsonArray{"", "bob@example.org"}}));
        QCOMPARE(p.value("addresses").toObject().value("Cc").toArray(),
                 (QJsonArray{QJsonArray{"Carol", "carol@example.net"}}));
        // RFC 5322 3.6.3: Bcc never in the headers.
        QVERIFY(p.value("addresses").toObject().value("Bcc").isNull());
        QVERIFY(!raw.contains("hidden@example.com"));
        const QString id = pythonHeader(p, "Message-ID");
        QVERIFY2(QRegularExpression(QStringLiteral("^<[0-9a-z]+\\.[0-9A-Za-z]{20}@example\\.com>$"))
                     .match(id)
                     .hasMatch(),
                 qPrintable(id));
        QCOMPARE(id, "<" + mime.messageId() + ">");
        QVERIFY(pythonHeader(p, "Importance").isEmpty());
        QVERIFY(pythonHeader(p, "Disposition-Notification-To").isEmpty());

        const QJsonObject root = pythonPart(p, "");
        QCOMPARE(root.value("content_type").toString(), QStringLiteral("text/plain"));
        QCOMPARE(root.value("charset").toString(), QStringLiteral("utf-8"));
        QCOMPARE(root.value("cte").toString(), QStringLiteral("7bit"));
        QCOMPARE(root.value("text").toString(),
                 QStringLiteral("Hello Jane,\nplease find the report.\n"));
        QCOMPARE(p.value("defects").toArray(), QJsonArray());
        QCOMPARE(p.value("bare_lf").toInt(), 0);
        QVERIFY(p.value("ends_with_crlf").toBool());
        QCOMPARE(mime.size(), qint64(raw.size()));
    }

    void envelope()
    {
        EmailMessage m = message(QJsonObject{
            {"To", "a@example.com; A@EXAMPLE.COM; b@bücher.example"},
            {"CC", "a@Example.com"},
            {"BCC", "hidden@example.com; b@xn--bcher-kva.example"},
            {"DeliveryReceipt", true},
        });
        const MimeMessage mime = build(m);
        const auto e = mime.envelope();
        QCOMPARE(e.from, QStringLiteral("sender@example.com"));
        // Same local part and domain (case-insensitive) only once; A-labels.
        QCOMPARE(e.recipients, (QStringList{"a@example.com", "A@EXAMPLE.COM",
                                            "b@xn--bcher-kva.example", "hidden@example.com"}));
        QVERIFY(!e.smtpUtf8);
        QVERIFY(!e.eightBitMime);
        QCOMPARE(e.dsnNotify, (QStringList{"SUCCESS", "FAILURE"}));
        QCOMPARE(e.sizeHint, qint64(mime.toByteArray().size()));

        const auto utf8 = build(message(QJsonObject{{"To", "josé@example.com"}})).envelope();
        QVERIFY(utf8.smtpUtf8);
        QCOMPARE(utf8.recipients.first(), QStringLiteral("josé@example.com"));
        QVERIFY(utf8.dsnNotify.isEmpty());
    }

    void subjectsRoundTrip_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::newRow("ascii") << "Quarterly report for Q3";
        QTest::newRow("empty") << "";
        QTest::newRow("latin") << "Grüße aus Köln – naïve café";
        QTest::newRow("cyrillic 200") << repeatTo("Привет, мир! Отчёт за квартал. ", 200);
        QTest::newRow("cjk 200") << repeatTo("测试邮件主题：季度报告，请查收。日本語のテキスト",
                                             200);
        QTest::newRow("emoji 200") << repeatTo("🎉🚀 Launch 👩‍💻 día ✅ ", 200);
        QTest::newRow("ascii long words") << repeatTo("lorem ipsum dolor sit amet ", 300);
        QTest::newRow("ascii unbreakable") << QString(150, QLatin1Char('x'));
        QTest::newRow("looks encoded") << "=?UTF-8?B?SGk=?= is not encoded";
        QTest::newRow("double spaces") << "two  spaces  kept";
        QTest::newRow("edge spaces") << " leading and trailing ";
        QTest::newRow("specials") << "Re: [ticket #42] \"quoted\" (paren) <angle> a=b?c_d";
        QTest::newRow("mixed") << "Invoice № 42 — €100 due 2026-01-05 for Zoë";
    }
    void subjectsRoundTrip()
    {
        QFETCH(QString, subject);
        const QByteArray raw = build(message(QJsonObject{{"Subject", subject}})).toByteArray();
        const QJsonObject p = parse(raw);
        QCOMPARE(p.value("subject").toString(), subject);
        QVERIFY2(p.value("max_header_line").toInt() <= 78,
                 qPrintable(QString::number(p.value("max_header_line").toInt())));
        QVERIFY(longestEncodedWord(raw) <= 75);
        QCOMPARE(p.value("defects").toArray(), QJsonArray());
        QVERIFY(!p.value("eight_bit").toBool()); // headers stay 7-bit
    }

    void displayNamesRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << "Jane Doe";
        QTest::newRow("comma") << "Doe, Jane";
        QTest::newRow("quotes") << "Jane \"JD\" Doe";
        QTest::newRow("backslash") << "Back\\slash";
        QTest::newRow("latin") << "Zoë Ångström";
        QTest::newRow("cjk") << "王小明";
        QTest::newRow("long cyrillic") << repeatTo("Анна Каренина ", 120).trimmed();
        QTest::newRow("emoji") << "Team 🚀";
        QTest::newRow("at sign") << "support@work";
    }
    void displayNamesRoundTrip()
    {
        QFETCH(QString, name);
        EmailMessage m = message();
        m.to.first().setDisplayName(name);
        m.from.setDisplayName(name);
        const QByteArray raw = build(m).toByteArray();
        const QJsonObject p = parse(raw);
        const QJsonObject a = p.value("addresses").toObject();
        // CPython keeps the white space between encoded-words in a phrase (RFC
        // 2047 6.2 says to drop it), so a long name split at a space shows two.
        const QJsonArray to = a.value("To").toArray().at(0).toArray();
        QCOMPARE(to.at(0).toString().replace("  ", " "), name);
        QCOMPARE(to.at(1).toString(), QStringLiteral("jane@example.com"));
        const QJsonArray from = a.value("From").toArray().at(0).toArray();
        QCOMPARE(from.at(0).toString().replace("  ", " "), name);
        QVERIFY(p.value("max_header_line").toInt() <= 78);
        QVERIFY(longestEncodedWord(raw) <= 75);
    }

    void bodyEncodings_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<bool>("allow8bit");
        QTest::addColumn<QString>("cte");
        QTest::addColumn<bool>("eightBit");

        QTest::newRow("ascii") << "Hi\nthere\n" << true << "7bit" << false;
        QTest::newRow("latin 8bit") << "Grüße\nKöln\n" << true << "8bit" << true;
        QTest::newRow("latin 7bit only") << "Schöne Grüße aus Köln,\nbis bald!\n"
                                         << false << "quoted-printable" << false;
        QTest::newRow("cjk 7bit only")
            << repeatTo("测试中文正文", 300) << false << "base64" << false;
        QTest::newRow("long ascii line")
            << QString(5000, QLatin1Char('a')) << true << "quoted-printable" << false;
        QTest::newRow("long latin line") << repeatTo("é", 3000) << true << "base64" << false;
        QTest::newRow("trailing spaces") << "line with space \nnext\t\n" << true << "7bit" << false;
        QTest::newRow("dot and From") << ".\nFrom here\n..\n" << true << "7bit" << false;
        QTest::newRow("qp specials") << "a=b ñ \nFrom me\n.\n"
                                     << false << "quoted-printable" << false;
        QTest::newRow("mixed breaks") << "one\r\ntwo\rthree\nfour" << true << "7bit" << false;
    }
    void bodyEncodings()
    {
        QFETCH(QString, body);
        QFETCH(bool, allow8bit);
        QFETCH(QString, cte);
        QFETCH(bool, eightBit);
        const MimeMessage mime = build(message(QJsonObject{{"Body", body}}));
        const QByteArray raw = mime.toByteArray(allow8bit);
        const QJsonObject p = parse(raw);
        const QJsonObject root = pythonPart(p, "");
        QCOMPARE(root.value("cte").toString(), cte);
        QCOMPARE(p.value("eight_bit").toBool(), eightBit);
        QCOMPARE(mime.hasEightBitParts() && allow8bit, eightBit);
        QVERIFY(p.value("max_line").toInt() <= 998);
        QCOMPARE(p.value("bare_lf").toInt(), 0);
        QCOMPARE(p.value("bare_cr").toInt(), 0);
        if (cte == QLatin1String("quoted-printable") || cte == QLatin1String("base64"))
            QVERIFY(p.value("max_line").toInt() <= 76);
        QString expected = body;
        expected.replace("\r\n", "\n").replace('\r', '\n');
        QString got = root.value("text").toString();
        // Python adds the final line break a text part must have.
        if (!expected.endsWith('\n') && got == expected + "\n")
            got.chop(1);
        QCOMPARE(got, expected);
        QCOMPARE(mime.size(allow8bit), qint64(raw.size()));
    }

    void htmlWithDerivedText()
    {
        const QString html =
            QStringLiteral("<html><head><style>p{color:red}</style><title>T</title></head><body>"
                           "<h1>Welcome</h1><p>Hello&nbsp;<b>Jane</b> &amp; team,</p>"
                           "<ul><li>one</li><li>two</li></ul>"
                           "<p>See <a href=\"https://example.com/x\">the report</a>.</p>"
                           "<script>alert(1)</script></body></html>");
        const QByteArray raw =
            build(message(QJsonObject{{"Body", html}, {"IsHtml", true}})).toByteArray();
        const QJsonObject p = parse(raw);
        QCOMPARE(partTypes(p),
                 (QStringList{"=multipart/alternative", "0=text/plain", "1=text/html"}));
        const QString text = pythonPart(p, "0").value("text").toString();
        QVERIFY2(text.contains("Welcome"), qPrintable(text));
        QVERIFY(text.contains("Hello Jane & team,"));
        QVERIFY(text.contains("- one\n- two"));
        QVERIFY(text.contains("Welcome\n\nHello"));
        QVERIFY(text.contains("the report <https://example.com/x>"));
        QVERIFY(!text.contains("alert"));
        QVERIFY(!text.contains("color:red"));
        QVERIFY(!text.contains('<' + QStringLiteral("p>")));
        QCOMPARE(pythonPart(p, "1").value("text").toString(), html);
        QCOMPARE(p.value("defects").toArray(), QJsonArray());
    }

    void htmlWithGivenText()
    {
        EmailMessage m = message(QJsonObject{{"Body", "<p>Hi</p>"}, {"IsHtml", "true"}});
        m.textBody = QStringLiteral("Hi (text version)\n");
        const QJsonObject p = parse(build(m).toByteArray());
        QCOMPARE(pythonPart(p, "0").value("text").toString(),
                 QStringLiteral("Hi (text version)\n"));
    }

    void inlineImageAndAttachments()
    {
        const QByteArray png = randomBytes(5000, 1);
        const QByteArray pdf = randomBytes(70000, 2);
        const QJsonObject props{
            {"Body", "<p>Logo: <img src=\"cid:logo@example.com\" alt=\"logo\"></p>"},
            {"IsHtml", true},
            {"Attachments",
             QJsonArray{
                 QJsonObject{{"ContentData", QString::fromLatin1(pdf.toBase64())},
                             {"FileName", "Grüße 测试.pdf"}},
                 QJsonObject{{"ContentData", QString::fromLatin1(png.toBase64())},
                             {"ContentType", "image/png"},
                             {"ContentId", "<logo@example.com>"}},
                 QJsonObject{{"ContentData", "name;value\nä;1\n"},
                             {"ContentTransferEncoding", "none"},
                             {"FileName", "data.csv"}},
             }},
        };
        const MimeMessage mime = build(message(props));
        const QByteArray raw = mime.toByteArray();
        const QJsonObject p = parse(raw);
        QCOMPARE(partTypes(p),
                 (QStringList{"=multipart/mixed", "0=multipart/alternative", "0.0=text/plain",
                              "0.1=multipart/related", "0.1.0=text/html", "0.1.1=image/png",
                              "1=application/pdf", "2=text/csv"}));
        const QJsonObject related = pythonPart(p, "0.1");
        QCOMPARE(related.value("params").toObject().value("type").toString(),
                 QStringLiteral("text/html"));
        const QJsonObject image = pythonPart(p, "0.1.1");
        QCOMPARE(image.value("content_id").toString(), QStringLiteral("<logo@example.com>"));
        QCOMPARE(image.value("disposition").toString(), QStringLiteral("inline"));
        QCOMPARE(image.value("sha256").toString(), QString::fromLatin1(sha256(png)));
        const QJsonObject attachment = pythonPart(p, "1");
        QCOMPARE(attachment.value("filename").toString(), QStringLiteral("Grüße 测试.pdf"));
        QCOMPARE(attachment.value("disposition").toString(), QStringLiteral("attachment"));
        QCOMPARE(attachment.value("cte").toString(), QStringLiteral("base64"));
        QCOMPARE(attachment.value("sha256").toString(), QString::fromLatin1(sha256(pdf)));
        QCOMPARE(attachment.value("size").toInt(), pdf.size());
        // The old-style name= carries the name as encoded-words too.
        QVERIFY(raw.contains("name=\"=?UTF-8?"));
        const QJsonObject csv = pythonPart(p, "2");
        QCOMPARE(csv.value("charset").toString(), QStringLiteral("utf-8"));
        QCOMPARE(csv.value("text").toString(), QStringLiteral("name;value\nä;1\n"));
        QCOMPARE(csv.value("cte").toString(), QStringLiteral("8bit"));
        QVERIFY(mime.envelope().eightBitMime);
        QCOMPARE(p.value("defects").toArray(), QJsonArray());
        for (const QJsonValue& part : p.value("parts").toArray())
            QCOMPARE(part.toObject().value("defects").toArray(), QJsonArray());
        QVERIFY(p.value("max_line").toInt() <= 998);
        QVERIFY(p.value("max_header_line").toInt() <= 78);

        // Without 8BITMIME the same message is 7-bit throughout.
        const QJsonObject seven = parse(mime.toByteArray(false));
        QVERIFY(!seven.value("eight_bit").toBool());
        QCOMPARE(pythonPart(seven, "2").value("text").toString(),
                 QStringLiteral("name;value\nä;1\n"));
        QCOMPARE(pythonPart(seven, "1").value("sha256").toString(),
                 QString::fromLatin1(sha256(pdf)));
    }

    void fileNames_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("type");
        QTest::newRow("ascii") << "report.pdf"
                               << "application/pdf";
        QTest::newRow("german cjk") << "Grüße 测试.pdf"
                                    << "application/pdf";
        QTest::newRow("long ascii") << repeatTo("very-long-file-name ", 150) + ".txt"
                                    << "text/plain";
        QTest::newRow("long cjk") << repeatTo("测试文件名称", 120) + ".png"
                                  << "image/png";
        QTest::newRow("quotes")
            << "say \"hi\" (1).docx"
            << "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        QTest::newRow("emoji") << "🎉 party.jpg"
                               << "image/jpeg";
        QTest::newRow("percent") << "100% done; 50%25.zip"
                                 << "application/zip";
        QTest::newRow("unknown extension") << "data.qqqzzz"
                                           << "application/octet-stream";
        QTest::newRow("no extension") << "noextension"
                                      << "application/octet-stream";
    }
    void fileNames()
    {
        QFETCH(QString, fileName);
        QFETCH(QString, type);
        const QByteArray data = randomBytes(300, 3);
        const QJsonObject props{
            {"Attachments",
             QJsonArray{QJsonObject{{"ContentData", QString::fromLatin1(data.toBase64())},
                                    {"FileName", fileName}}}}};
        const QByteArray raw = build(message(props)).toByteArray();
        const QJsonObject p = parse(raw);
        const QJsonObject part = pythonPart(p, "1");
        QCOMPARE(part.value("filename").toString(), fileName);
        QCOMPARE(part.value("content_type").toString(), type);
        QCOMPARE(part.value("sha256").toString(), QString::fromLatin1(sha256(data)));
        QVERIFY2(p.value("max_header_line").toInt() <= 78,
                 qPrintable(QString::number(p.value("max_header_line").toInt())));
        QVERIFY(longestEncodedWord(raw) <= 75);
        QCOMPARE(part.value("defects").toArray(), QJsonArray());
    }

    void sevenBitCleanAttachmentAndGivenType()
    {
        const QByteArray csv = "a,b\r\n1,2\r\n";
        const QJsonObject props{
            {"Attachments",
             QJsonArray{QJsonObject{{"ContentData", QString::fromLatin1(csv.toBase64())},
                                    {"ContentType", "text/csv; charset=us-ascii; header=present"},
                                    {"FileName", "x.csv"}}}}};
        const QByteArray raw = build(message(props)).toByteArray();
        const QJsonObject p = parse(raw);
        const QJsonObject part = pythonPart(p, "1");
        QCOMPARE(part.value("cte").toString(), QStringLiteral("7bit"));
        QCOMPARE(part.value("params").toObject().value("header").toString(),
                 QStringLiteral("present"));
        QCOMPARE(part.value("charset").toString(), QStringLiteral("us-ascii"));
        QCOMPARE(part.value("text").toString(), QStringLiteral("a,b\n1,2\n"));
    }

    void importanceReceiptsAndCustomHeaders_data()
    {
        QTest::addColumn<QString>("importance");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("priority");
        QTest::newRow("high") << "High"
                              << "High"
                              << "1 (Highest)";
        QTest::newRow("low") << "low"
                             << "Low"
                             << "5 (Lowest)";
        QTest::newRow("normal") << "Normal"
                                << ""
                                << "";
    }
    void importanceReceiptsAndCustomHeaders()
    {
        QFETCH(QString, importance);
        QFETCH(QString, header);
        QFETCH(QString, priority);
        const QString longValue = repeatTo("значение заголовка ", 180);
        const QJsonObject props{
            {"Importance", importance},
            {"ReadReceipt", true},
            {"ReplyTo", "Help Desk <help@example.com>, Ünïcode <u@example.com>"},
            {"Headers", QJsonObject{{"X-Campaign", "spring-2026"}, {"X-Note", longValue}}}};
        const QByteArray raw = build(message(props)).toByteArray();
        const QJsonObject p = parse(raw);
        QCOMPARE(pythonHeader(p, "Importance"), header);
        QCOMPARE(pythonHeader(p, "X-Priority"), priority);
        QCOMPARE(p.value("addresses").toObject().value("Disposition-Notification-To").toArray(),
                 (QJsonArray{QJsonArray{"Sender Name", "sender@example.com"}}));
        QCOMPARE(p.value("addresses").toObject().value("Reply-To").toArray(),
                 (QJsonArray{QJsonArray{"Help Desk", "help@example.com"},
                             QJsonArray{"Ünïcode", "u@example.com"}}));
        QCOMPARE(pythonHeader(p, "X-Campaign"), QStringLiteral("spring-2026"));
        QCOMPARE(pythonHeader(p, "X-Note"), longValue);
        QVERIFY(p.value("max_header_line").toInt() <= 78);
    }

    void receiptAddresses()
    {
        // V3 gives the addresses: the read receipt goes where asked, the
        // delivery receipt is a DSN request plus Return-Receipt-To.
        const QJsonObject props{{"ReadReceipt", "Read Receipts <read@example.com>"},
                                {"DeliveryReceipt", "delivered@example.com"}};
        const MimeMessage mime = build(message(props));
        const QJsonObject p = parse(mime.toByteArray());
        QCOMPARE(p.value("addresses").toObject().value("Disposition-Notification-To").toArray(),
                 (QJsonArray{QJsonArray{"Read Receipts", "read@example.com"}}));
        QCOMPARE(pythonHeader(p, "Return-Receipt-To"), QStringLiteral("delivered@example.com"));
        QCOMPARE(mime.envelope().dsnNotify, (QStringList{"SUCCESS", "FAILURE"}));

        // true: to the sender, and no Return-Receipt-To.
        const QJsonObject p2 =
            parse(build(message(QJsonObject{{"ReadReceipt", true}, {"DeliveryReceipt", true}}))
                      .toByteArray());
        QCOMPARE(p2.value("addresses").toObject().value("Disposition-Notification-To").toArray(),
                 (QJsonArray{QJsonArray{"Sender Name", "sender@example.com"}}));
        QVERIFY(pythonHeader(p2, "Return-Receipt-To").isEmpty());
        // A custom header cannot set them.
        QVERIFY(EmailMessage::isReservedHeader(QStringLiteral("return-receipt-to")));
    }

    void streamsLargeFileInChunks()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.bin"));
        const QByteArray data = randomBytes(3 * 1024 * 1024 + 17, 4);
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        }
        EmailMessage m = message();
        EmailMessage::Attachment a;
        a.filePath = path;
        a.fileName = QStringLiteral("big.bin");
        m.attachments << a;
        const MimeMessage mime = build(m);
        const QByteArray whole = mime.toByteArray();
        QCOMPARE(mime.size(), qint64(whole.size()));

        // Read in odd sizes: the same octets come out.
        auto device = mime.open();
        QVERIFY(device->isOpen());
        QVERIFY(device->isSequential());
        QCOMPARE(device->bytesAvailable(), qint64(whole.size()));
        QByteArray pieces;
        char buffer[7777];
        int reads = 0;
        while (!device->atEnd()) {
            const qint64 n = device->read(buffer, 1 + (reads++ * 131) % sizeof buffer);
            QVERIFY(n > 0);
            pieces.append(buffer, n);
        }
        QCOMPARE(pieces.size(), whole.size());
        QVERIFY(pieces == whole);
        QCOMPARE(device->read(buffer, 10), qint64(0));

        const QJsonObject p = parse(whole);
        QCOMPARE(pythonPart(p, "1").value("sha256").toString(), QString::fromLatin1(sha256(data)));
        QCOMPARE(p.value("max_line").toInt(), 76);

        // A file that disappears before sending fails the read, never a short message.
        QFile::remove(path);
        auto gone = mime.open();
        qint64 total = 0;
        qint64 n = 0;
        while ((n = gone->read(buffer, sizeof buffer)) > 0)
            total += n;
        QCOMPARE(n, qint64(-1));
        QVERIFY(!gone->errorString().isEmpty());
    }

    void largeBase64FromParsedJson()
    {
        // As a run holds a step's inputs: JSON text parsed, the attachment's
        // base64 in CRLF-ended lines of 76. It arrives byte for byte.
        const QByteArray data = randomBytes(3 * 1024 * 1024 + 2, 5);
        const QByteArray encoded = data.toBase64();
        QByteArray lines;
        for (qsizetype at = 0; at < encoded.size(); at += 76)
            lines += encoded.mid(at, 76) + "\r\n";
        const QJsonObject attachment{{"ContentData", QString::fromLatin1(lines)},
                                     {"FileName", "scan.pdf"}};
        const QJsonDocument doc(QJsonObject{{"Attachments", QJsonArray{attachment}}});
        const MimeMessage mime = build(message(QJsonDocument::fromJson(doc.toJson()).object()));
        QVERIFY(mime.message().attachments.at(0).data == data);
        const QByteArray whole = mime.toByteArray();
        QCOMPARE(mime.size(), qint64(whole.size()));
        const QJsonObject p = parse(whole);
        const QJsonObject part = pythonPart(p, "1");
        QCOMPARE(part.value("content_type").toString(), QStringLiteral("application/pdf"));
        QCOMPARE(part.value("filename").toString(), QStringLiteral("scan.pdf"));
        QCOMPARE(part.value("cte").toString(), QStringLiteral("base64"));
        QCOMPARE(part.value("size").toInt(), data.size());
        QCOMPARE(part.value("sha256").toString(), QString::fromLatin1(sha256(data)));
        QCOMPARE(part.value("defects").toArray(), QJsonArray());
        QCOMPARE(p.value("max_line").toInt(), 76);
    }

    void missingFileIsAnError()
    {
        EmailMessage m = message();
        EmailMessage::Attachment a;
        a.filePath = QStringLiteral("/nonexistent/file.pdf");
        a.fileName = QStringLiteral("file.pdf");
        m.attachments << a;
        const auto mime = MimeMessage::build(m);
        QVERIFY(!mime.ok());
        QCOMPARE(mime.error().field, QStringLiteral("Attachments[0]"));
        QVERIFY(mime.error().message.contains(QStringLiteral("/nonexistent/file.pdf")));
    }

    void buildRejectsInvalidMessage()
    {
        EmailMessage m = message();
        m.subject = QStringLiteral("x\r\nBcc: evil@example.com");
        const auto mime = MimeMessage::build(m);
        QVERIFY(!mime.ok());
        QCOMPARE(mime.error().field, QStringLiteral("Subject"));
    }

    void utf8LocalPartInHeaders()
    {
        const MimeMessage mime =
            build(message(QJsonObject{{"To", "Jos\u00e9 <jos\u00e9@b\u00fccher.example>"}}));
        const QJsonObject p = parse(mime.toByteArray());
        QCOMPARE(p.value("addresses").toObject().value("To").toArray().at(0),
                 QJsonValue(QJsonArray{"José", "josé@xn--bcher-kva.example"}));
        QVERIFY(mime.envelope().smtpUtf8);
    }
};

QTEST_GUILESS_MAIN(TestMimeMessage)
#include "tst_mimemessage.moc"
