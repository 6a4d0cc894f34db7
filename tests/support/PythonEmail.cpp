#include "tests/support/PythonEmail.h"

#include "tests/support/Paths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryFile>

namespace testsupport {

QJsonObject parseFileWithPython(const QString& path)
{
    QProcess process;
    process.start(python(), {QStringLiteral(LOGICAPP_SUPPORT_DIR "/parse_message.py"), path});
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return QJsonObject{
            {QStringLiteral("error"),
             QString(QString::fromUtf8(process.readAllStandardError()) + process.errorString())}};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(process.readAllStandardOutput(), &error);
    if (!doc.isObject())
        return QJsonObject{{QStringLiteral("error"), error.errorString()}};
    return doc.object();
}

QJsonObject parseWithPython(const QByteArray& message)
{
    QTemporaryFile file;
    if (!file.open())
        return QJsonObject{{QStringLiteral("error"), file.errorString()}};
    file.write(message);
    file.flush();
    return parseFileWithPython(file.fileName());
}

QJsonObject pythonPart(const QJsonObject& parsed, const QString& path)
{
    for (const QJsonValue& p : parsed.value(QStringLiteral("parts")).toArray()) {
        if (p.toObject().value(QStringLiteral("path")).toString() == path)
            return p.toObject();
    }
    return {};
}

QString pythonHeader(const QJsonObject& parsed, const QString& name)
{
    for (const QJsonValue& h : parsed.value(QStringLiteral("headers")).toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.at(1).toString();
    }
    return {};
}

} // namespace testsupport
