#include "connectors/smtp/SendJob.h"

#include <QCoreApplication>

namespace connectors::smtp {

namespace {

QString trFree(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::SendJob", text);
}

// Content is read and written in large pieces: per-line writes cost a round
// trip each through Nagle + delayed ACK.
constexpr qint64 kChunk = 256 * 1024;
constexpr qint64 kHighWater = 1024 * 1024;

engine::Status checkAddress(const QString& address, const QString& field, bool smtpUtf8)
{
    for (QChar c : address) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c.unicode() == 0)
            return engine::Status::failure(field,
                                           trFree("The address contains a line break or NUL."));
        if (c == QLatin1Char('<') || c == QLatin1Char('>'))
            return engine::Status::failure(
                field, trFree("The address contains '<' or '>'; give the bare address."));
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return engine::Status::failure(field,
                                           trFree("The address contains a control character."));
        if (c.unicode() > 0x7f && !smtpUtf8)
            return engine::Status::failure(
                field, trFree("The address has non-ASCII characters; it needs SMTPUTF8 (RFC 6531) "
                              "or its domain written as an A-label (xn--...)."));
    }
    return engine::success();
}

bool accepted(const SmtpReply& r)
{
    return r.code == 250 || r.code == 251; // RFC 5321 4.2.5
}

} // namespace

SendJob::SendJob(SmtpSession* session, const Envelope& envelope, ContentProvider content,
                 bool canReencode, QObject* parent)
    : QObject(parent), m_session(session), m_envelope(envelope), m_provider(std::move(content)),
      m_canReencode(canReencode)
{}

engine::Status SendJob::validateEnvelope(const Envelope& envelope)
{
    if (auto st = checkAddress(envelope.from, QStringLiteral("from"), envelope.smtpUtf8); !st)
        return st;
    if (envelope.recipients.isEmpty())
        return engine::Status::failure(QStringLiteral("recipients"), tr("There is no recipient."));
    for (qsizetype i = 0; i < envelope.recipients.size(); ++i) {
        const QString& r = envelope.recipients.at(i);
        const auto field = [i] { return QStringLiteral("recipients[%1]").arg(i); };
        if (r.trimmed().isEmpty())
            return engine::Status::failure(field(), tr("The address is empty."));
        if (auto st = checkAddress(r, QString(), envelope.smtpUtf8); !st)
            return engine::Status::failure(field(), st.error().message);
    }
    static const QStringList known = {QStringLiteral("SUCCESS"), QStringLiteral("FAILURE"),
                                      QStringLiteral("DELAY"), QStringLiteral("NEVER")};
    for (const QString& n : envelope.dsnNotify) {
        if (!known.contains(n.toUpper()))
            return engine::Status::failure(
                QStringLiteral("dsnNotify"),
                tr("Unknown DSN NOTIFY value \"%1\"; use SUCCESS, FAILURE, DELAY or NEVER.")
                    .arg(n));
    }
    // RFC 3461 4.1: NEVER stands alone.
    if (envelope.dsnNotify.size() > 1 &&
        envelope.dsnNotify.contains(QStringLiteral("NEVER"), Qt::CaseInsensitive))
        return engine::Status::failure(QStringLiteral("dsnNotify"),
                                       tr("NOTIFY=NEVER cannot be combined with other values."));
    return engine::success();
}

std::unique_ptr<QIODevice> SendJob::takeUntouchedContent()
{
    if (m_touched)
        return nullptr;
    return std::move(m_content);
}

void SendJob::failSession(SendResult::Failure failure, int code, const QString& message,
                          const QString& field, const SmtpReply& reply)
{
    SessionError e;
    e.failure = failure;
    e.code = code;
    e.message = message;
    e.field = field;
    e.reply = reply;
    e.transient = reply.isTransientFailure();
    m_session->fail(e);
}

void SendJob::start()
{
    const SmtpCapabilities& caps = m_session->capabilities;
    auto refuseEarly = [this](int code, SendResult::Failure failure, const QString& message,
                              const QString& field = {}) {
        SendResult r;
        r.code = code;
        r.failure = failure;
        r.error = message;
        r.field = field;
        m_session->note(message);
        Q_EMIT finished(r);
    };
    // RFC 6531 3.4: SMTPUTF8 only towards a server that offers it.
    if (m_envelope.smtpUtf8 && !caps.smtpUtf8) {
        refuseEarly(500, SendResult::Failure::Server,
                    tr("An address needs internationalised mail (SMTPUTF8, RFC 6531) but the "
                       "server does not offer it; use an ASCII address for this server."));
        return;
    }
    if (m_envelope.eightBitMime && !caps.eightBitMime && !m_canReencode) {
        refuseEarly(500, SendResult::Failure::Server,
                    tr("The message has 8-bit content but the server does not offer 8BITMIME "
                       "(RFC 6152); it must be re-encoded as quoted-printable or base64."));
        return;
    }
    // RFC 1870 6: do not send what the server already said it will refuse.
    if (caps.maxSize > 0 && m_envelope.sizeHint > caps.maxSize) {
        refuseEarly(500, SendResult::Failure::Refused,
                    tr("The message is %1 bytes but the server accepts at most %2 bytes (SIZE).")
                        .arg(m_envelope.sizeHint)
                        .arg(caps.maxSize),
                    QStringLiteral("size"));
        return;
    }
    if (!m_content) {
        m_content = m_provider ? m_provider(caps) : nullptr;
        if (!m_content) {
            refuseEarly(400, SendResult::Failure::InvalidInput, tr("There is no message content."),
                        QStringLiteral("content"));
            return;
        }
    }
    if (!m_content->isOpen() && !m_content->open(QIODevice::ReadOnly)) {
        refuseEarly(400, SendResult::Failure::InvalidInput,
                    tr("The message content cannot be read: %1").arg(m_content->errorString()),
                    QStringLiteral("content"));
        return;
    }
    sendEnvelope();
}

void SendJob::sendEnvelope()
{
    const SmtpCapabilities& caps = m_session->capabilities;
    m_pipelined = caps.pipelining;
    QByteArray mail = "MAIL FROM:<" + m_envelope.from.toUtf8() + '>';
    if (caps.sizeAdvertised && m_envelope.sizeHint >= 0)
        mail += " SIZE=" + QByteArray::number(m_envelope.sizeHint);
    if (m_envelope.eightBitMime && caps.eightBitMime)
        mail += " BODY=8BITMIME";
    if (m_envelope.smtpUtf8)
        mail += " SMTPUTF8";
    QByteArray notify;
    if (!m_envelope.dsnNotify.isEmpty()) {
        if (caps.dsn)
            notify = " NOTIFY=" + m_envelope.dsnNotify.join(QLatin1Char(',')).toUpper().toLatin1();
        else
            m_session->note(tr("The server does not offer DSN; no delivery receipt requested."));
    }
    m_recipients.clear();
    m_rcptReplies.clear();
    m_rcptAnswered = 0;
    for (const QString& r : std::as_const(m_envelope.recipients))
        m_recipients.append(RecipientOutcome{r, 0, {}, false});

    m_session->setStage(QStringLiteral("MAIL FROM"));
    m_session->command(mail, [this](const SmtpReply& r) { onMail(r); });
    if (m_pipelined) {
        // RFC 2920 3.1: MAIL, every RCPT and DATA go in one batch.
        for (int i = 0; i < m_recipients.size(); ++i)
            m_session->command("RCPT TO:<" + m_recipients.at(i).address.toUtf8() + '>' + notify,
                               [this, i](const SmtpReply& r) { onRcpt(i, r); });
        m_session->command("DATA", [this](const SmtpReply& r) { onData(r); });
    }
    // One write for the whole batch (one segment).
    m_session->flush();
}

void SendJob::onMail(const SmtpReply& reply)
{
    m_mailReply = reply;
    if (accepted(reply)) {
        if (!m_pipelined) {
            m_session->setStage(QStringLiteral("RCPT TO"));
            QByteArray notify;
            if (!m_envelope.dsnNotify.isEmpty() && m_session->capabilities.dsn)
                notify =
                    " NOTIFY=" + m_envelope.dsnNotify.join(QLatin1Char(',')).toUpper().toLatin1();
            m_session->command("RCPT TO:<" + m_recipients.at(0).address.toUtf8() + '>' + notify,
                               [this](const SmtpReply& r) { onRcpt(0, r); });
        }
        return;
    }
    m_mailRefused = true;
    if (!m_pipelined)
        refuse(reply,
               tr("The server refused the sender %1: %2").arg(m_envelope.from, reply.toString()),
               SendResult::Failure::Refused);
}

void SendJob::onRcpt(int index, const SmtpReply& reply)
{
    RecipientOutcome& o = m_recipients[index];
    o.smtpCode = reply.code;
    o.reply = reply.toString();
    o.accepted = accepted(reply) && !m_mailRefused;
    if (!accepted(reply))
        m_session->note(tr("Recipient %1 refused: %2").arg(o.address, o.reply));
    m_rcptReplies.append(reply);
    ++m_rcptAnswered;
    if (m_pipelined)
        return;
    if (index + 1 < m_recipients.size()) {
        QByteArray notify;
        if (!m_envelope.dsnNotify.isEmpty() && m_session->capabilities.dsn)
            notify = " NOTIFY=" + m_envelope.dsnNotify.join(QLatin1Char(',')).toUpper().toLatin1();
        m_session->command("RCPT TO:<" + m_recipients.at(index + 1).address.toUtf8() + '>' + notify,
                           [this, index](const SmtpReply& r) { onRcpt(index + 1, r); });
        return;
    }
    afterRecipients();
}

void SendJob::afterRecipients()
{
    const bool any = std::any_of(m_recipients.cbegin(), m_recipients.cend(),
                                 [](const RecipientOutcome& o) { return o.accepted; });
    if (!any) {
        const SmtpReply first = m_rcptReplies.isEmpty() ? SmtpReply() : m_rcptReplies.first();
        QStringList why;
        for (const RecipientOutcome& o : std::as_const(m_recipients))
            why.append(o.address + QStringLiteral(": ") + o.reply);
        refuse(first, tr("Every recipient was refused (%1).").arg(why.join(QStringLiteral("; "))),
               SendResult::Failure::Refused);
        return;
    }
    m_session->setStage(QStringLiteral("DATA"));
    m_session->command("DATA", [this](const SmtpReply& r) { onData(r); });
}

void SendJob::onData(const SmtpReply& reply)
{
    const bool any = std::any_of(m_recipients.cbegin(), m_recipients.cend(),
                                 [](const RecipientOutcome& o) { return o.accepted; });
    if (m_mailRefused || !any) {
        // Nothing may be delivered. RFC 2920 3.1: if DATA was accepted
        // anyway, end it at once with an empty message marker.
        auto finishRefused = [this] {
            if (m_mailRefused) {
                refuse(m_mailReply,
                       tr("The server refused the sender %1: %2")
                           .arg(m_envelope.from, m_mailReply.toString()),
                       SendResult::Failure::Refused);
                return;
            }
            QStringList why;
            for (const RecipientOutcome& o : std::as_const(m_recipients))
                why.append(o.address + QStringLiteral(": ") + o.reply);
            refuse(m_rcptReplies.isEmpty() ? SmtpReply() : m_rcptReplies.first(),
                   tr("Every recipient was refused (%1).").arg(why.join(QStringLiteral("; "))),
                   SendResult::Failure::Refused);
        };
        if (reply.code == 354) {
            m_session->command(".", [finishRefused](const SmtpReply&) { finishRefused(); });
            return;
        }
        finishRefused();
        return;
    }
    if (reply.code != 354) {
        refuse(reply, tr("The server refused DATA: %1").arg(reply.toString()),
               SendResult::Failure::Server);
        return;
    }
    streamContent();
}

void SendJob::streamContent()
{
    m_session->setStage(tr("the message content to be accepted"));
    m_session->setWriting(true);
    m_streaming = true;
    m_progressConnection =
        connect(m_session, &SmtpSession::progress, this, &SendJob::onContentReadyRead);
    m_readyReadConnection =
        connect(m_content.get(), &QIODevice::readyRead, this, &SendJob::onContentReadyRead);
    onContentReadyRead();
}

void SendJob::onContentReadyRead()
{
    if (!m_streaming || m_session->isFailed())
        return;
    while (m_session->bytesToWrite() < kHighWater) {
        // Read what is there (a small message needs no large buffer).
        const qint64 available = m_content->bytesAvailable();
        qint64 n = 0;
        if (available > 0 || !m_content->atEnd()) {
            const qint64 want = available > 0 ? std::min(kChunk, available) : kChunk;
            if (m_chunk.size() < want)
                m_chunk.resize(qsizetype(want));
            n = m_content->read(m_chunk.data(), want);
        }
        if (n < 0) {
            failSession(SendResult::Failure::InvalidInput, 400,
                        tr("Reading the message content failed: %1").arg(m_content->errorString()),
                        QStringLiteral("content"));
            return;
        }
        if (n == 0 && !m_content->atEnd() && m_content->isSequential())
            return; // more will come with readyRead
        if (n > 0 && !m_touched) {
            m_session->note(tr("Sending message content"));
            m_touched = true;
        }
        m_out.resize(0);
        m_stuffer.process(m_chunk.constData(), n, m_out);
        if (n > 0 && !m_content->atEnd()) {
            m_session->writeData(m_out);
            continue;
        }
        // The end: the terminator goes out in the same write as the last
        // content (one segment, no wait for the peer's ACK in between).
        m_streaming = false;
        disconnect(m_progressConnection);
        disconnect(m_readyReadConnection);
        m_out += m_stuffer.finish();
        m_session->writeData(m_out);
        Q_EMIT m_session->transcript(QStringLiteral("C"), QStringLiteral("."));
        m_session->setWriting(false);
        m_session->setStage(tr("the reply to the end of data"));
        m_session->expect([this](const SmtpReply& r) { onFinal(r); });
        Q_EMIT contentSent();
        return;
    }
}

void SendJob::onFinal(const SmtpReply& reply)
{
    SendResult r;
    r.lastReply = reply;
    r.enhancedStatus = reply.enhancedStatus;
    r.recipients = m_recipients;
    if (reply.code == 250) {
        r.code = 200;
        r.queueId = queueIdFromReply(reply);
        r.failure = SendResult::Failure::None;
    } else {
        r.code = codeForReply(reply);
        r.transient = reply.isTransientFailure();
        r.failure = r.code == 403 ? SendResult::Failure::Refused : SendResult::Failure::Server;
        r.error = tr("The server did not accept the message: %1").arg(reply.toString());
        for (RecipientOutcome& o : r.recipients)
            o.accepted = false;
    }
    Q_EMIT finished(r);
}

void SendJob::refuse(const SmtpReply& reply, const QString& message, SendResult::Failure failure)
{
    SendResult r;
    r.code = reply.code ? codeForReply(reply) : 500;
    r.transient = reply.isTransientFailure();
    r.failure = failure;
    r.error = message;
    r.lastReply = reply;
    r.enhancedStatus = reply.enhancedStatus;
    r.recipients = m_recipients;
    resetAndFinish(r);
}

void SendJob::resetAndFinish(SendResult result)
{
    // RFC 5321 4.1.1.5: abandon the transaction, keep the connection.
    m_session->setStage(QStringLiteral("RSET"));
    m_session->command("RSET", [this, result](const SmtpReply&) { Q_EMIT finished(result); });
}

} // namespace connectors::smtp
