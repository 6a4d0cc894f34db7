#include "engine/expressions/ExpressionValue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QVariant>
#include <cmath>

namespace engine {

bool ExpressionValue::isInteger() const
{
    if (!json.isDouble() || isFloat)
        return false;
    // toInteger() falls back to its argument unless the value is a whole
    // number that fits in 64 bits; two different fallbacks tell which.
    return json.toInteger(0) == json.toInteger(1);
}

QString ExpressionValue::numberText(double d, bool isFloat)
{
    if (!isFloat && std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.2e18)
        return QString::number(static_cast<qint64>(d));
    if (std::isnan(d))
        return QStringLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    if (d == std::trunc(d) && std::fabs(d) < 1e15)
        return QString::number(static_cast<qint64>(d));
    // .NET prints exponents in capitals (1E+20).
    return QString::number(d, 'g', QLocale::FloatingPointShortest).toUpper();
}

QString ExpressionValue::toText() const
{
    switch (json.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QString();
    case QJsonValue::Bool:
        return json.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double:
        if (!isFloat) {
            // Integers beyond 2^53 are kept exactly by QJsonValue, not by double.
            const QVariant v = json.toVariant();
            if (v.typeId() == QMetaType::LongLong)
                return QString::number(v.toLongLong());
        }
        return numberText(json.toDouble(), isFloat);
    case QJsonValue::String:
        return json.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: {
        const QJsonObject o = json.toObject();
        const QJsonValue content = o.value(QStringLiteral("$content"));
        if (o.size() == 2 && o.contains(QStringLiteral("$content-type")) && content.isString())
            return QString::fromUtf8(QByteArray::fromBase64(content.toString().toLatin1()));
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    }
    return QString();
}

QString ExpressionValue::display() const
{
    QString text;
    if (json.isString())
        text = QLatin1Char('\'') + json.toString() + QLatin1Char('\'');
    else if (isNull())
        text = QStringLiteral("null");
    else if (json.isBool())
        text = json.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    else
        text = toText();
    if (text.size() > 80)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

QString ExpressionValue::typeName() const
{
    switch (json.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("Null");
    case QJsonValue::Bool:
        return QStringLiteral("Boolean");
    case QJsonValue::Double:
        return isInteger() ? QStringLiteral("Integer") : QStringLiteral("Float");
    case QJsonValue::String:
        return QStringLiteral("String");
    case QJsonValue::Array:
        return QStringLiteral("Array");
    case QJsonValue::Object:
        return QStringLiteral("Object");
    }
    return QString();
}

} // namespace engine
