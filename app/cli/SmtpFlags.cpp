#include "app/cli/SmtpFlags.h"

#include <QCoreApplication>

namespace cli {

using connectors::smtp::SendResult;
using connectors::smtp::SmtpSettings;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::SmtpFlags", text);
}

const QStringList kValued = {QStringLiteral("--server"),    QStringLiteral("--tls"),
                             QStringLiteral("--user"),      QStringLiteral("--password-env"),
                             QStringLiteral("--token-env"), QStringLiteral("--auth"),
                             QStringLiteral("--ca-file"),   QStringLiteral("--pin-sha256"),
                             QStringLiteral("--ehlo"),      QStringLiteral("--timeout")};
const QStringList kSwitches = {QStringLiteral("--insecure"),
                               QStringLiteral("--allow-plaintext-auth")};

} // namespace

engine::Result<SmtpSettings> SmtpFlags::take(QStringList& args)
{
    using R = engine::Result<SmtpSettings>;
    QHash<QString, QString> values;
    QSet<QString> switches;
    QStringList rest;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        QString value;
        bool inlineValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            value = arg.section(QLatin1Char('='), 1);
            arg = arg.section(QLatin1Char('='), 0, 0);
            inlineValue = true;
        }
        if (kValued.contains(arg)) {
            if (!inlineValue) {
                if (i + 1 >= args.size())
                    return R::failure(arg, tr("needs a value"));
                value = args.at(++i);
            }
            if (values.contains(arg))
                return R::failure(arg, tr("given twice"));
            values.insert(arg, value);
        } else if (kSwitches.contains(arg)) {
            if (inlineValue)
                return R::failure(arg, tr("takes no value"));
            switches.insert(arg);
        } else {
            rest.append(args.at(i));
        }
    }
    args = rest;

    SmtpSettings s;
    const QString server = values.value(QStringLiteral("--server"));
    if (server.isEmpty())
        return R::failure(QStringLiteral("--server"), tr("is required (HOST or HOST:PORT)"));
    QString host = server;
    std::optional<quint16> port;
    // [v6]:port, host:port, or a bare host / IPv6 literal.
    QString portText;
    if (server.startsWith(QLatin1Char('['))) {
        const qsizetype close = server.indexOf(QLatin1Char(']'));
        if (close < 0)
            return R::failure(QStringLiteral("--server"), tr("has '[' without ']'"));
        host = server.mid(1, close - 1);
        if (close + 1 < server.size()) {
            if (server.at(close + 1) != QLatin1Char(':'))
                return R::failure(QStringLiteral("--server"), tr("expected ':' after ']'"));
            portText = server.mid(close + 2);
        }
    } else if (server.count(QLatin1Char(':')) == 1) {
        host = server.section(QLatin1Char(':'), 0, 0);
        portText = server.section(QLatin1Char(':'), 1);
    }
    if (!portText.isNull()) {
        bool ok = false;
        const uint p = portText.toUInt(&ok);
        if (!ok || p < 1 || p > 65535)
            return R::failure(QStringLiteral("--server"),
                              tr("port \"%1\" is not a number from 1 to 65535").arg(portText));
        port = quint16(p);
    }
    s.host = host;
    if (values.contains(QStringLiteral("--tls"))) {
        const auto mode = SmtpSettings::tlsModeFromName(values.value(QStringLiteral("--tls")));
        if (!mode)
            return R::failure(QStringLiteral("--tls"),
                              tr("must be none, starttls or implicit, not \"%1\"")
                                  .arg(values.value(QStringLiteral("--tls"))));
        s.tlsMode = *mode;
    } else {
        s.tlsMode = port == quint16(465) ? SmtpSettings::TlsMode::Implicit
                                         : SmtpSettings::TlsMode::StartTls;
    }
    s.port = port ? *port
                  : (s.tlsMode == SmtpSettings::TlsMode::Implicit
                         ? 465
                         : (s.tlsMode == SmtpSettings::TlsMode::StartTls ? 587 : 25));
    s.user = values.value(QStringLiteral("--user"));
    if (values.contains(QStringLiteral("--password-env")) &&
        values.contains(QStringLiteral("--token-env")))
        return R::failure(QStringLiteral("--token-env"),
                          tr("cannot be combined with --password-env"));
    for (const QString& flag : {QStringLiteral("--password-env"), QStringLiteral("--token-env")}) {
        if (!values.contains(flag))
            continue;
        const QString var = values.value(flag);
        if (var.isEmpty())
            return R::failure(flag, tr("needs the name of an environment variable"));
        if (!qEnvironmentVariableIsSet(var.toLocal8Bit().constData()))
            return R::failure(flag, tr("environment variable %1 is not set").arg(var));
        const QString secret = qEnvironmentVariable(var.toLocal8Bit().constData());
        if (flag == QLatin1String("--password-env"))
            s.password = secret;
        else
            s.token = secret;
        if (s.user.isEmpty())
            return R::failure(QStringLiteral("--user"), tr("is required with %1").arg(flag));
    }
    if (values.contains(QStringLiteral("--auth"))) {
        const auto mech =
            SmtpSettings::authMechanismFromName(values.value(QStringLiteral("--auth")));
        if (!mech)
            return R::failure(QStringLiteral("--auth"),
                              tr("must be auto, plain, login, cram-md5 or xoauth2, not \"%1\"")
                                  .arg(values.value(QStringLiteral("--auth"))));
        s.authMechanism = *mech;
    } else if (!s.token.isEmpty()) {
        s.authMechanism = SmtpSettings::AuthMechanism::XOAuth2;
    }
    if (!s.user.isEmpty() && s.password.isEmpty() && s.token.isEmpty())
        return R::failure(QStringLiteral("--password-env"),
                          tr("--user needs --password-env VAR or --token-env VAR"));
    s.caFile = values.value(QStringLiteral("--ca-file"));
    s.pinSha256 = values.value(QStringLiteral("--pin-sha256"));
    s.acceptAnyCertificate = switches.contains(QStringLiteral("--insecure"));
    s.allowPlaintextAuth = switches.contains(QStringLiteral("--allow-plaintext-auth"));
    s.ehloName = values.value(QStringLiteral("--ehlo"));
    if (values.contains(QStringLiteral("--timeout"))) {
        bool ok = false;
        const double seconds = values.value(QStringLiteral("--timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return R::failure(QStringLiteral("--timeout"),
                              tr("must be a number of seconds from 0 to 3600"));
        s.stageTimeoutMs = int(seconds * 1000);
        s.connectTimeoutMs = s.stageTimeoutMs;
    }
    const engine::Status valid = s.validate();
    if (!valid) {
        static const QHash<QString, QString> flagOf = {
            {QStringLiteral("host"), QStringLiteral("--server")},
            {QStringLiteral("port"), QStringLiteral("--server")},
            {QStringLiteral("ehloName"), QStringLiteral("--ehlo")},
            {QStringLiteral("user"), QStringLiteral("--user")},
            {QStringLiteral("password"), QStringLiteral("--password-env")},
            {QStringLiteral("token"), QStringLiteral("--token-env")},
            {QStringLiteral("pinSha256"), QStringLiteral("--pin-sha256")},
            {QStringLiteral("caFile"), QStringLiteral("--ca-file")},
            {QStringLiteral("timeout"), QStringLiteral("--timeout")}};
        engine::Error e = valid.error();
        e.field = flagOf.value(e.field, e.field);
        return e;
    }
    return s;
}

QString SmtpFlags::help()
{
    return tr("Connection:\n"
              "  --server HOST[:PORT]       SMTP server (port defaults by --tls: 587, 465, 25)\n"
              "  --tls none|starttls|implicit  default starttls (implicit on port 465)\n"
              "  --user U                   log in as U\n"
              "  --password-env VAR         the password is in environment variable VAR\n"
              "  --token-env VAR            an OAuth2 access token is in VAR (XOAUTH2)\n"
              "  --auth MECH                auto, plain, login, cram-md5, xoauth2\n"
              "  --ca-file PEM              trust only these CA certificates\n"
              "  --pin-sha256 HEX           accept exactly the certificate with this SHA-256\n"
              "  --insecure                 accept ANY certificate (testing only)\n"
              "  --ehlo NAME                name sent in EHLO (default: this machine's name)\n"
              "  --timeout SECONDS          inactivity timeout per stage (default 60)\n"
              "  --allow-plaintext-auth     allow sending the password without TLS\n");
}

int SmtpFlags::exitCode(SendResult::Failure failure)
{
    switch (failure) {
    case SendResult::Failure::None:
        return ExitOk;
    case SendResult::Failure::InvalidInput:
        return ExitUsage;
    case SendResult::Failure::Connect:
        return ExitConnect;
    case SendResult::Failure::Tls:
        return ExitTls;
    case SendResult::Failure::Auth:
        return ExitAuth;
    case SendResult::Failure::Refused:
        return ExitRefused;
    case SendResult::Failure::Server:
    case SendResult::Failure::Cancelled:
        return ExitServer;
    case SendResult::Failure::Timeout:
        return ExitTimeout;
    }
    return ExitServer;
}

} // namespace cli
