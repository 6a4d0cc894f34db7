#include "engine/core/JsonText.h"

#include <QCborStreamWriter>
#include <QCborValue>
#include <QIODevice>

namespace engine {
namespace {

// Receives the CBOR encoding of one text string (RFC 8949 3.1, major type 3)
// and hands its UTF-8 octets on as they come.
class Utf8Sink : public QIODevice
{
public:
    Utf8Sink(const std::function<void(qint64)>& begin,
             const std::function<bool(const char*, qint64)>& take)
        : m_begin(begin), m_take(take)
    {
        open(QIODevice::WriteOnly);
    }
    // The whole string arrived, as one definite-length text string.
    bool complete() const
    {
        return m_ok && m_header > 0 && m_headerLeft == 0 && m_payloadLeft == 0;
    }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override
    {
        qint64 i = 0;
        while (m_ok && i < size && (m_header == 0 || m_headerLeft > 0)) {
            const uchar b = uchar(data[i++]);
            if (m_header++ == 0) {
                const uchar info = b & 0x1f;
                if (b >> 5 != 3 || info > 27) { // not text, or of indefinite length
                    m_ok = false;
                    break;
                }
                if (info < 24)
                    m_payloadLeft = info;
                else
                    m_headerLeft = 1 << (info - 24);
            } else {
                m_payloadLeft = m_payloadLeft << 8 | b;
                --m_headerLeft;
            }
            if (m_headerLeft == 0 && m_begin)
                m_begin(m_payloadLeft);
        }
        const qint64 n = std::min(size - i, m_payloadLeft);
        if (m_ok && n > 0) {
            m_payloadLeft -= n;
            m_ok = m_take(data + i, n);
        }
        if (m_ok && n < size - i)
            m_ok = false; // more than one value
        return size;
    }

private:
    const std::function<void(qint64)>& m_begin;
    const std::function<bool(const char*, qint64)>& m_take;
    qint64 m_header = 0;
    qint64 m_headerLeft = 0;
    qint64 m_payloadLeft = 0;
    bool m_ok = true;
};

} // namespace

bool JsonText::forEachUtf8Piece(const QCborValue& value, const std::function<void(qint64)>& begin,
                                const std::function<bool(const char*, qint64)>& take)
{
    if (!value.isString())
        return false;
    Utf8Sink sink(begin, take);
    QCborStreamWriter writer(&sink);
    value.toCbor(writer);
    return sink.complete();
}

} // namespace engine
