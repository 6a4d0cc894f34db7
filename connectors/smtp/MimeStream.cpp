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
            m_buffer.clear();
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

void MimeStream::encodeBase64(const QByteArray& raw)
{
    // Whole lines only, CRLF before every line but the segment's first.
    const QByteArray encoded = raw.toBase64();
    m_buffer.reserve(m_buffer.size() + encoded.size() + encoded.size() / 38 + 2);
    for (qsizetype i = 0; i < encoded.size(); i += 76) {
        if (m_segmentStarted)
            m_buffer += "\r\n";
        m_segmentStarted = true;
        m_buffer += QByteArrayView(encoded).sliced(i, std::min<qsizetype>(76, encoded.size() - i));
    }
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
        QByteArray raw;
        if (s.kind == Segment::Kind::Base64Data) {
            raw = s.bytes.mid(m_offset, want);
        } else {
            raw.resize(want);
            qint64 got = 0;
            while (got < want) {
                const qint64 n = m_file->read(raw.data() + got, want - got);
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
        }
        m_offset += want;
        encodeBase64(raw);
        return true;
    }
    return false;
}

} // namespace connectors::smtp
