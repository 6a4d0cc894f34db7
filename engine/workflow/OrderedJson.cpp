#include "engine/workflow/OrderedJson.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSet>
#include <cmath>

namespace engine {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::OrderedJson", text);
}

// Deep enough for any real definition, shallow enough that hostile input
// cannot exhaust the stack.
constexpr int MaxDepth = 256;

// From this length on, a string value read without escapes is kept as its
// UTF-8 octets (OrderedJson::m_utf8).
constexpr qsizetype LongText = 64 * 1024;

} // namespace

// RFC 8259 reader that records the order of object members.
class OrderedJsonParser
{
public:
    explicit OrderedJsonParser(const QByteArray& text)
        : m_data(text.constData()), m_size(text.size())
    {}

    Result<OrderedJson> run(int start)
    {
        m_pos = start;
        OrderedJson value;
        skipSpace();
        if (!parseValue(value, 0))
            return fail();
        skipSpace();
        if (m_pos < m_size) {
            m_message = tr("unexpected text after the end of the JSON value");
            return fail();
        }
        return value;
    }

private:
    const char* m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    QString m_message;

    Error fail() const
    {
        int line = 1;
        int column = 1;
        const qsizetype end = std::min(m_pos, m_size);
        for (qsizetype i = 0; i < end; ++i) {
            if (m_data[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(m_data[i]) & 0xC0) != 0x80) {
                ++column; // count characters, not UTF-8 continuation bytes
            }
        }
        return Error{
            QString(),
            tr("Malformed JSON at line %1, column %2: %3").arg(line).arg(column).arg(m_message),
            400};
    }

    void skipSpace()
    {
        while (m_pos < m_size) {
            const char c = m_data[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                ++m_pos;
            else
                break;
        }
    }

    bool expected(const char* what)
    {
        if (m_pos >= m_size)
            m_message = tr("the text ends where %1 was expected").arg(tr(what));
        else
            m_message = tr("%1 expected").arg(tr(what));
        return false;
    }

    bool parseValue(OrderedJson& out, int depth)
    {
        if (m_pos >= m_size)
            return expected("a value");
        switch (m_data[m_pos]) {
        case '{':
            return parseObject(out, depth + 1);
        case '[':
            return parseArray(out, depth + 1);
        case '"':
            out.m_type = OrderedJson::Type::String;
            return parseString(out.m_text, &out.m_utf8);
        case 't':
            return literal("true", out, OrderedJson::Type::Bool, true);
        case 'f':
            return literal("false", out, OrderedJson::Type::Bool, false);
        case 'n':
            return literal("null", out, OrderedJson::Type::Null, false);
        default:
            return parseNumber(out);
        }
    }

    bool literal(const char* word, OrderedJson& out, OrderedJson::Type type, bool value)
    {
        const qsizetype n = qsizetype(qstrlen(word));
        if (m_size - m_pos < n || qstrncmp(m_data + m_pos, word, n) != 0)
            return expected("a value");
        m_pos += n;
        out.m_type = type;
        out.m_bool = value;
        return true;
    }

    bool parseNumber(OrderedJson& out)
    {
        const qsizetype start = m_pos;
        if (m_pos < m_size && m_data[m_pos] == '-')
            ++m_pos;
        const auto digits = [this] {
            const qsizetype from = m_pos;
            while (m_pos < m_size && m_data[m_pos] >= '0' && m_data[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
        const qsizetype intStart = m_pos;
        if (digits() == 0) {
            m_pos = start;
            return expected("a value");
        }
        // RFC 8259 6: no leading zeros.
        if (m_data[intStart] == '0' && m_pos - intStart > 1) {
            m_pos = intStart;
            m_message = tr("a number may not start with 0");
            return false;
        }
        if (m_pos < m_size && m_data[m_pos] == '.') {
            ++m_pos;
            if (digits() == 0)
                return expected("a digit after '.'");
        }
        if (m_pos < m_size && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_size && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
                ++m_pos;
            if (digits() == 0)
                return expected("a digit in the exponent");
        }
        const QByteArray text(m_data + start, m_pos - start);
        bool ok = false;
        out.m_number = text.toDouble(&ok);
        if (!ok || !std::isfinite(out.m_number)) {
            m_pos = start;
            m_message = tr("number out of range");
            return false;
        }
        out.m_type = OrderedJson::Type::Number;
        out.m_text = QString::fromLatin1(text);
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool parseHex4(char16_t& out)
    {
        if (m_size - m_pos < 4)
            return expected("four hex digits after \\u");
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_data[m_pos + i]);
            if (h < 0) {
                m_pos += i;
                return expected("a hex digit");
            }
            v = v * 16 + h;
        }
        m_pos += 4;
        out = char16_t(v);
        return true;
    }

    // Keys and short values repeat all over a workflow ("type", "runAfter",
    // "Succeeded"...): strings without escapes are made once and shared, which
    // saves an allocation, a conversion and a free for each repeat.
    static constexpr qsizetype MaxShared = 32;
    QHash<QByteArrayView, QString> m_shared;

    // A long value without escapes goes to `utf8` (when given) as it is.
    bool parseString(QString& out, QByteArray* utf8 = nullptr)
    {
        ++m_pos; // opening quote
        out.clear();
        const qsizetype start = m_pos;
        qsizetype runStart = m_pos;
        // The common case: a short run up to the closing quote, no escapes.
        {
            qsizetype i = m_pos;
            const qsizetype end = std::min(m_size, m_pos + MaxShared + 1);
            while (i < end) {
                const unsigned char c = static_cast<unsigned char>(m_data[i]);
                if (c == '"' || c == '\\' || c < 0x20)
                    break;
                ++i;
            }
            if (i < end && m_data[i] == '"') {
                const QByteArrayView bytes(m_data + m_pos, i - m_pos);
                auto it = m_shared.constFind(bytes);
                if (it == m_shared.constEnd())
                    it = m_shared.insert(bytes, QString::fromUtf8(bytes));
                out = *it;
                m_pos = i + 1;
                return true;
            }
        }
        while (true) {
            if (m_pos >= m_size)
                return expected("a closing '\"'");
            const unsigned char c = static_cast<unsigned char>(m_data[m_pos]);
            if (c == '"') {
                const QByteArrayView run(m_data + runStart, m_pos - runStart);
                // Octets QString::fromUtf8 would not change are kept as they are.
                if (utf8 && runStart == start && run.size() >= LongText && run.isValidUtf8())
                    *utf8 = run.toByteArray();
                else
                    out += QString::fromUtf8(run);
                ++m_pos;
                return true;
            }
            if (c < 0x20) {
                m_message = tr("control character in a string (write it as an escape)");
                return false;
            }
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            out += QString::fromUtf8(m_data + runStart, m_pos - runStart);
            ++m_pos;
            if (m_pos >= m_size)
                return expected("an escape character");
            const char e = m_data[m_pos++];
            switch (e) {
            case '"':
                out += QLatin1Char('"');
                break;
            case '\\':
                out += QLatin1Char('\\');
                break;
            case '/':
                out += QLatin1Char('/');
                break;
            case 'b':
                out += QLatin1Char('\b');
                break;
            case 'f':
                out += QLatin1Char('\f');
                break;
            case 'n':
                out += QLatin1Char('\n');
                break;
            case 'r':
                out += QLatin1Char('\r');
                break;
            case 't':
                out += QLatin1Char('\t');
                break;
            case 'u': {
                char16_t unit = 0;
                if (!parseHex4(unit))
                    return false;
                out += QChar(unit);
                break;
            }
            default:
                --m_pos;
                m_message = tr("unknown escape '\\%1' in a string").arg(QLatin1Char(e));
                return false;
            }
            runStart = m_pos;
        }
    }

    bool parseArray(OrderedJson& out, int depth)
    {
        if (depth > MaxDepth) {
            m_message = tr("nested deeper than %1 levels").arg(MaxDepth);
            return false;
        }
        out.m_type = OrderedJson::Type::Array;
        ++m_pos;
        skipSpace();
        if (m_pos < m_size && m_data[m_pos] == ']') {
            ++m_pos;
            return true;
        }
        while (true) {
            skipSpace();
            out.m_items.emplace_back();
            if (!parseValue(out.m_items.back(), depth))
                return false;
            skipSpace();
            if (m_pos >= m_size)
                return expected("',' or ']'");
            if (m_data[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_data[m_pos] == ']') {
                ++m_pos;
                return true;
            }
            return expected("',' or ']'");
        }
    }

    bool parseObject(OrderedJson& out, int depth)
    {
        if (depth > MaxDepth) {
            m_message = tr("nested deeper than %1 levels").arg(MaxDepth);
            return false;
        }
        out.m_type = OrderedJson::Type::Object;
        ++m_pos;
        skipSpace();
        if (m_pos < m_size && m_data[m_pos] == '}') {
            ++m_pos;
            return true;
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_size || m_data[m_pos] != '"')
                return expected("a member name in double quotes");
            OrderedJson::Member member;
            if (!parseString(member.key))
                return false;
            skipSpace();
            if (m_pos >= m_size || m_data[m_pos] != ':')
                return expected("':' after the member name");
            ++m_pos;
            skipSpace();
            if (!parseValue(member.value, depth))
                return false;
            out.m_members.push_back(std::move(member));
            skipSpace();
            if (m_pos >= m_size)
                return expected("',' or '}'");
            if (m_data[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_data[m_pos] == '}') {
                ++m_pos;
                return true;
            }
            return expected("',' or '}'");
        }
    }
};

OrderedJson OrderedJson::null()
{
    OrderedJson v;
    v.m_type = Type::Null;
    return v;
}

OrderedJson OrderedJson::fromBool(bool value)
{
    OrderedJson v;
    v.m_type = Type::Bool;
    v.m_bool = value;
    return v;
}

OrderedJson OrderedJson::fromDouble(double value)
{
    OrderedJson v;
    v.m_type = Type::Number;
    v.m_number = value;
    return v;
}

OrderedJson OrderedJson::fromString(const QString& value)
{
    OrderedJson v;
    v.m_type = Type::String;
    v.m_text = value;
    return v;
}

OrderedJson OrderedJson::object()
{
    OrderedJson v;
    v.m_type = Type::Object;
    return v;
}

OrderedJson OrderedJson::array()
{
    OrderedJson v;
    v.m_type = Type::Array;
    return v;
}

OrderedJson OrderedJson::fromJson(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return null();
    case QJsonValue::Bool:
        return fromBool(value.toBool());
    case QJsonValue::Double:
        return fromDouble(value.toDouble());
    case QJsonValue::String:
        return fromString(value.toString());
    case QJsonValue::Array: {
        OrderedJson v = array();
        const QJsonArray a = value.toArray();
        v.m_items.reserve(size_t(a.size()));
        for (const QJsonValue& item : a)
            v.m_items.push_back(fromJson(item));
        return v;
    }
    case QJsonValue::Object: {
        OrderedJson v = object();
        const QJsonObject o = value.toObject();
        v.m_members.reserve(size_t(o.size()));
        for (auto it = o.begin(); it != o.end(); ++it)
            v.m_members.push_back(Member{it.key(), fromJson(it.value())});
        return v;
    }
    case QJsonValue::Undefined:
        break;
    }
    return OrderedJson();
}

Result<OrderedJson> OrderedJson::parse(const QByteArray& text, Format* format)
{
    int start = 0;
    const bool bom = text.startsWith("\xEF\xBB\xBF");
    if (bom)
        start = 3;
    if (format) {
        *format = Format{};
        format->bom = bom;
        const qsizetype firstNewline = text.indexOf('\n', start);
        if (firstNewline > 0 && text.at(firstNewline - 1) == '\r')
            format->newline = QByteArrayLiteral("\r\n");
        if (firstNewline >= 0) {
            // The indentation of the first indented line is one level.
            qsizetype i = firstNewline + 1;
            QByteArray indent;
            while (i < text.size() && (text.at(i) == ' ' || text.at(i) == '\t'))
                indent += text.at(i++);
            if (!indent.isEmpty())
                format->indent = indent;
        }
        QByteArray trimmed = text;
        while (trimmed.endsWith(' ') || trimmed.endsWith('\t'))
            trimmed.chop(1);
        format->finalNewline = trimmed.endsWith('\n');
    }
    OrderedJsonParser parser(text);
    return parser.run(start);
}

namespace {

// The writer appends to a std::string: its inline appends cost a few
// instructions a byte, where QByteArray's go through a library call each.
void appendEscaped(std::string& out, char16_t c)
{
    switch (c) {
    case '"':
        out += "\\\"";
        return;
    case '\\':
        out += "\\\\";
        return;
    case '\b':
        out += "\\b";
        return;
    case '\f':
        out += "\\f";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default: {
        static const char hex[] = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
    }
}

// UTF-8 as QString::toUtf8 writes it, escaping '"', '\' and control
// characters (RFC 8259 7), in one pass without a temporary.
void writeString(std::string& out, const QString& s)
{
    const char16_t* p = reinterpret_cast<const char16_t*>(s.utf16());
    const qsizetype n = s.size();
    // Plain ASCII (most keys and values) is copied straight into place.
    const size_t start = out.size();
    out.resize(start + size_t(n) + 2);
    char* d = out.data() + start;
    *d++ = '"';
    qsizetype i = 0;
    for (; i < n; ++i) {
        const char16_t c = p[i];
        if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\')
            break;
        *d++ = char(c);
    }
    if (i == n) {
        *d = '"';
        return;
    }
    out.resize(size_t(d - out.data()));
    for (; i < n; ++i) {
        const char16_t c = p[i];
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\')
                out += char(c);
            else
                appendEscaped(out, c);
        } else if (c < 0x800) {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        } else if (!QChar::isSurrogate(c)) {
            out += char(0xE0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            const char32_t u = QChar::surrogateToUcs4(c, p[i + 1]);
            ++i;
            out += char(0xF0 | (u >> 18));
            out += char(0x80 | ((u >> 12) & 0x3F));
            out += char(0x80 | ((u >> 6) & 0x3F));
            out += char(0x80 | (u & 0x3F));
        } else {
            // A lone surrogate: whatever Qt's encoder makes of it.
            const QByteArray odd = QStringView(p + i, 1).toUtf8();
            out.append(odd.constData(), size_t(odd.size()));
        }
    }
    out += '"';
}

// UTF-8 octets as writeString writes the same text.
void writeUtf8(std::string& out, const QByteArray& s)
{
    out += '"';
    for (const char c : s) {
        const uchar u = uchar(c);
        if (u >= 0x80 || (u >= 0x20 && c != '"' && c != '\\'))
            out += c;
        else
            appendEscaped(out, char16_t(u));
    }
    out += '"';
}

void writeNumber(std::string& out, double d)
{
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    // Integers as integers, like QJsonDocument, while exactly representable.
    const QByteArray text = d == std::floor(d) && std::fabs(d) < 9007199254740992.0
                                ? QByteArray::number(qint64(d))
                                : QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    out.append(text.constData(), size_t(text.size()));
}

void newlineIndent(std::string& out, const OrderedJson::Format& format, int depth)
{
    out.append(format.newline.constData(), size_t(format.newline.size()));
    for (int i = 0; i < depth; ++i)
        out.append(format.indent.constData(), size_t(format.indent.size()));
}

} // namespace

void OrderedJson::write(std::string& out, const Format& format, int depth) const
{
    switch (m_type) {
    case Type::Undefined:
    case Type::Null:
        out += "null";
        return;
    case Type::Bool:
        out += m_bool ? "true" : "false";
        return;
    case Type::Number:
        if (!m_text.isEmpty()) {
            // The number as read: ASCII digits, sign, '.', exponent.
            for (const QChar c : m_text)
                out += char(c.unicode() < 0x100 ? c.unicode() : '?');
        } else {
            writeNumber(out, m_number);
        }
        return;
    case Type::String:
        if (!m_utf8.isNull())
            writeUtf8(out, m_utf8);
        else
            writeString(out, m_text);
        return;
    case Type::Array:
        if (m_items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ',';
            newlineIndent(out, format, depth + 1);
            m_items[i].write(out, format, depth + 1);
        }
        newlineIndent(out, format, depth);
        out += ']';
        return;
    case Type::Object: {
        if (m_members.empty()) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const Member& m : m_members) {
            if (m.value.isUndefined())
                continue;
            if (!first)
                out += ',';
            first = false;
            newlineIndent(out, format, depth + 1);
            writeString(out, m.key);
            out += ": ";
            m.value.write(out, format, depth + 1);
        }
        newlineIndent(out, format, depth);
        out += '}';
        return;
    }
    }
}

QByteArray OrderedJson::serialize(const Format& format) const
{
    std::string out;
    out.reserve(64 * 1024);
    if (format.bom)
        out += "\xEF\xBB\xBF";
    write(out, format, 0);
    if (format.finalNewline)
        out.append(format.newline.constData(), size_t(format.newline.size()));
    return QByteArray(out.data(), qsizetype(out.size()));
}

// A container is made by QJsonDocument from compact text. Built member by
// member, every QJsonObject::insert() searches and shifts the sorted keys and
// converts the key and the value again (about twice the work for a step's
// JSON), and putting a long string into a QJsonObject or QJsonArray costs
// Qt 6.4 a UTF-16 copy and two more of its own, where its reader stores the
// octets once. The text is written so that it reads back as buildJson()
// builds: integers as integers, other numbers with a '.' or an exponent; what
// text cannot say (see writeCompact()) is built member by member.
QJsonValue OrderedJson::toJson() const
{
    if (m_type == Type::Array || m_type == Type::Object) {
        std::string text;
        text.reserve(size_t(compactSizeBound()));
        if (writeCompact(text)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(
                QByteArray::fromRawData(text.data(), qsizetype(text.size())), &error);
            if (error.error == QJsonParseError::NoError)
                return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        }
    }
    return buildJson();
}

// What writeCompact() may write at most, so its buffer is never regrown
// (which would copy the long strings once more).
qsizetype OrderedJson::compactSizeBound() const
{
    const auto text = [](const QString& s) { return 6 * s.size() + 2; }; // "\u001f" per unit
    switch (m_type) {
    case Type::String: {
        if (m_utf8.isNull())
            return text(m_text);
        qsizetype escapes = 0; // none when read from a file, but exact all the same
        for (const char c : m_utf8)
            escapes += uchar(c) < 0x20 || c == '"' || c == '\\';
        return m_utf8.size() + 5 * escapes + 2;
    }
    case Type::Array: {
        qsizetype n = 2;
        for (const OrderedJson& item : m_items)
            n += item.compactSizeBound() + 1;
        return n;
    }
    case Type::Object: {
        qsizetype n = 2;
        for (const Member& m : m_members)
            n += text(m.key) + m.value.compactSizeBound() + 2;
        return n;
    }
    default:
        return 32;
    }
}

// False where the text could not say what buildJson() makes: an undefined
// array item, a lone surrogate. (A key given twice is read as QJsonObject's
// insert() keeps it: the last one.)
bool OrderedJson::writeCompact(std::string& out) const
{
    const auto plainText = [](const QString& s) {
        for (const QChar c : s) {
            if (c.isSurrogate())
                return false; // pairs too: rare, and the slow way is exact
        }
        return true;
    };
    switch (m_type) {
    case Type::Undefined:
        return false;
    case Type::Null:
        out += "null";
        return true;
    case Type::Bool:
        out += m_bool ? "true" : "false";
        return true;
    case Type::Number: {
        // As buildJson() types it: QJsonDocument reads digits alone as an
        // integer where it can, so other numbers get a '.' or an exponent.
        QByteArray n;
        if (m_number == std::floor(m_number) && std::fabs(m_number) < 9007199254740992.0) {
            n = QByteArray::number(qint64(m_number));
        } else {
            n = QByteArray::number(m_number, 'g', QLocale::FloatingPointShortest);
            if (!n.contains('.') && !n.contains('e'))
                n += ".0";
        }
        out.append(n.constData(), size_t(n.size()));
        return true;
    }
    case Type::String:
        if (!m_utf8.isNull()) {
            writeUtf8(out, m_utf8);
            return true;
        }
        if (!plainText(m_text))
            return false;
        writeString(out, m_text);
        return true;
    case Type::Array:
        out += '[';
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ',';
            if (!m_items[i].writeCompact(out))
                return false;
        }
        out += ']';
        return true;
    case Type::Object: {
        out += '{';
        bool first = true;
        for (const Member& m : m_members) {
            if (m.value.isUndefined())
                continue;
            if (!plainText(m.key))
                return false;
            if (!first)
                out += ',';
            first = false;
            writeString(out, m.key);
            out += ':';
            if (!m.value.writeCompact(out))
                return false;
        }
        out += '}';
        return true;
    }
    }
    return false;
}

QJsonValue OrderedJson::buildJson() const
{
    switch (m_type) {
    case Type::Undefined:
        return QJsonValue(QJsonValue::Undefined);
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return m_bool;
    case Type::Number:
        // Keep integers integral, as QJsonDocument reads them.
        if (m_number == std::floor(m_number) && std::fabs(m_number) < 9007199254740992.0)
            return QJsonValue(qint64(m_number));
        return m_number;
    case Type::String:
        return toString();
    case Type::Array: {
        QJsonArray a;
        for (const OrderedJson& item : m_items)
            a.append(item.buildJson());
        return a;
    }
    case Type::Object: {
        QJsonObject o;
        for (const Member& m : m_members) {
            if (!m.value.isUndefined())
                o.insert(m.key, m.value.buildJson());
        }
        return o;
    }
    }
    return QJsonValue();
}

QJsonObject OrderedJson::toObject() const
{
    return m_type == Type::Object ? toJson().toObject() : QJsonObject();
}

QString OrderedJson::toString() const
{
    if (m_type != Type::String)
        return QString();
    return m_utf8.isNull() ? m_text : QString::fromUtf8(m_utf8);
}

QStringList OrderedJson::keys() const
{
    QStringList out;
    out.reserve(qsizetype(m_members.size()));
    for (const Member& m : m_members)
        out.append(m.key);
    return out;
}

int OrderedJson::indexOf(const QString& key) const
{
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (m_members[i].key == key)
            return int(i);
    }
    return -1;
}

bool OrderedJson::contains(const QString& key) const
{
    return indexOf(key) >= 0;
}

const OrderedJson* OrderedJson::find(const QString& key) const
{
    const int i = indexOf(key);
    return i < 0 ? nullptr : &m_members[size_t(i)].value;
}

OrderedJson* OrderedJson::find(const QString& key)
{
    const int i = indexOf(key);
    return i < 0 ? nullptr : &m_members[size_t(i)].value;
}

const OrderedJson* OrderedJson::findCaseInsensitive(const QString& key) const
{
    if (const OrderedJson* exact = find(key))
        return exact;
    for (const Member& m : m_members) {
        if (m.key.compare(key, Qt::CaseInsensitive) == 0)
            return &m.value;
    }
    return nullptr;
}

OrderedJson OrderedJson::value(const QString& key) const
{
    const OrderedJson* v = find(key);
    return v ? *v : OrderedJson();
}

void OrderedJson::insert(const QString& key, OrderedJson value)
{
    if (m_type != Type::Object) {
        *this = object();
    }
    if (OrderedJson* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    m_members.push_back(Member{key, std::move(value)});
}

void OrderedJson::insertAt(int position, const QString& key, OrderedJson value)
{
    if (m_type != Type::Object)
        *this = object();
    if (OrderedJson* existing = find(key)) {
        *existing = std::move(value);
        return;
    }
    position = std::clamp(position, 0, int(m_members.size()));
    m_members.insert(m_members.begin() + position, Member{key, std::move(value)});
}

bool OrderedJson::remove(const QString& key)
{
    bool removed = false;
    for (auto it = m_members.begin(); it != m_members.end();) {
        if (it->key == key) {
            it = m_members.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    return removed;
}

bool OrderedJson::renameKey(const QString& from, const QString& to)
{
    const int i = indexOf(from);
    if (i < 0)
        return false;
    m_members[size_t(i)].key = to;
    return true;
}

void OrderedJson::merge(const QJsonValue& value)
{
    if (value.isObject() && m_type == Type::Object) {
        const QJsonObject o = value.toObject();
        std::vector<Member> kept;
        kept.reserve(size_t(o.size()));
        QSet<QString> seen;
        for (Member& m : m_members) {
            const auto it = o.constFind(m.key);
            if (it == o.constEnd() || seen.contains(m.key))
                continue;
            seen.insert(m.key);
            m.value.merge(it.value());
            kept.push_back(std::move(m));
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!seen.contains(it.key()))
                kept.push_back(Member{it.key(), fromJson(it.value())});
        }
        m_members = std::move(kept);
        return;
    }
    if (value.isArray() && m_type == Type::Array) {
        const QJsonArray a = value.toArray();
        m_items.resize(size_t(a.size()));
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (m_items[size_t(i)].isUndefined())
                m_items[size_t(i)] = fromJson(a.at(i));
            else
                m_items[size_t(i)].merge(a.at(i));
        }
        return;
    }
    // Scalars: keep the number's original text when the value is unchanged.
    if (toJson() == value && m_type != Type::Undefined)
        return;
    *this = fromJson(value);
}

bool operator==(const OrderedJson& a, const OrderedJson& b)
{
    if (a.m_type != b.m_type)
        return false;
    switch (a.m_type) {
    case OrderedJson::Type::Undefined:
    case OrderedJson::Type::Null:
        return true;
    case OrderedJson::Type::Bool:
        return a.m_bool == b.m_bool;
    case OrderedJson::Type::Number:
        return a.m_number == b.m_number;
    case OrderedJson::Type::String:
        if (!a.m_utf8.isNull() && !b.m_utf8.isNull())
            return a.m_utf8 == b.m_utf8;
        return a.toString() == b.toString();
    case OrderedJson::Type::Array:
        return a.m_items.size() == b.m_items.size() &&
               std::equal(a.m_items.begin(), a.m_items.end(), b.m_items.begin());
    case OrderedJson::Type::Object:
        if (a.m_members.size() != b.m_members.size())
            return false;
        for (size_t i = 0; i < a.m_members.size(); ++i) {
            if (a.m_members[i].key != b.m_members[i].key ||
                !(a.m_members[i].value == b.m_members[i].value))
                return false;
        }
        return true;
    }
    return false;
}

} // namespace engine
