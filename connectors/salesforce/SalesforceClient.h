#pragma once

#include "engine/core/Result.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <functional>

namespace connectors::salesforce {

// Talks to Salesforce's REST API: signs in with OAuth 2 (refresh-token or
// username-password flow) at the login URL, then GETs JSON from the instance
// with the access token, signing in again once when the token has expired.
class SalesforceClient : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QUrl loginUrl = QUrl(QStringLiteral("https://login.salesforce.com"));
        QString clientId;
        QString clientSecret;
        QString refreshToken; // refresh-token flow when set
        QString username;     // otherwise username-password flow
        QString password;
        QString securityToken; // appended to the password (Salesforce's rule)
        QString apiVersion = QStringLiteral("59.0");

        // From a connection's parameters (case-insensitive; also under
        // "parameterValues"): loginUrl or token:LoginUri, clientId, clientSecret,
        // refreshToken, username, password, securityToken, apiVersion.
        static engine::Result<Settings> fromConnection(const QJsonObject& connection);
    };

    explicit SalesforceClient(Settings settings, QObject* parent = nullptr);

    using Callback = std::function<void(const engine::Result<QJsonObject>&)>;
    // `pathOrUrl` is relative to the instance ("/services/data/v59.0/query?q=...")
    // or absolute. Signs in first when there is no token yet.
    void get(const QString& pathOrUrl, Callback done);
    void authenticate(std::function<void(const engine::Status&)> done);

    const Settings& settings() const { return m_settings; }
    QString dataPath() const { return QStringLiteral("/services/data/v") + m_settings.apiVersion; }
    bool hasToken() const { return !m_accessToken.isEmpty(); }
    int signIns() const { return m_signIns; }

private:
    void send(const QString& pathOrUrl, Callback done, bool retried);

    Settings m_settings;
    QNetworkAccessManager m_network;
    QString m_accessToken;
    QUrl m_instanceUrl;
    int m_signIns = 0;
};

} // namespace connectors::salesforce
