#include "connectors/smtp/SmtpPool.h"

#include <QTimer>

namespace connectors::smtp {

SmtpPool::SmtpPool(const SmtpSettings& settings, int size, QObject* parent)
    : QObject(parent), m_settings(settings), m_size(qBound(1, size, 100))
{}

SmtpPool::SmtpPool(const SmtpSettings& settings, QObject* parent)
    : SmtpPool(settings, settings.poolSize, parent)
{}

SmtpPool::~SmtpPool()
{
    m_queue.clear();
    for (SmtpClient* c : m_clients)
        delete c;
}

SendReply* SmtpPool::send(const Envelope& envelope, std::unique_ptr<QIODevice> content)
{
    // The plain-device contract (no re-encoding) is kept: the client is told
    // the content cannot be re-encoded.
    auto holder = std::make_shared<std::unique_ptr<QIODevice>>(std::move(content));
    return enqueue(
        envelope, [holder](const SmtpCapabilities&) { return std::move(*holder); }, false);
}

SendReply* SmtpPool::send(const Envelope& envelope, SmtpClient::ContentProvider content)
{
    return enqueue(envelope, std::move(content), true);
}

SendReply* SmtpPool::enqueue(const Envelope& envelope, SmtpClient::ContentProvider content,
                             bool canReencode)
{
    auto* reply = new SendReply;
    m_queue.push_back(Queued{envelope, std::move(content), reply, canReencode});
    QPointer<SmtpPool> self(this);
    // Deleted while still queued here; once handed to a connection, the
    // connection's own handler replaces this one.
    reply->setCancelHandler([self, reply] {
        if (!self)
            return;
        for (auto it = self->m_queue.begin(); it != self->m_queue.end(); ++it) {
            if (it->reply == reply || it->reply.isNull()) {
                self->m_queue.erase(it);
                return;
            }
        }
    });
    scheduleDispatch();
    return reply;
}

int SmtpPool::pendingCount() const
{
    int n = 0;
    for (const Queued& q : m_queue)
        n += q.reply ? 1 : 0;
    for (const SmtpClient* c : m_clients)
        n += c->pendingCount();
    return n;
}

void SmtpPool::retire()
{
    m_retired = true;
    if (pendingCount() == 0)
        deleteLater();
}

void SmtpPool::scheduleDispatch()
{
    // From the event loop, so the caller connects to the reply first; one
    // pass serves every send queued meanwhile.
    if (m_dispatchScheduled)
        return;
    m_dispatchScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_dispatchScheduled = false;
            dispatch();
        },
        Qt::QueuedConnection);
}

SmtpClient* SmtpPool::clientFor()
{
    // An idle connection first, then a new one while under the pool size,
    // then a busy one with nothing queued yet: each connection keeps its next
    // message at hand and starts it the moment the current one is answered,
    // instead of waiting for the pool to hand it out.
    for (SmtpClient* c : m_clients) {
        if (c->pendingCount() == 0)
            return c;
    }
    if (int(m_clients.size()) < m_size) {
        auto* c = new SmtpClient(m_settings);
        connect(c, &SmtpClient::idle, this, &SmtpPool::dispatch);
        connect(c, &SmtpClient::sendFinished, this, &SmtpPool::dispatch);
        m_clients.push_back(c);
        return c;
    }
    for (SmtpClient* c : m_clients) {
        if (c->pendingCount() < kDepth)
            return c;
    }
    return nullptr;
}

void SmtpPool::dispatch()
{
    while (!m_queue.empty()) {
        if (!m_queue.front().reply) {
            m_queue.pop_front();
            continue;
        }
        SmtpClient* free = clientFor();
        if (!free)
            return;
        Queued q = std::move(m_queue.front());
        m_queue.pop_front();
        // The connection runs the send on the caller's reply itself: no
        // second reply to relay, nothing to delete later.
        free->enqueue(q.reply, q.envelope, std::move(q.content), q.canReencode);
    }
    if (m_retired && pendingCount() == 0)
        deleteLater();
}

} // namespace connectors::smtp
