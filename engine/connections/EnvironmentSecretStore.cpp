#include "engine/connections/EnvironmentSecretStore.h"

#include <QCoreApplication>

namespace engine {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::EnvironmentSecretStore", text);
}

} // namespace

EnvironmentSecretStore::EnvironmentSecretStore(AppSettings settings)
    : m_settings(std::move(settings))
{}

Result<QString> EnvironmentSecretStore::read(const QString& key) const
{
    if (const std::optional<QString> v = m_settings.value(key))
        return *v;
    return Error{key,
                 tr("is not set; set the environment variable %1 or add it to the Values of "
                    "local.settings.json")
                     .arg(key),
                 404};
}

Status EnvironmentSecretStore::write(const QString& key, const QString& value)
{
    (void)value;
    return Error{
        key,
        tr("app settings are read-only here; set the environment variable %1 instead").arg(key),
        403};
}

Status EnvironmentSecretStore::remove(const QString& key)
{
    return write(key, QString());
}

QString EnvironmentSecretStore::name() const
{
    return tr("app settings");
}

} // namespace engine
