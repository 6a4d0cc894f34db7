#include "engine/core/JsonWriter.h"

#include "engine/core/JsonText.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace engine {
namespace {

// Large strings get room made once; small ones let the buffer grow as it does.
constexpr qint64 ReserveFrom = 64 * 1024;

// What Qt writes for one value, taken out of a one-item array.
QByteArray written(const QJsonValue& value)
{
    const QByteArray a = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return a.mid(1, a.size() - 2);
}

// Appends the text as Qt escapes it (RFC 8259 7: '"', '\' and control
// characters), when it can be read in place and is all ASCII without '?';
// otherwise leaves `out` as it was and returns false.
bool appendAscii(QByteArray& out, const QCborValue& text)
{
    static const char hex[] = "0123456789abcdef";
    const qsizetype mark = out.size();
    bool ascii = true;
    const bool whole = JsonText::forEachUtf8Piece(
        text,
        [&](qint64 size) {
            if (size >= ReserveFrom)
                out.reserve(out.size() + size + 2);
            out += '"';
        },
        [&](const char* data, qint64 size) {
            qint64 run = 0; // start of the octets not yet appended
            for (qint64 i = 0; i < size; ++i) {
                const uchar c = uchar(data[i]);
                // Text kept as UTF-16 reaches us through QString::toUtf8,
                // which writes a lone surrogate as '?': Qt writes "\ud800".
                if (c >= 0x80 || c == '?') {
                    ascii = false;
                    return false;
                }
                if (c >= 0x20 && c != '"' && c != '\\')
                    continue;
                out.append(data + run, i - run);
                run = i + 1;
                switch (c) {
                case '"':
                    out += "\\\"";
                    break;
                case '\\':
                    out += "\\\\";
                    break;
                case '\b':
                    out += "\\b";
                    break;
                case '\f':
                    out += "\\f";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                default:
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xf];
                }
            }
            out.append(data + run, size - run);
            return true;
        });
    if (!whole || !ascii) {
        out.truncate(mark);
        return false;
    }
    out += '"';
    return true;
}

// `asCbor` is `value` seen through a view of its container, when there is one.
void write(QByteArray& out, const QJsonValue& value, const QCborValue& asCbor)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        // Shares the object's storage and iterates it in the same order.
        const QCborMap cbor = QCborMap::fromJsonObject(object);
        auto c = cbor.constBegin();
        out += '{';
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it != object.constBegin())
                out += ',';
            QCborValue item;
            if (c != cbor.constEnd()) {
                if (!appendAscii(out, c.key()))
                    out += written(QJsonValue(it.key()));
                item = c.value();
                ++c;
            } else {
                out += written(QJsonValue(it.key()));
            }
            out += ':';
            write(out, it.value(), item);
        }
        out += '}';
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        const QCborArray cbor = QCborArray::fromJsonArray(array);
        out += '[';
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            write(out, array.at(i), i < cbor.size() ? cbor.at(i) : QCborValue());
        }
        out += ']';
        return;
    }
    case QJsonValue::String:
        if (asCbor.isString() && appendAscii(out, asCbor))
            return;
        out += written(value);
        return;
    default:
        out += written(value);
    }
}

} // namespace

QByteArray JsonWriter::compact(const QJsonValue& value)
{
    QByteArray out;
    write(out, value, QCborValue());
    return out;
}

} // namespace engine
