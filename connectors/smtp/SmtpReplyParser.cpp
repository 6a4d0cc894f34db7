#include "connectors/smtp/SmtpReplyParser.h"

#include <QCoreApplication>

namespace connectors::smtp {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::SmtpReplyParser", text);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Printable rendering of a bad line for error messages (no control bytes).
QString shown(QByteArrayView line)
{
    QString out;
    for (qsizetype i = 0; i < line.size() && i < 80; ++i) {
        const uchar c = uchar(line[i]);
        if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    if (line.size() > 80)
        out += QStringLiteral("...");
    return out;
}

// RFC 3463 2: class "." subject "." detail, class matching the reply's first digit.
qsizetype enhancedCodeLength(QByteArrayView text, char replyClass)
{
    if (text.size() < 5 || text[0] != replyClass || text[1] != '.')
        return 0;
    qsizetype i = 2;
    qsizetype digits = 0;
    while (i < text.size() && isDigit(text[i]) && digits < 3) {
        ++i;
        ++digits;
    }
    if (digits == 0 || i >= text.size() || text[i] != '.')
        return 0;
    ++i;
    digits = 0;
    while (i < text.size() && isDigit(text[i]) && digits < 3) {
        ++i;
        ++digits;
    }
    if (digits == 0)
        return 0;
    if (i < text.size() && text[i] != ' ')
        return 0;
    return i;
}

} // namespace

void SmtpReplyParser::reset()
{
    m_buffer.clear();
    m_partial = SmtpReply();
    m_inReply = false;
    m_failed = false;
    m_error = engine::Error();
}

engine::Result<QList<SmtpReply>> SmtpReplyParser::feed(QByteArrayView bytes)
{
    if (m_failed)
        return m_error;
    m_buffer.append(bytes.data(), bytes.size());
    QList<SmtpReply> done;
    qsizetype start = 0;
    while (true) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        qsizetype end = nl;
        // RFC 5321 2.3.8: lines end in CRLF; a bare LF is tolerated.
        if (end > start && m_buffer[end - 1] == '\r')
            --end;
        const engine::Status st =
            takeLine(QByteArrayView(m_buffer.constData() + start, end - start), done);
        start = nl + 1;
        if (!st) {
            m_failed = true;
            m_error = st.error();
            m_buffer.clear();
            return m_error;
        }
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > MaxLineLength) {
        m_failed = true;
        m_error = engine::Error{
            QStringLiteral("reply"),
            tr("The server sent a line longer than %1 bytes without an end.").arg(MaxLineLength),
            500};
        m_buffer.clear();
        return m_error;
    }
    return done;
}

engine::Status SmtpReplyParser::takeLine(QByteArrayView line, QList<SmtpReply>& done)
{
    auto fail = [&](const QString& what) {
        return engine::Status::failure(
            QStringLiteral("reply"), tr("Malformed server reply \"%1\": %2").arg(shown(line), what),
            500);
    };
    if (line.size() > MaxLineLength)
        return fail(tr("line longer than %1 bytes").arg(MaxLineLength));
    // RFC 5321 4.2: Reply-code = %x32-35 %x30-35 %x30-39
    if (line.size() < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2]))
        return fail(tr("it does not start with a three-digit code"));
    if (line[0] < '2' || line[0] > '5' || line[1] > '5')
        return fail(tr("%1 is not an SMTP reply code").arg(QLatin1String(line.first(3))));
    bool last = true;
    if (line.size() > 3) {
        if (line[3] == '-')
            last = false;
        else if (line[3] != ' ')
            return fail(tr("the code must be followed by a space or '-'"));
    }
    for (char c : line) {
        if (c == '\0' || c == '\r')
            return fail(tr("it contains a control character"));
    }
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (m_inReply && code != m_partial.code)
        return fail(
            tr("code %1 inside a multi-line reply with code %2").arg(code).arg(m_partial.code));
    if (!m_inReply) {
        m_partial = SmtpReply();
        m_partial.code = code;
        m_inReply = true;
    }
    if (m_partial.lines.size() >= MaxLines)
        return fail(tr("more than %1 lines in one reply").arg(MaxLines));
    QByteArrayView text = line.size() > 4 ? line.sliced(4) : QByteArrayView();
    const qsizetype enhanced = enhancedCodeLength(text, line[0]);
    if (enhanced > 0) {
        if (m_partial.enhancedStatus.isEmpty())
            m_partial.enhancedStatus = QString::fromLatin1(text.first(enhanced));
        text = text.sliced(enhanced);
        if (!text.isEmpty())
            text = text.sliced(1);
    }
    m_partial.lines.append(QString::fromUtf8(text));
    if (last) {
        done.append(std::move(m_partial));
        m_partial = SmtpReply();
        m_inReply = false;
    }
    return engine::success();
}

engine::Result<SmtpReply> SmtpReplyParser::parseAll(QByteArrayView text)
{
    SmtpReplyParser parser;
    auto replies = parser.feed(text);
    if (!replies)
        return replies.error();
    if (replies->size() != 1 || parser.hasPending())
        return engine::Result<SmtpReply>::failure(
            QStringLiteral("reply"),
            tr("Expected exactly one complete reply, found %1%2")
                .arg(replies->size())
                .arg(parser.hasPending() ? tr(" and an unfinished one") : QString()),
            500);
    return replies->first();
}

} // namespace connectors::smtp
