#include "connectors/smtp/DotStuffer.h"

#include <algorithm>
#include <cstring>

namespace connectors::smtp {

void DotStuffer::process(const char* in, qsizetype size, QByteArray& out)
{
    if (size <= 0)
        return;
    out.reserve(out.size() + size + 16);
    // Output equals input except at a bare CR or LF (made CRLF) and a '.'
    // starting a line (doubled), so unchanged runs are copied whole: content
    // that already is CRLF text without leading dots costs one copy.
    qsizetype run = 0; // first byte not yet copied
    qsizetype i = 0;
    const auto flush = [&](qsizetype to) {
        if (to > run)
            out.append(in + run, to - run);
    };
    if (m_afterCr) {
        m_afterCr = false;
        if (in[0] == '\n') { // the LF of a CRLF whose CR ended the last chunk
            i = 1;
            run = 1;
        }
    }
    // Next CR and next LF at or after a position, each searched once per
    // stretch (memchr), so text of bare CRs or bare LFs stays linear.
    qsizetype nextCr = -1, nextLf = -1;
    const auto nextOf = [&](char c, qsizetype& cached, qsizetype from) {
        if (cached < from) {
            const void* p = memchr(in + from, c, size_t(size - from));
            cached = p ? static_cast<const char*>(p) - in : size;
        }
        return cached;
    };
    while (i < size) {
        if (m_lineStart) {
            m_lineStart = false;
            if (in[i] == '.') { // RFC 5321 4.5.2
                flush(i);
                out.append('.');
                run = i; // the original dot follows with the run
            }
        }
        const qsizetype j = std::min(nextOf('\r', nextCr, i), nextOf('\n', nextLf, i));
        if (j >= size)
            break;
        m_lineStart = true;
        if (in[j] == '\r' && j + 1 < size && in[j + 1] == '\n') {
            i = j + 2; // CRLF: unchanged
            continue;
        }
        // A bare LF, a bare CR, or a CR ending the chunk: written as CRLF now;
        // in the last case an LF starting the next chunk is its pair.
        flush(j);
        out.append("\r\n", 2);
        m_afterCr = in[j] == '\r' && j + 1 == size;
        run = j + 1;
        i = j + 1;
    }
    flush(size);
}

QByteArray DotStuffer::process(QByteArrayView in)
{
    QByteArray out;
    process(in.data(), in.size(), out);
    return out;
}

QByteArray DotStuffer::finish()
{
    if (m_finished)
        return {};
    m_finished = true;
    QByteArray out;
    if (!m_lineStart)
        out.append("\r\n", 2);
    out.append(".\r\n", 3);
    return out;
}

} // namespace connectors::smtp
