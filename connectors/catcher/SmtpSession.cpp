#include "connectors/catcher/SmtpSession.h"

#include "connectors/catcher/MailCatcher.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_DECLARE_LOGGING_CATEGORY(lcCatcher)

namespace connectors::catcher {
namespace {

// RFC 5321 4.5.3.1.4 sets 512 octets; clients with long parameters exceed it,
// so allow more but not without bound.
constexpr qsizetype MaxCommandLine = 4096;
constexpr qsizetype MaxPendingData = 64 * 1024;
constexpr int MaxErrors = 20;
constexpr int MaxRecipients = 1000;
constexpr int IdleTimeoutMs = 5 * 60 * 1000; // RFC 5321 4.5.3.2.7

// "<a@b> SIZE=10 BODY=8BITMIME" -> path "a@b", params; nullopt if no <...>.
std::optional<std::pair<QString, QList<QByteArray>>> parsePath(const QByteArray& argument)
{
    const QByteArray arg = argument.trimmed();
    if (!arg.startsWith('<'))
        return std::nullopt;
    const qsizetype end = arg.indexOf('>');
    if (end < 0)
        return std::nullopt;
    const QString path = QString::fromUtf8(arg.mid(1, end - 1)).trimmed();
    QList<QByteArray> params;
    for (const QByteArray& p : arg.mid(end + 1).split(' ')) {
        if (!p.isEmpty())
            params.append(p);
    }
    return std::make_pair(path, params);
}

} // namespace

SmtpSession::SmtpSession(QSslSocket* socket, MailCatcher* catcher)
    : QObject(catcher), m_socket(socket), m_catcher(catcher)
{
    socket->setParent(this);
    ++m_catcher->m_sessions;
    connect(socket, &QSslSocket::readyRead, this, &SmtpSession::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            qCInfo(lcCatcher) << "session error:" << m_socket->errorString();
        deleteLater();
    });
    connect(socket, &QSslSocket::encrypted, this, [this] { processBuffer(); });
    m_idle.setSingleShot(true);
    m_idle.setInterval(IdleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        reply("421 4.4.2 " + m_catcher->options().hostName.toUtf8() + " idle too long, closing");
        close();
    });
    m_idle.start();
    reply("220 " + m_catcher->options().hostName.toUtf8() + " ESMTP Logic Designer mail catcher");
}

SmtpSession::~SmtpSession()
{
    --m_catcher->m_sessions;
}

void SmtpSession::reply(const QByteArray& text)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(text + "\r\n");
}

void SmtpSession::close()
{
    m_state = State::Closing;
    m_buffer.clear();
    m_socket->disconnectFromHost();
}

void SmtpSession::onReadyRead()
{
    m_idle.start();
    m_buffer += m_socket->readAll();
    processBuffer();
}

void SmtpSession::processBuffer()
{
    while (m_state != State::Closing && !m_buffer.isEmpty()) {
        // Wait for the TLS handshake before reading what follows STARTTLS.
        if (m_socket->mode() == QSslSocket::SslServerMode && !m_socket->isEncrypted())
            return;
        const qsizetype lf = m_buffer.indexOf('\n');
        if (lf < 0) {
            if (m_state == State::Data && m_buffer.size() > MaxPendingData) {
                // Keep a possible CR for the line end; the rest is body text.
                const qsizetype keep = m_buffer.endsWith('\r') ? 1 : 0;
                dataLine(m_buffer.left(m_buffer.size() - keep), false);
                m_buffer.remove(0, m_buffer.size() - keep);
            } else if (m_state == State::Command && m_buffer.size() > MaxCommandLine) {
                m_buffer.clear();
                m_discardLine = true;
                reply("500 5.5.2 Line too long");
            }
            return;
        }
        QByteArray line = m_buffer.left(lf);
        m_buffer.remove(0, lf + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (m_state == State::Data) {
            dataLine(line, true);
            continue;
        }
        if (m_discardLine) {
            m_discardLine = false;
            continue;
        }
        if (line.size() > MaxCommandLine) {
            reply("500 5.5.2 Line too long");
            continue;
        }
        command(line);
    }
}

void SmtpSession::command(const QByteArray& line)
{
    const qsizetype space = line.indexOf(' ');
    const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
    const QByteArray argument = space < 0 ? QByteArray() : line.mid(space + 1);
    bool bad = false;
    if (verb == "EHLO" || verb == "HELO") {
        ehlo(argument, verb == "EHLO");
    } else if (verb == "MAIL") {
        mailFrom(argument);
    } else if (verb == "RCPT") {
        rcptTo(argument);
    } else if (verb == "DATA") {
        data();
    } else if (verb == "RSET") {
        resetTransaction();
        reply("250 2.0.0 OK");
    } else if (verb == "NOOP") {
        reply("250 2.0.0 OK");
    } else if (verb == "QUIT") {
        reply("221 2.0.0 " + m_catcher->options().hostName.toUtf8() + " closing");
        close();
    } else if (verb == "STARTTLS") {
        startTls();
    } else if (verb == "VRFY") {
        reply("252 2.1.5 Cannot verify, but will accept the message");
    } else if (verb == "HELP") {
        reply("214 2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP QUIT STARTTLS VRFY HELP");
    } else {
        bad = true;
        reply("500 5.5.2 Command not recognised");
    }
    if (bad && ++m_errors >= MaxErrors) {
        reply("421 4.7.0 Too many errors, closing");
        close();
    }
}

void SmtpSession::ehlo(const QByteArray& argument, bool extended)
{
    if (argument.trimmed().isEmpty()) {
        reply("501 5.5.4 " + QByteArray(extended ? "EHLO" : "HELO") + " needs a domain");
        return;
    }
    resetTransaction();
    m_greeted = true;
    const QByteArray host = m_catcher->options().hostName.toUtf8();
    if (!extended) {
        reply("250 " + host);
        return;
    }
    QList<QByteArray> lines = {host + " greets " + argument.trimmed(),
                               "PIPELINING",
                               "8BITMIME",
                               "SMTPUTF8",
                               "ENHANCEDSTATUSCODES",
                               "SIZE " + QByteArray::number(m_catcher->options().maxSize)};
    if (!m_catcher->m_certificate.isNull() && !m_socket->isEncrypted())
        lines.append("STARTTLS");
    for (qsizetype i = 0; i < lines.size(); ++i)
        reply("250" + QByteArray(i + 1 < lines.size() ? "-" : " ") + lines.at(i));
}

void SmtpSession::mailFrom(const QByteArray& argument)
{
    if (!m_greeted) {
        reply("503 5.5.1 Send EHLO first");
        return;
    }
    if (!m_from.isNull()) {
        reply("503 5.5.1 Sender already given; RSET first");
        return;
    }
    if (!argument.toUpper().startsWith("FROM:")) {
        reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        return;
    }
    const auto path = parsePath(argument.mid(5));
    if (!path) {
        reply("501 5.1.7 Syntax: MAIL FROM:<address>");
        return;
    }
    for (const QByteArray& p : path->second) {
        const QByteArray upper = p.toUpper();
        if (upper.startsWith("SIZE=")) {
            bool ok = false;
            const qint64 size = p.mid(5).toLongLong(&ok);
            if (!ok) {
                reply("501 5.5.4 SIZE needs a number");
                return;
            }
            if (size > m_catcher->options().maxSize) {
                reply("552 5.3.4 Message too big for this catcher");
                return;
            }
        }
    }
    m_from = path->first;
    reply("250 2.1.0 Sender OK");
}

void SmtpSession::rcptTo(const QByteArray& argument)
{
    if (m_from.isNull()) {
        reply("503 5.5.1 Need MAIL before RCPT");
        return;
    }
    if (!argument.toUpper().startsWith("TO:")) {
        reply("501 5.5.4 Syntax: RCPT TO:<address>");
        return;
    }
    const auto path = parsePath(argument.mid(3));
    if (!path || path->first.isEmpty()) {
        reply("501 5.1.3 Syntax: RCPT TO:<address>");
        return;
    }
    if (m_recipients.size() >= MaxRecipients) {
        reply("452 4.5.3 Too many recipients");
        return;
    }
    m_recipients.append(path->first);
    reply("250 2.1.5 Recipient OK");
}

void SmtpSession::data()
{
    if (m_recipients.isEmpty()) {
        reply(m_from.isNull() ? "503 5.5.1 Need MAIL first" : "503 5.5.1 Need RCPT first");
        return;
    }
    auto delivery = m_catcher->m_maildir.begin();
    if (!delivery) {
        qCWarning(lcCatcher) << delivery.error().toString();
        reply("451 4.3.0 Cannot store mail now");
        return;
    }
    m_delivery = std::move(*delivery);
    m_tooBig = false;
    m_writeFailed = false;
    m_midLine = false;
    // The envelope, as a Maildir delivery records it, so BCC recipients show.
    QByteArray head = "Return-Path: <" + m_from.toUtf8() + ">\r\n";
    for (const QString& r : std::as_const(m_recipients))
        head += "Delivered-To: " + r.toUtf8() + "\r\n";
    head += "Received: from " + m_socket->peerAddress().toString().toUtf8() + " by " +
            m_catcher->options().hostName.toUtf8() + " (Logic Designer mail catcher); " +
            QDateTime::currentDateTime().toString(Qt::RFC2822Date).toUtf8() + "\r\n";
    m_writeFailed = !m_delivery->write(head);
    m_state = State::Data;
    reply("354 End data with <CR><LF>.<CR><LF>");
}

void SmtpSession::dataLine(const QByteArray& line, bool complete)
{
    QByteArray text = line;
    if (!m_midLine) {
        if (complete && text == ".") {
            finishData();
            return;
        }
        if (text.startsWith('.')) // RFC 5321 4.5.2: transparency
            text.remove(0, 1);
    }
    m_midLine = !complete;
    if (complete)
        text += "\r\n";
    if (m_tooBig || m_writeFailed)
        return;
    if (m_delivery->size() + text.size() > m_catcher->options().maxSize) {
        m_tooBig = true;
        return;
    }
    m_writeFailed = !m_delivery->write(text);
}

void SmtpSession::finishData()
{
    m_state = State::Command;
    if (m_tooBig) {
        m_delivery->discard();
        reply("552 5.3.4 Message too big for this catcher");
    } else if (m_writeFailed) {
        m_delivery->discard();
        reply("451 4.3.0 Could not store the message");
    } else {
        auto path = m_delivery->commit();
        if (!path) {
            qCWarning(lcCatcher) << path.error().toString();
            reply("451 4.3.0 Could not store the message");
        } else {
            const QString id = path->section(QLatin1Char('/'), -1);
            qCInfo(lcCatcher) << "stored" << *path << "from" << m_from << "to" << m_recipients;
            reply("250 2.0.0 OK queued as " + id.toUtf8());
            Q_EMIT m_catcher->messageStored(*path);
        }
    }
    m_delivery.reset();
    resetTransaction();
}

void SmtpSession::resetTransaction()
{
    if (m_delivery)
        m_delivery->discard();
    m_delivery.reset();
    m_from = QString();
    m_recipients.clear();
}

void SmtpSession::startTls()
{
    if (m_catcher->m_certificate.isNull() || m_socket->isEncrypted()) {
        reply("502 5.5.1 STARTTLS not offered");
        return;
    }
    reply("220 2.0.0 Ready to start TLS");
    // RFC 3207 4.2: forget everything, including commands pipelined after
    // STARTTLS in clear text (they could have been injected).
    m_buffer.clear();
    resetTransaction();
    m_greeted = false;
    m_socket->setLocalCertificate(m_catcher->m_certificate);
    m_socket->setPrivateKey(m_catcher->m_key);
    m_socket->startServerEncryption();
}

} // namespace connectors::catcher
