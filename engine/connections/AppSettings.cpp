#include "engine/connections/AppSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace engine {

Result<AppSettings> AppSettings::load(const QString& localSettingsPath)
{
    AppSettings settings;
    QFile file(localSettingsPath);
    if (!file.exists())
        return settings;
    if (!file.open(QIODevice::ReadOnly))
        return Error{localSettingsPath,
                     QCoreApplication::translate("engine::AppSettings", "cannot open: %1")
                         .arg(file.errorString()),
                     404};
    QByteArray data = file.readAll();
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error{localSettingsPath,
                     QCoreApplication::translate("engine::AppSettings",
                                                 "not a valid local.settings.json: %1")
                         .arg(error.error != QJsonParseError::NoError
                                  ? error.errorString()
                                  : QCoreApplication::translate("engine::AppSettings",
                                                                "expected a JSON object")),
                     400};
    const QJsonValue values = doc.object().value(QLatin1String("Values"));
    if (!values.isUndefined() && !values.isObject())
        return Error{QStringLiteral("Values"),
                     QCoreApplication::translate("engine::AppSettings", "must be an object"), 400};
    const QJsonObject v = values.toObject();
    for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.value().isString())
            settings.m_values.insert(it.key(), it.value().toString());
        else if (it.value().isDouble())
            settings.m_values.insert(it.key(), QString::number(it.value().toDouble()));
        else if (it.value().isBool())
            settings.m_values.insert(it.key(), it.value().toBool() ? QStringLiteral("true")
                                                                   : QStringLiteral("false"));
    }
    return settings;
}

QString AppSettings::findLocalSettings(const QString& nearPath)
{
    const QFileInfo info(nearPath);
    QDir dir = info.isDir() ? QDir(info.absoluteFilePath()) : info.absoluteDir();
    for (int i = 0; i < 2; ++i) {
        const QString candidate = dir.filePath(QStringLiteral("local.settings.json"));
        if (QFileInfo::exists(candidate))
            return candidate;
        if (!dir.cdUp())
            break;
    }
    return QString();
}

std::optional<QString> AppSettings::value(const QString& name) const
{
    if (m_useEnvironment && qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    const auto it = m_values.constFind(name);
    if (it != m_values.constEnd())
        return *it;
    return std::nullopt;
}

} // namespace engine
