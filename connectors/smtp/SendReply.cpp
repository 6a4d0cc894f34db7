#include "connectors/smtp/SendReply.h"

namespace connectors::smtp {

SendReply::SendReply(QObject* parent) : QObject(parent) {}

SendReply::~SendReply()
{
    if (!m_finished && m_onCancel) {
        auto cancel = std::move(m_onCancel);
        cancel();
    }
}

void SendReply::appendTranscript(const QJsonObject& entry)
{
    if (m_finished)
        return;
    m_transcript.append(entry);
    Q_EMIT transcriptLine(entry);
}

void SendReply::finish(SendResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_onCancel = nullptr;
    if (result.transcript.isEmpty())
        result.transcript = m_transcript;
    m_result = std::move(result);
    Q_EMIT finished();
}

} // namespace connectors::smtp
