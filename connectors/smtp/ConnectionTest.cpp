#include "connectors/smtp/ConnectionTest.h"

#include "connectors/smtp/LoginJob.h"
#include "connectors/smtp/SendJob.h"
#include "connectors/smtp/SmtpSession.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QSslCipher>
#include <QSslSocket>

namespace connectors::smtp {

ConnectionTest::ConnectionTest(const SmtpSettings& settings, QObject* parent)
    : QObject(parent), m_settings(settings)
{
    m_report.host = settings.host;
    m_report.port = settings.port;
    m_report.tlsMode = SmtpSettings::tlsModeName(settings.tlsMode);
}

ConnectionTest::~ConnectionTest()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    delete m_login;
    delete m_session;
}

void ConnectionTest::setProbe(const QString& sender, const QString& recipient)
{
    m_probeSender = sender;
    m_probeRecipient = recipient;
}

void ConnectionTest::beginStage(const QString& name)
{
    m_currentStage = name;
    Q_EMIT stageStarted(name);
}

void ConnectionTest::endStage(bool ok, const QString& detail)
{
    if (m_currentStage.isEmpty())
        return;
    m_report.stages.append({m_currentStage, ok, m_clock.elapsed(), detail});
    if (!ok)
        m_report.failedStage = m_currentStage;
    m_currentStage.clear();
}

void ConnectionTest::start()
{
    m_clock.start();
    const engine::Status valid = m_settings.validate();
    if (!valid) {
        m_report.failure = SendResult::Failure::InvalidInput;
        m_report.error = valid.error().toString();
        m_report.failedStage = QStringLiteral("settings");
        QMetaObject::invokeMethod(this, &ConnectionTest::complete, Qt::QueuedConnection);
        return;
    }
    if (!m_probeRecipient.isEmpty()) {
        Envelope e;
        e.from = m_probeSender;
        e.recipients = {m_probeRecipient};
        const engine::Status ok = SendJob::validateEnvelope(e);
        if (!ok) {
            m_report.failure = SendResult::Failure::InvalidInput;
            m_report.error = ok.error().toString();
            m_report.failedStage = QStringLiteral("settings");
            QMetaObject::invokeMethod(this, &ConnectionTest::complete, Qt::QueuedConnection);
            return;
        }
    }
    beginStage(QStringLiteral("DNS"));
    QHostAddress literal;
    if (literal.setAddress(m_settings.host)) {
        QMetaObject::invokeMethod(
            this, [this, literal] { lookedUp({literal.toString()}, {}); }, Qt::QueuedConnection);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_settings.host, this, [this](const QHostInfo& info) {
        m_lookupId = -1;
        QStringList addresses;
        for (const QHostAddress& a : info.addresses())
            addresses.append(a.toString());
        lookedUp(addresses, info.error() == QHostInfo::NoError ? QString() : info.errorString());
    });
}

void ConnectionTest::lookedUp(const QStringList& addresses, const QString& error)
{
    m_report.addresses = addresses;
    if (addresses.isEmpty()) {
        endStage(false, error);
        m_report.failure = SendResult::Failure::Connect;
        m_report.error = tr("The name %1 could not be resolved: %2")
                             .arg(m_settings.host, error.isEmpty() ? tr("no address") : error);
        complete();
        return;
    }
    endStage(true, addresses.join(QStringLiteral(", ")));
    connectSession();
}

void ConnectionTest::connectSession()
{
    m_session = new SmtpSession(m_settings);
    connect(m_session, &SmtpSession::transcript, this,
            [this](const QString& dir, const QString& line) {
                const QJsonObject entry{{QStringLiteral("dir"), dir},
                                        {QStringLiteral("ms"), m_clock.elapsed()},
                                        {QStringLiteral("line"), line}};
                m_report.transcript.append(entry);
                Q_EMIT transcriptLine(entry);
            });
    connect(m_session, &SmtpSession::failed, this, &ConnectionTest::onFailed);
    connect(m_session->socket(), &QSslSocket::sslErrors, this,
            [this](const QList<QSslError>&) { captureTls(); });
    if (m_settings.tlsMode == SmtpSettings::TlsMode::Implicit) {
        // TCP is up before the handshake starts: a handshake failure (say
        // "wrong version number" on a STARTTLS port) is then the TLS stage's.
        connect(m_session->socket(), &QSslSocket::connected, this, [this] {
            endStage(true);
            beginStage(QStringLiteral("TLS"));
        });
    }
    connect(m_session, &SmtpSession::connected, this, [this] {
        if (m_settings.tlsMode == SmtpSettings::TlsMode::Implicit) {
            captureTls();
            endStage(true, m_report.tlsProtocol + QLatin1Char(' ') + m_report.cipher);
        } else {
            endStage(true);
        }
    });
    connect(m_session, &SmtpSession::encrypted, this, [this] { captureTls(); });
    m_login = new LoginJob(m_session);
    connect(m_login, &LoginJob::stageStarted, this, [this](LoginJob::Stage stage) {
        switch (stage) {
        case LoginJob::Stage::Greeting:
            break; // started with TCP below
        case LoginJob::Stage::Ehlo:
            if (m_currentStage == QLatin1String("TLS")) {
                captureTls();
                endStage(true, m_report.tlsProtocol + QLatin1Char(' ') + m_report.cipher);
            } else {
                endStage(true);
            }
            beginStage(QStringLiteral("EHLO"));
            break;
        case LoginJob::Stage::Tls:
            endStage(true);
            m_report.capabilities = m_session->capabilities;
            m_report.capabilitiesKnown = true;
            beginStage(QStringLiteral("TLS"));
            break;
        case LoginJob::Stage::Auth:
            endStage(true);
            m_report.capabilities = m_session->capabilities;
            m_report.capabilitiesKnown = true;
            beginStage(QStringLiteral("AUTH"));
            break;
        case LoginJob::Stage::Ready:
            m_report.capabilities = m_session->capabilities;
            m_report.capabilitiesKnown = true;
            endStage(true, m_login->chosenMechanism());
            break;
        }
    });
    connect(m_login, &LoginJob::done, this, &ConnectionTest::loggedIn);
    beginStage(QStringLiteral("TCP"));
    m_session->open();
    connect(
        m_session, &SmtpSession::connected, this,
        [this] { beginStage(QStringLiteral("greeting")); }, Qt::SingleShotConnection);
    m_login->start();
}

void ConnectionTest::captureTls()
{
    QSslSocket* s = m_session->socket();
    const QSslCipher cipher = s->sessionCipher();
    if (!cipher.isNull()) {
        m_report.tlsProtocol = cipher.protocolString();
        m_report.cipher = cipher.name();
    }
    const QList<QSslCertificate> chain = s->peerCertificateChain();
    if (!chain.isEmpty()) {
        m_report.chain.clear();
        for (const QSslCertificate& c : chain) {
            ConnectionReport::Certificate info;
            info.subject = c.subjectDisplayName();
            info.issuer = c.issuerDisplayName();
            info.notBefore = c.effectiveDate();
            info.notAfter = c.expiryDate();
            info.sha256 = QString::fromLatin1(c.digest(QCryptographicHash::Sha256).toHex());
            for (const QString& n : c.subjectAlternativeNames().values())
                info.names.append(n);
            m_report.chain.append(info);
        }
    }
    const QList<QSslError> errors = m_session->sslErrors();
    QStringList why;
    for (const QSslError& e : errors)
        why.append(e.errorString());
    if (errors.isEmpty()) {
        m_report.verification = tr("trusted");
        m_report.certificateTrusted = true;
    } else if (!m_settings.pinBytes().isEmpty() && !chain.isEmpty() &&
               chain.first().digest(QCryptographicHash::Sha256) == m_settings.pinBytes()) {
        m_report.verification =
            tr("pinned certificate matches (%1)").arg(why.join(QStringLiteral("; ")));
        m_report.certificateTrusted = true;
    } else if (m_settings.acceptAnyCertificate) {
        m_report.verification = tr("NOT VERIFIED (accept any certificate is on): %1")
                                    .arg(why.join(QStringLiteral("; ")));
        m_report.certificateTrusted = false;
    } else {
        m_report.verification = why.join(QStringLiteral("; "));
        m_report.certificateTrusted = false;
    }
}

void ConnectionTest::loggedIn()
{
    m_report.authMechanism = m_login->chosenMechanism();
    if (m_probeRecipient.isEmpty()) {
        quit();
        return;
    }
    probe();
}

void ConnectionTest::probe()
{
    beginStage(QStringLiteral("probe"));
    m_session->setStage(QStringLiteral("MAIL FROM"));
    m_session->command("MAIL FROM:<" + m_probeSender.toUtf8() + '>', [this](const SmtpReply& r) {
        if (!r.isPositive()) {
            m_report.lastReply = r;
            m_report.failure = SendResult::Failure::Refused;
            m_report.error =
                tr("The server refused the sender %1: %2").arg(m_probeSender, r.toString());
            endStage(false, r.toString());
            m_session->command("RSET", [this](const SmtpReply&) { quit(); });
            return;
        }
        m_session->setStage(QStringLiteral("RCPT TO"));
        m_session->command(
            "RCPT TO:<" + m_probeRecipient.toUtf8() + '>', [this](const SmtpReply& r2) {
                const bool accepted = r2.code == 250 || r2.code == 251;
                m_report.probe.append({m_probeRecipient, r2.code, r2.toString(), accepted});
                if (!accepted) {
                    m_report.lastReply = r2;
                    m_report.failure = SendResult::Failure::Refused;
                    m_report.error = tr("The server refused the recipient %1: %2")
                                         .arg(m_probeRecipient, r2.toString());
                }
                endStage(accepted, r2.toString());
                // RFC 5321 4.1.1.5: abandon the transaction; nothing is sent.
                m_session->command("RSET", [this](const SmtpReply&) { quit(); });
            });
    });
}

void ConnectionTest::quit()
{
    beginStage(QStringLiteral("QUIT"));
    connect(m_session, &SmtpSession::closed, this, [this] {
        endStage(true);
        complete();
    });
    m_session->quit();
}

void ConnectionTest::onFailed(const SessionError& error)
{
    if (m_finished)
        return;
    captureTls();
    endStage(false, error.message);
    m_report.failure = error.failure;
    m_report.error = error.message;
    m_report.lastReply = error.reply;
    complete();
}

void ConnectionTest::cancel()
{
    if (m_finished)
        return;
    if (m_child) {
        m_child->disconnect(this);
        m_child.release()->deleteLater();
        m_report.attempts = m_attempts;
    }
    if (m_session)
        m_session->disconnect(this);
    m_report.failure = SendResult::Failure::Cancelled;
    m_report.error = tr("The test was cancelled.");
    endStage(false, m_report.error);
    complete();
}

void ConnectionTest::complete()
{
    if (m_finished)
        return;
    m_report.ok = m_report.failure == SendResult::Failure::None;
    if (!m_report.ok)
        m_report.diagnosis = diagnose(m_report);
    if (m_session) {
        m_session->disconnect(this);
        m_session->deleteLater();
        m_session = nullptr;
    }
    if (m_login) {
        m_login->disconnect(this);
        m_login->deleteLater();
        m_login = nullptr;
    }
    m_finished = true;
    Q_EMIT finished();
}

QList<ConnectionTest::Candidate> ConnectionTest::standardCandidates()
{
    // RFC 8314 3.3: implicit TLS first, then submission with STARTTLS, then
    // the relay port (RFC 5321), which many networks block.
    return {{465, SmtpSettings::TlsMode::Implicit},
            {587, SmtpSettings::TlsMode::StartTls},
            {25, SmtpSettings::TlsMode::StartTls}};
}

void ConnectionTest::startAutoDetect(const QList<Candidate>& candidates)
{
    m_autoDetect = true;
    m_autoIndex = 0;
    m_candidates = candidates;
    m_attempts = QJsonArray();
    m_firstWorking.reset();
    m_clock.start();
    if (m_candidates.isEmpty()) {
        m_report.failure = SendResult::Failure::InvalidInput;
        m_report.error = tr("There is no port to try.");
        m_report.failedStage = QStringLiteral("settings");
        QMetaObject::invokeMethod(this, &ConnectionTest::complete, Qt::QueuedConnection);
        return;
    }
    nextAutoDetect();
}

void ConnectionTest::nextAutoDetect()
{
    if (m_autoIndex >= m_candidates.size()) {
        // Every candidate was tried, so the report can say which work, not
        // only the first that did.
        m_report = m_firstWorking ? *m_firstWorking : m_lastFailure;
        m_report.attempts = m_attempts;
        m_finished = true;
        Q_EMIT finished();
        return;
    }
    SmtpSettings s = m_settings;
    s.port = m_candidates.at(m_autoIndex).port;
    s.tlsMode = m_candidates.at(m_autoIndex).tlsMode;
    s.connectTimeoutMs = std::min(s.connectTimeoutMs, 10000);
    s.stageTimeoutMs = std::min(s.stageTimeoutMs, 10000);
    ++m_autoIndex;
    m_child = std::make_unique<ConnectionTest>(s);
    m_child->setProbe(m_probeSender, m_probeRecipient);
    connect(m_child.get(), &ConnectionTest::transcriptLine, this, &ConnectionTest::transcriptLine);
    connect(m_child.get(), &ConnectionTest::stageStarted, this, &ConnectionTest::stageStarted);
    connect(m_child.get(), &ConnectionTest::finished, this, [this] {
        const ConnectionReport r = m_child->report();
        m_attempts.append(r.toJson());
        m_child.release()->deleteLater();
        if (r.ok && !m_firstWorking)
            m_firstWorking = r;
        else if (!r.ok)
            m_lastFailure = r;
        nextAutoDetect();
    });
    m_child->start();
}

QString ConnectionTest::diagnose(const ConnectionReport& r)
{
    const QString e = r.error.toLower();
    const int code = r.lastReply.code;
    const QString enhanced = r.lastReply.enhancedStatus;
    using F = SendResult::Failure;
    switch (r.failure) {
    case F::None:
        return {};
    case F::Cancelled:
        return tr("The test was cancelled.");
    case F::InvalidInput:
        return tr("The settings are incomplete or invalid: %1").arg(r.error);
    case F::Connect:
        if (r.failedStage == QLatin1String("DNS") || e.contains(QLatin1String("resolve")))
            return tr("The server name %1 does not exist in DNS. Check the spelling of the "
                      "server address.")
                .arg(r.host);
        if (e.contains(QLatin1String("refused")))
            return tr("Nothing accepts connections on %1 port %2. Check the port: mail "
                      "submission uses 587 (STARTTLS) or 465 (implicit TLS); 25 is for servers. "
                      "A firewall may also reject the connection.")
                .arg(r.host)
                .arg(r.port);
        return tr("Could not connect to %1 port %2: %3").arg(r.host).arg(r.port).arg(r.error);
    case F::Timeout:
        if (r.failedStage == QLatin1String("TCP"))
            return tr("No answer from %1 port %2. A firewall may be dropping the traffic (many "
                      "networks block port 25), or the server is down. Try port 587 or 465.")
                .arg(r.host)
                .arg(r.port);
        if (r.failedStage == QLatin1String("greeting") && r.tlsMode != QLatin1String("implicit"))
            return tr("Connected, but the server said nothing. It probably expects TLS from the "
                      "first byte (implicit TLS, usual on port 465): choose 'Implicit TLS'%1.")
                .arg(r.port == 465 ? QString() : tr(" or use port 587 with STARTTLS"));
        return tr("The server stopped answering during %1. Try again later or raise the "
                  "timeout.")
            .arg(r.failedStage);
    case F::Tls:
        if (e.contains(QLatin1String("wrong version number")) ||
            e.contains(QLatin1String("packet length too long")) ||
            e.contains(QLatin1String("unknown protocol")) ||
            (r.tlsMode == QLatin1String("implicit") && r.failedStage == QLatin1String("TLS") &&
             r.chain.isEmpty()))
            return tr("The server did not answer with TLS (\"wrong version number\"): port %1 "
                      "speaks plain SMTP first. Choose STARTTLS (usual on port 587 and 25), or "
                      "use port 465 for implicit TLS.")
                .arg(r.port);
        if (e.contains(QLatin1String("does not offer starttls")))
            return tr("The server does not offer STARTTLS on port %1. If it is port 465, choose "
                      "'Implicit TLS'; otherwise the server does not support encryption here.")
                .arg(r.port);
        if (e.contains(QLatin1String("injection")))
            return tr("Someone between you and the server tampered with the STARTTLS exchange. "
                      "Do not use this network for mail; try another network or implicit TLS.");
        if (e.contains(QLatin1String("fingerprint")))
            return tr("The server's certificate is not the pinned one. If the server renewed "
                      "its certificate, pin the new fingerprint; otherwise do not connect.");
        {
            // Certificate problems often come together (self-signed and for
            // another name); explain each.
            QStringList parts;
            if (e.contains(QLatin1String("self signed")) ||
                e.contains(QLatin1String("self-signed")) || e.contains(QLatin1String("issuer")) ||
                e.contains(QLatin1String("not trusted")) || e.contains(QLatin1String("untrusted")))
                parts.append(
                    tr("The server's certificate is not trusted by this computer. Add the CA "
                       "that issued it (CA file), or pin this exact certificate by its SHA-256 "
                       "fingerprint%1.")
                        .arg(r.chain.isEmpty() ? QString()
                                               : QStringLiteral(" (") + r.chain.first().sha256 +
                                                     QLatin1Char(')')));
            if (e.contains(QLatin1String("host name")) || e.contains(QLatin1String("hostname")))
                parts.append(tr("The certificate is for %1, not %2. Use one of the certificate's "
                                "names as the server address.")
                                 .arg(r.chain.isEmpty()
                                          ? tr("another name")
                                          : r.chain.first().names.join(QStringLiteral(", ")),
                                      r.host));
            if (!parts.isEmpty())
                return parts.join(QLatin1Char(' '));
        }
        if (e.contains(QLatin1String("expired")))
            return tr("The server's certificate has expired; the server's administrator must "
                      "renew it.");
        if (e.contains(QLatin1String("unencrypted")))
            return tr("The password would travel unencrypted. Choose STARTTLS or implicit TLS.");
        return tr("The TLS connection failed: %1").arg(r.error);
    case F::Auth:
        if (code == 534 || enhanced == QLatin1String("5.7.9"))
            return tr("The provider wants an app password: with two-step verification on, "
                      "create an app password in the account's security settings and use it "
                      "instead of your normal password (or use OAuth2).");
        if (code == 535)
            return tr("The user name or password is wrong (535). Check both; some providers "
                      "need the full email address as user name.");
        if (code == 530)
            return tr("The server requires a secure connection before login (530): choose "
                      "STARTTLS or implicit TLS.");
        return tr("Login failed: %1").arg(r.error);
    case F::Refused:
        if (code == 530)
            return tr("The server requires STARTTLS (530 must issue STARTTLS first): choose "
                      "STARTTLS as TLS mode.");
        if (enhanced.endsWith(QLatin1String(".7.1")) || e.contains(QLatin1String("relay")))
            return tr("The server does not relay for you: log in (user and password) or send "
                      "from an address the server accepts.");
        if (enhanced.endsWith(QLatin1String(".1.1")))
            return tr("The recipient's mailbox does not exist.");
        return tr("The server refused: %1").arg(r.error);
    case F::Server:
        if (code == 530)
            return tr("The server requires STARTTLS (530): choose STARTTLS as TLS mode.");
        return tr("The server reported an error: %1").arg(r.error);
    }
    return r.error;
}

} // namespace connectors::smtp
