#pragma once

#include <QFile>
#include <QIODevice>
#include <QList>
#include <memory>

namespace connectors::smtp {

// A MIME message read as it is produced: literal pieces (headers, encoded
// text) and base64 bodies encoded chunk by chunk from memory or from a file,
// so a large attachment is never held encoded, nor read whole. Sequential,
// read-only, opened on construction; bytesAvailable() is what remains.
class MimeStream : public QIODevice
{
    Q_OBJECT
public:
    struct Segment
    {
        enum class Kind
        {
            Literal,
            Base64Data,
            Base64File
        };
        Kind kind = Kind::Literal;
        QByteArray bytes; // Literal: the text; Base64Data: the raw data
        QString path;     // Base64File
        qint64 fileSize = 0;
    };

    explicit MimeStream(QList<Segment> segments, QObject* parent = nullptr);
    ~MimeStream() override;

    // The octets a segment becomes (base64: 76-character lines joined by CRLF,
    // no CRLF after the last).
    static qint64 encodedSize(const Segment& segment);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    bool produce(); // the next chunk into m_buffer; false at the end or on error
    void encodeBase64(const char* raw, qint64 size);

    QList<Segment> m_segments;
    qsizetype m_index = 0;
    qint64 m_offset = 0; // within the current base64 source
    bool m_segmentStarted = false;
    std::unique_ptr<QFile> m_file;
    QByteArray m_raw; // file bytes of the chunk being encoded
    QByteArray m_buffer;
    qsizetype m_bufferPos = 0;
    qint64 m_remaining = 0;
    bool m_failed = false;
};

} // namespace connectors::smtp
