#include "connectors/smtp/MimeMessage.h"

#include "connectors/smtp/MimeEncoding.h"
#include "connectors/smtp/MimeStream.h"
#include "connectors/smtp/PlainText.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRandomGenerator>
#include <QSet>

namespace connectors::smtp {
namespace {

using Segment = MimeStream::Segment;

// Files up to this size are read while building (and may go as 7bit); larger
// ones are streamed as base64 while sending.
constexpr qint64 kLoadLimit = 256 * 1024;

enum class Encoding
{
    SevenBit,
    EightBit,
    QuotedPrintable,
    Base64
};

QByteArray encodingName(Encoding e)
{
    switch (e) {
    case Encoding::SevenBit:
        return "7bit";
    case Encoding::EightBit:
        return "8bit";
    case Encoding::QuotedPrintable:
        return "quoted-printable";
    case Encoding::Base64:
        break;
    }
    return "base64";
}

struct Node
{
    enum class Kind
    {
        Text,
        Binary,
        Multipart
    };
    Kind kind = Kind::Text;
    QByteArray contentType;         // the folded Content-Type header line
    QList<QByteArray> extraHeaders; // folded Content-Disposition, Content-ID lines
    // Text: UTF-8 with CRLF line breaks. Binary: the data when in memory.
    QByteArray content;
    QString path; // Binary from a file too large to load
    qint64 fileSize = 0;
    QByteArray boundary; // Multipart
    QList<Node> children;
};

// RFC 2045 2.7/2.8, RFC 5322 2.1.1: which encoding text can travel in.
Encoding chooseTextEncoding(const QByteArray& content, bool allowEightBit)
{
    qsizetype high = 0;
    for (char c : content) {
        if (uchar(c) >= 0x80)
            ++high;
    }
    const bool shortLines = MimeEncoding::longestLine(content) <= MimeEncoding::kMaxLine;
    if (high == 0 && shortLines)
        return Encoding::SevenBit;
    if (high > 0 && shortLines && allowEightBit)
        return Encoding::EightBit;
    // Mostly non-ASCII text (CJK, Cyrillic) is smaller in base64.
    return high * 4 > content.size() ? Encoding::Base64 : Encoding::QuotedPrintable;
}

// Binary data may go as 7bit only when it already is 7bit text with CRLF
// line breaks, so that nothing on the way can change a byte.
bool isSevenBitClean(const QByteArray& data)
{
    qsizetype column = 0;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const uchar b = uchar(data.at(i));
        if (b == '\r') {
            if (i + 1 >= data.size() || data.at(i + 1) != '\n')
                return false;
            ++i;
            column = 0;
            continue;
        }
        if (b == '\n' || b == 0 || b >= 0x80 || (b < 0x20 && b != '\t') || b == 0x7f)
            return false;
        if (++column > MimeEncoding::kMaxLine)
            return false;
    }
    return true;
}

QByteArray randomToken(QRandomGenerator& random, int length)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray out;
    for (int i = 0; i < length; ++i)
        out += alphabet[random.bounded(62)];
    return out;
}

QList<QByteArray> withSemicolons(QList<QByteArray> tokens)
{
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i)
        tokens[i] += ';';
    return tokens;
}

QByteArray contentTypeLine(const QString& mimeType, const QList<QPair<QString, QString>>& params)
{
    QList<QByteArray> tokens{mimeType.toLatin1()};
    for (const auto& [name, value] : params)
        tokens += MimeEncoding::parameter(name.toLatin1(), value);
    return MimeEncoding::foldHeader("Content-Type", withSemicolons(tokens));
}

QByteArray addressHeader(const QByteArray& name, const QList<MailAddress>& addresses)
{
    QList<QByteArray> tokens;
    for (qsizetype i = 0; i < addresses.size(); ++i) {
        const MailAddress& a = addresses.at(i);
        const int room = int(MimeEncoding::kFoldAt - name.size() - 2);
        // RFC 6532 3.2: a non-ASCII local part is written as UTF-8 (SMTPUTF8 only).
        if (a.displayName().isEmpty()) {
            tokens += a.smtpAddress().toUtf8();
        } else {
            tokens += MimeEncoding::phraseTokens(a.displayName(), tokens.isEmpty() ? room : 75);
            tokens += '<' + a.smtpAddress().toUtf8() + '>';
        }
        if (i + 1 < addresses.size())
            tokens.last() += ',';
    }
    return MimeEncoding::foldHeader(name, tokens);
}

QByteArray unstructuredHeader(const QByteArray& name, const QString& value)
{
    const int room = int(MimeEncoding::kFoldAt - name.size() - 2);
    return MimeEncoding::foldHeader(name, MimeEncoding::unstructuredTokens(value, room));
}

struct Builder
{
    QRandomGenerator random{QRandomGenerator::global()->generate()};
    QList<const QByteArray*> texts; // in-memory 7/8bit candidates a boundary must avoid

    Node textNode(const QString& text, const char* subtype)
    {
        Node n;
        n.kind = Node::Kind::Text;
        n.content = MimeEncoding::normalizeLineBreaks(text.toUtf8());
        n.contentType = contentTypeLine(QStringLiteral("text/") + QLatin1String(subtype),
                                        {{QStringLiteral("charset"), QStringLiteral("utf-8")}});
        return n;
    }

    Node multipart(const char* subtype, QList<Node> children,
                   const QString& relatedType = QString())
    {
        Node n;
        n.kind = Node::Kind::Multipart;
        n.children = std::move(children);
        n.boundary = "=_" + randomToken(random, 28);
        QList<QPair<QString, QString>> params{
            {QStringLiteral("boundary"), QString::fromLatin1(n.boundary)}};
        if (!relatedType.isEmpty())
            params.append({QStringLiteral("type"), relatedType}); // RFC 2387 3.1
        n.contentType =
            contentTypeLine(QStringLiteral("multipart/") + QLatin1String(subtype), params);
        return n;
    }

    engine::Result<Node> attachmentNode(const EmailMessage::Attachment& a, int index)
    {
        const QString field = QStringLiteral("Attachments[%1]").arg(index);
        Node n;
        n.kind = a.isText ? Node::Kind::Text : Node::Kind::Binary;
        if (!a.filePath.isEmpty()) {
            QFileInfo info(a.filePath);
            if (!info.isFile() || !info.isReadable())
                return engine::Result<Node>::failure(
                    field, QCoreApplication::translate("connectors::smtp::MimeMessage",
                                                       "cannot read the file %1")
                               .arg(a.filePath));
            if (info.size() <= kLoadLimit || a.isText) {
                QFile file(a.filePath);
                if (!file.open(QIODevice::ReadOnly))
                    return engine::Result<Node>::failure(
                        field, QCoreApplication::translate("connectors::smtp::MimeMessage",
                                                           "cannot read the file %1: %2")
                                   .arg(a.filePath, file.errorString()));
                n.content = file.readAll();
            } else {
                n.path = a.filePath;
                n.fileSize = info.size();
            }
        } else {
            n.content = a.data;
        }
        if (n.kind == Node::Kind::Text)
            n.content = MimeEncoding::normalizeLineBreaks(n.content);

        const QString fileName =
            !a.fileName.isEmpty() ? a.fileName : QFileInfo(a.filePath).fileName();
        QString mimeType;
        QList<QPair<QString, QString>> params;
        if (!a.contentType.isEmpty()) {
            mimeType = EmailMessage::mimeTypeOf(a.contentType);
            for (const auto& p : EmailMessage::parametersOf(a.contentType)) {
                if (p.first != QLatin1String("name"))
                    params << p;
            }
        } else {
            static const QMimeDatabase db;
            mimeType = fileName.isEmpty()
                           ? QStringLiteral("application/octet-stream")
                           : db.mimeTypeForFile(fileName, QMimeDatabase::MatchExtension).name();
        }
        if (a.isText && mimeType.startsWith(QLatin1String("text/"))) {
            bool hasCharset = false;
            for (auto& p : params) {
                if (p.first == QLatin1String("charset")) {
                    p.second = QStringLiteral("utf-8"); // it is sent as UTF-8
                    hasCharset = true;
                }
            }
            if (!hasCharset)
                params.append({QStringLiteral("charset"), QStringLiteral("utf-8")});
        }
        QList<QByteArray> typeTokens{mimeType.toLatin1()};
        for (const auto& [name, value] : params)
            typeTokens += MimeEncoding::parameter(name.toLatin1(), value);
        if (!fileName.isEmpty()) {
            // For readers that know no RFC 2231: name= as encoded-words.
            if (MimeEncoding::needsEncoding(fileName)) {
                QList<QByteArray> words = MimeEncoding::encodedWords(fileName);
                words.first().prepend("name=\"");
                words.last().append('"');
                typeTokens += words.join(' ');
            } else {
                typeTokens += MimeEncoding::parameter("name", fileName);
            }
        }
        QList<QByteArray> withSemi = withSemicolons(typeTokens);
        // The encoded-words of one name= are separate tokens so they can fold.
        QList<QByteArray> folded;
        for (const QByteArray& t : withSemi)
            folded += t.split(' ');
        n.contentType = MimeEncoding::foldHeader("Content-Type", folded);

        // RFC 2183: inline parts shown in the HTML, the rest as attachments.
        QList<QByteArray> disposition{a.contentId.isEmpty() ? "attachment" : "inline"};
        if (!fileName.isEmpty())
            disposition += MimeEncoding::parameter("filename", fileName);
        n.extraHeaders << MimeEncoding::foldHeader("Content-Disposition",
                                                   withSemicolons(disposition));
        if (!a.contentId.isEmpty())
            n.extraHeaders << "Content-ID: <" + a.contentId.toLatin1() + '>';
        return n;
    }

    void collectTexts(const Node& n)
    {
        if (n.kind == Node::Kind::Multipart) {
            for (const Node& c : n.children)
                collectTexts(c);
        } else if (!n.content.isEmpty()) {
            texts << &n.content;
        }
    }

    // RFC 2046 5.1.1: the boundary must not occur in any part.
    void ensureBoundariesUnique(Node& n)
    {
        if (n.kind != Node::Kind::Multipart)
            return;
        auto clash = [this](const QByteArray& b) {
            for (const QByteArray* t : texts) {
                if (t->contains(b))
                    return true;
            }
            return false;
        };
        while (clash(n.boundary)) {
            const QByteArray old = n.boundary;
            n.boundary = "=_" + randomToken(random, 28);
            n.contentType.replace(old, n.boundary);
        }
        for (Node& c : n.children)
            ensureBoundariesUnique(c);
    }
};

struct Leaf
{
    Encoding encoding;
    QList<Segment> body;
};

Leaf encodeLeaf(const Node& n, bool allowEightBit)
{
    if (n.kind == Node::Kind::Binary) {
        if (n.path.isEmpty() && isSevenBitClean(n.content))
            return {Encoding::SevenBit, {Segment{Segment::Kind::Literal, n.content, {}, 0}}};
        if (!n.path.isEmpty())
            return {Encoding::Base64, {Segment{Segment::Kind::Base64File, {}, n.path, n.fileSize}}};
        return {Encoding::Base64, {Segment{Segment::Kind::Base64Data, n.content, {}, 0}}};
    }
    const Encoding e = chooseTextEncoding(n.content, allowEightBit);
    switch (e) {
    case Encoding::SevenBit:
    case Encoding::EightBit:
        return {e, {Segment{Segment::Kind::Literal, n.content, {}, 0}}};
    case Encoding::QuotedPrintable:
        return {e,
                {Segment{Segment::Kind::Literal, MimeEncoding::quotedPrintable(n.content), {}, 0}}};
    case Encoding::Base64:
        break;
    }
    return {Encoding::Base64, {Segment{Segment::Kind::Base64Data, n.content, {}, 0}}};
}

void appendLiteral(QList<Segment>& out, const QByteArray& bytes)
{
    if (!out.isEmpty() && out.last().kind == Segment::Kind::Literal &&
        out.last().bytes.size() < 64 * 1024)
        out.last().bytes += bytes;
    else
        out << Segment{Segment::Kind::Literal, bytes, {}, 0};
}

// Part headers (after `prefix`, the message headers at the top), a blank
// line, then the body. Returns whether an 8bit part was written.
bool emitNode(const Node& n, bool allowEightBit, const QByteArray& prefix, QList<Segment>& out)
{
    QByteArray head = prefix + n.contentType + "\r\n";
    if (n.kind == Node::Kind::Multipart) {
        appendLiteral(out, head + "\r\n");
        if (!prefix.isEmpty())
            appendLiteral(out, "This is a multi-part message in MIME format.\r\n");
        bool eight = false;
        for (const Node& c : n.children) {
            appendLiteral(out, "\r\n--" + n.boundary + "\r\n");
            eight = emitNode(c, allowEightBit, QByteArray(), out) || eight;
        }
        appendLiteral(out, "\r\n--" + n.boundary + "--\r\n");
        return eight;
    }
    const Leaf leaf = encodeLeaf(n, allowEightBit);
    head += "Content-Transfer-Encoding: " + encodingName(leaf.encoding) + "\r\n";
    for (const QByteArray& h : n.extraHeaders)
        head += h + "\r\n";
    appendLiteral(out, head + "\r\n");
    for (const Segment& s : leaf.body) {
        if (s.kind == Segment::Kind::Literal)
            appendLiteral(out, s.bytes);
        else
            out << s;
    }
    return leaf.encoding == Encoding::EightBit;
}

} // namespace

struct MimeMessage::Data
{
    EmailMessage message;
    QString messageId;
    QByteArray headers; // message headers, each ending in CRLF, before the root's Content-Type
    Node root;
    bool eightBit = false;

    QList<Segment> segments(bool allowEightBit, bool* eight = nullptr) const
    {
        QList<Segment> out;
        const bool e = emitNode(root, allowEightBit, headers + "MIME-Version: 1.0\r\n", out);
        if (eight)
            *eight = e;
        // RFC 5321 4.1.1.4: the content ends with CRLF before the terminator.
        if (root.kind != Node::Kind::Multipart) {
            const Segment& last = out.last();
            if (last.kind != Segment::Kind::Literal || !last.bytes.endsWith("\r\n"))
                appendLiteral(out, "\r\n");
        }
        return out;
    }
};

engine::Result<MimeMessage> MimeMessage::build(const EmailMessage& message,
                                               const engine::Clock& clock)
{
    if (auto s = message.validate(); !s)
        return s.error();
    auto data = std::make_shared<Data>();
    data->message = message;
    Builder b;

    // Body: text, or HTML with its text alternative (RFC 2046 5.1.4), the
    // HTML related to its inline parts (RFC 2387).
    QList<Node> inlines;
    QList<Node> attachments;
    for (int i = 0; i < message.attachments.size(); ++i) {
        auto node = b.attachmentNode(message.attachments.at(i), i);
        if (!node)
            return node.error();
        (message.attachments.at(i).contentId.isEmpty() ? attachments : inlines) << *node;
    }
    Node body;
    if (message.isHtml) {
        const QString text =
            message.textBody.isEmpty() ? PlainText::fromHtml(message.body) : message.textBody;
        Node html = b.textNode(message.body, "html");
        if (!inlines.isEmpty())
            html = b.multipart("related", QList<Node>{html} + inlines, QStringLiteral("text/html"));
        body = b.multipart("alternative", {b.textNode(text, "plain"), html});
    } else {
        body = b.textNode(message.body, "plain");
        if (!inlines.isEmpty())
            body =
                b.multipart("related", QList<Node>{body} + inlines, QStringLiteral("text/plain"));
    }
    data->root =
        attachments.isEmpty() ? body : b.multipart("mixed", QList<Node>{body} + attachments);
    b.collectTexts(data->root);
    b.ensureBoundariesUnique(data->root);

    // RFC 5322 3.6.4: unique left part, the sender's domain on the right.
    const QDateTime now = clock.now();
    data->messageId = QString::fromLatin1(QByteArray::number(now.toMSecsSinceEpoch(), 36) + '.' +
                                          randomToken(b.random, 20)) +
                      QLatin1Char('@') + message.from.asciiDomain();

    QByteArray h;
    h += "Date: " + MimeEncoding::dateTime(now) + "\r\n";
    h += addressHeader("From", {message.from}) + "\r\n";
    if (!message.replyTo.isEmpty())
        h += addressHeader("Reply-To", message.replyTo) + "\r\n";
    // RFC 5322 3.6.3: Bcc recipients are in the envelope only.
    if (!message.to.isEmpty())
        h += addressHeader("To", message.to) + "\r\n";
    if (!message.cc.isEmpty())
        h += addressHeader("Cc", message.cc) + "\r\n";
    h += unstructuredHeader("Subject", message.subject) + "\r\n";
    h += "Message-ID: <" + data->messageId.toUtf8() + ">\r\n";
    if (message.importance == EmailMessage::Importance::High)
        h += "Importance: High\r\nX-Priority: 1 (Highest)\r\n";
    else if (message.importance == EmailMessage::Importance::Low)
        h += "Importance: Low\r\nX-Priority: 5 (Lowest)\r\n";
    // RFC 8098 2.1
    if (message.readReceipt)
        h +=
            addressHeader("Disposition-Notification-To",
                          {message.readReceiptTo.isNull() ? message.from : message.readReceiptTo}) +
            "\r\n";
    // Where a delivery receipt was asked to go; the DSN itself (RFC 3461)
    // reaches the envelope sender.
    if (message.deliveryReceipt && !message.deliveryReceiptTo.isNull())
        h += addressHeader("Return-Receipt-To", {message.deliveryReceiptTo}) + "\r\n";
    for (const EmailMessage::Header& header : message.headers)
        h += unstructuredHeader(header.name.toLatin1(), header.value) + "\r\n";
    data->headers = h;
    data->segments(true, &data->eightBit);

    MimeMessage m;
    m.d = std::move(data);
    return m;
}

std::unique_ptr<QIODevice> MimeMessage::open(bool allowEightBit) const
{
    return std::make_unique<MimeStream>(d->segments(allowEightBit));
}

QByteArray MimeMessage::toByteArray(bool allowEightBit) const
{
    auto device = open(allowEightBit);
    QByteArray all;
    all.reserve(size(allowEightBit));
    char chunk[64 * 1024];
    while (true) {
        const qint64 n = device->read(chunk, sizeof chunk);
        if (n <= 0)
            break;
        all.append(chunk, n);
    }
    return all;
}

qint64 MimeMessage::size(bool allowEightBit) const
{
    qint64 total = 0;
    for (const Segment& s : d->segments(allowEightBit))
        total += MimeStream::encodedSize(s);
    return total;
}

Envelope MimeMessage::envelope() const
{
    const EmailMessage& m = d->message;
    Envelope e;
    e.from = m.from.smtpAddress();
    QSet<QString> seen;
    bool utf8 = m.from.needsSmtpUtf8();
    for (const QList<MailAddress>* list : {&m.to, &m.cc, &m.bcc}) {
        for (const MailAddress& a : *list) {
            // RFC 5321 2.4: the local part may be case-sensitive, the domain is not.
            const QString key = a.localPart() + QLatin1Char('@') + a.asciiDomain().toLower();
            if (seen.contains(key))
                continue;
            seen.insert(key);
            e.recipients << a.smtpAddress();
            utf8 = utf8 || a.needsSmtpUtf8();
        }
    }
    for (const MailAddress& a : m.replyTo)
        utf8 = utf8 || a.needsSmtpUtf8();
    for (const MailAddress* a : {&m.readReceiptTo, &m.deliveryReceiptTo})
        utf8 = utf8 || (!a->isNull() && a->needsSmtpUtf8());
    e.smtpUtf8 = utf8;
    e.eightBitMime = d->eightBit;
    if (m.deliveryReceipt)
        e.dsnNotify = {QStringLiteral("SUCCESS"), QStringLiteral("FAILURE")};
    e.sizeHint = size(true);
    return e;
}

const EmailMessage& MimeMessage::message() const
{
    return d->message;
}

QString MimeMessage::messageId() const
{
    return d->messageId;
}

bool MimeMessage::hasEightBitParts() const
{
    return d->eightBit;
}

} // namespace connectors::smtp
