#include "connectors/Connectors.h"
#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/SendEmailOperation.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/catalogue/Job.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using connectors::smtp::EmailMessage;

namespace {

QJsonObject good()
{
    return QJsonObject{
        {"From", "Sender <sender@example.com>"},
        {"To", "a@example.com; b@example.com"},
        {"Subject", "Hello"},
        {"Body", "Hi there"},
    };
}

QJsonObject with(QJsonObject o, const QString& key, const QJsonValue& value)
{
    o.insert(key, value);
    return o;
}

QJsonObject withAttachment(const QJsonObject& attachment)
{
    QJsonObject ok{{"ContentData", "aGVsbG8="}, {"FileName", "ok.txt"}};
    return with(good(), "Attachments", QJsonArray{ok, attachment});
}

QJsonObject withHeaders(const QJsonValue& headers)
{
    return with(good(), "Headers", headers);
}

} // namespace

class TestEmailMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEveryField()
    {
        const QJsonObject props{
            {"from", "\"Doe, Jane\" <jane@example.com>"},
            {"TO", "a@example.com, B <b@example.com>"},
            {"cc", QJsonArray{"c@example.com", "d@example.com"}},
            {"Bcc", "e@example.com"},
            {"replyTo", "r@example.com"},
            {"subject", "Grüße"},
            {"body", "<p>Hi</p>"},
            {"isHTML", "TRUE"},
            {"importance", "high"},
            {"readReceipt", true},
            {"DeliveryReceipt", "false"},
            {"Attachments", QJsonArray{QJsonObject{{"contentData", "JVBERi0xLjQK"},
                                                   {"FileName", "Grüße 测试.pdf"}},
                                       QJsonObject{{"ContentData", "line one\nline two"},
                                                   {"ContentTransferEncoding", "None"},
                                                   {"ContentType", "text/csv; charset=\"utf-8\""},
                                                   {"FileName", "data.csv"}},
                                       QJsonObject{{"ContentData", "iVBORw0KGgo="},
                                                   {"ContentType", "image/png"},
                                                   {"ContentId", "<logo@example.com>"}}}},
            {"Headers", QJsonObject{{"X-Campaign", "spring"}}},
        };
        const auto m = EmailMessage::fromProperties(props);
        QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error().toString()));
        QCOMPARE(m->from.displayName(), QStringLiteral("Doe, Jane"));
        QCOMPARE(m->to.size(), 2);
        QCOMPARE(m->to.at(1).displayName(), QStringLiteral("B"));
        QCOMPARE(m->cc.size(), 2);
        QCOMPARE(m->bcc.first().smtpAddress(), QStringLiteral("e@example.com"));
        QCOMPARE(m->replyTo.first().smtpAddress(), QStringLiteral("r@example.com"));
        QCOMPARE(m->subject, QStringLiteral("Grüße"));
        QVERIFY(m->isHtml);
        QCOMPARE(m->importance, EmailMessage::Importance::High);
        QVERIFY(m->readReceipt);
        QVERIFY(!m->deliveryReceipt);
        QCOMPARE(m->attachments.size(), 3);
        QCOMPARE(m->attachments.at(0).data, QByteArray("%PDF-1.4\n"));
        QCOMPARE(m->attachments.at(0).fileName, QStringLiteral("Grüße 测试.pdf"));
        QVERIFY(!m->attachments.at(0).isText);
        QCOMPARE(m->attachments.at(1).data, QByteArray("line one\nline two"));
        QVERIFY(m->attachments.at(1).isText);
        QCOMPARE(m->attachments.at(2).contentId, QStringLiteral("logo@example.com"));
        QCOMPARE(m->headers.size(), 1);
        QCOMPARE(m->headers.first(), (EmailMessage::Header{"X-Campaign", "spring"}));
    }

    void defaults()
    {
        const auto m = EmailMessage::fromProperties(
            QJsonObject{{"From", "a@example.com"}, {"BCC", "hidden@example.com"}});
        QVERIFY(m.ok());
        QVERIFY(m->to.isEmpty());
        QCOMPARE(m->bcc.size(), 1);
        QCOMPARE(m->importance, EmailMessage::Importance::Normal);
        QVERIFY(!m->isHtml);
        QVERIFY(m->subject.isEmpty());
        QVERIFY(m->attachments.isEmpty());
    }

    void emptyFromIsTheConnectionUser()
    {
        const QJsonObject props = with(good(), "From", "");
        const auto m = EmailMessage::fromProperties(props, "robot@example.com");
        QVERIFY(m.ok());
        QCOMPARE(m->from.smtpAddress(), QStringLiteral("robot@example.com"));
        const auto notAnAddress = EmailMessage::fromProperties(props, "robot");
        QVERIFY(!notAnAddress.ok());
        QCOMPARE(notAnAddress.error().field, QStringLiteral("From"));
        QVERIFY(notAnAddress.error().message.contains("user name \"robot\""));
        // A From that is given wins.
        QCOMPARE(EmailMessage::fromProperties(good(), "robot@example.com")->from.smtpAddress(),
                 QStringLiteral("sender@example.com"));
    }

    void base64WithLineBreaksAndHeaderArray()
    {
        QJsonObject props = withAttachment(
            QJsonObject{{"ContentData", "aGVs\r\nbG8g\nd29y bGQ="}, {"FileName", "w.txt"}});
        props.insert("Headers", QJsonArray{"X-One: 1", "X-Two:  two words "});
        const auto m = EmailMessage::fromProperties(props);
        QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error().toString()));
        QCOMPARE(m->attachments.at(1).data, QByteArray("hello world"));
        QCOMPARE(m->headers.at(1), (EmailMessage::Header{"X-Two", "two words"}));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<QJsonObject>("props");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");

        const QString nul = QStringLiteral("a") + QChar(0) + QStringLiteral("b");

        // Recipients and sender
        QTest::newRow("no recipients") << with(with(good(), "To", ""), "CC", " ; ") << "To"
                                       << "no recipient";
        QTest::newRow("To missing") << QJsonObject{{"From", "a@example.com"}} << "To"
                                    << "no recipient";
        QTest::newRow("From missing") << with(good(), "From", QJsonValue()) << "From"
                                      << "is required";
        QTest::newRow("From empty") << with(good(), "From", "  ") << "From"
                                    << "is required";
        QTest::newRow("From invalid") << with(good(), "From", "sender@") << "From"
                                      << "\"sender@\" is not an address: the domain is missing";
        QTest::newRow("From number") << with(good(), "From", 42) << "From"
                                     << "must be text";
        QTest::newRow("From two") << with(good(), "From", "a@x.com; b@y.com") << "From"
                                  << "is not an address";
        QTest::newRow("To invalid") << with(good(), "To", "ok@example.com; bob@") << "To"
                                    << "\"bob@\" is not an address";
        QTest::newRow("To no at") << with(good(), "To", "bob") << "To"
                                  << "'@'";
        QTest::newRow("To unquoted comma name") << with(good(), "To", "Doe, Jane <j@x.com>") << "To"
                                                << "\"Doe\" is not an address";
        QTest::newRow("To object") << with(good(), "To", QJsonObject{}) << "To"
                                   << "must be text";
        QTest::newRow("To array of numbers") << with(good(), "To", QJsonArray{1, 2}) << "To"
                                             << "list of addresses";
        QTest::newRow("CC invalid") << with(good(), "CC", "x@@y.com") << "CC"
                                    << "is not an address";
        QTest::newRow("BCC invalid") << with(good(), "BCC", "a b@example.com") << "BCC"
                                     << "a space is not allowed";
        QTest::newRow("ReplyTo invalid") << with(good(), "ReplyTo", "reply@-bad.com") << "ReplyTo"
                                         << "starts or ends with '-'";
        QTest::newRow("To CRLF injection")
            << with(good(), "To", "a@example.com\r\nBcc: evil@example.com") << "To"
            << "line break";
        QTest::newRow("display name injection")
            << with(good(), "From", "Evil\nBcc: x@y.com <a@example.com>") << "From"
            << "line break";
        QTest::newRow("CC NUL") << with(good(), "CC", QString("c@exa" + nul + ".com")) << "CC"
                                << "NUL";
        QTest::newRow("To bad idn") << with(good(), "To", "a@xn--zz.example") << "To"
                                    << "not a valid A-label";

        // Subject and body
        QTest::newRow("Subject CRLF") << with(good(), "Subject", "Hi\r\nBcc: x@y.com") << "Subject"
                                      << "line break";
        QTest::newRow("Subject LF") << with(good(), "Subject", "Hi\nthere") << "Subject"
                                    << "line break";
        QTest::newRow("Subject CR") << with(good(), "Subject", "Hi\rthere") << "Subject"
                                    << "line break";
        QTest::newRow("Subject NUL") << with(good(), "Subject", nul) << "Subject"
                                     << "NUL";
        QTest::newRow("Subject number") << with(good(), "Subject", 3) << "Subject"
                                        << "must be text";
        QTest::newRow("Body NUL") << with(good(), "Body", nul) << "Body"
                                  << "NUL";
        QTest::newRow("Body array") << with(good(), "Body", QJsonArray{}) << "Body"
                                    << "must be text";

        // Flags and importance
        QTest::newRow("IsHtml yes") << with(good(), "IsHtml", "yes") << "IsHtml"
                                    << "true or false";
        QTest::newRow("IsHtml number") << with(good(), "IsHtml", 1) << "IsHtml"
                                       << "true or false";
        QTest::newRow("ReadReceipt bad") << with(good(), "ReadReceipt", "maybe") << "ReadReceipt"
                                         << "email address the receipt goes to";
        QTest::newRow("ReadReceipt injection")
            << with(good(), "ReadReceipt", "r@example.com\r\nBcc: evil@example.com")
            << "ReadReceipt"
            << "email address the receipt goes to";
        QTest::newRow("ReadReceipt number") << with(good(), "ReadReceipt", 1) << "ReadReceipt"
                                            << "email address the receipt goes to";
        QTest::newRow("DeliveryReceipt bad")
            << with(good(), "DeliveryReceipt", QJsonObject{}) << "DeliveryReceipt"
            << "email address the receipt goes to";
        QTest::newRow("DeliveryReceipt two addresses")
            << with(good(), "DeliveryReceipt", "a@example.com; b@example.com") << "DeliveryReceipt"
            << "email address the receipt goes to";
        QTest::newRow("Importance unknown") << with(good(), "Importance", "Urgent") << "Importance"
                                            << "\"Urgent\" is not an importance";
        QTest::newRow("Importance number") << with(good(), "Importance", 1) << "Importance"
                                           << "must be text";

        // Attachments
        QTest::newRow("Attachments object")
            << with(good(), "Attachments", QJsonObject{}) << "Attachments"
            << "must be a list";
        QTest::newRow("Attachment not object")
            << with(good(), "Attachments", QJsonArray{"x"}) << "Attachments[0]"
            << "must be an object";
        QTest::newRow("ContentData invalid base64")
            << withAttachment({{"ContentData", "aGVsbG8*"}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64: '*' at position 8";
        QTest::newRow("ContentData cut short")
            << withAttachment({{"ContentData", "aGVsbG"}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64";
        QTest::newRow("ContentData data after padding")
            << withAttachment({{"ContentData", "aGk=aGk="}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "after the '=' padding";
        QTest::newRow("ContentData url-safe")
            << withAttachment({{"ContentData", "ab-_"}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64: '-'";
        QTest::newRow("ContentData non-ASCII")
            << withAttachment(
                   {{"ContentData", QString::fromUtf8("aGVs bG8\u00e9")}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << QString::fromUtf8("not valid base64: '\u00e9' at position 9");
        QTest::newRow("ContentData emoji")
            << withAttachment({{"ContentData", QString::fromUtf8("aGVs\U0001F600bG8=")},
                               {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "at position 5";
        QTest::newRow("ContentData NUL")
            << withAttachment(
                   {{"ContentData", QString::fromLatin1("aGVs\0bG8=", 9)}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64: a NUL character at position 5";
        QTest::newRow("ContentData bad after line breaks")
            << withAttachment({{"ContentData", "aGVs\r\nbG8g\r\nd29y!GQ="}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64: '!' at position 17";
        QTest::newRow("ContentData three pads")
            << withAttachment({{"ContentData", "aGk==="}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not a multiple of 4";
        QTest::newRow("ContentData cased key, bad")
            << withAttachment({{"contentDATA", "aGVsbG8*"}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "not valid base64: '*' at position 8";
        QTest::newRow("ContentData missing")
            << withAttachment({{"FileName", "a.bin"}}) << "Attachments[1].ContentData"
            << "is required";
        QTest::newRow("ContentData number")
            << withAttachment({{"ContentData", 12}, {"FileName", "a.bin"}})
            << "Attachments[1].ContentData"
            << "must be text";
        QTest::newRow("ContentData text NUL")
            << withAttachment({{"ContentData", nul},
                               {"ContentTransferEncoding", "none"},
                               {"FileName", "a.txt"}})
            << "Attachments[1].ContentData"
            << "NUL";
        QTest::newRow("ContentTransferEncoding unknown")
            << withAttachment({{"ContentData", "aGk="},
                               {"ContentTransferEncoding", "uuencode"},
                               {"FileName", "a.bin"}})
            << "Attachments[1].ContentTransferEncoding"
            << "\"uuencode\" is not supported";
        QTest::newRow("FileName missing")
            << withAttachment({{"ContentData", "aGk="}}) << "Attachments[1].FileName"
            << "is required";
        QTest::newRow("FileName CRLF injection")
            << withAttachment(
                   {{"ContentData", "aGk="}, {"FileName", "a.txt\r\nContent-Type: text/html"}})
            << "Attachments[1].FileName"
            << "line break";
        QTest::newRow("FileName path")
            << withAttachment({{"ContentData", "aGk="}, {"FileName", "../../etc/passwd"}})
            << "Attachments[1].FileName"
            << "not a path";
        QTest::newRow("FileName control")
            << withAttachment({{"ContentData", "aGk="}, {"FileName", "a\tb.txt"}})
            << "Attachments[1].FileName"
            << "control character";
        QTest::newRow("FileName NUL")
            << withAttachment({{"ContentData", "aGk="}, {"FileName", nul}})
            << "Attachments[1].FileName"
            << "NUL";
        QTest::newRow("ContentType no subtype")
            << withAttachment({{"ContentData", "aGk="}, {"FileName", "a"}, {"ContentType", "pdf"}})
            << "Attachments[1].ContentType"
            << "not a media type";
        QTest::newRow("ContentType injection")
            << withAttachment({{"ContentData", "aGk="},
                               {"FileName", "a"},
                               {"ContentType", "text/plain\r\nBcc: x@y.com"}})
            << "Attachments[1].ContentType"
            << "line break";
        QTest::newRow("ContentType bad param")
            << withAttachment({{"ContentData", "aGk="},
                               {"FileName", "a"},
                               {"ContentType", "text/plain; charset"}})
            << "Attachments[1].ContentType"
            << "has no '=' value";
        QTest::newRow("ContentType multipart")
            << withAttachment(
                   {{"ContentData", "aGk="}, {"FileName", "a"}, {"ContentType", "multipart/mixed"}})
            << "Attachments[1].ContentType"
            << "cannot be of type";
        QTest::newRow("ContentId space")
            << withAttachment({{"ContentData", "aGk="}, {"ContentId", "my logo"}})
            << "Attachments[1].ContentId"
            << "no spaces";
        QTest::newRow("ContentId injection")
            << withAttachment({{"ContentData", "aGk="}, {"ContentId", "a\r\nX-Evil: 1"}})
            << "Attachments[1].ContentId"
            << "line break";
        QTest::newRow("ContentId duplicate")
            << with(good(), "Attachments",
                    QJsonArray{QJsonObject{{"ContentData", "aGk="}, {"ContentId", "logo"}},
                               QJsonObject{{"ContentData", "aGk="}, {"ContentId", "LOGO"}}})
            << "Attachments[1].ContentId"
            << "must be unique";

        // Custom headers
        QTest::newRow("Header name space") << withHeaders(QJsonObject{{"X Bad", "v"}}) << "Headers"
                                           << "is not a header name";
        QTest::newRow("Header name colon") << withHeaders(QJsonObject{{"X:Bad", "v"}}) << "Headers"
                                           << "is not a header name";
        QTest::newRow("Header name non-ascii")
            << withHeaders(QJsonObject{{"X-Grüße", "v"}}) << "Headers"
            << "is not a header name";
        QTest::newRow("Header name CRLF")
            << withHeaders(QJsonObject{{"X-A\r\nBcc", "v"}}) << "Headers"
            << "is not a header name";
        QTest::newRow("Header value CRLF")
            << withHeaders(QJsonObject{{"X-Tag", "v\r\nBcc: evil@example.com"}}) << "Headers.X-Tag"
            << "line break";
        QTest::newRow("Header value NUL")
            << withHeaders(QJsonObject{{"X-Tag", nul}}) << "Headers.X-Tag"
            << "NUL";
        QTest::newRow("Header value number")
            << withHeaders(QJsonObject{{"X-Tag", 5}}) << "Headers.X-Tag"
            << "must be text";
        QTest::newRow("Header reserved Bcc")
            << withHeaders(QJsonObject{{"bcc", "x@y.com"}}) << "Headers"
            << "cannot be set here";
        QTest::newRow("Header reserved Content-Type")
            << withHeaders(QJsonObject{{"Content-Type", "text/html"}}) << "Headers"
            << "cannot be set here";
        QTest::newRow("Header array no colon")
            << withHeaders(QJsonArray{"X-Tag value"}) << "Headers[0]"
            << "X-Name: value";
        QTest::newRow("Headers string") << withHeaders("X-Tag: v") << "Headers"
                                        << "must be an object";
    }
    void rejectsBadInput()
    {
        QFETCH(QJsonObject, props);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto m = EmailMessage::fromProperties(props);
        QVERIFY2(!m.ok(), QJsonDocument(props).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(m.error().code, 400);
        QCOMPARE(m.error().field, field);
        QVERIFY2(m.error().message.contains(message), qPrintable(m.error().message));
    }

    void validateCatchesCodeBuiltMessages()
    {
        auto m = EmailMessage::fromProperties(good());
        QVERIFY(m.ok());
        EmailMessage e = *m;
        QVERIFY(e.validate().ok());
        e.subject = QStringLiteral("a\nb");
        QCOMPARE(e.validate().error().field, QStringLiteral("Subject"));
        e.subject.clear();
        e.to.clear();
        QCOMPARE(e.validate().error().field, QStringLiteral("To"));
    }

    void contentDataFromParsedJson_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("lineBreak");
        // Lengths whose CBOR header differs (RFC 8949 3: up to 23, one, two,
        // four octets of length) and every padding case.
        for (int size : {0, 1, 2, 17, 18, 150, 40000, 300001}) {
            for (const char* lineBreak : {"", "\r\n", "\n", " "}) {
                QTest::addRow("%d octets, break \"%s\"", size,
                              QByteArray(lineBreak).toPercentEncoding().constData())
                    << size << QString::fromLatin1(lineBreak);
            }
        }
    }
    void contentDataFromParsedJson()
    {
        // As a run holds its inputs: parsed from JSON text, base64 in lines.
        QFETCH(int, size);
        QFETCH(QString, lineBreak);
        QByteArray raw(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            raw[i] = char((i * 131 + i / 7) & 0xff);
        const QString encoded = QString::fromLatin1(raw.toBase64());
        QString text;
        for (qsizetype at = 0; at < encoded.size(); at += 76)
            text += encoded.mid(at, 76) + lineBreak;
        const QJsonObject attachment{{"ContentData", text}, {"FileName", "big.bin"}};
        const QByteArray json = QJsonDocument(withAttachment(attachment)).toJson();
        const auto m = EmailMessage::fromProperties(QJsonDocument::fromJson(json).object());
        QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error().toString()));
        QCOMPARE(m->attachments.at(1).data.size(), raw.size());
        QVERIFY(m->attachments.at(1).data == raw);
    }

    void contentDataAsText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("ASCII") << QStringLiteral("plain text\r\nline two");
        QTest::newRow("non-ASCII") << QString::fromUtf8("Gr\u00fc\u00dfe \u6d4b\u8bd5 \U0001F600");
        QTest::newRow("empty") << QString();
        QTest::newRow("long") << QString(100000, QLatin1Char('x'));
    }
    void contentDataAsText()
    {
        // ContentTransferEncoding "none": the text as UTF-8, whichever way
        // the JSON holds it.
        QFETCH(QString, text);
        const QJsonObject attachment{
            {"contentdata", text}, {"ContentTransferEncoding", "none"}, {"FileName", "a.txt"}};
        for (const QJsonObject& props :
             {withAttachment(attachment),
              QJsonDocument::fromJson(QJsonDocument(withAttachment(attachment)).toJson())
                  .object()}) {
            const auto m = EmailMessage::fromProperties(props);
            QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error().toString()));
            QCOMPARE(m->attachments.at(1).data, text.toUtf8());
            QVERIFY(m->attachments.at(1).isText);
        }
    }

    void isBase64AgreesWithDecoding_data()
    {
        QTest::addColumn<QString>("text");
        QByteArray raw(300001, Qt::Uninitialized);
        for (qsizetype i = 0; i < raw.size(); ++i)
            raw[i] = char((i * 7 + i / 251) & 0xff);
        const QString big = QString::fromLatin1(raw.toBase64());
        QString lines;
        for (qsizetype at = 0; at < big.size(); at += 76)
            lines += big.mid(at, 76) + QStringLiteral("\r\n");
        QTest::newRow("short") << QStringLiteral("aGVsbG8=");
        QTest::newRow("empty") << QString();
        QTest::newRow("bad") << QStringLiteral("aGVsbG8*");
        QTest::newRow("expression") << QStringLiteral("@{body('Get_file')}");
        QTest::newRow("cut short") << QStringLiteral("aGVsbG");
        QTest::newRow("large, one line") << big;
        QTest::newRow("large, in lines") << lines;
        // The check reads through a 64 KiB window: errors at and past its edge.
        QTest::newRow("large, bad at 65536") << QString(big).replace(65535, 1, QLatin1Char('!'));
        QTest::newRow("large, bad at 65537") << QString(big).replace(65536, 1, QLatin1Char('!'));
        QTest::newRow("large, cut short") << big.chopped(1);
        QTest::newRow("large, padding inside") << QString(big).replace(70000, 1, QLatin1Char('='));
        QTest::newRow("large, non-ASCII") << QString(big).replace(80000, 1, QChar(0xe9));
    }
    void isBase64AgreesWithDecoding()
    {
        QFETCH(QString, text);
        const bool decodes = EmailMessage::decodeBase64(text, QStringLiteral("f")).ok();
        const QJsonObject item{{"contentData", text}};
        QCOMPARE(EmailMessage::isBase64(item, QStringLiteral("ContentData")), decodes);
        const QJsonObject parsed = QJsonDocument::fromJson(QJsonDocument(item).toJson()).object();
        QCOMPARE(EmailMessage::isBase64(parsed, QStringLiteral("ContentData")), decodes);
        QVERIFY(!EmailMessage::isBase64(item, QStringLiteral("FileName")));
        QVERIFY(!EmailMessage::isBase64(QJsonObject{{"ContentData", 12}},
                                        QStringLiteral("ContentData")));
    }

    void base64DecodesEveryLength()
    {
        // Every padding case (none, "=", "=="), with line breaks and spaces.
        for (int n = 0; n < 40; ++n) {
            QByteArray raw(n, Qt::Uninitialized);
            for (int i = 0; i < n; ++i)
                raw[i] = char((i * 97 + n * 31) & 0xff);
            QString text = QString::fromLatin1(raw.toBase64());
            for (qsizetype at = text.size() - 4; at > 0; at -= 7)
                text.insert(at, at % 2 ? QStringLiteral("\r\n") : QStringLiteral(" "));
            const auto decoded = EmailMessage::decodeBase64(text, QStringLiteral("f"));
            QVERIFY2(decoded.ok(), qPrintable(QString::number(n) + QLatin1Char(' ') + text));
            QCOMPARE(*decoded, raw);
        }
    }

    void receiptsTakeAnAddress_data()
    {
        // The managed connector's V3 shape gives the address a receipt goes
        // to; true/false (the older form) mean "to the sender" / none.
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("on");
        QTest::addColumn<QString>("address"); // empty: to the sender
        QTest::newRow("address") << QJsonValue("receipts@example.com") << true
                                 << "receipts@example.com";
        QTest::newRow("address with name")
            << QJsonValue("Receipts <receipts@example.com>") << true << "receipts@example.com";
        QTest::newRow("true") << QJsonValue(true) << true << "";
        QTest::newRow("\"TRUE\"") << QJsonValue("TRUE") << true << "";
        QTest::newRow("false") << QJsonValue(false) << false << "";
        QTest::newRow("\"false\"") << QJsonValue("false") << false << "";
        QTest::newRow("empty") << QJsonValue("") << false << "";
        QTest::newRow("null") << QJsonValue() << false << "";
    }
    void receiptsTakeAnAddress()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, on);
        QFETCH(QString, address);
        for (const QString& key :
             {QStringLiteral("ReadReceipt"), QStringLiteral("DeliveryReceipt")}) {
            const auto m = EmailMessage::fromProperties(with(good(), key, value));
            QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error().toString()));
            const bool isRead = key == QLatin1String("ReadReceipt");
            QCOMPARE(isRead ? m->readReceipt : m->deliveryReceipt, on);
            QCOMPARE(isRead ? m->deliveryReceipt : m->readReceipt, false);
            const connectors::smtp::MailAddress& to =
                isRead ? m->readReceiptTo : m->deliveryReceiptTo;
            QCOMPARE(to.isNull() ? QString() : to.smtpAddress(), address);
        }
    }

    void receiptsAreDeclaredAsAddresses()
    {
        // Declared as the V3 shape (the managed connector's only one with
        // receipts) has them: the address the receipt goes to.
        const engine::Operation op = connectors::smtp::SendEmailOperation::create();
        int found = 0;
        for (const engine::PropertySchema& p : op.properties) {
            if (p.key != QLatin1String("ReadReceipt") && p.key != QLatin1String("DeliveryReceipt"))
                continue;
            ++found;
            QCOMPARE(int(p.type), int(engine::PropertyType::Email));
            QVERIFY(!p.required);
        }
        QCOMPARE(found, 2);
        const engine::WdlShape* v3 = nullptr;
        for (const engine::WdlShape& shape : op.shapes)
            v3 = shape.name.endsWith(QLatin1String("/SendEmailV3")) ? &shape : v3;
        QVERIFY(v3);
        QCOMPARE(v3->propertyPaths.value(QStringLiteral("ReadReceipt")),
                 (QStringList{"inputs", "body", "ReadReceipt"}));
        QCOMPARE(v3->propertyPaths.value(QStringLiteral("DeliveryReceipt")),
                 (QStringList{"inputs", "body", "DeliveryReceipt"}));
        // A V3 step with addresses passes the operation's check; a bad one
        // is named.
        QVERIFY(op.validate(with(good(), "ReadReceipt", "receipts@example.com")).isEmpty());
        const auto errors = op.validate(with(good(), "DeliveryReceipt", "not an address"));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().field, QStringLiteral("DeliveryReceipt"));
    }

    void operationValidateHookChecksLiteralsOnly()
    {
        const engine::Operation op = connectors::smtp::SendEmailOperation::create();
        QVERIFY(op.validate);
        // As described it sends nothing (the designer's window starts on
        // descriptions alone); the connectors' catalogue adds the job.
        QVERIFY(!op.createJob);
        const engine::Operation* registered =
            connectors::catalogue().find(connectors::smtp::SendEmailOperation::id());
        QVERIFY(registered && registered->createJob);
        QVERIFY(registered->createJob() != nullptr);
        QVERIFY(op.validate(good()).isEmpty());
        // Expressions are left to run time, literals are checked.
        const QJsonObject props{
            {"From", "@parameters('sender')"},
            {"To", "bob@"},
            {"Subject", "Hi @{triggerBody()?['name']}"},
            {"Importance", "Urgent"},
            {"Attachments",
             QJsonArray{QJsonObject{{"ContentData", "@body('Get_file')"}, {"FileName", "a.pdf"}},
                        QJsonObject{{"ContentData", "not base64!"}, {"FileName", "b.pdf"}},
                        QJsonObject{{"ContentData", "aGVs\r\nbG8="}, {"FileName", "c.pdf"}}}},
        };
        QStringList fields;
        for (const engine::Error& e : op.validate(props))
            fields << e.field;
        QCOMPARE(fields, (QStringList{"To", "Importance", "Attachments[1].ContentData"}));
        const auto noRecipient = op.validate(QJsonObject{{"From", "a@example.com"}, {"To", ""}});
        QCOMPARE(noRecipient.size(), 1);
        QCOMPARE(noRecipient.first().field, QStringLiteral("To"));
        QVERIFY(op.validate(QJsonObject{{"To", "@variables('to')"}}).isEmpty());
    }

    void exactAttachmentMessage()
    {
        const auto m = EmailMessage::fromProperties(
            withAttachment({{"ContentData", "@@@="}, {"FileName", "x.bin"}}));
        QVERIFY(!m.ok());
        QCOMPARE(m.error().toString(),
                 QStringLiteral("Attachments[1].ContentData: not valid base64: '@' at position 1"));
    }
};

QTEST_GUILESS_MAIN(TestEmailMessage)
#include "tst_emailmessage.moc"
