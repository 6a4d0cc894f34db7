#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QSet>
#include <QString>

namespace engine {

// Keeps secrets out of run records. It knows the secret strings of a run
// (connection passwords and tokens, securestring/secureobject parameter
// values) and replaces every occurrence of them — whole values or parts of
// interpolated text — with "****"; keys that by name hold a secret
// ("password", "token", "clientSecret", ...) are masked whatever their value.
class Redactor
{
public:
    static QString mask() { return QStringLiteral("****"); }

    void addSecret(const QString& secret);
    // Every string leaf of `value` (a secureobject parameter) is a secret.
    void addSecretsFrom(const QJsonValue& value);
    bool isEmpty() const { return m_secrets.isEmpty(); }

    QString redact(const QString& text) const;
    QJsonValue redact(const QJsonValue& value) const;
    QJsonArray redact(const QJsonArray& value) const;

    // True for key names that always hold a secret.
    static bool isSecretKey(const QString& key);

private:
    struct Walk;
    QSet<QString> m_secrets;
};

} // namespace engine
