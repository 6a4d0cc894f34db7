#pragma once

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Helpers of the workflow tests: read files, parse with Qt's own JSON reader
// (an independent check of ours) and list where two JSON trees differ.
namespace wdltest {

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline QJsonValue parseQt(QByteArray bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue(QJsonValue::Undefined);
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

// JSON paths ("a.b[2].c") where `a` and `b` differ.
inline void diff(const QJsonValue& a, const QJsonValue& b, const QString& path, QStringList& out)
{
    if (a.type() != b.type()) {
        out.append(path);
        return;
    }
    if (a.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        QStringList keys = oa.keys();
        for (const QString& k : ob.keys()) {
            if (!keys.contains(k))
                keys.append(k);
        }
        for (const QString& k : keys) {
            const QString p = path.isEmpty() ? k : path + QLatin1Char('.') + k;
            diff(oa.value(k), ob.value(k), p, out);
        }
        return;
    }
    if (a.isArray()) {
        const QJsonArray aa = a.toArray();
        const QJsonArray ab = b.toArray();
        for (qsizetype i = 0; i < std::max(aa.size(), ab.size()); ++i)
            diff(i < aa.size() ? aa.at(i) : QJsonValue(QJsonValue::Undefined),
                 i < ab.size() ? ab.at(i) : QJsonValue(QJsonValue::Undefined),
                 path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), out);
        return;
    }
    if (a != b)
        out.append(path);
}

inline QStringList diff(const QJsonValue& a, const QJsonValue& b)
{
    QStringList out;
    diff(a, b, QString(), out);
    return out;
}

inline QString dataDir()
{
    return QStringLiteral(LOGICAPP_WDL_TEST_DATA);
}

} // namespace wdltest
