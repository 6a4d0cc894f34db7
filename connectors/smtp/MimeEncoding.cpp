#include "connectors/smtp/MimeEncoding.h"

#include <QStringList>

namespace connectors::smtp {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// RFC 2047 5(3): the characters a Q-encoded word may carry as they are, in
// every place an encoded-word is allowed (phrases are the strictest).
bool isQSafe(uchar b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '!' ||
           b == '*' || b == '+' || b == '-' || b == '/';
}

int qCost(uchar b)
{
    return (isQSafe(b) || b == ' ') ? 1 : 3;
}

qsizetype bCost(qsizetype bytes)
{
    return 4 * ((bytes + 2) / 3);
}

void appendQ(QByteArray& out, const QByteArray& bytes)
{
    for (char c : bytes) {
        const uchar b = uchar(c);
        if (isQSafe(b)) {
            out += char(b);
        } else if (b == ' ') {
            out += '_';
        } else {
            out += '=';
            out += kHex[b >> 4];
            out += kHex[b & 0xf];
        }
    }
}

bool isAtext(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(char(u)) && u < 0x80;
}

// RFC 2231 7: attribute-char, the characters that need no %-escape.
bool isAttributeChar(uchar b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
           QByteArrayView("!#$&+-.^_`|~").contains(char(b));
}

// The text split into whole characters (surrogate pairs kept together).
QStringList characters(const QString& text)
{
    QStringList out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() &&
            text.at(i + 1).isLowSurrogate()) {
            out << text.mid(i, 2);
            ++i;
        } else {
            out << QString(text.at(i));
        }
    }
    return out;
}

} // namespace

bool MimeEncoding::needsEncoding(const QString& text)
{
    if (text.contains(QLatin1String("=?")) || text.contains(QLatin1String("  ")) ||
        text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' ')))
        return true;
    qsizetype word = 0;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x7f || u < 0x20)
            return true;
        word = (u == ' ') ? 0 : word + 1;
        if (word > kFoldAt - 2)
            return true;
    }
    return false;
}

QList<QByteArray> MimeEncoding::encodedWords(const QString& text, int firstRoom)
{
    const QByteArray utf8 = text.toUtf8();
    qsizetype qTotal = 0;
    for (char c : utf8)
        qTotal += qCost(uchar(c));
    const bool useQ = qTotal <= bCost(utf8.size());
    const QByteArray prefix =
        useQ ? QByteArrayLiteral("=?UTF-8?Q?") : QByteArrayLiteral("=?UTF-8?B?");
    const qsizetype overhead = prefix.size() + 2;

    QList<QByteArray> words;
    QByteArray current;
    qsizetype currentQ = 0;
    int room = firstRoom;
    auto flush = [&] {
        QByteArray word = prefix;
        if (useQ)
            appendQ(word, current);
        else
            word += current.toBase64();
        word += "?=";
        words << word;
        current.clear();
        currentQ = 0;
        room = kMaxEncodedWord;
    };
    auto costOf = [&](const QByteArray& bytes) {
        qsizetype cost = 0;
        for (char c : bytes)
            cost += qCost(uchar(c));
        return cost;
    };
    auto fits = [&](const QByteArray& bytes, qsizetype cost) {
        const qsizetype length =
            overhead + (useQ ? currentQ + cost : bCost(current.size() + bytes.size()));
        return length <= room;
    };
    // Words are kept whole where they fit, so that a reader that (wrongly)
    // keeps the white space between encoded-words still shows whole words.
    QStringList pieces;
    for (const QString& ch : characters(text)) {
        if (pieces.isEmpty() ||
            (pieces.last().endsWith(QLatin1Char(' ')) && ch != QLatin1String(" ")))
            pieces << ch;
        else
            pieces.last() += ch;
    }
    for (const QString& piece : pieces) {
        const QByteArray bytes = piece.toUtf8();
        const qsizetype cost = costOf(bytes);
        if (fits(bytes, cost)) {
            current += bytes;
            currentQ += cost;
            continue;
        }
        if (!current.isEmpty()) {
            flush();
            if (fits(bytes, cost)) {
                current += bytes;
                currentQ += cost;
                continue;
            }
        }
        for (const QString& ch : characters(piece)) {
            const QByteArray chBytes = ch.toUtf8();
            const qsizetype chCost = costOf(chBytes);
            if (!fits(chBytes, chCost)) {
                if (current.isEmpty())
                    room = kMaxEncodedWord; // too little room on the first line: start on the next
                else
                    flush();
            }
            current += chBytes;
            currentQ += chCost;
        }
    }
    if (!current.isEmpty() || words.isEmpty())
        flush();
    return words;
}

QList<QByteArray> MimeEncoding::unstructuredTokens(const QString& text, int firstRoom)
{
    if (needsEncoding(text))
        return encodedWords(text, firstRoom);
    QList<QByteArray> tokens;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        tokens << word.toLatin1();
    return tokens;
}

QList<QByteArray> MimeEncoding::phraseTokens(const QString& name, int firstRoom)
{
    if (needsEncoding(name))
        return encodedWords(name, firstRoom);
    bool atoms = true;
    for (QChar c : name)
        atoms = atoms && (isAtext(c) || c == QLatin1Char(' '));
    QString phrase = name;
    if (!atoms) {
        // RFC 5322 3.2.4: a quoted-string may be folded at its spaces.
        phrase.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        phrase.replace(QLatin1Char('"'), QLatin1String("\\\""));
        phrase = QLatin1Char('"') + phrase + QLatin1Char('"');
    }
    QList<QByteArray> tokens;
    for (const QString& word : phrase.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        tokens << word.toLatin1();
    return tokens;
}

QByteArray MimeEncoding::foldHeader(const QByteArray& name, const QList<QByteArray>& tokens)
{
    QByteArray out = name + ':';
    qsizetype lineLength = out.size();
    bool lineHasToken = false;
    for (const QByteArray& token : tokens) {
        // RFC 5322 2.2.3: fold by putting CRLF before white space.
        if (lineHasToken && lineLength + 1 + token.size() > kFoldAt) {
            out += "\r\n";
            lineLength = 0;
        }
        out += ' ';
        out += token;
        lineLength += 1 + token.size();
        lineHasToken = true;
    }
    return out;
}

QByteArray MimeEncoding::quotedPrintable(const QByteArray& text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 8 + 16);
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf("\r\n", lineStart);
        const bool last = lineEnd < 0;
        if (last)
            lineEnd = text.size();
        int column = 0;
        for (qsizetype i = lineStart; i < lineEnd; ++i) {
            const uchar b = uchar(text.at(i));
            const bool atLineEnd = i + 1 == lineEnd;
            bool literal =
                (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !atLineEnd);
            // "From " at a line start is mangled by mbox stores; '.' alone by
            // careless relays (RFC 2049 3).
            if (i == lineStart && (b == '.' || (b == 'F' && text.mid(i, 5) == "From ")))
                literal = false;
            const int width = literal ? 1 : 3;
            // RFC 2045 6.7 (5): encoded lines at most 76 characters, the
            // soft break '=' included.
            if (column + width > 75) {
                out += "=\r\n";
                column = 0;
            }
            if (literal) {
                out += char(b);
            } else {
                out += '=';
                out += kHex[b >> 4];
                out += kHex[b & 0xf];
            }
            column += width;
        }
        if (last)
            break;
        out += "\r\n";
        lineStart = lineEnd + 2;
    }
    return out;
}

QByteArray MimeEncoding::base64Lines(const QByteArray& data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    out.reserve(encoded.size() + encoded.size() / 38 + 2);
    for (qsizetype i = 0; i < encoded.size(); i += 76) {
        out += QByteArrayView(encoded).sliced(i, std::min<qsizetype>(76, encoded.size() - i));
        out += "\r\n";
    }
    return out;
}

QByteArray MimeEncoding::normalizeLineBreaks(const QByteArray& text)
{
    QByteArray out;
    out.reserve(text.size() + text.size() / 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text.at(i + 1) == '\n')
                ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

qsizetype MimeEncoding::longestLine(const QByteArray& text)
{
    qsizetype longest = 0;
    qsizetype start = 0;
    while (true) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        qsizetype length = end - start;
        if (end < text.size() && length > 0 && text.at(end - 1) == '\r')
            --length;
        longest = std::max(longest, length);
        if (end >= text.size())
            break;
        start = end + 1;
    }
    return longest;
}

QList<QByteArray> MimeEncoding::parameter(const QByteArray& name, const QString& value)
{
    constexpr qsizetype kPiece = 60;
    bool ascii = true;
    for (QChar c : value)
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (ascii) {
        QByteArray quoted = value.toLatin1();
        quoted.replace('\\', "\\\\");
        quoted.replace('"', "\\\"");
        if (name.size() + quoted.size() + 3 <= kPiece + 10)
            return {name + "=\"" + quoted + '"'};
        // RFC 2231 3: continuations, without splitting an escape.
        QList<QByteArray> pieces;
        QByteArray current;
        const QByteArray raw = value.toLatin1();
        for (char c : raw) {
            if (current.size() >= kPiece) {
                pieces << name + '*' + QByteArray::number(pieces.size()) + "=\"" + current + '"';
                current.clear();
            }
            if (c == '\\' || c == '"')
                current += '\\';
            current += c;
        }
        pieces << name + '*' + QByteArray::number(pieces.size()) + "=\"" + current + '"';
        return pieces;
    }
    // RFC 2231 4: charset and %-escaped octets; pieces hold whole characters.
    QList<QByteArray> encodedChars;
    for (const QString& ch : characters(value)) {
        QByteArray e;
        for (char c : ch.toUtf8()) {
            const uchar b = uchar(c);
            if (isAttributeChar(b)) {
                e += char(b);
            } else {
                e += '%';
                e += kHex[b >> 4];
                e += kHex[b & 0xf];
            }
        }
        encodedChars << e;
    }
    QByteArray whole = encodedChars.join();
    if (name.size() + whole.size() + 9 <= kPiece + 10)
        return {name + "*=utf-8''" + whole};
    QList<QByteArray> pieces;
    QByteArray current = "utf-8''";
    for (const QByteArray& e : encodedChars) {
        if (current.size() + e.size() > kPiece) {
            pieces << name + '*' + QByteArray::number(pieces.size()) + "*=" + current;
            current.clear();
        }
        current += e;
    }
    pieces << name + '*' + QByteArray::number(pieces.size()) + "*=" + current;
    return pieces;
}

QByteArray MimeEncoding::dateTime(const QDateTime& when)
{
    // RFC 5322 3.3, with English names whatever the locale.
    static const char* const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = when.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    return QByteArray(days[d.dayOfWeek() - 1]) + ", " +
           QByteArray::number(d.day()).rightJustified(2, '0') + ' ' + months[d.month() - 1] + ' ' +
           QByteArray::number(d.year()) + ' ' +
           QByteArray::number(t.hour()).rightJustified(2, '0') + ':' +
           QByteArray::number(t.minute()).rightJustified(2, '0') + ':' +
           QByteArray::number(t.second()).rightJustified(2, '0') + " +0000";
}

} // namespace connectors::smtp
