#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace engine {

// One entry of connections.json: a built-in service provider connection
// (serviceProviderConnections) or a managed API connection
// (managedApiConnections). Parameter values are as written, so they may be
// @appsetting('NAME') references; Connections::resolve gives real values.
struct ConnectionInfo
{
    enum class Kind
    {
        ServiceProvider,
        ManagedApi
    };

    QString name; // its key in connections.json, what steps refer to
    QString displayName;
    Kind kind = Kind::ServiceProvider;
    QString serviceProviderId; // "/serviceProviders/Smtp"
    QString apiId;             // managed: api.id (".../managedApis/smtp")
    QString parameterSetName;
    QJsonObject parameterValues;
    // Everything else in the entry, kept as read ("authentication", "connection", ...).
    QJsonObject extra;

    // A parameter by name, case-insensitively (userName, username); undefined
    // when absent.
    QJsonValue parameter(const QString& key) const;
    void setParameter(const QString& key, const QJsonValue& value);
    // "smtp" for /serviceProviders/Smtp or .../managedApis/smtp, lower case.
    QString connector() const;
    // Whether a parameter name holds a secret (password, token, key...).
    static bool isSecretParameter(const QString& key);
};

} // namespace engine
