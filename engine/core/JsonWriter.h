#pragma once

#include <QByteArray>

class QJsonValue;

namespace engine {

// Compact JSON text of a value: the octets QJsonDocument::toJson(Compact)
// writes, without the UTF-16 copy Qt 6.4 makes of each string on the way.
// Text kept as ASCII in its container is copied from the container's own
// storage (see JsonText); anything else is written by Qt. For run records
// that hold a large input, like a base64 attachment.
class JsonWriter
{
public:
    static QByteArray compact(const QJsonValue& value);
};

} // namespace engine
