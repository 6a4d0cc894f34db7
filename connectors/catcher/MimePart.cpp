#include "connectors/catcher/MimePart.h"

#include <QMap>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QUrl>

namespace connectors::catcher {
namespace {

constexpr int MaxDepth = 20; // nested multiparts beyond this are shown as opaque

// Headers end at the first empty line (RFC 5322 2.1), CRLF or bare LF.
qsizetype headerEnd(const QByteArray& raw, qsizetype* bodyStart)
{
    if (raw.startsWith("\r\n") || raw.startsWith('\n')) {
        *bodyStart = raw.startsWith('\r') ? 2 : 1;
        return 0;
    }
    qsizetype pos = 0;
    while (true) {
        const qsizetype lf = raw.indexOf('\n', pos);
        if (lf < 0) {
            *bodyStart = raw.size();
            return raw.size();
        }
        const qsizetype next = lf + 1;
        if (next < raw.size() && raw.at(next) == '\n') {
            *bodyStart = next + 1;
            return lf;
        }
        if (next + 1 < raw.size() && raw.at(next) == '\r' && raw.at(next + 1) == '\n') {
            *bodyStart = next + 2;
            return lf;
        }
        pos = next;
    }
}

QByteArray unquote(QByteArray v)
{
    v = v.trimmed();
    if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"')) {
        v = v.mid(1, v.size() - 2);
        QByteArray out;
        for (qsizetype i = 0; i < v.size(); ++i) {
            if (v.at(i) == '\\' && i + 1 < v.size())
                ++i;
            out += v.at(i);
        }
        return out;
    }
    return v;
}

// Splits on ';' outside quotes.
QList<QByteArray> splitParams(const QByteArray& field)
{
    QList<QByteArray> out;
    QByteArray current;
    bool quoted = false;
    for (qsizetype i = 0; i < field.size(); ++i) {
        const char c = field.at(i);
        if (c == '"')
            quoted = !quoted;
        else if (c == '\\' && quoted && i + 1 < field.size()) {
            current += c;
            current += field.at(++i);
            continue;
        }
        if (c == ';' && !quoted) {
            out.append(current);
            current.clear();
        } else {
            current += c;
        }
    }
    out.append(current);
    return out;
}

} // namespace

QString MimePart::decodeCharset(const QByteArray& data, const QByteArray& charset)
{
    QByteArray name = charset.trimmed().toLower();
    if (const qsizetype star = name.indexOf('*'); star >= 0) // RFC 2231 language
        name.truncate(star);
    if (name.isEmpty() || name == "us-ascii" || name == "utf8")
        name = "utf-8";
    QStringDecoder decoder(name.constData());
    if (!decoder.isValid())
        return QString::fromLatin1(data);
    return decoder.decode(data);
}

QByteArray MimePart::decodeQuotedPrintable(const QByteArray& data)
{
    // RFC 2045 6.7; soft line breaks "=" at line end removed.
    QByteArray out;
    out.reserve(data.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1;
    };
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data.at(i);
        if (c != '=') {
            out += c;
            continue;
        }
        if (i + 1 < data.size() && data.at(i + 1) == '\n') {
            i += 1;
            continue;
        }
        if (i + 2 < data.size() && data.at(i + 1) == '\r' && data.at(i + 2) == '\n') {
            i += 2;
            continue;
        }
        if (i + 2 < data.size() && hex(data.at(i + 1)) >= 0 && hex(data.at(i + 2)) >= 0) {
            out += char(hex(data.at(i + 1)) * 16 + hex(data.at(i + 2)));
            i += 2;
            continue;
        }
        out += c; // a stray '=' is kept as it is
    }
    return out;
}

QString MimePart::decodeWords(const QByteArray& value)
{
    // RFC 2047 2: =?charset?encoding?text?=; white space between two adjacent
    // encoded words is not shown (6.2).
    static const QRegularExpression word(
        QStringLiteral("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?="));
    const QString text = QString::fromLatin1(value);
    QString out;
    qsizetype pos = 0;
    bool lastWasEncoded = false;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString between = text.mid(pos, m.capturedStart() - pos);
        if (!(lastWasEncoded && between.trimmed().isEmpty()))
            out += decodeCharset(between.toLatin1(), "utf-8");
        const QByteArray charset = m.captured(1).toLatin1();
        QByteArray payload = m.captured(3).toLatin1();
        QByteArray decoded;
        if (m.captured(2).compare(QLatin1String("b"), Qt::CaseInsensitive) == 0) {
            decoded = QByteArray::fromBase64(payload);
        } else {
            payload.replace('_', ' '); // RFC 2047 4.2 (2)
            decoded = decodeQuotedPrintable(payload);
        }
        out += decodeCharset(decoded, charset);
        pos = m.capturedEnd();
        lastWasEncoded = true;
    }
    out += decodeCharset(text.mid(pos).toLatin1(), "utf-8");
    return out;
}

QHash<QByteArray, QString> MimePart::parseParameters(const QByteArray& field, QByteArray* value)
{
    const QList<QByteArray> pieces = splitParams(field);
    if (value)
        *value = pieces.value(0).trimmed().toLower();
    QHash<QByteArray, QString> params;
    // RFC 2231: name*0*=, name*1=...; name*=charset'lang'%XX
    QMap<QByteArray, QMap<int, std::pair<QByteArray, bool>>> continued;
    for (qsizetype i = 1; i < pieces.size(); ++i) {
        const qsizetype eq = pieces.at(i).indexOf('=');
        if (eq < 0)
            continue;
        QByteArray name = pieces.at(i).left(eq).trimmed().toLower();
        const QByteArray raw = pieces.at(i).mid(eq + 1).trimmed();
        bool extended = false;
        if (name.endsWith('*')) {
            extended = true;
            name.chop(1);
        }
        int index = 0;
        if (const qsizetype star = name.indexOf('*'); star >= 0) {
            bool ok = false;
            index = name.mid(star + 1).toInt(&ok);
            name.truncate(star);
            if (!ok)
                continue;
        }
        continued[name][index] = {extended ? raw : unquote(raw), extended};
    }
    for (auto it = continued.cbegin(); it != continued.cend(); ++it) {
        QByteArray charset;
        QByteArray joined;
        bool first = true;
        for (const auto& [text, extended] : it.value()) {
            QByteArray piece = text;
            if (extended) {
                if (first) {
                    const qsizetype q1 = piece.indexOf('\'');
                    const qsizetype q2 = q1 < 0 ? -1 : piece.indexOf('\'', q1 + 1);
                    if (q2 > 0) {
                        charset = piece.left(q1);
                        piece = piece.mid(q2 + 1);
                    }
                }
                piece = QByteArray::fromPercentEncoding(piece);
            }
            joined += piece;
            first = false;
        }
        params.insert(it.key(),
                      charset.isEmpty() ? decodeWords(joined) : decodeCharset(joined, charset));
    }
    return params;
}

MimePart MimePart::parse(const QByteArray& raw)
{
    return parse(raw, 0);
}

MimePart MimePart::parse(const QByteArray& raw, int depth)
{
    MimePart part;
    qsizetype bodyStart = 0;
    const qsizetype end = headerEnd(raw, &bodyStart);
    const QList<QByteArray> lines = raw.left(end).split('\n');
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !part.headers.isEmpty()) {
            part.headers.last().second += ' ' + line.trimmed(); // RFC 5322 2.2.3: unfold
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        part.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    part.body = raw.mid(bodyStart);

    const QByteArray contentType = part.header("Content-Type");
    if (!contentType.isEmpty()) {
        QByteArray type;
        part.typeParams = parseParameters(contentType, &type);
        if (type.contains('/'))
            part.mimeType = type;
    }
    const QByteArray disposition = part.header("Content-Disposition");
    if (!disposition.isEmpty())
        part.dispositionParams = parseParameters(disposition, &part.disposition);

    const QByteArray boundary = part.typeParams.value("boundary").toUtf8();
    if (part.isMultipart() && !boundary.isEmpty() && depth < MaxDepth) {
        // RFC 2046 5.1.1: delimiter lines "--boundary", closed by "--boundary--".
        const QByteArray delimiter = "--" + boundary;
        qsizetype pos = 0;
        qsizetype partStart = -1;
        bool closed = false;
        while (pos <= part.body.size()) {
            qsizetype lf = part.body.indexOf('\n', pos);
            const qsizetype lineEnd = lf < 0 ? part.body.size() : lf;
            QByteArray line = part.body.mid(pos, lineEnd - pos);
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.startsWith(delimiter)) {
                const QByteArray rest = line.mid(delimiter.size()).trimmed();
                if (partStart >= 0) {
                    qsizetype contentEnd = pos;
                    // The line break before the delimiter belongs to it.
                    if (contentEnd > partStart && part.body.at(contentEnd - 1) == '\n')
                        --contentEnd;
                    if (contentEnd > partStart && part.body.at(contentEnd - 1) == '\r')
                        --contentEnd;
                    part.parts.append(
                        parse(part.body.mid(partStart, contentEnd - partStart), depth + 1));
                }
                if (rest == "--") {
                    closed = true;
                    break;
                }
                partStart = lf < 0 ? part.body.size() : lf + 1;
            }
            if (lf < 0)
                break;
            pos = lf + 1;
        }
        if (!closed && partStart >= 0 && partStart < part.body.size()) // truncated message
            part.parts.append(parse(part.body.mid(partStart), depth + 1));
    }
    return part;
}

QByteArray MimePart::header(const QByteArray& name) const
{
    for (const auto& [n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QString MimePart::decodedHeader(const QByteArray& name) const
{
    return decodeWords(header(name));
}

QByteArray MimePart::decodedBody() const
{
    const QByteArray encoding = header("Content-Transfer-Encoding").trimmed().toLower();
    if (encoding == "base64")
        return QByteArray::fromBase64(body, QByteArray::IgnoreBase64DecodingErrors);
    if (encoding == "quoted-printable")
        return decodeQuotedPrintable(body);
    return body;
}

QString MimePart::text() const
{
    return decodeCharset(decodedBody(), typeParams.value("charset").toLatin1());
}

QString MimePart::fileName() const
{
    const QString name = dispositionParams.value("filename");
    return name.isEmpty() ? typeParams.value("name") : name;
}

bool MimePart::isAttachment() const
{
    if (disposition == "attachment")
        return true;
    if (isMultipart())
        return false;
    if (!fileName().isEmpty() && disposition != "inline")
        return true;
    return !mimeType.startsWith("text/") || (!fileName().isEmpty() && disposition == "inline" &&
                                             mimeType != "text/plain" && mimeType != "text/html");
}

} // namespace connectors::catcher
