#pragma once

#include <QByteArray>

namespace connectors::smtp {

// Turns message content into the DATA stream (RFC 5321 4.5.2 and 2.3.8):
// every line ending (CRLF, bare LF, bare CR) becomes CRLF, a '.' starting a
// line (including the very first byte) is doubled, and finish() adds the
// terminator exactly once. Works on chunks split at any byte.
class DotStuffer
{
public:
    // Appends the converted form of `in` to `out`.
    void process(const char* in, qsizetype size, QByteArray& out);
    QByteArray process(QByteArrayView in);
    // CRLF if the content did not end with one, then ".\r\n".
    QByteArray finish();
    void reset() { *this = DotStuffer(); }
    bool finished() const { return m_finished; }

private:
    bool m_lineStart = true;
    bool m_afterCr = false;
    bool m_finished = false;
};

} // namespace connectors::smtp
