#include "connectors/smtp/SmtpClient.h"

#include "connectors/smtp/LoginJob.h"
#include "connectors/smtp/SendJob.h"
#include "connectors/smtp/SmtpSession.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>

namespace connectors::smtp {

SmtpClient::SmtpClient(const SmtpSettings& settings, QObject* parent)
    : QObject(parent), m_settings(settings)
{}

SmtpClient::~SmtpClient()
{
    // Replies outlive the client: end them instead of leaving them hanging.
    SendResult cancelled;
    cancelled.code = 500;
    cancelled.failure = SendResult::Failure::Cancelled;
    cancelled.error = tr("The connection was shut down before the message was sent.");
    if (m_current && m_current->reply) {
        m_current->reply->setCancelHandler(nullptr);
        m_current->reply->finish(cancelled);
    }
    for (Pending& p : m_queue) {
        if (p.reply) {
            p.reply->setCancelHandler(nullptr);
            p.reply->finish(cancelled);
        }
    }
    delete m_job;
    delete m_doneJob;
    delete m_login;
    delete m_session;
}

SendReply* SmtpClient::send(const Envelope& envelope, std::unique_ptr<QIODevice> content)
{
    auto holder = std::make_shared<std::unique_ptr<QIODevice>>(std::move(content));
    return enqueue(
        envelope, [holder](const SmtpCapabilities&) { return std::move(*holder); }, false);
}

SendReply* SmtpClient::send(const Envelope& envelope, ContentProvider content)
{
    return enqueue(envelope, std::move(content), true);
}

SendReply* SmtpClient::enqueue(const Envelope& envelope, ContentProvider content, bool canReencode)
{
    auto* reply = new SendReply;
    engine::Status valid = m_settings.validate();
    if (valid)
        valid = SendJob::validateEnvelope(envelope);
    if (!valid) {
        // Finished from the event loop so the caller can connect first.
        SendResult r;
        r.code = 400;
        r.failure = SendResult::Failure::InvalidInput;
        r.field = valid.error().field;
        r.error = valid.error().message;
        QTimer::singleShot(0, reply, [reply, r] { reply->finish(r); });
        return reply;
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
    return reply;
}

int SmtpClient::pendingCount() const
{
    return int(m_queue.size()) + (m_current ? 1 : 0);
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
    m_elapsed.start();
    startSend();
}

void SmtpClient::transcribe(const QString& dir, const QString& line)
{
    qCDebug(lcSmtp).noquote() << dir << line;
    if (!m_current || !m_current->reply)
        return;
    m_current->reply->appendTranscript(QJsonObject{{QStringLiteral("dir"), dir},
                                                   {QStringLiteral("ms"), m_elapsed.elapsed()},
                                                   {QStringLiteral("line"), line}});
}

void SmtpClient::startSend()
{
    if (m_session && m_session->isOpen() && m_loggedIn) {
        runJob();
        return;
    }
    dropSession();
    m_session = new SmtpSession(m_settings);
    m_sentOnThisConnection = false;
    connect(m_session, &SmtpSession::transcript, this, &SmtpClient::transcribe);
    connect(m_session, &SmtpSession::failed, this, &SmtpClient::onSessionFailed);
    m_login = new LoginJob(m_session);
    connect(m_login, &LoginJob::done, this, [this] {
        m_loggedIn = true;
        m_login->deleteLater();
        m_login = nullptr;
        runJob();
    });
    m_session->open();
    m_login->start();
}

void SmtpClient::runJob()
{
    Pending& p = *m_current;
    ContentProvider provider = p.content;
    if (p.prepared) {
        auto holder = std::make_shared<std::unique_ptr<QIODevice>>(std::move(p.prepared));
        provider = [holder](const SmtpCapabilities&) { return std::move(*holder); };
    }
    m_job = new SendJob(m_session, p.envelope, std::move(provider), p.canReencode);
    connect(m_job, &SendJob::finished, this, [this](const SendResult& r) {
        m_sentOnThisConnection = true;
        finishCurrent(r);
    });
    m_job->start();
}

void SmtpClient::onSessionFailed(const SessionError& e)
{
    SmtpSession* failedSession = m_session;
    m_loggedIn = false;
    if (!m_current) {
        dropSession();
        return;
    }
    std::unique_ptr<QIODevice> untouched = m_job ? m_job->takeUntouchedContent() : nullptr;
    const bool reused = m_sentOnThisConnection;
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
        return;
    }
    SendResult r;
    r.code = e.code;
    r.failure = e.failure;
    r.transient = e.transient;
    r.error = e.message;
    r.field = e.field;
    r.lastReply = e.reply;
    r.enhancedStatus = e.reply.enhancedStatus;
    if (m_job)
        r.recipients = m_job->recipients();
    for (RecipientOutcome& o : r.recipients)
        o.accepted = false;
    Q_UNUSED(failedSession);
    dropSession();
    finishCurrent(r);
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
    QPointer<SmtpClient> self(this);
    if (done && done->reply) {
        done->reply->setCancelHandler(nullptr);
        done->reply->finish(std::move(result));
    }
    if (!self)
        return; // deleted by whoever heard of the reply
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
    if (m_current && m_current->id == id) {
        // A send cancelled half way: drop the connection so the server
        // never takes a partial message.
        m_current.reset();
        if (m_job) {
            m_job->disconnect(this);
            m_job->deleteLater();
            m_job = nullptr;
        }
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
    if (m_session) {
        m_session->disconnect(this);
        m_session->deleteLater();
        m_session = nullptr;
    }
}

} // namespace connectors::smtp
