#include "connectors/smtp/MailAddress.h"

#include <QCoreApplication>
#include <QUrl>

namespace connectors::smtp {
namespace {

// RFC 5321 4.1.3 IPv4-address-literal: four decimal numbers 0-255 of one to
// three digits, joined by dots.
bool isIPv4(QStringView text)
{
    int parts = 0;
    for (QStringView part : text.split(QLatin1Char('.'))) {
        if (part.isEmpty() || part.size() > 3)
            return false;
        int value = 0;
        for (QChar c : part) {
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return false;
            value = value * 10 + (c.unicode() - '0');
        }
        if (value > 255)
            return false;
        ++parts;
    }
    return parts == 4;
}

// RFC 4291 2.2 text form: eight groups of one to four hex digits, one run of
// zero groups as "::", the last two groups optionally as an IPv4 address.
bool isIPv6(QStringView text)
{
    const auto groups = [](QStringView part, bool last, int* count) {
        if (part.isEmpty())
            return true;
        const QList<QStringView> pieces = part.split(QLatin1Char(':'));
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            const QStringView piece = pieces.at(i);
            if (last && i == pieces.size() - 1 && piece.contains(QLatin1Char('.'))) {
                if (!isIPv4(piece))
                    return false;
                *count += 2;
                continue;
            }
            if (piece.isEmpty() || piece.size() > 4)
                return false;
            for (QChar c : piece) {
                const char16_t u = c.unicode();
                if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
                    return false;
            }
            *count += 1;
        }
        return true;
    };
    const qsizetype gap = text.indexOf(QLatin1String("::"));
    int count = 0;
    if (gap < 0)
        return groups(text, true, &count) && count == 8;
    const QStringView before = text.left(gap);
    const QStringView after = text.mid(gap + 2);
    if (after.contains(QLatin1String("::")))
        return false;
    return groups(before, after.isEmpty(), &count) && groups(after, true, &count) && count < 8;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::MailAddress", text);
}

// RFC 5322 3.2.3: atext, plus any non-ASCII character (RFC 6532 3.2).
bool isAtext(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 0x80)
        return true;
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(char(u));
}

bool isDotAtom(const QString& s)
{
    if (s.isEmpty() || s.startsWith(QLatin1Char('.')) || s.endsWith(QLatin1Char('.')) ||
        s.contains(QLatin1String("..")))
        return false;
    for (QChar c : s) {
        if (c != QLatin1Char('.') && !isAtext(c))
            return false;
    }
    return true;
}

QString describeChar(QChar c)
{
    if (c == QLatin1Char(' '))
        return tr("a space");
    if (c == QLatin1Char('\t'))
        return tr("a tab");
    if (c.unicode() < 0x20 || c.unicode() == 0x7f)
        return tr("a control character (U+%1)")
            .arg(QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    return QStringLiteral("'") + c + QStringLiteral("'");
}

struct Failure
{
    QString reason;
};

// The text of the address without comments, the comments' text, and where a
// top-level '<' and '>' are; quotes are kept as they are.
struct Scan
{
    QString outside;
    QStringList comments;
    qsizetype lt = -1;
    qsizetype gt = -1;
    QString error;
};

Scan scan(const QString& text)
{
    Scan result;
    bool inQuote = false;
    int depth = 0;
    QString comment;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (depth > 0) {
            if (c == QLatin1Char('\\') && i + 1 < text.size()) {
                comment += text.at(++i);
            } else if (c == QLatin1Char('(')) {
                ++depth;
                comment += c;
            } else if (c == QLatin1Char(')')) {
                if (--depth == 0) {
                    result.comments << comment.simplified();
                    comment.clear();
                    result.outside += QLatin1Char(' ');
                } else {
                    comment += c;
                }
            } else {
                comment += c;
            }
            continue;
        }
        if (inQuote) {
            result.outside += c;
            if (c == QLatin1Char('\\') && i + 1 < text.size())
                result.outside += text.at(++i);
            else if (c == QLatin1Char('"'))
                inQuote = false;
            continue;
        }
        if (c == QLatin1Char('"')) {
            inQuote = true;
        } else if (c == QLatin1Char('(')) {
            depth = 1;
            continue;
        } else if (c == QLatin1Char(')')) {
            result.error = tr("')' has no matching '('");
            return result;
        } else if (c == QLatin1Char('<')) {
            if (result.lt >= 0) {
                result.error = tr("it has more than one '<'");
                return result;
            }
            result.lt = result.outside.size();
        } else if (c == QLatin1Char('>')) {
            if (result.lt < 0) {
                result.error = tr("'>' has no matching '<'");
                return result;
            }
            if (result.gt >= 0) {
                result.error = tr("it has more than one '>'");
                return result;
            }
            result.gt = result.outside.size();
        }
        result.outside += c;
    }
    if (inQuote)
        result.error = tr("a quote (\") is not closed");
    else if (depth > 0)
        result.error = tr("a comment '(' is not closed with ')'");
    else if (result.lt >= 0 && result.gt < 0)
        result.error = tr("'<' has no matching '>'");
    return result;
}

// A display name: quoted strings unquoted, the rest with runs of white space
// made one space (RFC 5322 3.2.5 phrase).
QString unquotePhrase(const QString& phrase)
{
    QString out;
    bool inQuote = false;
    for (qsizetype i = 0; i < phrase.size(); ++i) {
        const QChar c = phrase.at(i);
        if (c == QLatin1Char('"')) {
            inQuote = !inQuote;
        } else if (inQuote && c == QLatin1Char('\\') && i + 1 < phrase.size()) {
            out += phrase.at(++i);
        } else if (!inQuote && c.isSpace()) {
            if (!out.isEmpty() && !out.endsWith(QLatin1Char(' ')))
                out += QLatin1Char(' ');
        } else {
            out += c;
        }
    }
    return out.trimmed();
}

std::optional<QString> checkLocalPart(const QString& raw, QString* canonical)
{
    if (raw.isEmpty())
        return tr("the part before '@' is missing");
    if (raw.startsWith(QLatin1Char('"'))) {
        // RFC 5321 4.1.2: Quoted-string local part.
        if (raw.size() < 2 || !raw.endsWith(QLatin1Char('"')))
            return tr("the quoted part before '@' must be the whole local part");
        QString content;
        for (qsizetype i = 1; i + 1 < raw.size(); ++i) {
            QChar c = raw.at(i);
            if (c == QLatin1Char('\\') && i + 2 < raw.size())
                c = raw.at(++i);
            else if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
                return tr("the quoted part before '@' has an unescaped '%1'").arg(c);
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return tr("%1 is not allowed before '@'").arg(describeChar(c));
            content += c;
        }
        if (content.isEmpty())
            return tr("the part before '@' is empty");
        if (isDotAtom(content)) {
            *canonical = content;
        } else {
            QString quoted = QStringLiteral("\"");
            for (QChar c : content) {
                if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
                    quoted += QLatin1Char('\\');
                quoted += c;
            }
            *canonical = quoted + QLatin1Char('"');
        }
    } else {
        for (QChar c : raw) {
            if (c != QLatin1Char('.') && !isAtext(c))
                return tr("%1 is not allowed before '@' (put the part before '@' in quotes if "
                          "it is really meant)")
                    .arg(describeChar(c));
        }
        if (raw.startsWith(QLatin1Char('.')) || raw.endsWith(QLatin1Char('.')))
            return tr("the part before '@' starts or ends with a dot");
        if (raw.contains(QLatin1String("..")))
            return tr("the part before '@' has two dots in a row");
        *canonical = raw;
    }
    // RFC 5321 4.5.3.1.1
    if (canonical->toUtf8().size() > 64)
        return tr("the part before '@' is longer than 64 octets");
    return std::nullopt;
}

std::optional<QString> checkAsciiHostname(const QString& ascii, const QString& typed)
{
    const QStringList labels = ascii.split(QLatin1Char('.'));
    for (const QString& label : labels) {
        if (label.isEmpty())
            return ascii.startsWith(QLatin1Char('.')) || ascii.endsWith(QLatin1Char('.'))
                       ? tr("the domain starts or ends with a dot")
                       : tr("the domain has two dots in a row");
        // RFC 1035 2.3.4, RFC 5890 2.3.2.1
        if (label.size() > 63)
            return tr("the domain label \"%1\" is longer than 63 characters").arg(label);
        for (QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                            (u >= '0' && u <= '9') || u == '-';
            if (!ok)
                return tr("%1 is not allowed in the domain \"%2\"").arg(describeChar(c), typed);
        }
        if (label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
            return tr("the domain label \"%1\" starts or ends with '-'").arg(label);
        // RFC 5891 5.4: an A-label must decode to a valid U-label and back.
        if (label.startsWith(QLatin1String("xn--"), Qt::CaseInsensitive)) {
            const QString unicode = QUrl::fromAce(label.toLatin1(), QUrl::IgnoreIDNWhitelist);
            if (unicode.compare(label, Qt::CaseInsensitive) == 0 ||
                QString::fromLatin1(QUrl::toAce(unicode)).compare(label, Qt::CaseInsensitive) != 0)
                return tr("the domain label \"%1\" is not a valid A-label").arg(label);
        }
    }
    bool allDigits = true;
    for (QChar c : labels.last())
        allDigits = allDigits && c.isDigit();
    if (allDigits)
        return tr("an IP address must be written in brackets, like [192.0.2.1]");
    if (ascii.size() > 253)
        return tr("the domain is longer than 253 characters");
    return std::nullopt;
}

std::optional<QString> checkDomain(const QString& typed, QString* ascii)
{
    if (typed.isEmpty())
        return tr("the domain is missing");
    if (typed.startsWith(QLatin1Char('['))) {
        // RFC 5321 4.1.3: address literals.
        if (!typed.endsWith(QLatin1Char(']')))
            return tr("the address literal \"%1\" has no closing ']'").arg(typed);
        const QString inner = typed.mid(1, typed.size() - 2);
        if (inner.startsWith(QLatin1String("IPv6:"), Qt::CaseInsensitive)) {
            if (!isIPv6(QStringView(inner).mid(5)))
                return tr("\"%1\" is not an IPv6 address").arg(inner.mid(5));
        } else if (!isIPv4(inner)) {
            return tr("\"%1\" is not an IPv4 address (write IPv6 as [IPv6:...])").arg(inner);
        }
        *ascii = typed;
        return std::nullopt;
    }
    bool asciiOnly = true;
    for (QChar c : typed)
        asciiOnly = asciiOnly && c.unicode() < 0x80;
    if (asciiOnly) {
        *ascii = typed;
    } else {
        // RFC 5890: a U-label domain travels as A-labels ("xn--").
        for (QChar c : typed) {
            if (c.isSpace() || c == QLatin1Char('@') || c == QLatin1Char('"'))
                return tr("%1 is not allowed in the domain \"%2\"").arg(describeChar(c), typed);
        }
        const QByteArray ace = QUrl::toAce(typed, QUrl::AceTransitionalProcessing);
        if (ace.isEmpty())
            return tr("\"%1\" is not a valid international domain name").arg(typed);
        *ascii = QString::fromLatin1(ace);
    }
    return checkAsciiHostname(*ascii, typed);
}

} // namespace

engine::Result<MailAddress> MailAddress::parse(const QString& text, const QString& field)
{
    auto fail = [&](const QString& reason) {
        return engine::Result<MailAddress>::failure(
            field, tr("\"%1\" is not an address: %2").arg(text.trimmed(), reason));
    };
    // RFC 5322 2.2: a header field is one line; these would start another.
    if (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')))
        return engine::Result<MailAddress>::failure(
            field, tr("an address must not contain a line break (CR or LF)"));
    if (text.contains(QChar(0)))
        return engine::Result<MailAddress>::failure(
            field, tr("an address must not contain a NUL character"));
    if (text.trimmed().isEmpty())
        return engine::Result<MailAddress>::failure(field, tr("the address is empty"));

    const Scan s = scan(text);
    if (!s.error.isEmpty())
        return fail(s.error);

    QString display;
    QString spec;
    if (s.lt >= 0) {
        display = unquotePhrase(s.outside.left(s.lt));
        spec = s.outside.mid(s.lt + 1, s.gt - s.lt - 1).trimmed();
        if (!s.outside.mid(s.gt + 1).trimmed().isEmpty())
            return fail(tr("there is text after '>'"));
        if (spec.isEmpty())
            return fail(tr("there is no address between '<' and '>'"));
    } else {
        spec = s.outside.trimmed();
        // "bob@example.com (Bob Smith)": the comment is the name (RFC 822 style).
        display = s.comments.join(QLatin1Char(' ')).trimmed();
    }

    qsizetype at = -1;
    bool inQuote = false;
    for (qsizetype i = 0; i < spec.size(); ++i) {
        const QChar c = spec.at(i);
        if (inQuote && c == QLatin1Char('\\'))
            ++i;
        else if (c == QLatin1Char('"'))
            inQuote = !inQuote;
        else if (!inQuote && c == QLatin1Char('@'))
            at = i;
    }
    if (at < 0)
        return fail(spec.contains(QLatin1Char('@')) ? tr("the '@' is inside quotes")
                                                    : tr("the '@' and the domain are missing"));
    MailAddress address;
    const QString local = spec.left(at).trimmed();
    const QString domain = spec.mid(at + 1).trimmed();
    if (local.isEmpty() && s.lt < 0 && spec.startsWith(QLatin1Char('@')) && domain.isEmpty())
        return fail(tr("the part before '@' and the domain are missing"));
    if (auto problem = checkLocalPart(local, &address.m_local))
        return fail(*problem);
    if (auto problem = checkDomain(domain, &address.m_asciiDomain))
        return fail(*problem);
    address.m_domain = domain;
    address.m_displayName = display;
    // RFC 5321 4.5.3.1.3: a path is at most 256 octets including "<>".
    if (address.smtpAddress().toUtf8().size() > 254)
        return fail(tr("it is longer than 254 octets"));
    return address;
}

QStringList MailAddress::splitList(const QString& text)
{
    QStringList items;
    QString current;
    bool inQuote = false;
    bool inAngle = false;
    int depth = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if ((inQuote || depth > 0) && c == QLatin1Char('\\') && i + 1 < text.size()) {
            current += c;
            current += text.at(++i);
            continue;
        }
        if (depth > 0) {
            if (c == QLatin1Char('('))
                ++depth;
            else if (c == QLatin1Char(')'))
                --depth;
        } else if (inQuote) {
            if (c == QLatin1Char('"'))
                inQuote = false;
        } else if (c == QLatin1Char('"')) {
            inQuote = true;
        } else if (c == QLatin1Char('(')) {
            depth = 1;
        } else if (c == QLatin1Char('<')) {
            inAngle = true;
        } else if (c == QLatin1Char('>')) {
            inAngle = false;
        } else if (!inAngle && (c == QLatin1Char(',') || c == QLatin1Char(';'))) {
            if (!current.trimmed().isEmpty())
                items << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        items << current.trimmed();
    return items;
}

engine::Result<QList<MailAddress>> MailAddress::parseList(const QString& text, const QString& field)
{
    if (text.contains(QLatin1Char('\r')) || text.contains(QLatin1Char('\n')))
        return engine::Result<QList<MailAddress>>::failure(
            field, tr("an address list must not contain a line break (CR or LF)"));
    if (text.contains(QChar(0)))
        return engine::Result<QList<MailAddress>>::failure(
            field, tr("an address list must not contain a NUL character"));
    QList<MailAddress> list;
    for (const QString& item : splitList(text)) {
        auto address = parse(item, field);
        if (!address)
            return address.error();
        list << *address;
    }
    return list;
}

bool MailAddress::needsSmtpUtf8() const
{
    for (QChar c : m_local) {
        if (c.unicode() >= 0x80)
            return true;
    }
    return false;
}

QString MailAddress::toString() const
{
    if (m_displayName.isEmpty())
        return address();
    bool plain = true;
    for (QChar c : m_displayName)
        plain = plain && (isAtext(c) || c == QLatin1Char(' '));
    QString name = m_displayName;
    if (!plain) {
        name.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        name.replace(QLatin1Char('"'), QLatin1String("\\\""));
        name = QLatin1Char('"') + name + QLatin1Char('"');
    }
    return name + QStringLiteral(" <") + address() + QLatin1Char('>');
}

} // namespace connectors::smtp
