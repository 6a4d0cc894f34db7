#pragma once

#include "connectors/smtp/SendResult.h"

#include <QJsonObject>
#include <QObject>
#include <functional>

namespace connectors::smtp {

// The handle of one send in progress (returned by SmtpClient::send and
// SmtpPool::send). Emits finished() exactly once, after which result() is
// final. The caller owns it; deleting it before finished() cancels the send
// (a message in the middle of DATA is abandoned by closing the connection,
// so the server never queues half of it).
class SendReply : public QObject
{
    Q_OBJECT
public:
    explicit SendReply(QObject* parent = nullptr);
    ~SendReply() override;

    bool isFinished() const { return m_finished; }
    const SendResult& result() const { return m_result; }

    // Used by the client/pool that runs the send.
    void appendTranscript(const QJsonObject& entry);
    void finish(SendResult result);
    void setCancelHandler(std::function<void()> handler) { m_onCancel = std::move(handler); }

Q_SIGNALS:
    // One transcript line as it happens: dir "C", "S" or "i", redacted.
    void transcriptLine(const QJsonObject& entry);
    void finished();

private:
    SendResult m_result;
    QJsonArray m_transcript;
    bool m_finished = false;
    std::function<void()> m_onCancel;
};

} // namespace connectors::smtp
