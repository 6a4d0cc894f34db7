#pragma once

#include "connectors/smtp/SmtpReply.h"
#include "engine/core/Result.h"

#include <QByteArray>
#include <QList>

namespace connectors::smtp {

// Assembles server replies from bytes as they arrive (RFC 5321 4.2): a reply
// may be split across reads at any byte, and one read may hold several
// pipelined replies (RFC 2920). Pure: no I/O, no Qt event loop.
class SmtpReplyParser
{
public:
    // Longest line accepted; RFC 5321 4.5.3.1.5 says 512, servers exceed it.
    static constexpr int MaxLineLength = 8192;
    static constexpr int MaxLines = 1000;

    // Adds bytes and returns the replies they completed, in order. After an
    // error the parser stays failed until reset().
    engine::Result<QList<SmtpReply>> feed(QByteArrayView bytes);
    // Bytes received that do not yet form a complete reply.
    bool hasPending() const { return !m_buffer.isEmpty() || m_inReply; }
    void reset();

    // Parses one complete reply text ("250-a\r\n250 b\r\n"); for tests/fuzzing.
    static engine::Result<SmtpReply> parseAll(QByteArrayView text);

private:
    engine::Status takeLine(QByteArrayView line, QList<SmtpReply>& done);

    QByteArray m_buffer;
    SmtpReply m_partial;
    bool m_inReply = false;
    bool m_failed = false;
    engine::Error m_error;
};

} // namespace connectors::smtp
