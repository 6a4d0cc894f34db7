#pragma once

#include "engine/catalogue/Operation.h"

namespace connectors::request {

// The catalogue entry of the manual trigger "When a HTTP request is received"
// ({"type":"Request","kind":"Http","inputs":{"schema":...,"method":...}}).
class RequestOperations
{
public:
    static QString manualId() { return QStringLiteral("request.manual"); }
    static engine::Operation manual();
};

} // namespace connectors::request
