#include "connectors/smtp/SmtpSettings.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostInfo>
#include <QJsonValue>
#include <QSslCertificate>
#include <QUrl>
#include <algorithm>

namespace connectors::smtp {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::SmtpSettings", text);
}

bool hasLineBreakOrNul(const QString& s)
{
    return s.contains(QLatin1Char('\r')) || s.contains(QLatin1Char('\n')) || s.contains(QChar(0));
}

QString normalisedPin(const QString& pin)
{
    QString out = pin.trimmed().toLower();
    out.remove(QLatin1Char(':'));
    out.remove(QLatin1Char(' '));
    return out;
}

} // namespace

QString SmtpSettings::defaultEhloName()
{
    // RFC 5321 4.1.1.1: the client's FQDN, or an address literal.
    QString name = QHostInfo::localHostName();
    const QString domain = QHostInfo::localDomainName();
    if (!name.isEmpty() && !name.contains(QLatin1Char('.')) && !domain.isEmpty())
        name += QLatin1Char('.') + domain;
    if (!name.contains(QLatin1Char('.')))
        return QStringLiteral("localhost.localdomain");
    const QByteArray ace = QUrl::toAce(name);
    if (ace.isEmpty())
        return QStringLiteral("localhost.localdomain");
    return QString::fromLatin1(ace);
}

QString SmtpSettings::effectiveEhloName() const
{
    return ehloName.isEmpty() ? defaultEhloName() : ehloName;
}

QByteArray SmtpSettings::pinBytes() const
{
    const QString hex = normalisedPin(pinSha256);
    if (hex.size() != 64)
        return {};
    return QByteArray::fromHex(hex.toLatin1());
}

engine::Status SmtpSettings::validate() const
{
    using engine::Status;
    if (host.trimmed().isEmpty())
        return Status::failure(QStringLiteral("host"), tr("The server address is missing."));
    if (hasLineBreakOrNul(host) || host.contains(QLatin1Char(' ')))
        return Status::failure(QStringLiteral("host"),
                               tr("The server address contains a space, line break or NUL."));
    if (port == 0)
        return Status::failure(QStringLiteral("port"), tr("The port must be between 1 and 65535."));
    if (!ehloName.isEmpty()) {
        if (hasLineBreakOrNul(ehloName))
            return Status::failure(QStringLiteral("ehloName"),
                                   tr("The EHLO name contains a line break or NUL."));
        if (ehloName.contains(QLatin1Char(' ')) || ehloName.contains(QLatin1Char('\t')))
            return Status::failure(QStringLiteral("ehloName"),
                                   tr("The EHLO name must be one domain name without spaces."));
        for (QChar c : ehloName) {
            if (c.unicode() > 0x7e || c.unicode() < 0x21)
                return Status::failure(
                    QStringLiteral("ehloName"),
                    tr("The EHLO name must be ASCII (write internationalised names as "
                       "A-labels, xn--...)."));
        }
    }
    if (hasLineBreakOrNul(user))
        return Status::failure(QStringLiteral("user"),
                               tr("The user name contains a line break or NUL."));
    if (password.contains(QChar(0)))
        return Status::failure(QStringLiteral("password"), tr("The password contains a NUL."));
    if (hasLineBreakOrNul(token))
        return Status::failure(QStringLiteral("token"),
                               tr("The token contains a line break or NUL."));
    if (authMechanism == AuthMechanism::XOAuth2 && token.isEmpty())
        return Status::failure(QStringLiteral("token"),
                               tr("XOAUTH2 needs an OAuth2 access token."));
    if (authMechanism != AuthMechanism::Auto && user.isEmpty())
        return Status::failure(QStringLiteral("user"),
                               tr("An AUTH mechanism is chosen but the user name is empty."));
    if (!pinSha256.isEmpty()) {
        const QString hex = normalisedPin(pinSha256);
        bool hexOk = hex.size() == 64;
        for (QChar c : hex)
            hexOk = hexOk && ((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                              (c >= QLatin1Char('a') && c <= QLatin1Char('f')));
        if (!hexOk)
            return Status::failure(
                QStringLiteral("pinSha256"),
                tr("The pinned fingerprint must be 64 hex digits (SHA-256), colons allowed."));
    }
    if (!caFile.isEmpty()) {
        QFile f(caFile);
        if (!f.open(QIODevice::ReadOnly))
            return Status::failure(
                QStringLiteral("caFile"),
                tr("Cannot read the CA file %1: %2").arg(caFile, f.errorString()));
        if (QSslCertificate::fromData(f.readAll(), QSsl::Pem).isEmpty())
            return Status::failure(QStringLiteral("caFile"),
                                   tr("The CA file %1 holds no PEM certificate.").arg(caFile));
    }
    if (connectTimeoutMs <= 0)
        return Status::failure(QStringLiteral("connectTimeout"),
                               tr("The connect timeout must be positive."));
    if (stageTimeoutMs <= 0)
        return Status::failure(QStringLiteral("timeout"), tr("The timeout must be positive."));
    if (poolSize < 1 || poolSize > 100)
        return Status::failure(QStringLiteral("poolSize"),
                               tr("The pool size must be between 1 and 100."));
    return engine::success();
}

QString SmtpSettings::poolKey() const
{
    return QStringList{host.toLower(),
                       QString::number(port),
                       tlsModeName(tlsMode),
                       user,
                       authMechanismName(authMechanism),
                       effectiveEhloName(),
                       caFile,
                       normalisedPin(pinSha256),
                       acceptAnyCertificate ? QStringLiteral("any") : QString(),
                       allowPlaintextAuth ? QStringLiteral("plain") : QString()}
        .join(QLatin1Char('\x1f'));
}

QString SmtpSettings::tlsModeName(TlsMode mode)
{
    switch (mode) {
    case TlsMode::None:
        return QStringLiteral("none");
    case TlsMode::StartTls:
        return QStringLiteral("starttls");
    case TlsMode::Implicit:
        return QStringLiteral("implicit");
    }
    return {};
}

std::optional<SmtpSettings::TlsMode> SmtpSettings::tlsModeFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("none") || n == QLatin1String("plain"))
        return TlsMode::None;
    if (n == QLatin1String("starttls"))
        return TlsMode::StartTls;
    if (n == QLatin1String("implicit") || n == QLatin1String("tls") || n == QLatin1String("ssl"))
        return TlsMode::Implicit;
    return std::nullopt;
}

QString SmtpSettings::authMechanismName(AuthMechanism mechanism)
{
    switch (mechanism) {
    case AuthMechanism::Auto:
        return QStringLiteral("auto");
    case AuthMechanism::Plain:
        return QStringLiteral("plain");
    case AuthMechanism::Login:
        return QStringLiteral("login");
    case AuthMechanism::CramMd5:
        return QStringLiteral("cram-md5");
    case AuthMechanism::XOAuth2:
        return QStringLiteral("xoauth2");
    }
    return {};
}

std::optional<SmtpSettings::AuthMechanism> SmtpSettings::authMechanismFromName(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n.isEmpty() || n == QLatin1String("auto") || n == QLatin1String("basic"))
        return AuthMechanism::Auto;
    if (n == QLatin1String("plain"))
        return AuthMechanism::Plain;
    if (n == QLatin1String("login"))
        return AuthMechanism::Login;
    if (n == QLatin1String("cram-md5") || n == QLatin1String("crammd5"))
        return AuthMechanism::CramMd5;
    if (n == QLatin1String("xoauth2") || n == QLatin1String("oauth2"))
        return AuthMechanism::XOAuth2;
    return std::nullopt;
}

engine::Result<SmtpSettings> SmtpSettings::fromConnection(const QJsonObject& params)
{
    using R = engine::Result<SmtpSettings>;
    // Parameter names are matched case-insensitively (Logic Apps writes
    // "serverAddress", exports sometimes "ServerAddress").
    QHash<QString, std::pair<QString, QJsonValue>> byLower;
    for (auto it = params.begin(); it != params.end(); ++it)
        byLower.insert(it.key().toLower(), {it.key(), it.value()});
    auto find = [&](const char* key) -> std::optional<std::pair<QString, QJsonValue>> {
        const auto it = byLower.constFind(QString::fromLatin1(key).toLower());
        if (it == byLower.constEnd() || it->second.isNull() || it->second.isUndefined())
            return std::nullopt;
        return *it;
    };
    auto text = [&](const char* key, QString* out) -> engine::Status {
        const auto v = find(key);
        if (!v)
            return engine::success();
        if (!v->second.isString())
            return engine::Status::failure(v->first, tr("Must be a string."));
        *out = v->second.toString();
        return engine::success();
    };
    auto boolean = [&](const char* key, std::optional<bool>* out) -> engine::Status {
        const auto v = find(key);
        if (!v)
            return engine::success();
        if (v->second.isBool()) {
            *out = v->second.toBool();
            return engine::success();
        }
        const QString s = v->second.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes"))
            *out = true;
        else if (s == QLatin1String("false") || s == QLatin1String("0") ||
                 s == QLatin1String("no") || s.isEmpty())
            *out = false;
        else
            return engine::Status::failure(v->first, tr("Must be true or false."));
        return engine::success();
    };
    auto integer = [&](const char* key, std::optional<qint64>* out) -> engine::Status {
        const auto v = find(key);
        if (!v)
            return engine::success();
        bool ok = false;
        qint64 n = 0;
        if (v->second.isDouble()) {
            const double d = v->second.toDouble();
            ok = d == double(qint64(d));
            n = qint64(d);
        } else if (v->second.isString()) {
            n = v->second.toString().trimmed().toLongLong(&ok);
        }
        if (!ok)
            return engine::Status::failure(v->first, tr("Must be a whole number."));
        *out = n;
        return engine::success();
    };

    SmtpSettings s;
    QString tlsName, authName, host;
    std::optional<bool> enableSsl, acceptAny, allowPlain;
    std::optional<qint64> port, timeoutSeconds, poolSize;
    for (const engine::Status& st :
         {text("serverAddress", &host), text("userName", &s.user), text("password", &s.password),
          text("token", &s.token), text("tlsMode", &tlsName), text("authType", &authName),
          text("ehloName", &s.ehloName), text("caFile", &s.caFile), text("pinSha256", &s.pinSha256),
          boolean("enableSSL", &enableSsl), boolean("acceptAnyCertificate", &acceptAny),
          boolean("allowPlaintextAuth", &allowPlain), integer("port", &port),
          integer("timeoutSeconds", &timeoutSeconds), integer("poolSize", &poolSize)}) {
        if (!st)
            return st.error();
    }
    s.host = host.trimmed();
    if (port) {
        if (*port < 1 || *port > 65535)
            return R::failure(find("port")->first, tr("The port must be between 1 and 65535."));
        s.port = quint16(*port);
    }
    if (!tlsName.isEmpty()) {
        const auto mode = tlsModeFromName(tlsName);
        if (!mode)
            return R::failure(
                find("tlsMode")->first,
                tr("Unknown TLS mode \"%1\"; use none, starttls or implicit.").arg(tlsName));
        s.tlsMode = *mode;
    } else if (enableSsl.has_value() && !*enableSsl) {
        s.tlsMode = TlsMode::None;
    } else {
        // Logic Apps' enableSSL: STARTTLS, except on 465 where TLS starts at
        // once (RFC 8314 3.3). Absent means secure as well: fail closed.
        s.tlsMode = (port && *port == 465) ? TlsMode::Implicit : TlsMode::StartTls;
    }
    if (!port)
        s.port = s.tlsMode == TlsMode::Implicit ? 465 : s.tlsMode == TlsMode::StartTls ? 587 : 25;
    const auto mech = authMechanismFromName(authName);
    if (!mech)
        return R::failure(
            find("authType")->first,
            tr("Unknown AUTH mechanism \"%1\"; use auto, plain, login, cram-md5 or xoauth2.")
                .arg(authName));
    s.authMechanism = *mech;
    s.acceptAnyCertificate = acceptAny.value_or(false);
    s.allowPlaintextAuth = allowPlain.value_or(false);
    if (timeoutSeconds) {
        if (*timeoutSeconds < 1 || *timeoutSeconds > 3600)
            return R::failure(find("timeoutSeconds")->first,
                              tr("The timeout must be between 1 and 3600 seconds."));
        s.stageTimeoutMs = int(*timeoutSeconds * 1000);
        s.connectTimeoutMs = s.stageTimeoutMs;
    }
    if (poolSize)
        s.poolSize = int(std::clamp<qint64>(*poolSize, -1, 1000));
    const engine::Status valid = s.validate();
    if (!valid) {
        // Report the name the user wrote in the connection.
        engine::Error e = valid.error();
        static const QHash<QString, const char*> toParam = {
            {QStringLiteral("host"), "serverAddress"},
            {QStringLiteral("user"), "userName"},
            {QStringLiteral("timeout"), "timeoutSeconds"}};
        const char* key = toParam.value(e.field, nullptr);
        const QByteArray fieldKey = e.field.toLatin1();
        const auto original = find(key ? key : fieldKey.constData());
        e.field = original ? original->first : (key ? QString::fromLatin1(key) : e.field);
        return e;
    }
    return s;
}

} // namespace connectors::smtp
