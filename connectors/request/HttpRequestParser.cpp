#include "connectors/request/HttpRequestParser.h"

#include <QCoreApplication>

namespace connectors::request {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::request::HttpRequestParser", text);
}

bool isToken(const QByteArray& s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

HttpRequestParser::HttpRequestParser(qint64 maxBodySize, qsizetype maxHeaderSize)
    : m_maxBody(maxBodySize), m_maxHeader(maxHeaderSize)
{}

HttpRequestParser::State HttpRequestParser::fail(int status, const QString& message)
{
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    return m_state = State::Failed;
}

bool HttpRequestParser::expectsContinue() const
{
    return m_phase != Phase::Head &&
           m_request.header("Expect").trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
}

HttpRequestParser::State HttpRequestParser::feed(const QByteArray& data)
{
    if (m_state != State::Incomplete)
        return m_state;
    m_buffer += data;
    return run();
}

bool HttpRequestParser::parseHead(const QByteArray& head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray& l : lines) {
        if (l.endsWith('\r'))
            l.chop(1);
    }
    // RFC 9112 2.2: ignore at least one empty line before the request line.
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty())
        return fail(400, tr("the request line is missing")), false;
    const QList<QByteArray> parts = lines.takeFirst().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() ||
        !parts.at(2).startsWith("HTTP/1."))
        return fail(400, tr("the request line is not 'METHOD /path HTTP/1.1'")), false;
    m_request.method = parts.at(0).toUpper();
    m_request.target = parts.at(1);
    m_request.version = parts.at(2);
    for (const QByteArray& line : std::as_const(lines)) {
        if (line.isEmpty())
            continue;
        if (line.startsWith(' ') || line.startsWith('\t')) // RFC 9112 5.2: obsolete folding
            return fail(400, tr("folded header lines are not accepted")), false;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon)))
            return fail(400, tr("malformed header line")), false;
        m_request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    return true;
}

HttpRequestParser::State HttpRequestParser::run()
{
    while (true) {
        switch (m_phase) {
        case Phase::Head: {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            qsizetype skip = 4;
            const qsizetype lfEnd = m_buffer.indexOf("\n\n");
            if (lfEnd >= 0 && (end < 0 || lfEnd < end)) {
                end = lfEnd;
                skip = 2;
            }
            if (end < 0) {
                if (m_buffer.size() > m_maxHeader)
                    return fail(
                        431, tr("the request headers are larger than %1 bytes").arg(m_maxHeader));
                return m_state;
            }
            if (end > m_maxHeader)
                return fail(431,
                            tr("the request headers are larger than %1 bytes").arg(m_maxHeader));
            if (!parseHead(m_buffer.left(end)))
                return m_state;
            m_buffer.remove(0, end + skip);
            const QByteArray te = m_request.header("Transfer-Encoding").trimmed().toLower();
            const QByteArray cl = m_request.header("Content-Length").trimmed();
            if (!te.isEmpty()) {
                if (te != "chunked")
                    return fail(
                        501,
                        tr("transfer coding '%1' is not supported").arg(QString::fromLatin1(te)));
                if (!cl.isEmpty()) // RFC 9112 6.3 (3): a smuggling attempt
                    return fail(400, tr("both Content-Length and Transfer-Encoding given"));
                m_phase = Phase::ChunkSize;
                break;
            }
            if (cl.isEmpty()) {
                m_phase = Phase::Done;
                break;
            }
            bool ok = false;
            const qint64 length = cl.toLongLong(&ok);
            if (!ok || length < 0)
                return fail(400,
                            tr("Content-Length '%1' is not a number").arg(QString::fromLatin1(cl)));
            if (length > m_maxBody)
                return fail(413, tr("the body (%1 bytes) is larger than the limit of %2 bytes")
                                     .arg(length)
                                     .arg(m_maxBody));
            m_remaining = length;
            m_phase = Phase::Body;
            break;
        }
        case Phase::Body: {
            const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
            m_request.body += m_buffer.left(take);
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return m_state;
            m_phase = Phase::Done;
            break;
        }
        case Phase::ChunkSize: {
            const qsizetype lf = m_buffer.indexOf('\n');
            if (lf < 0) {
                if (m_buffer.size() > 1024)
                    return fail(400, tr("malformed chunk size line"));
                return m_state;
            }
            QByteArray line = m_buffer.left(lf).trimmed();
            m_buffer.remove(0, lf + 1);
            if (const qsizetype semi = line.indexOf(';'); semi >= 0) // chunk extensions
                line.truncate(semi);
            bool ok = false;
            const qint64 size = line.trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || line.trimmed().size() > 15)
                return fail(400, tr("malformed chunk size '%1'").arg(QString::fromLatin1(line)));
            if (m_request.body.size() + size > m_maxBody)
                return fail(413,
                            tr("the body is larger than the limit of %1 bytes").arg(m_maxBody));
            m_remaining = size;
            m_phase = size == 0 ? Phase::Trailer : Phase::ChunkData;
            break;
        }
        case Phase::ChunkData: {
            const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
            m_request.body += m_buffer.left(take);
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return m_state;
            m_phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd: {
            if (m_buffer.startsWith("\r\n")) {
                m_buffer.remove(0, 2);
            } else if (m_buffer.startsWith('\n')) {
                m_buffer.remove(0, 1);
            } else if (m_buffer.size() >= 2 || (m_buffer.size() == 1 && m_buffer.at(0) != '\r')) {
                return fail(400, tr("a chunk is not followed by a line break"));
            } else {
                return m_state;
            }
            m_phase = Phase::ChunkSize;
            break;
        }
        case Phase::Trailer: {
            const qsizetype lf = m_buffer.indexOf('\n');
            if (lf < 0) {
                if (m_buffer.size() > m_maxHeader)
                    return fail(431, tr("the trailer is too large"));
                return m_state;
            }
            const QByteArray line = m_buffer.left(lf).trimmed();
            m_buffer.remove(0, lf + 1);
            if (line.isEmpty())
                m_phase = Phase::Done;
            break; // trailer fields are ignored
        }
        case Phase::Done:
            return m_state = State::Complete;
        }
    }
}

} // namespace connectors::request
