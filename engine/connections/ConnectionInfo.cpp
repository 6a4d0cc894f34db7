#include "engine/connections/ConnectionInfo.h"

#include <QRegularExpression>

namespace engine {

QJsonValue ConnectionInfo::parameter(const QString& key) const
{
    if (parameterValues.contains(key))
        return parameterValues.value(key);
    for (auto it = parameterValues.begin(); it != parameterValues.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

void ConnectionInfo::setParameter(const QString& key, const QJsonValue& value)
{
    // Keep the spelling the file already uses.
    for (auto it = parameterValues.begin(); it != parameterValues.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0) {
            if (value.isUndefined())
                parameterValues.erase(it);
            else
                it.value() = value;
            return;
        }
    }
    if (!value.isUndefined())
        parameterValues.insert(key, value);
}

QString ConnectionInfo::connector() const
{
    const QString id = kind == Kind::ServiceProvider ? serviceProviderId : apiId;
    // Also through ARM expressions: "[concat(..., '/managedApis/', 'smtp')]".
    static const QRegularExpression re(
        QStringLiteral("(?:serviceProviders|managedApis)[/',\\s]*([A-Za-z0-9_.-]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(id);
    if (m.hasMatch())
        return m.captured(1).toLower();
    return id.section(QLatin1Char('/'), -1).toLower();
}

bool ConnectionInfo::isSecretParameter(const QString& key)
{
    static const char* const words[] = {"password",        "secret",    "token",
                                        "apikey",          "api_key",   "connectionstring",
                                        "sharedaccesskey", "privatekey"};
    const QString k = key.toLower();
    for (const char* w : words) {
        if (k.contains(QLatin1String(w)))
            return true;
    }
    return false;
}

} // namespace engine
