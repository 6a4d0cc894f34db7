#pragma once

#include "connectors/smtp/DotStuffer.h"
#include "connectors/smtp/Envelope.h"
#include "connectors/smtp/SmtpSession.h"

#include <QIODevice>
#include <QObject>
#include <functional>
#include <memory>

namespace connectors::smtp {

// One mail transaction on a ready session (RFC 5321 3.3): MAIL, RCPT for
// each recipient, DATA and the content, pipelined when the server offers
// PIPELINING (RFC 2920), every reply checked. A refused transaction is
// reset with RSET so the connection stays usable; fatal errors fail the
// session instead. Its replies are taken in order from the session's FIFO,
// so the next transaction's commands may already be queued behind it.
class SendJob : public QObject
{
    Q_OBJECT
public:
    using ContentProvider = std::function<std::unique_ptr<QIODevice>(const SmtpCapabilities&)>;

    SendJob(SmtpSession* session, const Envelope& envelope, ContentProvider content,
            bool canReencode, QObject* parent = nullptr);
    void start();
    // The content device if no byte of it was read yet (so a retry on a new
    // connection can send it).
    std::unique_ptr<QIODevice> takeUntouchedContent();
    const QList<RecipientOutcome>& recipients() const { return m_recipients; }

    // Checks addresses before anything is sent (CR/LF/NUL, brackets,
    // non-ASCII without SMTPUTF8). Errors name the field.
    static engine::Status validateEnvelope(const Envelope& envelope);

Q_SIGNALS:
    // The transaction ended; the session may be reused (result.code says how it went).
    void finished(const connectors::smtp::SendResult& result);
    // The content and its terminator were handed to the session; only the
    // final reply is awaited. With PIPELINING the next transaction may start
    // now (RFC 2920 3.1: the content may open a group of commands).
    void contentSent();

private:
    void sendEnvelope();
    void onMail(const SmtpReply& reply);
    void onRcpt(int index, const SmtpReply& reply);
    void onData(const SmtpReply& reply);
    void afterRecipients(); // non-pipelined: decide on DATA
    void streamContent();
    void onContentReadyRead();
    void onFinal(const SmtpReply& reply);
    void refuse(const SmtpReply& reply, const QString& message, SendResult::Failure failure);
    void resetAndFinish(SendResult result);
    void failSession(SendResult::Failure failure, int code, const QString& message,
                     const QString& field = {}, const SmtpReply& reply = {});

    SmtpSession* m_session;
    Envelope m_envelope;
    ContentProvider m_provider;
    bool m_canReencode = false;
    std::unique_ptr<QIODevice> m_content;
    bool m_touched = false;
    bool m_pipelined = false;
    bool m_mailRefused = false;
    SmtpReply m_mailReply;
    QList<RecipientOutcome> m_recipients;
    QList<SmtpReply> m_rcptReplies;
    int m_rcptAnswered = 0;
    DotStuffer m_stuffer;
    bool m_streaming = false;
    bool m_contentDone = false;
    QByteArray m_chunk;
    QByteArray m_out;
    QMetaObject::Connection m_progressConnection;
    QMetaObject::Connection m_readyReadConnection;
};

} // namespace connectors::smtp
