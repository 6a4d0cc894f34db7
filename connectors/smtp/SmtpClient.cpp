#include "connectors/smtp/SmtpClient.h"

#include "connectors/smtp/LoginJob.h"
#include "connectors/smtp/SendJob.h"
#include "connectors/smtp/SmtpSession.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>
#include <initializer_list>

namespace connectors::smtp {

SmtpClient::SmtpClient(const SmtpSettings& settings, QObject* parent)
    : QObject(parent), m_settings(settings), m_settingsValid(m_settings.validate())
{
    m_clock.start();
}

namespace {

// Counts the client into one of its connection's signals for as long as it
// handles it. The count is shared, so it is counted out even when the client
// was deleted on the way (see ~SmtpClient).
class Handling
{
public:
    explicit Handling(const std::shared_ptr<int>& depth) : m_depth(depth) { ++*m_depth; }
    ~Handling() { --*m_depth; }
    Handling(const Handling&) = delete;
    Handling& operator=(const Handling&) = delete;

private:
    std::shared_ptr<int> m_depth;
};

} // namespace

SmtpClient::~SmtpClient()
{
    // Replies outlive the client: end them instead of leaving them hanging.
    SendResult cancelled;
    cancelled.code = 500;
    cancelled.failure = SendResult::Failure::Cancelled;
    cancelled.error = tr("The connection was shut down before the message was sent.");
    auto end = [&cancelled](Pending* p) {
        if (p && p->reply) {
            p->reply->setCancelHandler(nullptr);
            p->reply->finish(cancelled);
        }
    };
    end(m_current.get());
    end(m_next.get());
    for (Pending& p : m_queue)
        end(&p);
    // Deleted from a reply's handler (or anything else the connection's
    // signals reached), the session and a job are still on the stack below:
    // the connection is cut at once, so no more of the server's batch is
    // handled and no content goes out, and they go with the event loop.
    const bool handling = *m_handling > 0;
    if (handling && m_session) {
        m_session->disconnect(this);
        m_session->abandon();
    }
    for (QObject* part :
         std::initializer_list<QObject*>{m_job, m_nextJob, m_doneJob, m_login, m_session}) {
        if (!part)
            continue;
        part->disconnect(this);
        if (handling)
            part->deleteLater();
        else
            delete part;
    }
}

SendReply* SmtpClient::send(const Envelope& envelope, std::unique_ptr<QIODevice> content)
{
    auto holder = std::make_shared<std::unique_ptr<QIODevice>>(std::move(content));
    auto* reply = new SendReply;
    enqueue(
        reply, envelope, [holder](const SmtpCapabilities&) { return std::move(*holder); }, false);
    return reply;
}

SendReply* SmtpClient::send(const Envelope& envelope, ContentProvider content)
{
    auto* reply = new SendReply;
    enqueue(reply, envelope, std::move(content), true);
    return reply;
}

void SmtpClient::enqueue(SendReply* reply, const Envelope& envelope, ContentProvider content,
                         bool canReencode)
{
    engine::Status valid = m_settingsValid;
    if (valid)
        valid = SendJob::validateEnvelope(envelope);
    if (!valid) {
        // Finished from the event loop so the caller can connect first.
        SendResult r;
        r.code = 400;
        r.failure = SendResult::Failure::InvalidInput;
        r.field = valid.error().field;
        r.error = valid.error().message;
        reply->setCancelHandler(nullptr);
        QTimer::singleShot(0, reply, [reply, r] { reply->finish(r); });
        return;
    }
    Pending p;
    p.envelope = envelope;
    p.content = std::move(content);
    p.reply = reply;
    p.id = m_nextId++;
    p.canReencode = canReencode;
    const qint64 id = p.id;
    QPointer<SmtpClient> self(this);
    reply->setCancelHandler([self, id] {
        if (self)
            self->cancel(id);
    });
    m_queue.push_back(std::move(p));
    // A running send starts the next itself when it finishes.
    if (!m_current)
        schedulePump();
}

int SmtpClient::pendingCount() const
{
    // (A pipelined message cancelled meanwhile is no longer pending.)
    return int(m_queue.size()) + (m_current ? 1 : 0) + (m_next && m_next->reply ? 1 : 0);
}

SmtpCapabilities SmtpClient::capabilities() const
{
    return m_session ? m_session->capabilities : SmtpCapabilities();
}

bool SmtpClient::isConnected() const
{
    return m_session && m_session->isOpen();
}

void SmtpClient::disconnectFromServer()
{
    if (!m_session)
        return;
    if (m_current) {
        // After the running send.
        connect(
            this, &SmtpClient::idle, this, [this] { disconnectFromServer(); },
            Qt::SingleShotConnection);
        return;
    }
    m_session->quit();
    m_loggedIn = false;
}

void SmtpClient::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_pumpScheduled = false;
            pump();
        },
        Qt::QueuedConnection);
}

void SmtpClient::pump()
{
    if (m_current)
        return;
    while (!m_queue.empty() && !m_queue.front().reply)
        m_queue.pop_front();
    if (m_queue.empty()) {
        Q_EMIT idle();
        return;
    }
    m_current = std::make_unique<Pending>(std::move(m_queue.front()));
    m_queue.pop_front();
    m_current->startedMs = m_clock.elapsed();
    startSend();
}

void SmtpClient::transcribeTo(Pending& p, const QString& dir, const QString& line)
{
    if (!p.reply)
        return;
    p.reply->appendTranscript(QJsonObject{{QStringLiteral("dir"), dir},
                                          {QStringLiteral("ms"), m_clock.elapsed() - p.startedMs},
                                          {QStringLiteral("line"), line}});
}

void SmtpClient::transcribe(const QString& dir, const QString& line)
{
    const Handling handling(m_handling); // a transcript line reaches the reply's listeners
    qCDebug(lcSmtp).noquote() << dir << line;
    // Lines of the pipelined message go to it; everything else (connection
    // set-up, the running transaction) to the current one.
    if (m_next && m_session && m_session->owner() == quint64(m_next->id))
        transcribeTo(*m_next, dir, line);
    else if (m_current)
        transcribeTo(*m_current, dir, line);
}

void SmtpClient::startSend()
{
    if (m_session && m_session->isOpen() && m_loggedIn) {
        runJob();
        return;
    }
    dropSession();
    m_session = new SmtpSession(m_settings);
    m_session->setOwner(quint64(m_current->id));
    m_sentOnThisConnection = false;
    connect(m_session, &SmtpSession::transcript, this, &SmtpClient::transcribe);
    connect(m_session, &SmtpSession::failed, this, &SmtpClient::onSessionFailed);
    m_login = new LoginJob(m_session);
    connect(m_login, &LoginJob::done, this, [this] {
        const Handling handling(m_handling);
        m_loggedIn = true;
        m_login->deleteLater();
        m_login = nullptr;
        runJob();
    });
    m_session->open();
    m_login->start();
}

SendJob* SmtpClient::makeJob(Pending& p)
{
    ContentProvider provider = p.content;
    if (p.prepared) {
        auto holder = std::make_shared<std::unique_ptr<QIODevice>>(std::move(p.prepared));
        provider = [holder](const SmtpCapabilities&) { return std::move(*holder); };
    }
    auto* job = new SendJob(m_session, p.envelope, std::move(provider), p.canReencode);
    connect(job, &SendJob::finished, this,
            [this, job](const SendResult& r) { onJobFinished(job, r); });
    connect(job, &SendJob::contentSent, this, &SmtpClient::pipelineNext);
    return job;
}

void SmtpClient::runJob()
{
    m_session->setOwner(quint64(m_current->id));
    m_job = makeJob(*m_current);
    m_job->start();
}

void SmtpClient::onJobFinished(SendJob* job, const SendResult& result)
{
    const Handling handling(m_handling);
    if (job == m_job) {
        m_sentOnThisConnection = true;
        finishCurrent(result);
        return;
    }
    if (job != m_nextJob)
        return;
    // The pipelined message was refused before anything of it was sent
    // (capabilities, content): it ends on its own, the current one goes on.
    m_nextJob->disconnect(this);
    m_nextJob->deleteLater();
    m_nextJob = nullptr;
    std::unique_ptr<Pending> next = std::move(m_next);
    if (m_session && m_current)
        m_session->setOwner(quint64(m_current->id));
    if (QPointer<SendReply> reply = next->reply) {
        reply->setCancelHandler(nullptr);
        // From the event loop: this runs inside the current message's handler.
        QMetaObject::invokeMethod(
            reply, [reply, result] { reply->finish(result); }, Qt::QueuedConnection);
    }
}

void SmtpClient::pipelineNext()
{
    const Handling handling(m_handling);
    // RFC 2920 3.1: the message content may be the first "command" of a
    // group, so the next transaction's MAIL, RCPT and DATA go out in the same
    // write as this message's final "." and the replies come back together.
    if (m_next || !m_current || !m_session || !m_loggedIn || !m_session->isOpen() ||
        !m_session->capabilities.pipelining)
        return;
    while (!m_queue.empty() && !m_queue.front().reply)
        m_queue.pop_front();
    if (m_queue.empty())
        return;
    m_next = std::make_unique<Pending>(std::move(m_queue.front()));
    m_queue.pop_front();
    m_next->startedMs = m_clock.elapsed();
    const QString stage = m_session->stage(); // still waiting for the current final reply
    SmtpSession* session = m_session;
    session->setOwner(quint64(m_next->id));
    m_nextJob = makeJob(*m_next);
    m_nextJob->start();
    if (m_session == session && m_current) {
        session->setOwner(quint64(m_current->id));
        session->setStage(stage);
    }
}

SendResult SmtpClient::failureResult(const SessionError& e, QList<RecipientOutcome> recipients)
{
    SendResult r;
    r.code = e.code;
    r.failure = e.failure;
    r.transient = e.transient;
    r.error = e.message;
    r.field = e.field;
    r.lastReply = e.reply;
    r.enhancedStatus = e.reply.enhancedStatus;
    r.recipients = std::move(recipients);
    for (RecipientOutcome& o : r.recipients)
        o.accepted = false;
    return r;
}

void SmtpClient::onSessionFailed(const SessionError& e)
{
    const Handling handling(m_handling);
    m_loggedIn = false;
    if (!m_current) {
        dropSession();
        return;
    }
    // A pipelined message had no reply of its own yet and none of its content
    // was sent: on a lost connection it goes first in the queue to be sent on
    // a new one (once, like a reused connection's 421, RFC 5321 3.8);
    // otherwise it fails with the same error as the current one.
    std::unique_ptr<Pending> failedNext;
    SendResult nextResult;
    if (m_next) {
        std::unique_ptr<QIODevice> untouched = m_nextJob->takeUntouchedContent();
        const QList<RecipientOutcome> recipients = m_nextJob->recipients();
        m_nextJob->disconnect(this);
        m_nextJob->deleteLater();
        m_nextJob = nullptr;
        std::unique_ptr<Pending> next = std::move(m_next);
        if (e.connectionLost && !next->retried && untouched) {
            next->retried = true;
            next->prepared = std::move(untouched);
            transcribeTo(*next, QStringLiteral("i"), tr("Reopening the connection"));
            m_queue.push_front(std::move(*next));
        } else {
            nextResult = failureResult(e, recipients);
            failedNext = std::move(next);
        }
    }
    std::unique_ptr<QIODevice> untouched = m_job ? m_job->takeUntouchedContent() : nullptr;
    const bool reused = m_sentOnThisConnection;
    QPointer<SmtpClient> self(this);
    if (e.connectionLost && reused && !m_current->retried &&
        (!m_job || untouched || !m_current->content)) {
        // RFC 5321 3.8: the server may close an idle connection (421); a
        // reused connection is reopened once for the same message.
        m_current->retried = true;
        if (untouched)
            m_current->prepared = std::move(untouched);
        transcribe(QStringLiteral("i"), tr("Reopening the connection"));
        dropSession();
        startSend();
    } else {
        SendResult r = failureResult(e, m_job ? m_job->recipients() : QList<RecipientOutcome>());
        dropSession();
        finishCurrent(r);
    }
    if (self && failedNext && failedNext->reply) {
        failedNext->reply->setCancelHandler(nullptr);
        failedNext->reply->finish(nextResult);
    }
}

void SmtpClient::finishCurrent(SendResult result)
{
    if (m_job) {
        m_job->disconnect(this);
        delete m_doneJob;
        m_doneJob = m_job;
        m_job = nullptr;
    }
    std::unique_ptr<Pending> done = std::move(m_current);
    // The pipelined message (its commands already out) becomes current.
    if (m_next) {
        m_current = std::move(m_next);
        m_job = m_nextJob;
        m_nextJob = nullptr;
        if (m_session)
            m_session->setOwner(quint64(m_current->id));
    }
    QPointer<SmtpClient> self(this);
    if (done && done->reply) {
        done->reply->setCancelHandler(nullptr);
        done->reply->finish(std::move(result));
    }
    if (!self)
        return; // deleted by whoever heard of the reply
    if (m_current && !m_current->reply) {
        // Cancelled while its commands were pipelined: close the connection
        // before any of its content goes out.
        m_current.reset();
        if (m_job) {
            m_job->disconnect(this);
            m_job->deleteLater();
            m_job = nullptr;
        }
        if (m_session)
            m_session->abandon();
        dropSession();
    }
    // (A send may have been started from the reply's handler meanwhile.)
    if (!m_current) {
        // On a ready connection the next message goes out now, not after
        // another pass of the event loop.
        if (m_session && m_session->isOpen() && m_loggedIn)
            pump();
        else
            schedulePump();
    }
    if (self)
        Q_EMIT sendFinished();
}

void SmtpClient::cancel(qint64 id)
{
    if (m_next && m_next->id == id) {
        // Its commands are out but no content: it is dropped when the
        // current message is answered (finishCurrent), before its DATA.
        m_next->reply = nullptr;
        return;
    }
    if (m_current && m_current->id == id) {
        // A send cancelled half way: drop the connection so the server
        // never takes a partial message.
        m_current.reset();
        if (m_job) {
            m_job->disconnect(this);
            m_job->deleteLater();
            m_job = nullptr;
        }
        if (m_next) {
            // Not started on the server side (no DATA answered): sent again
            // on the next connection.
            std::unique_ptr<QIODevice> untouched = m_nextJob->takeUntouchedContent();
            m_nextJob->disconnect(this);
            m_nextJob->deleteLater();
            m_nextJob = nullptr;
            std::unique_ptr<Pending> next = std::move(m_next);
            next->prepared = std::move(untouched);
            m_queue.push_front(std::move(*next));
        }
        if (m_session)
            m_session->abandon();
        dropSession();
        schedulePump();
        return;
    }
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->id == id) {
            m_queue.erase(it);
            return;
        }
    }
}

void SmtpClient::dropSession()
{
    m_loggedIn = false;
    if (m_doneJob) {
        m_doneJob->deleteLater();
        m_doneJob = nullptr;
    }
    if (m_login) {
        m_login->disconnect(this);
        m_login->deleteLater();
        m_login = nullptr;
    }
    if (m_job) {
        m_job->disconnect(this);
        m_job->deleteLater();
        m_job = nullptr;
    }
    if (m_nextJob) {
        m_nextJob->disconnect(this);
        m_nextJob->deleteLater();
        m_nextJob = nullptr;
    }
    if (m_session) {
        m_session->disconnect(this);
        m_session->deleteLater();
        m_session = nullptr;
    }
}

} // namespace connectors::smtp
