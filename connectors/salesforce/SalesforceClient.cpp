#include "connectors/salesforce/SalesforceClient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcSalesforce, "logicapp.salesforce")

namespace connectors::salesforce {
namespace {

QString param(const QJsonObject& o, const QStringList& names)
{
    for (const QJsonObject& scope : {o, o.value(QStringLiteral("parameterValues")).toObject(),
                                     o.value(QStringLiteral("parameters")).toObject()}) {
        for (auto it = scope.constBegin(); it != scope.constEnd(); ++it) {
            for (const QString& n : names) {
                if (it.key().compare(n, Qt::CaseInsensitive) == 0 && it.value().isString())
                    return it.value().toString().trimmed();
            }
        }
    }
    return {};
}

// Salesforce errors come as [{"message","errorCode"}] or {"error","error_description"}.
QString describeError(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isArray() && !doc.array().isEmpty()) {
        const QJsonObject e = doc.array().at(0).toObject();
        return e.value(QStringLiteral("errorCode")).toString() + QStringLiteral(": ") +
               e.value(QStringLiteral("message")).toString();
    }
    if (doc.isObject() && doc.object().contains(QStringLiteral("error")))
        return doc.object().value(QStringLiteral("error")).toString() + QStringLiteral(": ") +
               doc.object().value(QStringLiteral("error_description")).toString();
    return QString::fromUtf8(body.left(200));
}

int codeFor(int http)
{
    if (http == 401 || http == 400)
        return 401;
    if (http == 403 || http == 404)
        return http;
    return 500;
}

} // namespace

engine::Result<SalesforceClient::Settings>
SalesforceClient::Settings::fromConnection(const QJsonObject& connection)
{
    using R = engine::Result<Settings>;
    Settings s;
    const QString login =
        param(connection, {QStringLiteral("loginUrl"), QStringLiteral("token:LoginUri"),
                           QStringLiteral("loginUri")});
    if (!login.isEmpty()) {
        s.loginUrl = QUrl(login);
        if (!s.loginUrl.isValid() || (s.loginUrl.scheme() != QLatin1String("https") &&
                                      s.loginUrl.scheme() != QLatin1String("http")))
            return R::failure(QStringLiteral("loginUrl"),
                              SalesforceClient::tr("'%1' is not an http(s) URL").arg(login));
    }
    s.clientId = param(connection, {QStringLiteral("clientId"), QStringLiteral("client_id"),
                                    QStringLiteral("consumerKey")});
    s.clientSecret =
        param(connection, {QStringLiteral("clientSecret"), QStringLiteral("client_secret"),
                           QStringLiteral("consumerSecret")});
    s.refreshToken =
        param(connection, {QStringLiteral("refreshToken"), QStringLiteral("refresh_token")});
    s.username = param(connection, {QStringLiteral("username"), QStringLiteral("userName")});
    s.password = param(connection, {QStringLiteral("password")});
    s.securityToken = param(connection, {QStringLiteral("securityToken")});
    const QString version =
        param(connection, {QStringLiteral("apiVersion"), QStringLiteral("salesforceApiVersion")});
    if (!version.isEmpty())
        s.apiVersion = version.startsWith(QLatin1Char('v')) ? version.mid(1) : version;
    if (s.clientId.isEmpty())
        return R::failure(
            QStringLiteral("clientId"),
            SalesforceClient::tr("is missing; give the consumer key of the connected app"));
    if (s.refreshToken.isEmpty() && (s.username.isEmpty() || s.password.isEmpty()))
        return R::failure(
            QStringLiteral("refreshToken"),
            SalesforceClient::tr("is missing; give a refresh token, or a username and password"));
    return s;
}

SalesforceClient::SalesforceClient(Settings settings, QObject* parent)
    : QObject(parent), m_settings(std::move(settings))
{}

void SalesforceClient::authenticate(std::function<void(const engine::Status&)> done)
{
    // OAuth 2.0 token endpoint (RFC 6749 6 refresh, 4.3 password grant).
    QUrlQuery form;
    if (!m_settings.refreshToken.isEmpty()) {
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
        form.addQueryItem(QStringLiteral("refresh_token"), m_settings.refreshToken);
    } else {
        form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
        form.addQueryItem(QStringLiteral("username"), m_settings.username);
        form.addQueryItem(QStringLiteral("password"),
                          m_settings.password + m_settings.securityToken);
    }
    form.addQueryItem(QStringLiteral("client_id"), m_settings.clientId);
    if (!m_settings.clientSecret.isEmpty())
        form.addQueryItem(QStringLiteral("client_secret"), m_settings.clientSecret);
    QUrl url = m_settings.loginUrl;
    url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) +
                QStringLiteral("/services/oauth2/token"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(60000);
    // Form encoding: '+' must be escaped, spaces as %20 are accepted.
    QByteArray body;
    for (const auto& [k, v] : form.queryItems(QUrl::FullyDecoded)) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
    }
    ++m_signIns;
    QNetworkReply* reply = m_network.post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        reply->deleteLater();
        const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        if (http == 0) {
            done(engine::Status::failure(
                QStringLiteral("loginUrl"),
                tr("cannot reach %1: %2").arg(m_settings.loginUrl.toString(), reply->errorString()),
                500));
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(data).object();
        if (http != 200 || !o.contains(QStringLiteral("access_token"))) {
            done(engine::Status::failure(
                QString(),
                tr("Salesforce refused the sign-in (%1): %2").arg(http).arg(describeError(data)),
                401));
            return;
        }
        m_accessToken = o.value(QStringLiteral("access_token")).toString();
        m_instanceUrl = QUrl(o.value(QStringLiteral("instance_url")).toString());
        if (!m_instanceUrl.isValid() || m_instanceUrl.isEmpty())
            m_instanceUrl = m_settings.loginUrl;
        qCInfo(lcSalesforce) << "signed in; instance" << m_instanceUrl.toString();
        done(engine::success());
    });
}

void SalesforceClient::get(const QString& pathOrUrl, Callback done)
{
    if (m_accessToken.isEmpty()) {
        authenticate([this, pathOrUrl, done = std::move(done)](const engine::Status& ok) {
            if (!ok) {
                done(ok.error());
                return;
            }
            send(pathOrUrl, done, true);
        });
        return;
    }
    send(pathOrUrl, std::move(done), false);
}

void SalesforceClient::send(const QString& pathOrUrl, Callback done, bool retried)
{
    QUrl url(pathOrUrl);
    if (url.isRelative()) {
        url = m_instanceUrl;
        const qsizetype q = pathOrUrl.indexOf(QLatin1Char('?'));
        url.setPath(q < 0 ? pathOrUrl : pathOrUrl.left(q));
        if (q >= 0)
            url.setQuery(pathOrUrl.mid(q + 1));
    }
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(120000);
    QNetworkReply* reply = m_network.get(request);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, pathOrUrl, retried, done = std::move(done)] {
            reply->deleteLater();
            const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray data = reply->readAll();
            if (http == 401 && !retried) {
                // The session expired: sign in again once and repeat the request.
                qCInfo(lcSalesforce) << "token refused; signing in again";
                m_accessToken.clear();
                get(pathOrUrl, done);
                return;
            }
            if (http == 0) {
                done(engine::Result<QJsonObject>::failure(
                    QString(), tr("cannot reach Salesforce: %1").arg(reply->errorString()), 500));
                return;
            }
            if (http != 200) {
                done(engine::Result<QJsonObject>::failure(
                    QString(), tr("Salesforce answered %1: %2").arg(http).arg(describeError(data)),
                    codeFor(http)));
                return;
            }
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
            if (!doc.isObject()) {
                done(engine::Result<QJsonObject>::failure(
                    QString(), tr("Salesforce sent something that is not a JSON object"), 500));
                return;
            }
            done(doc.object());
        });
}

} // namespace connectors::salesforce
