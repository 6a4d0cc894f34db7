#pragma once

#include <QtGlobal>
#include <functional>

class QCborValue;

namespace engine {

// The UTF-8 octets of a JSON text value, handed over piece by piece without
// the UTF-16 copy QJsonValue::toString() makes. Qt keeps an ASCII string in a
// JSON container as its octets; a QCborMap/QCborArray made from the container
// (QCborMap::fromJsonObject, QCborArray::fromJsonArray) shares that storage,
// and a value taken from it writes the string out from there directly. So a
// large input (a base64 attachment) can be checked or decoded in place.
class JsonText
{
public:
    // Calls `begin` with the length in octets, then `take` with each piece.
    // False when `value` is not text or `take` refused a piece (returned
    // false); the pieces already given stand.
    static bool forEachUtf8Piece(const QCborValue& value,
                                 const std::function<void(qint64 size)>& begin,
                                 const std::function<bool(const char* data, qint64 size)>& take);
};

} // namespace engine
