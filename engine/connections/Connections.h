#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/connections/ConnectionInfo.h"
#include "engine/core/Result.h"
#include "engine/workflow/OrderedJson.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace engine {

class SecretStore;

// connections.json in the Logic Apps Standard shape:
//   {"serviceProviderConnections": {NAME: {displayName, parameterValues,
//     serviceProvider: {id}}}, "managedApiConnections": {NAME: {api, connection,
//     connectionRuntimeUrl, authentication}}}
// Entries are found by name; parameter names match case-insensitively.
// Values may be @appsetting('X'), resolved from the environment, a
// local.settings.json and then a SecretStore. Secrets are never written here:
// set() stores them in a SecretStore and writes an @appsetting reference.
// Unknown keys and the file's key order survive a save. An ARM deployment
// template of Microsoft.Web/connections resources is read too (as managed API
// connections, read-only), since that is how Consumption projects keep them.
class Connections
{
public:
    Connections();
    static Result<Connections> parse(const QByteArray& text);
    // Also loads the local.settings.json next to the file (or one folder up).
    static Result<Connections> load(const QString& path);
    QByteArray serialize() const;
    Status save(const QString& path) const; // through QSaveFile

    // Whether the file is an ARM template of connections (then set/remove refuse).
    bool isArmTemplate() const { return m_armTemplate; }
    // Names in the file, service providers first, in file order.
    QStringList names() const;
    bool contains(const QString& name) const;
    // The entry (exact name first, then case-insensitively); the built-in
    // local mail catcher answers to its name when the file does not define it.
    std::optional<ConnectionInfo> find(const QString& name) const;
    // Adds or replaces an entry. Secret parameters given as plain values go
    // to `secrets` under "<name>_<parameter>" and are written as
    // @appsetting('<name>_<parameter>'); without a store that is an error.
    Status set(ConnectionInfo info, SecretStore* secrets = nullptr);
    Status remove(const QString& name);

    const AppSettings& appSettings() const { return m_settings; }
    void setAppSettings(AppSettings settings) { m_settings = std::move(settings); }

    // The entry's parameter values with every @appsetting('X') replaced: app
    // settings first, then `secrets` (may be null). An unresolved setting is
    // an error naming the connection, the parameter and the setting.
    Result<QJsonObject> resolve(const QString& name, const SecretStore* secrets) const;
    Result<QJsonValue> resolveValue(const QJsonValue& value, const SecretStore* secrets,
                                    const QString& field) const;

    // The built-in "Local mail catcher": SMTP to 127.0.0.1:2525, no TLS, no login.
    static ConnectionInfo localCatcher();
    static QString localCatcherName() { return QStringLiteral("localMailCatcher"); }
    // The app-setting name set() uses for a secret parameter.
    static QString settingName(const QString& connection, const QString& parameter);

private:
    OrderedJson m_root;
    OrderedJson::Format m_format;
    bool m_armTemplate = false;
    AppSettings m_settings;

    static std::optional<ConnectionInfo> fromEntry(const QString& name, const QJsonObject& entry,
                                                   ConnectionInfo::Kind kind);
    QList<ConnectionInfo> armConnections() const;
    static QJsonObject toEntry(const ConnectionInfo& info);
};

} // namespace engine
