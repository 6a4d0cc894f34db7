#include "engine/workflow/StepProperties.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>
#include <optional>

namespace engine {

namespace {

// The key as the object spells it: managed connectors differ in case between
// versions ("BCC", "Bcc"), and Logic Apps matches these names case-insensitively.
QString actualKey(const QJsonObject& object, const QString& key)
{
    if (object.contains(key))
        return key;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.key();
    }
    return key;
}

QJsonValue valueAt(const QJsonObject& root, const QStringList& path)
{
    QJsonValue v = root;
    for (const QString& key : path) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        const QJsonObject o = v.toObject();
        v = o.value(actualKey(o, key));
    }
    return v;
}

QJsonObject withValue(QJsonObject object, const QStringList& path, qsizetype at,
                      const QJsonValue& value)
{
    const QString key = actualKey(object, path.at(at));
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

// The key `key` becomes, or `key` itself.
QString mappedKey(const QString& key, const QHash<QString, QString>& keys, bool toShape)
{
    for (auto k = keys.begin(); k != keys.end(); ++k) {
        const QString& from = toShape ? k.key() : k.value();
        if (from.compare(key, Qt::CaseInsensitive) == 0)
            return toShape ? k.value() : k.key();
    }
    return key;
}

// Items whose keys are already as wanted are kept as they are, shared: a
// string put into a new QJsonObject is copied (through UTF-16), which for a
// base64 attachment costs several times its size.
QJsonValue mapItems(const QJsonValue& value, const QHash<QString, QString>& keys, bool toShape)
{
    if (!value.isArray() || keys.isEmpty())
        return value;
    const QJsonArray in = value.toArray();
    std::optional<QJsonArray> out;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const QJsonValue item = in.at(i);
        if (!item.isObject())
            continue;
        const QJsonObject o = item.toObject();
        bool same = true;
        for (auto it = o.begin(); it != o.end() && same; ++it)
            same = mappedKey(it.key(), keys, toShape) == it.key();
        if (same)
            continue;
        QJsonObject mapped;
        for (auto it = o.begin(); it != o.end(); ++it)
            mapped.insert(mappedKey(it.key(), keys, toShape), it.value());
        if (!out)
            out = in;
        out->replace(i, mapped);
    }
    return out ? QJsonValue(*out) : value;
}

const QString kSegment = QStringLiteral("@segment:");
const QString kConnectionRef = QStringLiteral("@connectionRef");

QString encodedSegment(const QString& value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QStringLiteral("@{encodeURIComponent(encodeURIComponent('") + quoted +
           QStringLiteral("'))}");
}

// Where the segment after "/NAME/" is in `path`: [start, end).
bool findSegment(const QString& path, const QString& name, qsizetype* start, qsizetype* end)
{
    const QString marker = QLatin1Char('/') + name + QLatin1Char('/');
    const qsizetype at = path.indexOf(marker, 0, Qt::CaseInsensitive);
    if (at < 0)
        return false;
    *start = at + marker.size();
    // An expression segment may itself contain '/' inside @{...}.
    qsizetype i = *start;
    int braces = 0;
    while (i < path.size()) {
        const QChar c = path.at(i);
        if (c == QLatin1Char('{'))
            ++braces;
        else if (c == QLatin1Char('}'))
            --braces;
        else if (c == QLatin1Char('/') && braces <= 0)
            break;
        ++i;
    }
    *end = i;
    return true;
}

QJsonValue readSegment(const QString& path, const QString& name)
{
    qsizetype start = 0;
    qsizetype end = 0;
    if (!findSegment(path, name, &start, &end))
        return QJsonValue(QJsonValue::Undefined);
    const QString segment = path.mid(start, end - start);
    static const QRegularExpression encoded(QStringLiteral(
        "^@\\{\\s*encodeURIComponent\\(\\s*(?:encodeURIComponent\\(\\s*)?'((?:[^']|'')*)'\\s*\\)"
        "(?:\\s*\\))?\\s*\\}$"));
    const QRegularExpressionMatch m = encoded.match(segment);
    if (m.hasMatch()) {
        QString v = m.captured(1);
        v.replace(QLatin1String("''"), QLatin1String("'"));
        return v;
    }
    if (segment.startsWith(QLatin1Char('@')))
        return segment; // some other expression: shown as written
    return QUrl::fromPercentEncoding(segment.toUtf8());
}

QString writeSegment(const QString& path, const QString& name, const QJsonValue& value)
{
    const QString text = value.isString() ? value.toString() : QString();
    const QString replacement = text.startsWith(QLatin1Char('@')) ? text : encodedSegment(text);
    qsizetype start = 0;
    qsizetype end = 0;
    if (!findSegment(path, name, &start, &end))
        return path;
    return path.left(start) + replacement + path.mid(end);
}

QJsonValue readConnectionRef(const QJsonValue& connection)
{
    const QJsonObject c = connection.toObject();
    if (c.contains(QLatin1String("referenceName")))
        return c.value(QLatin1String("referenceName"));
    const QString name = c.value(QLatin1String("name")).toString();
    static const QRegularExpression ref(
        QStringLiteral("\\$connections'\\s*\\)\\s*\\[\\s*'((?:[^']|'')*)'\\s*\\]"));
    const QRegularExpressionMatch m = ref.match(name);
    if (m.hasMatch()) {
        QString v = m.captured(1);
        v.replace(QLatin1String("''"), QLatin1String("'"));
        return v;
    }
    return name.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(name);
}

QJsonObject writeConnectionRef(QJsonObject c, const QJsonValue& value)
{
    if (value.isUndefined()) {
        c.remove(QLatin1String("referenceName"));
        c.remove(QLatin1String("name"));
        return c;
    }
    const QString ref = value.toString();
    if (c.contains(QLatin1String("name")) && !c.contains(QLatin1String("referenceName"))) {
        QString quoted = ref;
        quoted.replace(QLatin1Char('\''), QLatin1String("''"));
        c.insert(QLatin1String("name"), QString(QStringLiteral("@parameters('$connections')['") +
                                                quoted + QStringLiteral("']['connectionId']")));
    } else {
        c.insert(QLatin1String("referenceName"), ref);
    }
    return c;
}

// Reads through the special last elements.
QJsonValue readPath(const QJsonObject& step, const QStringList& path)
{
    const QString& last = path.last();
    if (last.startsWith(kSegment)) {
        const QJsonValue holder = valueAt(step, path.mid(0, path.size() - 1));
        if (!holder.isString())
            return QJsonValue(QJsonValue::Undefined);
        return readSegment(holder.toString(), last.mid(kSegment.size()));
    }
    if (last == kConnectionRef)
        return readConnectionRef(valueAt(step, path.mid(0, path.size() - 1)));
    return valueAt(step, path);
}

QJsonObject writePath(const QJsonObject& step, const QStringList& path, const QJsonValue& value)
{
    const QString& last = path.last();
    const QStringList parent = path.mid(0, path.size() - 1);
    if (last.startsWith(kSegment)) {
        const QJsonValue holder = valueAt(step, parent);
        if (!holder.isString() || parent.isEmpty())
            return step;
        return withValue(step, parent, 0,
                         writeSegment(holder.toString(), last.mid(kSegment.size()), value));
    }
    if (last == kConnectionRef) {
        if (parent.isEmpty())
            return step;
        return withValue(step, parent, 0,
                         writeConnectionRef(valueAt(step, parent).toObject(), value));
    }
    return withValue(step, path, 0, value);
}

} // namespace

QJsonValue StepProperties::read(const QJsonObject& step, const WdlShape& shape, const QString& key)
{
    const auto it = shape.propertyPaths.constFind(key);
    if (it == shape.propertyPaths.constEnd() || it->isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return toCanonicalItems(shape, key, readPath(step, *it));
}

QJsonObject StepProperties::write(QJsonObject step, const WdlShape& shape, const QString& key,
                                  const QJsonValue& value)
{
    const auto it = shape.propertyPaths.constFind(key);
    if (it == shape.propertyPaths.constEnd() || it->isEmpty())
        return step;
    return writePath(step, *it, toShapeItems(shape, key, value));
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
    QStringList p = *it;
    if (p.last().startsWith(QLatin1Char('@')))
        p.removeLast(); // the value lives inside the string or object before it
    return p.join(QLatin1Char('.'));
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
