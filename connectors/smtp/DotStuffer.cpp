#include "connectors/smtp/DotStuffer.h"

#include <cstring>

namespace connectors::smtp {

void DotStuffer::process(const char* in, qsizetype size, QByteArray& out)
{
    out.reserve(out.size() + size + size / 64 + 8);
    qsizetype i = 0;
    while (i < size) {
        if (m_afterCr) {
            m_afterCr = false;
            if (in[i] == '\n') { // the LF of a CRLF already written
                ++i;
                continue;
            }
        }
        if (m_lineStart && in[i] == '.')
            out.append('.');
        // Copy the run up to the next line break in one go.
        qsizetype j = i;
        while (j < size && in[j] != '\r' && in[j] != '\n')
            ++j;
        if (j > i) {
            out.append(in + i, j - i);
            m_lineStart = false;
        }
        if (j >= size)
            break;
        out.append("\r\n", 2);
        m_lineStart = true;
        m_afterCr = in[j] == '\r';
        i = j + 1;
    }
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
