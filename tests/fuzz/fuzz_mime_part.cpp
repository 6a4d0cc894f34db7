// libFuzzer target for the mail catcher's message reader: any message a
// client sends is shown somehow, never crashes or loops, however deep its
// multiparts nest or however broken its encodings are.
#include "connectors/catcher/MimePart.h"

#include <cstddef>
#include <cstdint>

namespace {

void walk(const connectors::catcher::MimePart& part, int depth)
{
    if (depth > 64)
        __builtin_trap(); // the reader limits nesting
    (void)part.decodedHeader("Subject");
    (void)part.decodedHeader("From");
    (void)part.text();
    (void)part.fileName();
    (void)part.isAttachment();
    for (const connectors::catcher::MimePart& child : part.parts)
        walk(child, depth + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char*>(data), qsizetype(size));
    walk(connectors::catcher::MimePart::parse(raw), 0);
    (void)connectors::catcher::MimePart::decodeWords(raw);
    (void)connectors::catcher::MimePart::decodeQuotedPrintable(raw);
    QByteArray value;
    (void)connectors::catcher::MimePart::parseParameters(raw, &value);
    return 0;
}
