// libFuzzer target for the HTTP request parser behind the request trigger:
// whatever a local client sends, in whatever pieces, the parser ends in one
// state, the same one as for the whole stream at once, and never crashes.
#include "connectors/request/HttpRequestParser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using connectors::request::HttpRequestParser;
    if (size == 0)
        return 0;
    // The first byte chooses the read size, the rest is the stream. Small
    // limits reach the 413/431 paths with short inputs.
    const size_t step = size_t(data[0] % 32) + 1;
    const QByteArray stream(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));

    HttpRequestParser pieces(4096, 1024);
    HttpRequestParser::State state = HttpRequestParser::State::Incomplete;
    for (qsizetype off = 0; off < stream.size(); off += qsizetype(step)) {
        state = pieces.feed(stream.mid(off, qsizetype(step)));
        if (state != HttpRequestParser::State::Incomplete)
            break;
    }
    HttpRequestParser whole(4096, 1024);
    const HttpRequestParser::State once = whole.feed(stream);
    if (once != state)
        __builtin_trap();
    if (state == HttpRequestParser::State::Complete) {
        if (whole.request().body != pieces.request().body ||
            whole.request().method != pieces.request().method)
            __builtin_trap();
        if (whole.request().body.size() > 4096)
            __builtin_trap();
    }
    if (state == HttpRequestParser::State::Failed &&
        (pieces.errorStatus() < 400 || pieces.errorStatus() > 599))
        __builtin_trap();
    return 0;
}
