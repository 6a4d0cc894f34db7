// libFuzzer target for the SMTP reply parser and EHLO capability reading:
// bytes from a server must never crash us, whatever the split across reads.
#include "connectors/smtp/SmtpCapabilities.h"
#include "connectors/smtp/SmtpReplyParser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace connectors::smtp;
    if (size == 0)
        return 0;
    // The first byte chooses the read size, the rest is the stream.
    const size_t step = size_t(data[0] % 64) + 1;
    const char* bytes = reinterpret_cast<const char*>(data + 1);
    const size_t n = size - 1;

    SmtpReplyParser parser;
    QList<SmtpReply> all;
    bool failed = false;
    for (size_t off = 0; off < n && !failed; off += step) {
        const size_t len = std::min(step, n - off);
        auto r = parser.feed(QByteArrayView(bytes + off, qsizetype(len)));
        if (!r) {
            failed = true;
            break;
        }
        all += r.value();
    }
    // Same stream in one read gives the same replies (or fails too).
    SmtpReplyParser whole;
    auto w = whole.feed(QByteArrayView(bytes, qsizetype(n)));
    if (!failed && (!w || w.value() != all))
        __builtin_trap();
    for (const SmtpReply& r : all) {
        if (!r.isValid())
            __builtin_trap();
        (void)r.toString();
        const SmtpCapabilities caps = SmtpCapabilities::fromEhlo(r);
        (void)caps.supportsAuth(QStringLiteral("PLAIN"));
    }
    return 0;
}
