#pragma once

#include "connectors/smtp/Envelope.h"
#include "connectors/smtp/SendReply.h"
#include "connectors/smtp/SmtpCapabilities.h"
#include "connectors/smtp/SmtpSettings.h"

#include <QElapsedTimer>
#include <QIODevice>
#include <QObject>
#include <QPointer>
#include <deque>
#include <functional>
#include <memory>

namespace connectors::smtp {

class SmtpSession;
class LoginJob;
class SendJob;
struct SessionError;

// Sends messages to one server over one connection, asynchronously. Sends
// are queued and run one after another; the connection (greeting, EHLO,
// STARTTLS, AUTH done once) is reused for the next message and reopened when
// the server closed it. The dialogue itself is run by small jobs (LoginJob,
// SendJob) over one SmtpSession. When the server offers PIPELINING the next
// queued message's MAIL, RCPT and DATA go out right behind the previous
// message's content (RFC 2920 3.1), saving a round trip per message; each
// reply still goes to the message that asked for it.
//
//     SmtpClient client(settings);
//     SendReply* reply = client.send(envelope, mime.open());
//     connect(reply, &SendReply::finished, [reply] { use(reply->result()); reply->deleteLater();
//     });
//
// The client may be deleted anywhere, also from a reply's handler.
class SmtpClient : public QObject
{
    Q_OBJECT
public:
    // Called once the server's capabilities are known (after EHLO, STARTTLS
    // and AUTH), right before MAIL FROM. Lets the caller build content that
    // fits the server: when Envelope::eightBitMime is set but
    // caps.eightBitMime is false the provider must return a 7-bit
    // re-encoding (MAIL then omits BODY=8BITMIME). Returning nullptr ends the
    // send with 400 (field "content").
    using ContentProvider = std::function<std::unique_ptr<QIODevice>(const SmtpCapabilities& caps)>;

    explicit SmtpClient(const SmtpSettings& settings, QObject* parent = nullptr);
    ~SmtpClient() override;

    const SmtpSettings& settings() const { return m_settings; }

    // `content` is the RFC 5322 message (lines ending in CRLF, LF or CR); it
    // is streamed in large chunks, line endings made CRLF, dot-stuffed and
    // ended by exactly one terminator. With eightBitMime set and a server
    // lacking 8BITMIME this overload fails with 500 and a clear error (use
    // the ContentProvider overload to re-encode instead). The caller owns
    // the returned reply.
    SendReply* send(const Envelope& envelope, std::unique_ptr<QIODevice> content);
    SendReply* send(const Envelope& envelope, ContentProvider content);

    // Sends queued or running, not yet finished.
    int pendingCount() const;
    // Capabilities from the last EHLO on the current connection (empty when none).
    SmtpCapabilities capabilities() const;
    bool isConnected() const;
    // QUIT after the running send (if any); queued sends reopen the connection.
    void disconnectFromServer();

private:
    friend class SmtpPool;
    // Runs a send whose reply the caller made (the pool hands its own reply
    // over instead of wrapping a second one).
    void enqueue(SendReply* reply, const Envelope& envelope, ContentProvider content,
                 bool canReencode);

Q_SIGNALS:
    // Nothing queued or running any more (the pool uses it).
    void idle();
    // A send finished (its reply too); the next queued one has started.
    void sendFinished();

private:
    struct Pending
    {
        Envelope envelope;
        ContentProvider content;
        QPointer<SendReply> reply;
        qint64 id = 0;
        bool canReencode = false;
        bool retried = false;
        std::unique_ptr<QIODevice> prepared; // content kept for a retry on a new connection
        qint64 startedMs = 0;                // transcript times count from here
    };

    void schedulePump();
    void pump();
    void startSend();
    void runJob();
    SendJob* makeJob(Pending& p);
    void onJobFinished(SendJob* job, const SendResult& result);
    void pipelineNext();
    void onSessionFailed(const SessionError& error);
    void finishCurrent(SendResult result);
    void cancel(qint64 id);
    void dropSession();
    void transcribe(const QString& dir, const QString& line);
    void transcribeTo(Pending& p, const QString& dir, const QString& line);
    static SendResult failureResult(const SessionError& e, QList<RecipientOutcome> recipients);

    SmtpSettings m_settings;
    engine::Status m_settingsValid;
    std::deque<Pending> m_queue;
    std::unique_ptr<Pending> m_current;
    // The message whose commands were pipelined behind the current one's
    // content; it becomes current when the current one's final reply came.
    std::unique_ptr<Pending> m_next;
    SmtpSession* m_session = nullptr;
    LoginJob* m_login = nullptr;
    SendJob* m_job = nullptr;
    SendJob* m_nextJob = nullptr;
    // The last finished job: it is still on the stack when it finishes, so it
    // is deleted when the next one ends (no deferred delete per message).
    SendJob* m_doneJob = nullptr;
    bool m_loggedIn = false;
    bool m_sentOnThisConnection = false;
    bool m_pumpScheduled = false;
    qint64 m_nextId = 1;
    QElapsedTimer m_clock;
    // How many of the connection's signals the client is handling right now
    // (see ~SmtpClient); shared with the guard that counts them.
    std::shared_ptr<int> m_handling = std::make_shared<int>(0);
};

} // namespace connectors::smtp
