#pragma once

#include "connectors/smtp/SmtpClient.h"

#include <QObject>
#include <QPointer>
#include <deque>
#include <memory>
#include <vector>

namespace connectors::smtp {

// Up to `size` SmtpClient connections to one server. Sends are queued and
// handed to an idle connection, so messages go out in parallel and each
// connection is reused for the next message.
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
        std::shared_ptr<std::unique_ptr<QIODevice>> device; // set for the device overload
    };
    void dispatch();

    SmtpSettings m_settings;
    int m_size = 1;
    bool m_retired = false;
    std::vector<SmtpClient*> m_clients;
    std::deque<Queued> m_queue;
};

} // namespace connectors::smtp
