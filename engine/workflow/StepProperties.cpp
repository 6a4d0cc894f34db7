#include "engine/workflow/StepProperties.h"

#include <QJsonArray>

namespace engine {

namespace {

QJsonValue valueAt(const QJsonObject& root, const QStringList& path)
{
    QJsonValue v = root;
    for (const QString& key : path) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(key);
    }
    return v;
}

QJsonObject withValue(QJsonObject object, const QStringList& path, qsizetype at,
                      const QJsonValue& value)
{
    const QString& key = path.at(at);
    if (at == path.size() - 1) {
        if (value.isUndefined())
            object.remove(key);
        else
            object.insert(key, value);
        return object;
    }
    // Removing a key that is not there creates nothing on the way to it.
    if (value.isUndefined() && !object.value(key).isObject())
        return object;
    const QJsonObject child = withValue(object.value(key).toObject(), path, at + 1, value);
    object.insert(key, child);
    return object;
}

QJsonValue mapItems(const QJsonValue& value, const QHash<QString, QString>& keys, bool toShape)
{
    if (!value.isArray() || keys.isEmpty())
        return value;
    QJsonArray out;
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isObject()) {
            out.append(item);
            continue;
        }
        const QJsonObject o = item.toObject();
        QJsonObject mapped;
        for (auto it = o.begin(); it != o.end(); ++it) {
            QString key = it.key();
            if (toShape) {
                key = keys.value(it.key(), it.key());
            } else {
                for (auto k = keys.begin(); k != keys.end(); ++k) {
                    if (k.value() == it.key()) {
                        key = k.key();
                        break;
                    }
                }
            }
            mapped.insert(key, it.value());
        }
        out.append(mapped);
    }
    return out;
}

} // namespace

QJsonValue StepProperties::read(const QJsonObject& step, const WdlShape& shape, const QString& key)
{
    const auto it = shape.propertyPaths.constFind(key);
    if (it == shape.propertyPaths.constEnd() || it->isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return toCanonicalItems(shape, key, valueAt(step, *it));
}

QJsonObject StepProperties::write(QJsonObject step, const WdlShape& shape, const QString& key,
                                  const QJsonValue& value)
{
    const auto it = shape.propertyPaths.constFind(key);
    if (it == shape.propertyPaths.constEnd() || it->isEmpty())
        return step;
    return withValue(step, *it, 0, toShapeItems(shape, key, value));
}

QJsonObject StepProperties::readAll(const QJsonObject& step, const Operation& operation,
                                    const WdlShape& shape)
{
    QJsonObject out;
    for (const PropertySchema& p : operation.properties) {
        const QJsonValue v = read(step, shape, p.key);
        if (!v.isUndefined())
            out.insert(p.key, v);
    }
    return out;
}

QString StepProperties::path(const WdlShape& shape, const QString& key)
{
    const auto it = shape.propertyPaths.constFind(key);
    if (it == shape.propertyPaths.constEnd() || it->isEmpty())
        return key;
    return it->join(QLatin1Char('.'));
}

QJsonValue StepProperties::toCanonicalItems(const WdlShape& shape, const QString& key,
                                            const QJsonValue& value)
{
    return mapItems(value, shape.itemKeys.value(key), false);
}

QJsonValue StepProperties::toShapeItems(const WdlShape& shape, const QString& key,
                                        const QJsonValue& value)
{
    return mapItems(value, shape.itemKeys.value(key), true);
}

} // namespace engine
