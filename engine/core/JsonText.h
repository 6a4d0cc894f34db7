#pragma once

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QtGlobal>
#include <functional>

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

    // Calls `visit(key, value, asCbor)` for each member of `object`, in its
    // order; `asCbor` is the member seen through a QCborMap sharing the
    // object's storage (for forEachUtf8Piece), or an invalid value where
    // there is none. `visit` returns false to stop.
    template <typename Visit> static void forEachMember(const QJsonObject& object, Visit&& visit)
    {
        const QCborMap cbor = QCborMap::fromJsonObject(object);
        // Both iterate the same storage in the same order.
        auto c = cbor.constBegin();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString key = it.key();
            QCborValue asCbor;
            if (c != cbor.constEnd()) {
                if (c.key().toString() == key)
                    asCbor = c.value();
                ++c;
            }
            if (!visit(key, it.value(), asCbor))
                return;
        }
    }

    // The same for the items of an array: `visit(index, value, asCbor)`.
    template <typename Visit> static void forEachItem(const QJsonArray& array, Visit&& visit)
    {
        const QCborArray cbor = QCborArray::fromJsonArray(array);
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!visit(i, array.at(i), i < cbor.size() ? cbor.at(i) : QCborValue()))
                return;
        }
    }
};

} // namespace engine
