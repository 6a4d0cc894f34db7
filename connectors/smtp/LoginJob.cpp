#include "connectors/smtp/LoginJob.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QSslSocket>

namespace connectors::smtp {

namespace {

const QString kHidden = QStringLiteral("****");

} // namespace

LoginJob::LoginJob(SmtpSession* session, QObject* parent) : QObject(parent), m_session(session) {}

void LoginJob::fail(SendResult::Failure failure, int code, const QString& message,
                    const SmtpReply& reply, bool transient, const QString& field)
{
    SessionError e;
    e.failure = failure;
    e.code = code;
    e.message = message;
    e.reply = reply;
    e.transient = transient || reply.isTransientFailure();
    e.field = field;
    m_session->fail(e);
}

void LoginJob::start()
{
    Q_EMIT stageStarted(Stage::Greeting);
    m_session->setStage(tr("the greeting"));
    m_session->expect([this](const SmtpReply& r) { greeting(r); });
}

void LoginJob::greeting(const SmtpReply& reply)
{
    // RFC 5321 4.3.2: 220 ready, 554 no service.
    if (reply.code != 220) {
        fail(reply.code == 554 ? SendResult::Failure::Refused : SendResult::Failure::Server,
             codeForReply(reply), tr("The server refused the session: %1").arg(reply.toString()),
             reply);
        return;
    }
    ehlo(false);
}

void LoginJob::ehlo(bool afterTls)
{
    Q_EMIT stageStarted(Stage::Ehlo);
    m_session->setStage(QStringLiteral("EHLO"));
    const QByteArray name = m_session->settings().effectiveEhloName().toLatin1();
    m_session->command("EHLO " + name, [this, afterTls](const SmtpReply& r) {
        if (r.code == 250) {
            m_session->capabilities = SmtpCapabilities::fromEhlo(r);
            capabilitiesKnown(afterTls);
        } else if (!afterTls && r.isPermanentFailure()) {
            // RFC 5321 4.1.4 / 3.2: an old server answers 500/502 to EHLO.
            helo();
        } else {
            fail(SendResult::Failure::Server, codeForReply(r),
                 tr("The server refused EHLO: %1").arg(r.toString()), r);
        }
    });
}

void LoginJob::helo()
{
    m_session->note(tr("EHLO refused; falling back to HELO"));
    const QByteArray name = m_session->settings().effectiveEhloName().toLatin1();
    m_session->command("HELO " + name, [this](const SmtpReply& r) {
        if (r.code != 250) {
            fail(SendResult::Failure::Server, codeForReply(r),
                 tr("The server refused both EHLO and HELO: %1").arg(r.toString()), r);
            return;
        }
        m_session->capabilities = SmtpCapabilities();
        capabilitiesKnown(false);
    });
}

void LoginJob::capabilitiesKnown(bool afterTls)
{
    const SmtpSettings& s = m_session->settings();
    if (!afterTls && s.tlsMode == SmtpSettings::TlsMode::StartTls) {
        startTls();
        return;
    }
    if (s.wantsAuth()) {
        authenticate();
        return;
    }
    Q_EMIT stageStarted(Stage::Ready);
    Q_EMIT done();
}

void LoginJob::startTls()
{
    Q_EMIT stageStarted(Stage::Tls);
    // RFC 3207 4: never continue in plaintext when TLS was asked for.
    if (!m_session->capabilities.startTls) {
        fail(SendResult::Failure::Tls, 500,
             tr("The server does not offer STARTTLS, and sending in plaintext was not allowed. "
                "Choose implicit TLS (port 465) if the server expects TLS from the start, or "
                "TLS mode 'none' only for a trusted local server."));
        return;
    }
    m_session->setStage(QStringLiteral("STARTTLS"));
    m_session->command("STARTTLS", [this](const SmtpReply& r) {
        if (r.code != 220) {
            fail(SendResult::Failure::Tls, 500,
                 tr("The server refused STARTTLS (%1); the message was not sent in plaintext.")
                     .arg(r.toString()),
                 r, r.isTransientFailure());
            return;
        }
        QObject::connect(
            m_session, &SmtpSession::encrypted, this,
            [this] {
                // RFC 3207 4.2: forget everything learnt before TLS.
                m_session->capabilities = SmtpCapabilities();
                ehlo(true);
            },
            Qt::SingleShotConnection);
        m_session->beginTls();
    });
}

void LoginJob::authenticate()
{
    Q_EMIT stageStarted(Stage::Auth);
    const SmtpSettings& s = m_session->settings();
    const SmtpCapabilities& caps = m_session->capabilities;
    // RFC 4954 4 / RFC 8314: credentials only over TLS unless allowed.
    if (!m_session->isEncrypted() && !s.allowPlaintextAuth) {
        fail(SendResult::Failure::Tls, 400,
             tr("Refusing to send the password over an unencrypted connection. Use STARTTLS or "
                "implicit TLS, or allow plaintext authentication explicitly."),
             {}, false, QStringLiteral("tlsMode"));
        return;
    }
    if (caps.authMechanisms.isEmpty()) {
        fail(SendResult::Failure::Auth, 500,
             tr("A user name is set but the server offers no AUTH mechanism%1.")
                 .arg(m_session->isEncrypted()
                          ? QString()
                          : tr(" (some servers offer it only after STARTTLS)")));
        return;
    }
    using M = SmtpSettings::AuthMechanism;
    M mech = s.authMechanism;
    if (mech == M::Auto) {
        if (!s.token.isEmpty() && caps.supportsAuth(QStringLiteral("XOAUTH2")))
            mech = M::XOAuth2;
        else if (caps.supportsAuth(QStringLiteral("CRAM-MD5")) && !s.password.isEmpty())
            mech = M::CramMd5;
        else if (caps.supportsAuth(QStringLiteral("PLAIN")))
            mech = M::Plain;
        else if (caps.supportsAuth(QStringLiteral("LOGIN")))
            mech = M::Login;
        else {
            fail(SendResult::Failure::Auth, 500,
                 tr("None of the server's AUTH mechanisms (%1) is supported; we support "
                    "PLAIN, LOGIN, CRAM-MD5 and XOAUTH2.")
                     .arg(caps.authMechanisms.join(QLatin1Char(' '))));
            return;
        }
    } else {
        const QString wanted = SmtpSettings::authMechanismName(mech).toUpper();
        if (!caps.supportsAuth(wanted)) {
            fail(SendResult::Failure::Auth, 500,
                 tr("The server does not offer AUTH %1 (it offers: %2).")
                     .arg(wanted, caps.authMechanisms.join(QLatin1Char(' '))),
                 {}, false, QStringLiteral("authMechanism"));
            return;
        }
    }
    m_session->setStage(QStringLiteral("AUTH"));
    switch (mech) {
    case M::Plain:
        authPlain();
        break;
    case M::Login:
        authLogin();
        break;
    case M::CramMd5:
        authCramMd5();
        break;
    case M::XOAuth2:
    case M::Auto:
        authXOAuth2();
        break;
    }
}

void LoginJob::authPlain()
{
    m_mechanism = QStringLiteral("PLAIN");
    const SmtpSettings& s = m_session->settings();
    // RFC 4616 2: authzid NUL authcid NUL passwd; sent as initial response (RFC 4954 4).
    const QByteArray message =
        QByteArray(1, '\0') + s.user.toUtf8() + QByteArray(1, '\0') + s.password.toUtf8();
    m_session->command(
        "AUTH PLAIN " + message.toBase64(), [this](const SmtpReply& r) { authResult(r); },
        QStringLiteral("AUTH PLAIN ****"));
}

void LoginJob::authLogin()
{
    m_mechanism = QStringLiteral("LOGIN");
    m_session->command("AUTH LOGIN", [this](const SmtpReply& r) {
        if (r.code != 334) {
            authResult(r);
            return;
        }
        const SmtpSettings& s = m_session->settings();
        m_session->command(
            s.user.toUtf8().toBase64(),
            [this](const SmtpReply& r2) {
                if (r2.code != 334) {
                    authResult(r2);
                    return;
                }
                m_session->command(
                    m_session->settings().password.toUtf8().toBase64(),
                    [this](const SmtpReply& r3) { authResult(r3); }, kHidden);
            },
            kHidden);
    });
}

void LoginJob::authCramMd5()
{
    m_mechanism = QStringLiteral("CRAM-MD5");
    m_session->command("AUTH CRAM-MD5", [this](const SmtpReply& r) {
        if (r.code != 334) {
            authResult(r);
            return;
        }
        // RFC 2195 2: user SP hex(HMAC-MD5(password, challenge)).
        const QByteArray challenge = QByteArray::fromBase64(r.text().toLatin1());
        const SmtpSettings& s = m_session->settings();
        const QByteArray digest = QMessageAuthenticationCode::hash(challenge, s.password.toUtf8(),
                                                                   QCryptographicHash::Md5)
                                      .toHex();
        m_session->command(
            QByteArray(s.user.toUtf8() + ' ' + digest).toBase64(),
            [this](const SmtpReply& r2) { authResult(r2); }, kHidden);
    });
}

void LoginJob::authXOAuth2()
{
    m_mechanism = QStringLiteral("XOAUTH2");
    const SmtpSettings& s = m_session->settings();
    const QByteArray message = "user=" + s.user.toUtf8() +
                               "\x01"
                               "auth=Bearer " +
                               s.token.toUtf8() + "\x01\x01";
    m_session->command(
        "AUTH XOAUTH2 " + message.toBase64(),
        [this](const SmtpReply& r) {
            if (r.code != 334) {
                authResult(r);
                return;
            }
            // The 334 carries a base64 JSON error; the client answers with an
            // empty line and the server then sends the final failure.
            const QJsonObject err =
                QJsonDocument::fromJson(QByteArray::fromBase64(r.text().toLatin1())).object();
            const QString status = err.value(QStringLiteral("status")).toVariant().toString();
            m_session->command(QByteArray(), [this, status](const SmtpReply& r2) {
                fail(SendResult::Failure::Auth, 401,
                     tr("The OAuth2 token was refused (status %1): %2. Get a new access token.")
                         .arg(status.isEmpty() ? tr("unknown") : status, r2.toString()),
                     r2);
            });
        },
        QStringLiteral("AUTH XOAUTH2 ****"));
}

void LoginJob::authResult(const SmtpReply& reply)
{
    if (reply.code == 235) {
        Q_EMIT stageStarted(Stage::Ready);
        Q_EMIT done();
        return;
    }
    QString message;
    const QString e = reply.enhancedStatus;
    if (reply.code == 534 || e == QLatin1String("5.7.9"))
        message = tr("The server wants a stronger login (%1). For Gmail or Outlook with two-step "
                     "verification, create an app password and use it instead of the account "
                     "password, or use OAuth2 (XOAUTH2).")
                      .arg(reply.toString());
    else if (reply.code == 535)
        message =
            tr("Login refused: the user name or password is wrong (%1).").arg(reply.toString());
    else if (reply.code == 530 || reply.code == 538)
        message = tr("The server requires TLS before login (%1); use STARTTLS or implicit TLS.")
                      .arg(reply.toString());
    else
        message = tr("Login with %1 failed: %2").arg(m_mechanism, reply.toString());
    const int code = (reply.code == 535 || reply.code == 534) ? 401 : codeForReply(reply);
    fail(SendResult::Failure::Auth, code, message, reply);
}

} // namespace connectors::smtp
