#pragma once

#include "connectors/request/HttpRequest.h"

namespace connectors::request {

// Assembles one HTTP/1.1 request from bytes as they arrive (RFC 9112):
// request line, headers, then a body framed by Content-Length or chunked
// transfer coding. Pure: no sockets, so it is tested and fuzzed alone.
class HttpRequestParser
{
public:
    enum class State
    {
        Incomplete,
        Complete,
        Failed
    };

    explicit HttpRequestParser(qint64 maxBodySize = 100 * 1024 * 1024,
                               qsizetype maxHeaderSize = 64 * 1024);

    State feed(const QByteArray& data);
    State state() const { return m_state; }
    const HttpRequest& request() const { return m_request; }
    // When Failed: the status to answer (400, 411, 413, 431, 501) and why.
    int errorStatus() const { return m_errorStatus; }
    const QString& errorMessage() const { return m_errorMessage; }
    // True once the headers are in and the client expects "100 Continue".
    bool expectsContinue() const;
    bool headersComplete() const { return m_phase != Phase::Head; }

private:
    enum class Phase
    {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        Done
    };

    State fail(int status, const QString& message);
    bool parseHead(const QByteArray& head);
    State run();

    qint64 m_maxBody;
    qsizetype m_maxHeader;
    QByteArray m_buffer;
    Phase m_phase = Phase::Head;
    State m_state = State::Incomplete;
    HttpRequest m_request;
    qint64 m_remaining = 0;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace connectors::request
