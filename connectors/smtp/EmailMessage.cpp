#include "connectors/smtp/EmailMessage.h"

#include "engine/core/JsonText.h"

#include <QCborMap>
#include <QCborValue>
#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <tuple>

namespace connectors::smtp {
namespace {

using engine::Result;
using engine::Status;

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::EmailMessage", text);
}

Status fail(const QString& field, const QString& message)
{
    return Status::failure(field, message);
}

// RFC 2045 5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>
bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u <= 0x20 || u >= 0x7f)
        return false;
    return !QByteArrayView("()<>@,;:\\\"/[]?=").contains(char(u));
}

bool isToken(QStringView s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

struct ContentType
{
    QString type;
    QList<QPair<QString, QString>> params;
    QString error;
};

ContentType parseContentType(const QString& text)
{
    ContentType ct;
    const qsizetype semi = text.indexOf(QLatin1Char(';'));
    const QString main = text.left(semi < 0 ? text.size() : semi).trimmed();
    const qsizetype slash = main.indexOf(QLatin1Char('/'));
    if (slash < 0 || !isToken(QStringView(main).left(slash)) ||
        !isToken(QStringView(main).mid(slash + 1))) {
        ct.error = tr("\"%1\" is not a media type like \"application/pdf\"").arg(main);
        return ct;
    }
    ct.type = main.toLower();
    qsizetype i = semi < 0 ? text.size() : semi + 1;
    while (i < text.size()) {
        while (i < text.size() && (text.at(i).isSpace() || text.at(i) == QLatin1Char(';')))
            ++i;
        if (i >= text.size())
            break;
        const qsizetype eq = text.indexOf(QLatin1Char('='), i);
        if (eq < 0) {
            ct.error = tr("the parameter \"%1\" has no '=' value").arg(text.mid(i).trimmed());
            return ct;
        }
        const QString name = text.mid(i, eq - i).trimmed().toLower();
        if (!isToken(name)) {
            ct.error = tr("\"%1\" is not a parameter name").arg(name);
            return ct;
        }
        i = eq + 1;
        while (i < text.size() && text.at(i).isSpace())
            ++i;
        QString value;
        if (i < text.size() && text.at(i) == QLatin1Char('"')) {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const QChar c = text.at(i++);
                if (c == QLatin1Char('\\') && i < text.size()) {
                    value += text.at(i++);
                } else if (c == QLatin1Char('"')) {
                    closed = true;
                    break;
                } else {
                    value += c;
                }
            }
            if (!closed) {
                ct.error = tr("the value of \"%1\" has no closing quote").arg(name);
                return ct;
            }
        } else {
            while (i < text.size() && text.at(i) != QLatin1Char(';') && !text.at(i).isSpace())
                value += text.at(i++);
            if (!isToken(value)) {
                ct.error = tr("the value of \"%1\" must be quoted").arg(name);
                return ct;
            }
        }
        while (i < text.size() && text.at(i).isSpace())
            ++i;
        if (i < text.size() && text.at(i) != QLatin1Char(';')) {
            ct.error = tr("unexpected text after the parameter \"%1\"").arg(name);
            return ct;
        }
        ct.params.append({name, value});
    }
    return ct;
}

// RFC 4648 4 base64 (white space allowed, padding required), checked and
// decoded as pieces of the text arrive, straight into the result, so a large
// attachment is neither copied once more nor decoded twice.
class Base64Decoding
{
public:
    // `size`: the length of the text, or an upper bound.
    explicit Base64Decoding(qsizetype size)
        : m_out(size / 4 * 3 + 3, Qt::Uninitialized), m_o(m_out.data())
    {}

    // Char: QChar (text as UTF-16) or char (its UTF-8 octets). False from the
    // first character that is not base64 on.
    template <typename Char> bool feed(const Char* chars, qsizetype n)
    {
        if (m_bad >= 0)
            return false;
        // Locals, not members: stores through `o` could alias a member and
        // make the compiler reload it for every character.
        char* o = m_o;
        uint quantum = m_quantum;
        int sextets = m_sextets;
        qsizetype total = m_total;
        qsizetype padding = m_padding;
        qsizetype i = 0;
        for (; i < n; ++i) {
            // Whole quanta between line breaks: four characters at a time.
            while (sextets == 0 && padding == 0 && i + 4 <= n) {
                const int a = valueOf(chars[i]), b = valueOf(chars[i + 1]),
                          c = valueOf(chars[i + 2]), d = valueOf(chars[i + 3]);
                if ((a | b | c | d) < 0)
                    break;
                const uint q = uint(a) << 18 | uint(b) << 12 | uint(c) << 6 | uint(d);
                o[0] = char(q >> 16);
                o[1] = char(q >> 8);
                o[2] = char(q);
                o += 3;
                i += 4;
                total += 4;
            }
            if (i == n)
                break;
            const uint u = unit(chars[i]);
            const int v = valueOf(chars[i]);
            if (v == kSpace)
                continue;
            ++total;
            if (v == kPad) {
                ++padding;
                continue;
            }
            if (v == kBad || padding > 0) {
                m_bad = m_position + i;
                m_badUnit = u;
                m_badIsPadding = v != kBad;
                break;
            }
            quantum = quantum << 6 | uint(v);
            if (++sextets == 4) {
                o[0] = char(quantum >> 16);
                o[1] = char(quantum >> 8);
                o[2] = char(quantum);
                o += 3;
                quantum = 0;
                sextets = 0;
            }
        }
        m_o = o;
        m_quantum = quantum;
        m_sextets = sextets;
        m_total = total;
        m_padding = padding;
        m_position += i;
        return m_bad < 0;
    }

    // Output from the start of the buffer again: for checking text of any
    // size with a small buffer, fed in pieces of at most its size.
    void rewind() { m_o = m_out.data(); }

    // Position (from 0) of the first character that is not base64, or -1.
    qsizetype badPosition() const { return m_bad; }
    // A non-ASCII character among UTF-8 octets: its first octet.
    bool badIsNonAscii() const { return m_bad >= 0 && m_badUnit >= 0x80; }

    Result<QByteArray> finish(const QString& field)
    {
        if (m_bad >= 0) {
            const QString what = m_badUnit == 0 ? tr("a NUL character")
                                 : m_badIsPadding
                                     ? tr("'%1' after the '=' padding").arg(QChar(m_badUnit))
                                     : tr("'%1'").arg(QChar(m_badUnit));
            return Result<QByteArray>::failure(
                field, tr("not valid base64: %1 at position %2").arg(what).arg(m_bad + 1));
        }
        // RFC 4648 4: whole quanta, at most two '=' at the end.
        if (m_padding > 2 || m_total % 4 != 0)
            return Result<QByteArray>::failure(
                field,
                tr("not valid base64: the length is not a multiple of 4 (is it cut short?)"));
        char* o = m_o;
        if (m_sextets == 3) { // "xxx=": two octets
            *o++ = char(m_quantum >> 10);
            *o++ = char(m_quantum >> 2);
        } else if (m_sextets == 2) { // "xx==": one octet
            *o++ = char(m_quantum >> 4);
        }
        m_out.resize(o - m_out.constData());
        return std::move(m_out);
    }

private:
    static constexpr signed char kSpace = -2, kPad = -3, kBad = -1;
    static constexpr std::array<signed char, 128> kTable = [] {
        std::array<signed char, 128> t{};
        for (auto& v : t)
            v = kBad;
        for (int c = 'A'; c <= 'Z'; ++c)
            t[c] = static_cast<signed char>(c - 'A');
        for (int c = 'a'; c <= 'z'; ++c)
            t[c] = static_cast<signed char>(c - 'a' + 26);
        for (int c = '0'; c <= '9'; ++c)
            t[c] = static_cast<signed char>(c - '0' + 52);
        t['+'] = 62;
        t['/'] = 63;
        t['='] = kPad;
        for (char c : {' ', '\t', '\r', '\n'})
            t[uchar(c)] = kSpace;
        return t;
    }();

    static uint unit(QChar c) { return c.unicode(); }
    static uint unit(char c) { return uchar(c); }
    // The sextet a character stands for; negative when it is none.
    template <typename Char> static int valueOf(Char c)
    {
        const uint u = unit(c);
        return u < 128 ? kTable[u] : kBad;
    }

    QByteArray m_out;
    char* m_o;
    uint m_quantum = 0;
    int m_sextets = 0;
    qsizetype m_total = 0;
    qsizetype m_padding = 0;
    qsizetype m_position = 0;
    qsizetype m_bad = -1;
    uint m_badUnit = 0;
    bool m_badIsPadding = false;
};

// The UTF-8 octets of the text value of `key` (matched as property() does)
// in `object`, from the JSON's own storage (see engine::JsonText). False
// when the value is not text or `take` refused a piece.
bool forEachUtf8Piece(const QJsonObject& object, const QString& key,
                      const std::function<void(qint64)>& begin,
                      const std::function<bool(const char*, qint64)>& take)
{
    const QCborMap map = QCborMap::fromJsonObject(object);
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (it.key().toString().compare(key, Qt::CaseInsensitive) == 0)
            return engine::JsonText::forEachUtf8Piece(it.value(), begin, take);
    }
    return false;
}

bool isAbsent(const QJsonValue& v)
{
    return v.isUndefined() || v.isNull();
}

Result<QString> text(const QJsonValue& v, const QString& field)
{
    if (isAbsent(v))
        return QString();
    if (!v.isString())
        return Result<QString>::failure(field, tr("must be text"));
    const QString s = v.toString();
    if (s.contains(QChar(0)))
        return Result<QString>::failure(field, tr("contains a NUL character"));
    return s;
}

// The base64 text value of `key` in `object`, decoded (see forEachUtf8Piece).
Result<QByteArray> base64Value(const QJsonObject& object, const QString& key, const QString& field)
{
    std::optional<Base64Decoding> decoding;
    const bool whole = forEachUtf8Piece(
        object, key, [&](qint64 size) { decoding.emplace(size); },
        [&](const char* data, qint64 size) { return decoding->feed(data, size); });
    // Up to the first bad character the octets are ASCII, so its position is
    // the same in characters.
    if (decoding && (whole || (decoding->badPosition() >= 0 && !decoding->badIsNonAscii())))
        return decoding->finish(field);
    // A non-ASCII character is named as a character, not as an octet.
    return EmailMessage::decodeBase64(EmailMessage::property(object, key).toString(), field);
}

// The text value of `key` in `object` as UTF-8 (see forEachUtf8Piece).
Result<QByteArray> utf8Value(const QJsonObject& object, const QString& key, const QString& field)
{
    QByteArray octets;
    const bool whole = forEachUtf8Piece(
        object, key, [&](qint64 size) { octets.reserve(size); },
        [&](const char* data, qint64 size) {
            if (memchr(data, 0, size_t(size)))
                return false;
            octets.append(data, size);
            return true;
        });
    if (whole)
        return octets;
    auto value = text(EmailMessage::property(object, key), field); // names the problem
    if (!value)
        return value.error();
    return value->toUtf8();
}

Result<bool> boolean(const QJsonValue& v, const QString& field)
{
    if (isAbsent(v))
        return false;
    if (v.isBool())
        return v.toBool();
    if (v.isString()) {
        const QString s = v.toString().trimmed();
        if (s.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
            return true;
        if (s.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 || s.isEmpty())
            return false;
    }
    return Result<bool>::failure(field, tr("must be true or false"));
}

// A receipt request: off, on (to the sender), or on to a given address.
struct Receipt
{
    bool on = false;
    MailAddress to;
};

// ReadReceipt / DeliveryReceipt: the managed connector's V3 shape gives the
// address the receipt goes to; true/false (and their text forms) remain
// accepted and mean "to the sender" / "none".
Result<Receipt> receipt(const QJsonValue& v, const QString& field)
{
    if (isAbsent(v))
        return Receipt{};
    if (v.isBool())
        return Receipt{v.toBool(), {}};
    if (!v.isString())
        return Result<Receipt>::failure(
            field, tr("must be the email address the receipt goes to (or true or false)"));
    const QString s = v.toString().trimmed();
    if (s.isEmpty() || s.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
        return Receipt{};
    if (s.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
        return Receipt{true, {}};
    auto address = MailAddress::parse(s, field);
    if (!address)
        return Result<Receipt>::failure(
            field, tr("must be the email address the receipt goes to (or true or false): %1")
                       .arg(address.error().message));
    return Receipt{true, *address};
}

// An address list may come as "a@x; b@y" or as ["a@x", "b@y"].
Result<QList<MailAddress>> addresses(const QJsonValue& v, const QString& field)
{
    if (isAbsent(v))
        return QList<MailAddress>();
    QString joined;
    if (v.isArray()) {
        QStringList items;
        for (const QJsonValue& item : v.toArray()) {
            if (!item.isString())
                return Result<QList<MailAddress>>::failure(field,
                                                           tr("must be a list of addresses"));
            items << item.toString();
        }
        joined = items.join(QLatin1String("; "));
    } else if (v.isString()) {
        joined = v.toString();
    } else {
        return Result<QList<MailAddress>>::failure(field, tr("must be text (addresses)"));
    }
    return MailAddress::parseList(joined, field);
}

const QStringList& reservedHeaders()
{
    static const QStringList names = {
        QStringLiteral("From"),
        QStringLiteral("Sender"),
        QStringLiteral("To"),
        QStringLiteral("Cc"),
        QStringLiteral("Bcc"),
        QStringLiteral("Reply-To"),
        QStringLiteral("Subject"),
        QStringLiteral("Date"),
        QStringLiteral("Message-ID"),
        QStringLiteral("MIME-Version"),
        QStringLiteral("Importance"),
        QStringLiteral("X-Priority"),
        QStringLiteral("Disposition-Notification-To"),
        QStringLiteral("Return-Receipt-To"),
        QStringLiteral("Return-Path"),
    };
    return names;
}

} // namespace

bool EmailMessage::isReservedHeader(const QString& name)
{
    if (name.startsWith(QLatin1String("Content-"), Qt::CaseInsensitive))
        return true;
    return reservedHeaders().contains(name, Qt::CaseInsensitive);
}

Status EmailMessage::checkHeaderText(const QString& value, const QString& field)
{
    // RFC 5322 2.2: a field body is one logical line; a CR or LF would start
    // a header of the sender's choosing.
    if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')))
        return fail(field, tr("must be one line: it contains a line break (CR or LF)"));
    if (value.contains(QChar(0)))
        return fail(field, tr("contains a NUL character"));
    return engine::success();
}

Status EmailMessage::checkHeaderName(const QString& name, const QString& field)
{
    if (name.isEmpty())
        return fail(field, tr("a header needs a name"));
    // RFC 5322 3.6.8: ftext is printable US-ASCII except ':'.
    for (QChar c : name) {
        const char16_t u = c.unicode();
        if (u < 33 || u > 126 || u == ':')
            return fail(field, tr("\"%1\" is not a header name: use letters, digits and '-' "
                                  "only, without spaces or ':'")
                                   .arg(name.simplified()));
    }
    if (isReservedHeader(name))
        return fail(field, tr("the header \"%1\" is written from the message's own fields and "
                              "cannot be set here")
                               .arg(name));
    return engine::success();
}

Status EmailMessage::checkContentType(const QString& value, const QString& field)
{
    if (auto s = checkHeaderText(value, field); !s)
        return s;
    const ContentType ct = parseContentType(value);
    if (!ct.error.isEmpty())
        return fail(field, ct.error);
    if (ct.type.startsWith(QLatin1String("multipart/")) ||
        ct.type.startsWith(QLatin1String("message/")))
        return fail(field, tr("an attachment cannot be of type \"%1\"").arg(ct.type));
    return engine::success();
}

Status EmailMessage::checkContentId(const QString& value, const QString& field)
{
    if (auto s = checkHeaderText(value, field); !s)
        return s;
    QString id = value.trimmed();
    if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
        id = id.mid(1, id.size() - 2);
    if (id.isEmpty())
        return fail(field, tr("is empty"));
    // RFC 2392: it is referred to as a cid: URL, so printable ASCII only.
    for (QChar c : id) {
        const char16_t u = c.unicode();
        if (u <= 32 || u >= 127 || u == '<' || u == '>' || u == '"' || u == '\\' || u == '(' ||
            u == ')' || u == ',' || u == ';' || u == '[' || u == ']')
            return fail(field, tr("\"%1\" may hold only letters, digits and .-_@+ (no spaces)")
                                   .arg(value.trimmed()));
    }
    return engine::success();
}

Status EmailMessage::checkFileName(const QString& value, const QString& field)
{
    if (auto s = checkHeaderText(value, field); !s)
        return s;
    if (value.trimmed().isEmpty())
        return fail(field, tr("is empty"));
    if (value.contains(QLatin1Char('/')) || value.contains(QLatin1Char('\\')))
        return fail(field, tr("\"%1\" must be a file name, not a path").arg(value));
    for (QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return fail(field, tr("contains a control character"));
    }
    return engine::success();
}

Result<QByteArray> EmailMessage::decodeBase64(const QString& text, const QString& field)
{
    Base64Decoding decoding(text.size());
    decoding.feed(text.constData(), text.size());
    return decoding.finish(field);
}

bool EmailMessage::isBase64(const QJsonObject& object, const QString& key)
{
    static constexpr qint64 kWindow = 64 * 1024;
    Base64Decoding decoding(kWindow);
    const bool whole = forEachUtf8Piece(
        object, key, [](qint64) {},
        [&](const char* data, qint64 size) {
            for (qint64 at = 0; at < size; at += kWindow) {
                decoding.rewind();
                if (!decoding.feed(data + at, std::min(kWindow, size - at)))
                    return false;
            }
            return true;
        });
    return whole && decoding.finish(QString()).ok();
}

Result<EmailMessage::Importance> EmailMessage::parseImportance(const QString& text,
                                                               const QString& field)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.compare(QLatin1String("Normal"), Qt::CaseInsensitive) == 0)
        return Importance::Normal;
    if (t.compare(QLatin1String("High"), Qt::CaseInsensitive) == 0)
        return Importance::High;
    if (t.compare(QLatin1String("Low"), Qt::CaseInsensitive) == 0)
        return Importance::Low;
    return Result<Importance>::failure(
        field, tr("\"%1\" is not an importance: use High, Normal or Low").arg(t));
}

QString EmailMessage::importanceName(Importance importance)
{
    switch (importance) {
    case Importance::High:
        return QStringLiteral("High");
    case Importance::Low:
        return QStringLiteral("Low");
    case Importance::Normal:
        break;
    }
    return QStringLiteral("Normal");
}

QString EmailMessage::mimeTypeOf(const QString& contentType)
{
    return parseContentType(contentType).type;
}

QList<QPair<QString, QString>> EmailMessage::parametersOf(const QString& contentType)
{
    return parseContentType(contentType).params;
}

QJsonValue EmailMessage::property(const QJsonObject& properties, const QString& key)
{
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

Result<EmailMessage> EmailMessage::fromProperties(const QJsonObject& properties,
                                                  const QString& defaultFrom)
{
    EmailMessage m;
    const QString fromField = QStringLiteral("From");
    auto fromText = text(EmailMessage::property(properties, fromField), fromField);
    if (!fromText)
        return fromText.error();
    if (fromText->trimmed().isEmpty()) {
        if (defaultFrom.trimmed().isEmpty())
            return Result<EmailMessage>::failure(fromField,
                                                 tr("is required: the sender's address"));
        auto fallback = MailAddress::parse(defaultFrom, fromField);
        if (!fallback)
            return Result<EmailMessage>::failure(
                fromField, tr("is empty, and the connection's user name \"%1\" is not an "
                              "address to send from; fill in From")
                               .arg(defaultFrom));
        *fromText = defaultFrom;
    }
    auto from = MailAddress::parse(*fromText, fromField);
    if (!from)
        return from.error();
    m.from = *from;

    struct ListField
    {
        const char* key;
        QList<MailAddress>* target;
    };
    for (const ListField& lf : {ListField{"To", &m.to}, ListField{"CC", &m.cc},
                                ListField{"BCC", &m.bcc}, ListField{"ReplyTo", &m.replyTo}}) {
        const QString key = QString::fromLatin1(lf.key);
        auto list = addresses(EmailMessage::property(properties, key), key);
        if (!list)
            return list.error();
        *lf.target = *list;
    }

    auto subject = text(EmailMessage::property(properties, QStringLiteral("Subject")),
                        QStringLiteral("Subject"));
    if (!subject)
        return subject.error();
    m.subject = *subject;
    auto body =
        text(EmailMessage::property(properties, QStringLiteral("Body")), QStringLiteral("Body"));
    if (!body)
        return body.error();
    m.body = *body;

    const QString isHtmlField = QStringLiteral("IsHtml");
    auto isHtml = boolean(EmailMessage::property(properties, isHtmlField), isHtmlField);
    if (!isHtml)
        return isHtml.error();
    m.isHtml = *isHtml;
    for (auto [key, on, to] :
         {std::tuple{"ReadReceipt", &m.readReceipt, &m.readReceiptTo},
          std::tuple{"DeliveryReceipt", &m.deliveryReceipt, &m.deliveryReceiptTo}}) {
        const QString k = QString::fromLatin1(key);
        auto r = receipt(EmailMessage::property(properties, k), k);
        if (!r)
            return r.error();
        *on = r->on;
        *to = r->to;
    }

    const QString importanceField = QStringLiteral("Importance");
    auto importanceText =
        text(EmailMessage::property(properties, importanceField), importanceField);
    if (!importanceText)
        return importanceText.error();
    auto importance = parseImportance(*importanceText, importanceField);
    if (!importance)
        return importance.error();
    m.importance = *importance;

    const QJsonValue attachments =
        EmailMessage::property(properties, QStringLiteral("Attachments"));
    if (!isAbsent(attachments) && !attachments.isArray())
        return Result<EmailMessage>::failure(QStringLiteral("Attachments"),
                                             tr("must be a list of attachments"));
    const QJsonArray items = attachments.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString base = QStringLiteral("Attachments[%1]").arg(i);
        if (!items.at(i).isObject())
            return Result<EmailMessage>::failure(
                base, tr("must be an object with ContentData and FileName"));
        const QJsonObject item = items.at(i).toObject();
        Attachment a;
        QString encoding;
        struct TextField
        {
            const char* key;
            QString* target;
        };
        const QString dataField = base + QStringLiteral(".ContentData");
        const QJsonValue contentData = EmailMessage::property(item, QStringLiteral("ContentData"));
        if (!isAbsent(contentData) && !contentData.isString())
            return Result<EmailMessage>::failure(dataField, tr("must be text"));
        for (const TextField& tf :
             {TextField{"ContentType", &a.contentType},
              TextField{"ContentTransferEncoding", &encoding}, TextField{"FileName", &a.fileName},
              TextField{"ContentId", &a.contentId}}) {
            const QString key = QString::fromLatin1(tf.key);
            auto value = text(EmailMessage::property(item, key), base + QLatin1Char('.') + key);
            if (!value)
                return value.error();
            *tf.target = *value;
        }
        if (isAbsent(contentData))
            return Result<EmailMessage>::failure(dataField,
                                                 tr("is required: the attachment's content"));
        // ContentData may be tens of megabytes: read from the item's own
        // storage, never as a QString (twice its size in UTF-16).
        const QString enc = encoding.trimmed();
        if (enc.isEmpty() || enc.compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0) {
            auto decoded = base64Value(item, QStringLiteral("ContentData"), dataField);
            if (!decoded)
                return decoded.error();
            a.data = *decoded;
        } else if (enc.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
            auto octets = utf8Value(item, QStringLiteral("ContentData"), dataField);
            if (!octets)
                return octets.error();
            a.data = *octets;
            a.isText = true;
        } else {
            return Result<EmailMessage>::failure(
                base + QStringLiteral(".ContentTransferEncoding"),
                tr("\"%1\" is not supported: use \"base64\" (ContentData is base64) or "
                   "\"none\" (ContentData is plain text)")
                    .arg(enc));
        }
        a.contentType = a.contentType.trimmed();
        a.fileName = a.fileName.trimmed();
        a.contentId = a.contentId.trimmed();
        if (a.contentId.startsWith(QLatin1Char('<')) && a.contentId.endsWith(QLatin1Char('>')))
            a.contentId = a.contentId.mid(1, a.contentId.size() - 2);
        m.attachments << a;
    }

    const QString headersField = QStringLiteral("Headers");
    const QJsonValue headers = EmailMessage::property(properties, headersField);
    if (headers.isObject()) {
        const QJsonObject h = headers.toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            auto value = text(it.value(), headersField + QLatin1Char('.') + it.key());
            if (!value || !it.value().isString())
                return value ? Result<EmailMessage>::failure(
                                   headersField + QLatin1Char('.') + it.key(), tr("must be text"))
                             : Result<EmailMessage>(value.error());
            m.headers.append({it.key(), *value});
        }
    } else if (headers.isArray()) {
        // ["X-Tag: value", ...]
        const QJsonArray h = headers.toArray();
        for (qsizetype i = 0; i < h.size(); ++i) {
            const QString field = QStringLiteral("Headers[%1]").arg(i);
            const QString line = h.at(i).toString();
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (!h.at(i).isString() || colon <= 0)
                return Result<EmailMessage>::failure(field,
                                                     tr("must be text like \"X-Name: value\""));
            m.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
    } else if (!isAbsent(headers)) {
        return Result<EmailMessage>::failure(headersField,
                                             tr("must be an object of header names and values"));
    }

    if (auto s = m.validate(); !s)
        return s.error();
    return m;
}

Status EmailMessage::validate() const
{
    if (from.isNull())
        return fail(QStringLiteral("From"), tr("is required: the sender's address"));
    if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty())
        return fail(QStringLiteral("To"), tr("no recipient: give at least one address in To, CC "
                                             "or BCC"));
    struct Named
    {
        const char* field;
        const QList<MailAddress>* list;
    };
    const QList<MailAddress> fromList{from};
    QList<MailAddress> readReceiptList, deliveryReceiptList;
    if (!readReceiptTo.isNull())
        readReceiptList.append(readReceiptTo);
    if (!deliveryReceiptTo.isNull())
        deliveryReceiptList.append(deliveryReceiptTo);
    for (const Named& n :
         {Named{"From", &fromList}, Named{"To", &to}, Named{"CC", &cc}, Named{"BCC", &bcc},
          Named{"ReplyTo", &replyTo}, Named{"ReadReceipt", &readReceiptList},
          Named{"DeliveryReceipt", &deliveryReceiptList}}) {
        for (const MailAddress& a : *n.list) {
            const QString field = QString::fromLatin1(n.field);
            if (auto s = checkHeaderText(a.displayName(), field); !s)
                return s;
            if (auto s = checkHeaderText(a.address(), field); !s)
                return s;
        }
    }
    if (auto s = checkHeaderText(subject, QStringLiteral("Subject")); !s)
        return s;
    if (body.contains(QChar(0)))
        return fail(QStringLiteral("Body"), tr("contains a NUL character"));
    if (textBody.contains(QChar(0)))
        return fail(QStringLiteral("Body"), tr("contains a NUL character"));

    QSet<QString> contentIds;
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        const Attachment& a = attachments.at(i);
        const QString base = QStringLiteral("Attachments[%1].").arg(i);
        if (!a.contentType.isEmpty()) {
            if (auto s = checkContentType(a.contentType, base + QStringLiteral("ContentType")); !s)
                return s;
        }
        if (!a.contentId.isEmpty()) {
            if (auto s = checkContentId(a.contentId, base + QStringLiteral("ContentId")); !s)
                return s;
            if (contentIds.contains(a.contentId.toLower()))
                return fail(base + QStringLiteral("ContentId"),
                            tr("\"%1\" is used by an earlier attachment; each ContentId must be "
                               "unique")
                                .arg(a.contentId));
            contentIds.insert(a.contentId.toLower());
        }
        if (a.fileName.isEmpty() && a.contentId.isEmpty())
            return fail(base + QStringLiteral("FileName"),
                        tr("is required: the name the recipient sees"));
        if (!a.fileName.isEmpty()) {
            if (auto s = checkFileName(a.fileName, base + QStringLiteral("FileName")); !s)
                return s;
        }
    }
    for (const Header& h : headers) {
        const QString field = QStringLiteral("Headers.") + h.name;
        if (auto s = checkHeaderName(h.name, QStringLiteral("Headers")); !s)
            return s;
        if (auto s = checkHeaderText(h.value, field); !s)
            return s;
    }
    return engine::success();
}

} // namespace connectors::smtp
