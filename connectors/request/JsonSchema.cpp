#include "connectors/request/JsonSchema.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace connectors::request {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::request::JsonSchema", text);
}

QString typeOf(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return std::floor(d) == d && std::isfinite(d) ? QStringLiteral("integer")
                                                      : QStringLiteral("number");
    }
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("undefined");
    }
}

bool matchesType(const QJsonValue& v, const QString& type)
{
    const QString actual = typeOf(v);
    return actual == type ||
           (type == QLatin1String("number") && actual == QLatin1String("integer"));
}

QString compact(const QJsonValue& v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

engine::Error problem(const QString& path, const QString& message)
{
    return engine::Error{path, message, 400};
}

} // namespace

std::optional<engine::Error> JsonSchema::validate(const QJsonValue& value,
                                                  const QJsonObject& schema, const QString& path)
{
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString() || type.isArray()) {
        QStringList types;
        if (type.isString())
            types.append(type.toString());
        for (const QJsonValue& t : type.toArray())
            types.append(t.toString());
        bool ok = false;
        for (const QString& t : std::as_const(types))
            ok = ok || matchesType(value, t);
        if (!ok)
            return problem(path, tr("expected %1 but got %2")
                                     .arg(types.join(QStringLiteral(" or ")), typeOf(value)));
    }

    if (schema.contains(QStringLiteral("enum"))) {
        const QJsonArray allowed = schema.value(QStringLiteral("enum")).toArray();
        if (!allowed.contains(value)) {
            QStringList names;
            for (const QJsonValue& a : allowed)
                names.append(compact(a));
            return problem(
                path,
                tr("%1 is not one of %2").arg(compact(value), names.join(QStringLiteral(", "))));
        }
    }

    if (value.isString()) {
        const qsizetype length = value.toString().size();
        if (schema.contains(QStringLiteral("minLength")) &&
            length < schema.value(QStringLiteral("minLength")).toInt())
            return problem(path, tr("is shorter than %1 characters")
                                     .arg(schema.value(QStringLiteral("minLength")).toInt()));
        if (schema.contains(QStringLiteral("maxLength")) &&
            length > schema.value(QStringLiteral("maxLength")).toInt())
            return problem(path, tr("is longer than %1 characters")
                                     .arg(schema.value(QStringLiteral("maxLength")).toInt()));
    }
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (schema.contains(QStringLiteral("minimum")) &&
            d < schema.value(QStringLiteral("minimum")).toDouble())
            return problem(path, tr("%1 is less than the minimum %2")
                                     .arg(d)
                                     .arg(schema.value(QStringLiteral("minimum")).toDouble()));
        if (schema.contains(QStringLiteral("maximum")) &&
            d > schema.value(QStringLiteral("maximum")).toDouble())
            return problem(path, tr("%1 is more than the maximum %2")
                                     .arg(d)
                                     .arg(schema.value(QStringLiteral("maximum")).toDouble()));
    }

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const QJsonValue& r : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(r.toString()))
                return problem(path + QLatin1Char('.') + r.toString(),
                               tr("is required but missing"));
        }
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString childPath = path + QLatin1Char('.') + it.key();
            if (properties.contains(it.key())) {
                if (auto e = validate(it.value(), properties.value(it.key()).toObject(), childPath))
                    return e;
                continue;
            }
            const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
            if (additional.isBool() && !additional.toBool())
                return problem(childPath,
                               tr("is not allowed here (additionalProperties is false)"));
            if (additional.isObject()) {
                if (auto e = validate(it.value(), additional.toObject(), childPath))
                    return e;
            }
        }
    }

    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QStringLiteral("minItems")) &&
            array.size() < schema.value(QStringLiteral("minItems")).toInt())
            return problem(path, tr("has fewer than %1 items")
                                     .arg(schema.value(QStringLiteral("minItems")).toInt()));
        if (schema.contains(QStringLiteral("maxItems")) &&
            array.size() > schema.value(QStringLiteral("maxItems")).toInt())
            return problem(
                path,
                tr("has more than %1 items").arg(schema.value(QStringLiteral("maxItems")).toInt()));
        const QJsonValue items = schema.value(QStringLiteral("items"));
        if (items.isObject()) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (auto e = validate(array.at(i), items.toObject(),
                                      path + QStringLiteral("[%1]").arg(i)))
                    return e;
            }
        }
    }
    return std::nullopt;
}

} // namespace connectors::request
