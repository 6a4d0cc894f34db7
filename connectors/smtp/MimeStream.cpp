#include "connectors/smtp/MimeStream.h"

#include <QCoreApplication>

namespace connectors::smtp {
namespace {

// 57 raw octets make one 76-character base64 line (RFC 2045 6.8).
constexpr qint64 kLineBytes = 57;
constexpr qint64 kChunkLines = 2048; // ~114 KiB raw, ~156 KiB encoded per chunk

} // namespace

MimeStream::MimeStream(QList<Segment> segments, QObject* parent)
    : QIODevice(parent), m_segments(std::move(segments))
{
    for (const Segment& s : m_segments)
        m_remaining += encodedSize(s);
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
}

MimeStream::~MimeStream() = default;

qint64 MimeStream::encodedSize(const Segment& segment)
{
    if (segment.kind == Segment::Kind::Literal)
        return segment.bytes.size();
    const qint64 n =
        segment.kind == Segment::Kind::Base64Data ? segment.bytes.size() : segment.fileSize;
    if (n == 0)
        return 0;
    const qint64 lines = (n + kLineBytes - 1) / kLineBytes;
    return 4 * ((n + 2) / 3) + 2 * (lines - 1);
}

qint64 MimeStream::bytesAvailable() const
{
    return m_failed ? 0 : m_remaining;
}

bool MimeStream::atEnd() const
{
    return m_failed || (m_bufferPos >= m_buffer.size() && m_index >= m_segments.size());
}

qint64 MimeStream::writeData(const char*, qint64)
{
    return -1;
}

qint64 MimeStream::readData(char* data, qint64 maxSize)
{
    if (m_failed)
        return -1;
    qint64 copied = 0;
    while (copied < maxSize) {
        if (m_bufferPos >= m_buffer.size()) {
            m_buffer.resize(0); // keeps the capacity for the next chunk
            m_bufferPos = 0;
            if (!produce())
                break;
        }
        const qint64 n = std::min<qint64>(maxSize - copied, m_buffer.size() - m_bufferPos);
        memcpy(data + copied, m_buffer.constData() + m_bufferPos, size_t(n));
        m_bufferPos += n;
        copied += n;
    }
    if (m_failed)
        return -1;
    m_remaining -= copied;
    return copied;
}

void MimeStream::encodeBase64(const char* raw, qint64 size)
{
    // RFC 2045 6.8, written straight into the buffer in one pass: 57 octets
    // make a 76-character line, CRLF before every line but the segment's
    // first. `size` is a whole number of lines except at the segment's end.
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const qint64 lines = (size + kLineBytes - 1) / kLineBytes;
    const qsizetype base = m_buffer.size();
    m_buffer.resize(base + qsizetype(4 * ((size + 2) / 3) + 2 * lines));
    char* o = m_buffer.data() + base;
    const auto* in = reinterpret_cast<const uchar*>(raw);
    qint64 i = 0;
    while (i < size) {
        if (m_segmentStarted) {
            *o++ = '\r';
            *o++ = '\n';
        }
        m_segmentStarted = true;
        const qint64 lineEnd = std::min(size, i + kLineBytes);
        for (; i + 3 <= lineEnd; i += 3, o += 4) {
            const uint v = uint(in[i]) << 16 | uint(in[i + 1]) << 8 | uint(in[i + 2]);
            o[0] = kAlphabet[v >> 18];
            o[1] = kAlphabet[(v >> 12) & 63];
            o[2] = kAlphabet[(v >> 6) & 63];
            o[3] = kAlphabet[v & 63];
        }
        if (i < lineEnd) { // one or two octets left: the segment's very end
            const bool two = lineEnd - i == 2;
            const uint v = uint(in[i]) << 16 | (two ? uint(in[i + 1]) << 8 : 0u);
            o[0] = kAlphabet[v >> 18];
            o[1] = kAlphabet[(v >> 12) & 63];
            o[2] = two ? kAlphabet[(v >> 6) & 63] : '=';
            o[3] = '=';
            o += 4;
            i = lineEnd;
        }
    }
    m_buffer.resize(o - m_buffer.constData());
}

bool MimeStream::produce()
{
    while (m_index < m_segments.size()) {
        const Segment& s = m_segments.at(m_index);
        if (s.kind == Segment::Kind::Literal) {
            m_buffer = s.bytes; // implicitly shared, no copy
            ++m_index;
            if (!m_buffer.isEmpty())
                return true;
            continue;
        }
        const qint64 total = s.kind == Segment::Kind::Base64Data ? s.bytes.size() : s.fileSize;
        if (s.kind == Segment::Kind::Base64File && !m_file) {
            m_file = std::make_unique<QFile>(s.path);
            if (!m_file->open(QIODevice::ReadOnly)) {
                setErrorString(QCoreApplication::translate("connectors::smtp::MimeStream",
                                                           "Cannot read the attachment %1: %2")
                                   .arg(s.path, m_file->errorString()));
                m_failed = true;
                return false;
            }
        }
        if (m_offset >= total) {
            m_file.reset();
            m_offset = 0;
            m_segmentStarted = false;
            ++m_index;
            continue;
        }
        const qint64 want = std::min(kLineBytes * kChunkLines, total - m_offset);
        if (s.kind == Segment::Kind::Base64Data) {
            encodeBase64(s.bytes.constData() + m_offset, want);
        } else {
            m_raw.resize(qsizetype(want));
            qint64 got = 0;
            while (got < want) {
                const qint64 n = m_file->read(m_raw.data() + got, want - got);
                if (n <= 0)
                    break;
                got += n;
            }
            if (got != want) {
                // The file changed under us; sending a different size than
                // announced would corrupt the message.
                setErrorString(QCoreApplication::translate(
                                   "connectors::smtp::MimeStream",
                                   "The attachment %1 changed or could not be read while sending")
                                   .arg(s.path));
                m_failed = true;
                return false;
            }
            encodeBase64(m_raw.constData(), want);
        }
        m_offset += want;
        return true;
    }
    return false;
}

} // namespace connectors::smtp
