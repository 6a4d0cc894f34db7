#pragma once

#include "connectors/smtp/SmtpClient.h"

#include <QObject>
#include <QPointer>
#include <deque>
#include <memory>
#include <vector>

namespace connectors::smtp {

// Up to `size` SmtpClient connections to one server. Sends are queued and
// handed to the connections (an idle one first; each holds at most the
// running send and the next), so messages go out in parallel and each
// connection has its next message at hand to pipeline behind the running
// one's content (see SmtpClient).
class SmtpPool : public QObject
{
    Q_OBJECT
public:
    SmtpPool(const SmtpSettings& settings, int size, QObject* parent = nullptr);
    explicit SmtpPool(const SmtpSettings& settings, QObject* parent = nullptr); // settings.poolSize
    ~SmtpPool() override;

    const SmtpSettings& settings() const { return m_settings; }
    int size() const { return m_size; }

    // Same contract as SmtpClient::send. The caller owns the reply.
    SendReply* send(const Envelope& envelope, std::unique_ptr<QIODevice> content);
    SendReply* send(const Envelope& envelope, SmtpClient::ContentProvider content);

    int queuedCount() const { return int(m_queue.size()); }
    // Sends queued here or running on a connection.
    int pendingCount() const;
    // The pool is no longer handed new sends (its settings changed): it
    // finishes what it has, then deletes itself (deleteLater).
    void retire();
    bool isRetired() const { return m_retired; }

private:
    struct Queued
    {
        Envelope envelope;
        SmtpClient::ContentProvider content;
        QPointer<SendReply> reply;
        bool canReencode = false; // false for the device overload
    };
    SendReply* enqueue(const Envelope& envelope, SmtpClient::ContentProvider content,
                       bool canReencode);
    void dispatch();
    void scheduleDispatch();
    SmtpClient* clientFor();

    // Sends a connection holds at most: the running one and the next.
    static constexpr int kDepth = 2;

    SmtpSettings m_settings;
    int m_size = 1;
    bool m_retired = false;
    bool m_dispatchScheduled = false;
    std::vector<SmtpClient*> m_clients;
    std::deque<Queued> m_queue;
};

} // namespace connectors::smtp
