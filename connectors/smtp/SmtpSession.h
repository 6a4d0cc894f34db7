#pragma once

#include "connectors/smtp/SendResult.h"
#include "connectors/smtp/SmtpCapabilities.h"
#include "connectors/smtp/SmtpReplyParser.h"
#include "connectors/smtp/SmtpSettings.h"

#include <QElapsedTimer>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QSslError>
#include <QTimer>
#include <deque>
#include <functional>

class QSslSocket;

Q_DECLARE_LOGGING_CATEGORY(lcSmtp)

namespace connectors::smtp {

// Why a session stopped. `connectionLost` marks a 421 or a connection the
// server closed, after which a reused connection may be reopened once.
struct SessionError
{
    SendResult::Failure failure = SendResult::Failure::Server;
    int code = 500;
    QString message;
    bool transient = false;
    SmtpReply reply;
    QString field;
    bool connectionLost = false;
};

// One connection to an SMTP server: the socket, the reply parser, a FIFO of
// reply handlers (so pipelined commands get their replies in order, RFC 2920
// 3.1), the per-stage inactivity timer and the redacted transcript. Jobs
// (LoginJob, SendJob) drive the dialogue through it.
//
// Several mail transactions may be in flight at once (the next message's
// commands pipelined behind the previous message's content), so every
// transcript line carries an owner: commands and notes the owner set with
// setOwner() (or the owner of the reply being handled), server lines the
// owner of the command they answer. owner() tells a transcript() listener
// whose line it is.
class SmtpSession : public QObject
{
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(const SmtpReply&)>;

    explicit SmtpSession(const SmtpSettings& settings, QObject* parent = nullptr);
    ~SmtpSession() override;

    const SmtpSettings& settings() const { return m_settings; }
    QSslSocket* socket() const { return m_socket; }

    // Connects (with the TLS handshake first for implicit TLS). The greeting
    // goes to the first handler queued with expect().
    void open();
    // Waits for one reply without sending anything (the greeting).
    void expect(ReplyHandler handler);
    // Sends one command line (CRLF added) and queues its reply handler.
    // `shownAs` replaces the line in the transcript (secrets).
    void command(const QByteArray& line, ReplyHandler handler, const QString& shownAs = {});
    // Writes message content (already CRLF, dot-stuffed); not transcribed.
    void writeData(const QByteArray& bytes);
    // Hands what is buffered to the network now rather than on the next pass
    // of the event loop. Called once after a batch of commands (so pipelined
    // commands share one segment) and after each batch of replies was handled.
    void flush();
    qint64 bytesToWrite() const;
    // Starts the TLS handshake after STARTTLS was answered 220 (RFC 3207 4.2).
    // Fails if the server sent anything after the 220 (response injection).
    void beginTls();
    // Sends QUIT and closes once answered (or soon after).
    void quit();
    // Stops with an error: the connection is dropped and failed() emitted once.
    void fail(SessionError error);
    // An informational transcript line ("i").
    void note(const QString& line);
    // Drops the connection at once, without QUIT and without failed(): no
    // further reply is handled (a send cancelled half way).
    void abandon();
    // Whose transcript lines and reply handlers follow (0 = the session's own).
    void setOwner(quint64 owner) { m_owner = owner; }
    quint64 owner() const { return m_owner; }
    // The step waited on, for timeout messages ("greeting", "EHLO", "DATA", ...).
    void setStage(const QString& stage) { m_stage = stage; }
    QString stage() const { return m_stage; }

    bool isOpen() const;
    bool isFailed() const { return m_failed; }
    bool isEncrypted() const;
    bool isIdle() const { return m_handlers.empty(); }
    // Keeps the inactivity timer armed while content is being written.
    void setWriting(bool writing);

    SmtpCapabilities capabilities;
    // TLS errors seen during the last handshake (for reports).
    QList<QSslError> sslErrors() const { return m_sslErrors; }

Q_SIGNALS:
    void transcript(const QString& dir, const QString& line);
    void connected(); // TCP up (and for implicit TLS the handshake done)
    void encrypted();
    void progress(); // bytes went out
    void failed(const connectors::smtp::SessionError& error);
    void closed();

private:
    void onReadyRead();
    void onSocketError();
    void onDisconnected();
    void onEncrypted();
    void onSslErrors(const QList<QSslError>& errors);
    void arm();
    bool awaitsServer() const;
    void onTimeout();
    void collectServerLines(QByteArrayView bytes);
    void transcribeServerLines(qsizetype count);

    struct Awaited
    {
        ReplyHandler handler;
        quint64 owner = 0;
    };

    SmtpSettings m_settings;
    QSslSocket* m_socket = nullptr;
    SmtpReplyParser m_parser;
    std::deque<Awaited> m_handlers;
    QTimer m_timer;
    // Inactivity is measured from the last progress; the timer only checks it
    // when it fires, instead of being restarted for every line and write.
    QElapsedTimer m_clock;
    qint64 m_lastProgressMs = 0;
    QByteArray m_incomingLine;
    // Complete server lines not transcribed yet: each is shown when the reply
    // it belongs to is handled, under that reply's owner.
    std::deque<QByteArray> m_serverLines;
    quint64 m_owner = 0;
    QString m_stage;
    QList<QSslError> m_sslErrors;
    qsizetype m_batchRemaining = 0;
    bool m_connecting = false;
    bool m_tlsStarting = false;
    bool m_failed = false;
    bool m_quitting = false;
    bool m_writing = false;
    bool m_closedEmitted = false;
    bool m_flushing = false;
};

// HTTP-like code for a refusal (401, 403, 404 or 500), RFC 3463 subjects.
int codeForReply(const SmtpReply& reply);
// The server's queue id in a final "250 ... queued as X" reply, if any.
QString queueIdFromReply(const SmtpReply& reply);

} // namespace connectors::smtp
