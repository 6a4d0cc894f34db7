#include "engine/runtime/Redactor.h"

#include <QJsonObject>
#include <algorithm>

namespace engine {

void Redactor::addSecret(const QString& secret)
{
    if (!secret.isEmpty() && secret != mask())
        m_secrets.insert(secret);
}

void Redactor::addSecretsFrom(const QJsonValue& value)
{
    if (value.isString()) {
        addSecret(value.toString());
    } else if (value.isDouble()) {
        addSecret(QString::number(value.toDouble(), 'g', 17));
    } else if (value.isArray()) {
        for (const QJsonValue& v : value.toArray())
            addSecretsFrom(v);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addSecretsFrom(it.value());
    }
}

QString Redactor::redact(const QString& text) const
{
    if (m_secrets.isEmpty() || text.isEmpty())
        return text;
    // Longest first, so a secret containing another is masked whole.
    QStringList secrets(m_secrets.begin(), m_secrets.end());
    std::sort(secrets.begin(), secrets.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    QString out = text;
    for (const QString& s : secrets)
        out.replace(s, mask());
    return out;
}

QJsonValue Redactor::redact(const QJsonValue& value) const
{
    switch (value.type()) {
    case QJsonValue::String:
        return redact(value.toString());
    case QJsonValue::Array:
        return redact(value.toArray());
    case QJsonValue::Object: {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (isSecretKey(it.key()) && !it.value().isNull() && !it.value().isUndefined())
                it.value() = mask();
            else
                it.value() = redact(it.value());
        }
        return o;
    }
    default:
        return value;
    }
}

QJsonArray Redactor::redact(const QJsonArray& value) const
{
    QJsonArray out;
    for (const QJsonValue& v : value)
        out.append(redact(v));
    return out;
}

bool Redactor::isSecretKey(const QString& key)
{
    static const QStringList names = {
        QStringLiteral("password"),      QStringLiteral("passwd"),
        QStringLiteral("token"),         QStringLiteral("accessToken"),
        QStringLiteral("refreshToken"),  QStringLiteral("access_token"),
        QStringLiteral("refresh_token"), QStringLiteral("clientSecret"),
        QStringLiteral("client_secret"), QStringLiteral("secret"),
        QStringLiteral("apiKey"),        QStringLiteral("sig"),
        QStringLiteral("authorization"),
    };
    for (const QString& n : names) {
        if (key.compare(n, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace engine
