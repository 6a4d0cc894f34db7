#pragma once

#include "engine/core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace connectors::smtp {

// Everything needed to reach and log in to one SMTP server. A value type:
// the client, the pool and the connection test each take a copy.
struct SmtpSettings
{
    enum class TlsMode
    {
        None,
        StartTls,
        Implicit
    };
    // Auto picks the strongest mechanism the server offers (XOAUTH2 when a
    // token is set, else CRAM-MD5, PLAIN, LOGIN).
    enum class AuthMechanism
    {
        Auto,
        Plain,
        Login,
        CramMd5,
        XOAuth2
    };

    QString host;
    quint16 port = 587;
    TlsMode tlsMode = TlsMode::StartTls;
    QString user;     // empty: no AUTH
    QString password; // never logged or stored by this class
    QString token;    // OAuth2 bearer token for XOAUTH2
    AuthMechanism authMechanism = AuthMechanism::Auto;
    QString ehloName; // empty: defaultEhloName()

    // Trust: system CAs unless caFile is set (then only its certificates);
    // pinSha256 (hex, colons allowed) accepts exactly that server certificate;
    // acceptAnyCertificate disables verification and must be chosen explicitly.
    QString caFile;
    QString pinSha256;
    bool acceptAnyCertificate = false;

    int connectTimeoutMs = 30000;
    int stageTimeoutMs = 60000;      // inactivity per stage, re-armed on progress
    bool allowPlaintextAuth = false; // AUTH without TLS (RFC 4954 4: only if chosen)
    int poolSize = 4;

    // The EHLO name actually used.
    QString effectiveEhloName() const;
    // The machine's FQDN as an A-label, "localhost.localdomain" when unknown.
    static QString defaultEhloName();
    // Checks every field; the error names the field ("host", "port", "ehloName", ...).
    engine::Status validate() const;
    // True when a user (or a token) is set, i.e. AUTH will be attempted.
    bool wantsAuth() const { return !user.isEmpty(); }
    // Pin as raw 32 bytes (empty when unset or malformed).
    QByteArray pinBytes() const;

    // Same server, user, mechanism and trust: the identity of a connection
    // (without the secrets). Equal settings (operator==, secrets included)
    // are what may share one pool.
    QString poolKey() const;
    friend bool operator==(const SmtpSettings&, const SmtpSettings&) = default;

    static QString tlsModeName(TlsMode mode); // "none"/"starttls"/"implicit"
    static std::optional<TlsMode> tlsModeFromName(const QString& name);
    static QString authMechanismName(AuthMechanism mechanism); // "auto"/"plain"/...
    static std::optional<AuthMechanism> authMechanismFromName(const QString& name);

    // Builds settings from a connection's parameters: Logic Apps' SMTP
    // connector keys serverAddress/userName/password/port/enableSSL (names
    // matched case-insensitively; enableSSL=true means STARTTLS, or implicit
    // TLS on port 465) plus our own tlsMode, authType, token, ehloName,
    // caFile, pinSha256, acceptAnyCertificate, allowPlaintextAuth,
    // timeoutSeconds, poolSize. Validated; errors name the parameter.
    static engine::Result<SmtpSettings> fromConnection(const QJsonObject& params);
};

} // namespace connectors::smtp
