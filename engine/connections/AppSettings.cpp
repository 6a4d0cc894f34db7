#include "engine/connections/AppSettings.h"

#include "engine/workflow/OrderedJson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

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

Status AppSettings::writeValue(const QString& localSettingsPath, const QString& name,
                               const QString& value)
{
    OrderedJson root = OrderedJson::object();
    OrderedJson::Format format;
    QFile in(localSettingsPath);
    if (in.exists()) {
        if (!in.open(QIODevice::ReadOnly))
            return Status::failure(localSettingsPath, in.errorString(), 500);
        auto parsed = OrderedJson::parse(in.readAll(), &format);
        if (!parsed)
            return Status::failure(localSettingsPath, parsed.error().message, 400);
        if (!parsed->isObject())
            return Status::failure(
                localSettingsPath,
                QCoreApplication::translate("engine::AppSettings", "the file is not a JSON object"),
                400);
        root = std::move(*parsed);
    } else {
        root.insert(QStringLiteral("IsEncrypted"), OrderedJson::fromBool(false));
    }
    OrderedJson* values = root.find(QStringLiteral("Values"));
    if (!values || !values->isObject()) {
        root.insert(QStringLiteral("Values"), OrderedJson::object());
        values = root.find(QStringLiteral("Values"));
    }
    if (value.isEmpty())
        values->remove(name);
    else
        values->insert(name, OrderedJson::fromString(value));

    QSaveFile out(localSettingsPath);
    if (!out.open(QIODevice::WriteOnly) || out.write(root.serialize(format)) < 0 || !out.commit())
        return Status::failure(localSettingsPath, out.errorString(), 500);
    return success();
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
