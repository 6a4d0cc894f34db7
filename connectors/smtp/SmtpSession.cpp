#include "connectors/smtp/SmtpSession.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcSmtp, "logicapp.smtp", QtInfoMsg)

namespace connectors::smtp {

namespace {} // namespace

int codeForReply(const SmtpReply& reply)
{
    const QString e = reply.enhancedStatus;
    // RFC 4954 6: 535 credentials invalid, 534 mechanism too weak (app
    // passwords), RFC 3463 3.8 X.7.8 / X.7.9.
    if (reply.code == 535 || reply.code == 534 || e.endsWith(QLatin1String(".7.8")) ||
        e.endsWith(QLatin1String(".7.9")))
        return 401;
    // 530: authentication or TLS required (RFC 3207 4, RFC 4954 6).
    if (reply.code == 530)
        return 403;
    // RFC 3463 3.2: X.1.1 bad destination mailbox, X.1.10 null MX.
    if (e.endsWith(QLatin1String(".1.1")) || e.endsWith(QLatin1String(".1.10")) ||
        e.endsWith(QLatin1String(".2.1")))
        return 404;
    // X.7.x: security or policy (relay denied 5.7.1).
    if (e.section(QLatin1Char('.'), 1, 1) == QLatin1String("7"))
        return 403;
    if (e.isEmpty() && (reply.code == 550 || reply.code == 553)) {
        const QString t = reply.text().toLower();
        if (t.contains(QLatin1String("relay")))
            return 403;
        if (t.contains(QLatin1String("unknown")) || t.contains(QLatin1String("no such")) ||
            t.contains(QLatin1String("does not exist")) || t.contains(QLatin1String("not found")) ||
            t.contains(QLatin1String("unavailable")))
            return 404;
    }
    return 500;
}

QString queueIdFromReply(const SmtpReply& reply)
{
    static const QRegularExpression queued(
        QStringLiteral("(?:queued as|id=|queue id[: ])\\s*([A-Za-z0-9._@<>-]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = queued.match(reply.text());
    if (m.hasMatch())
        return m.captured(1);
    return {};
}

SmtpSession::SmtpSession(const SmtpSettings& settings, QObject* parent)
    : QObject(parent), m_settings(settings), m_socket(new QSslSocket(this))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SmtpSession::onTimeout);
    connect(m_socket, &QSslSocket::readyRead, this, &SmtpSession::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &SmtpSession::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &SmtpSession::onDisconnected);
    connect(m_socket, &QSslSocket::encrypted, this, &SmtpSession::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &SmtpSession::onSslErrors);
    connect(m_socket, &QSslSocket::bytesWritten, this, [this] {
        arm();
        Q_EMIT progress();
    });
    // Over TLS the write buffer drains as encrypted bytes leave; the writer
    // waits on bytesToWrite() (which counts them), so it must hear of that too.
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, [this] {
        arm();
        Q_EMIT progress();
    });
    connect(m_socket, &QSslSocket::connected, this, [this] {
        // Small command lines must not wait for Nagle + delayed ACK.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (m_settings.tlsMode != SmtpSettings::TlsMode::Implicit) {
            m_connecting = false;
            note(tr("Connected to %1 port %2")
                     .arg(m_socket->peerAddress().toString())
                     .arg(m_socket->peerPort()));
            arm();
            Q_EMIT connected();
        } else {
            note(tr("Connected to %1 port %2, starting TLS")
                     .arg(m_socket->peerAddress().toString())
                     .arg(m_socket->peerPort()));
        }
    });

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!m_settings.caFile.isEmpty()) {
        QFile f(m_settings.caFile);
        if (f.open(QIODevice::ReadOnly))
            config.setCaCertificates(QSslCertificate::fromData(f.readAll(), QSsl::Pem));
    }
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    config.setProtocol(QSsl::SecureProtocols);
    m_socket->setSslConfiguration(config);
    m_socket->setPeerVerifyName(m_settings.host);
}

SmtpSession::~SmtpSession()
{
    m_failed = true; // no signals from teardown
    m_socket->disconnect(this);
    m_socket->abort();
}

void SmtpSession::open()
{
    m_connecting = true;
    m_stage = tr("connect");
    m_timer.start(m_settings.connectTimeoutMs);
    note(tr("Connecting to %1 port %2 (%3)")
             .arg(m_settings.host)
             .arg(m_settings.port)
             .arg(SmtpSettings::tlsModeName(m_settings.tlsMode)));
    if (m_settings.tlsMode == SmtpSettings::TlsMode::Implicit) {
        m_tlsStarting = true;
        m_socket->connectToHostEncrypted(m_settings.host, m_settings.port, m_settings.host);
    } else {
        m_socket->connectToHost(m_settings.host, m_settings.port);
    }
}

bool SmtpSession::isOpen() const
{
    return !m_failed && !m_quitting && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool SmtpSession::isEncrypted() const
{
    return m_socket->isEncrypted();
}

void SmtpSession::expect(ReplyHandler handler)
{
    m_handlers.push_back(Awaited{std::move(handler), m_owner});
    arm();
}

void SmtpSession::command(const QByteArray& line, ReplyHandler handler, const QString& shownAs)
{
    if (m_failed)
        return;
    Q_EMIT transcript(QStringLiteral("C"), shownAs.isEmpty() ? QString::fromUtf8(line) : shownAs);
    m_handlers.push_back(Awaited{std::move(handler), m_owner});
    m_socket->write(line);
    m_socket->write("\r\n", 2);
    arm();
}

void SmtpSession::writeData(const QByteArray& bytes)
{
    if (m_failed)
        return;
    m_socket->write(bytes);
    arm();
}

void SmtpSession::flush()
{
    if (m_failed || m_flushing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // flush() can report bytes written (and errors) at once; a writer
    // reacting to that must not flush again from inside.
    m_flushing = true;
    m_socket->flush();
    m_flushing = false;
}

qint64 SmtpSession::bytesToWrite() const
{
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
}

void SmtpSession::setWriting(bool writing)
{
    m_writing = writing;
    arm();
}

void SmtpSession::beginTls()
{
    // RFC 3207 5 / CVE-2011-0411: anything sent after the 220 but before the
    // handshake was injected by someone in the path; never act on it.
    if (m_parser.hasPending() || m_batchRemaining > 0 || m_socket->bytesAvailable() > 0) {
        fail({SendResult::Failure::Tls,
              500,
              tr("The server sent data after agreeing to STARTTLS and before the TLS "
                 "handshake (possible command injection); the connection was closed."),
              false,
              {},
              {},
              false});
        return;
    }
    m_tlsStarting = true;
    m_stage = tr("TLS handshake");
    note(tr("Starting TLS handshake"));
    m_lastProgressMs = m_clock.elapsed();
    m_timer.start(m_settings.stageTimeoutMs);
    m_socket->startClientEncryption();
}

void SmtpSession::quit()
{
    if (m_failed || m_quitting)
        return;
    if (m_socket->state() != QAbstractSocket::ConnectedState) {
        m_socket->abort();
        return;
    }
    m_handlers.clear();
    command("QUIT", [this](const SmtpReply&) { m_socket->disconnectFromHost(); });
    flush();
    m_quitting = true;
    m_stage = QStringLiteral("QUIT");
    m_timer.start(std::min(m_settings.stageTimeoutMs, 5000));
}

void SmtpSession::fail(SessionError error)
{
    if (m_failed)
        return;
    m_failed = true;
    m_timer.stop();
    m_handlers.clear();
    qCDebug(lcSmtp) << "session failed:" << error.message;
    // What the server said last is part of the story (injected lines, a
    // reply nobody asked for).
    transcribeServerLines(qsizetype(m_serverLines.size()));
    note(error.message);
    m_socket->abort();
    Q_EMIT failed(error);
    if (!m_closedEmitted) {
        m_closedEmitted = true;
        Q_EMIT closed();
    }
}

void SmtpSession::abandon()
{
    if (m_failed)
        return;
    m_failed = true;
    m_closedEmitted = true;
    m_timer.stop();
    m_handlers.clear();
    m_socket->abort();
}

void SmtpSession::note(const QString& line)
{
    Q_EMIT transcript(QStringLiteral("i"), line);
}

bool SmtpSession::awaitsServer() const
{
    return m_tlsStarting || !m_handlers.empty() || m_writing || bytesToWrite() > 0;
}

void SmtpSession::arm()
{
    if (m_failed || m_connecting || m_quitting)
        return;
    // Progress: the inactivity deadline moves on. The timer is only started
    // when it is not running with the stage timeout already; onTimeout()
    // looks at the last progress before giving up.
    m_lastProgressMs = m_clock.elapsed();
    if (!awaitsServer())
        return; // a running timer finds nothing awaited and stops
    if (!m_timer.isActive() || m_timer.interval() != m_settings.stageTimeoutMs)
        m_timer.start(m_settings.stageTimeoutMs);
}

void SmtpSession::onTimeout()
{
    if (m_quitting) {
        m_socket->abort();
        return;
    }
    if (!m_connecting) {
        if (!awaitsServer())
            return; // an idle connection has no deadline
        const qint64 idle = m_clock.elapsed() - m_lastProgressMs;
        if (idle < m_settings.stageTimeoutMs) {
            m_timer.start(int(m_settings.stageTimeoutMs - idle));
            return;
        }
    }
    const int ms = m_connecting ? m_settings.connectTimeoutMs : m_settings.stageTimeoutMs;
    fail({SendResult::Failure::Timeout,
          500,
          tr("The server did not answer within %1 s (waiting for %2).")
              .arg(ms / 1000.0)
              .arg(m_stage),
          true,
          {},
          {},
          false});
}

void SmtpSession::collectServerLines(QByteArrayView bytes)
{
    // Split exactly as SmtpReplyParser does (LF, one CR before it dropped),
    // so a reply of N lines owns the next N lines here.
    qsizetype start = 0;
    const char* data = bytes.data();
    if (!m_incomingLine.isEmpty()) {
        const qsizetype nl = bytes.indexOf('\n');
        if (nl < 0) {
            m_incomingLine.append(data, bytes.size());
            if (m_incomingLine.size() > SmtpReplyParser::MaxLineLength)
                m_incomingLine.clear();
            return;
        }
        m_incomingLine.append(data, nl);
        if (m_incomingLine.endsWith('\r'))
            m_incomingLine.chop(1);
        m_serverLines.push_back(std::move(m_incomingLine));
        m_incomingLine = QByteArray();
        start = nl + 1;
    }
    while (start < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', start);
        if (nl < 0) {
            m_incomingLine = QByteArray(data + start, bytes.size() - start);
            if (m_incomingLine.size() > SmtpReplyParser::MaxLineLength)
                m_incomingLine.clear();
            return;
        }
        qsizetype end = nl;
        if (end > start && data[end - 1] == '\r')
            --end;
        m_serverLines.emplace_back(data + start, end - start);
        start = nl + 1;
    }
}

void SmtpSession::transcribeServerLines(qsizetype count)
{
    for (; count > 0 && !m_serverLines.empty(); --count) {
        const QByteArray line = std::move(m_serverLines.front());
        m_serverLines.pop_front();
        Q_EMIT transcript(QStringLiteral("S"), QString::fromUtf8(line));
    }
}

void SmtpSession::onReadyRead()
{
    if (m_failed)
        return;
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    arm();
    collectServerLines(data);
    auto replies = m_parser.feed(data);
    if (!replies) {
        fail({SendResult::Failure::Server, 500, replies.error().message, false, {}, {}, false});
        return;
    }
    const QList<SmtpReply>& list = replies.value();
    // Replies in this read can only answer commands sent before it.
    const qsizetype awaited = qsizetype(m_handlers.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const SmtpReply& reply = list.at(i);
        // The reply's lines are shown under the owner of the command it answers.
        if (!m_handlers.empty())
            m_owner = m_handlers.front().owner;
        transcribeServerLines(reply.lines.size());
        if (m_quitting) {
            if (!m_handlers.empty()) {
                Awaited a = std::move(m_handlers.front());
                m_handlers.pop_front();
                a.handler(reply);
            }
            continue;
        }
        // RFC 5321 3.8: 421 may come at any time; the server is closing.
        if (reply.code == 421) {
            fail({SendResult::Failure::Server,
                  500,
                  tr("The server is closing the connection: %1").arg(reply.toString()),
                  true,
                  reply,
                  {},
                  true});
            return;
        }
        if (m_handlers.empty() || i >= awaited) {
            fail({SendResult::Failure::Server,
                  500,
                  tr("The server sent a reply nobody asked for: %1").arg(reply.toString()),
                  false,
                  reply,
                  {},
                  false});
            return;
        }
        Awaited a = std::move(m_handlers.front());
        m_handlers.pop_front();
        m_batchRemaining = list.size() - i - 1;
        a.handler(reply);
        m_batchRemaining = 0;
        if (m_failed)
            return;
    }
    // What the handlers wrote (the next commands, content) leaves now, in
    // one segment, instead of waiting for the next event-loop pass.
    flush();
    arm();
}

void SmtpSession::onSocketError()
{
    if (m_failed)
        return;
    const auto err = m_socket->error();
    if (m_quitting) {
        m_socket->abort();
        return;
    }
    SessionError e;
    e.transient = true;
    switch (err) {
    case QAbstractSocket::HostNotFoundError:
        e.failure = SendResult::Failure::Connect;
        e.message = tr("The server name %1 could not be resolved (DNS): %2")
                        .arg(m_settings.host, m_socket->errorString());
        break;
    case QAbstractSocket::ConnectionRefusedError:
        e.failure = SendResult::Failure::Connect;
        e.message = tr("Connection to %1 port %2 was refused: nothing listens there, or a "
                       "firewall rejects it.")
                        .arg(m_settings.host)
                        .arg(m_settings.port);
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: {
        e.failure = SendResult::Failure::Tls;
        e.transient = false;
        QStringList why;
        for (const QSslError& s : std::as_const(m_sslErrors))
            why.append(s.errorString());
        e.message = tr("TLS handshake with %1 failed: %2")
                        .arg(m_settings.host, why.isEmpty() ? m_socket->errorString()
                                                            : why.join(QStringLiteral("; ")));
        break;
    }
    case QAbstractSocket::RemoteHostClosedError:
        e.failure = m_tlsStarting ? SendResult::Failure::Tls : SendResult::Failure::Server;
        e.message = m_tlsStarting
                        ? tr("The server closed the connection during the TLS handshake.")
                        : tr("The server closed the connection (waiting for %1).").arg(m_stage);
        e.connectionLost = !m_tlsStarting;
        break;
    default:
        e.failure = m_connecting ? SendResult::Failure::Connect : SendResult::Failure::Server;
        e.message =
            tr("Network error talking to %1: %2").arg(m_settings.host, m_socket->errorString());
        e.connectionLost = !m_connecting;
        break;
    }
    fail(e);
}

void SmtpSession::onDisconnected()
{
    if (m_failed)
        return;
    if (m_quitting) {
        m_failed = true;
        m_timer.stop();
        note(tr("Connection closed"));
        if (!m_closedEmitted) {
            m_closedEmitted = true;
            Q_EMIT closed();
        }
        return;
    }
    fail({m_tlsStarting ? SendResult::Failure::Tls : SendResult::Failure::Server,
          500,
          tr("The server closed the connection (waiting for %1).").arg(m_stage),
          true,
          {},
          {},
          !m_tlsStarting});
}

void SmtpSession::onSslErrors(const QList<QSslError>& errors)
{
    m_sslErrors = errors;
    const QByteArray pin = m_settings.pinBytes();
    if (!pin.isEmpty()) {
        // A pinned certificate replaces chain and name checks (it is the
        // exact certificate the user chose to trust).
        if (m_socket->peerCertificate().digest(QCryptographicHash::Sha256) == pin) {
            m_socket->ignoreSslErrors();
            return;
        }
    }
    if (m_settings.acceptAnyCertificate) {
        note(tr("Certificate problems ignored (accept any certificate is on)"));
        m_socket->ignoreSslErrors();
    }
}

void SmtpSession::onEncrypted()
{
    const QByteArray pin = m_settings.pinBytes();
    if (!pin.isEmpty() && m_socket->peerCertificate().digest(QCryptographicHash::Sha256) != pin) {
        fail({SendResult::Failure::Tls,
              500,
              tr("The server certificate's SHA-256 fingerprint %1 does not match the pinned %2.")
                  .arg(QString::fromLatin1(
                           m_socket->peerCertificate().digest(QCryptographicHash::Sha256).toHex()),
                       QString::fromLatin1(pin.toHex())),
              false,
              {},
              {},
              false});
        return;
    }
    m_tlsStarting = false;
    note(tr("TLS established: %1, %2")
             .arg(m_socket->sessionCipher().protocolString(), m_socket->sessionCipher().name()));
    if (m_connecting) {
        m_connecting = false;
        arm();
        Q_EMIT connected();
    } else {
        arm();
        Q_EMIT encrypted();
    }
}

} // namespace connectors::smtp
