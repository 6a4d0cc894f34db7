#pragma once

#include "connectors/smtp/SendResult.h"
#include "engine/catalogue/Job.h"
#include "engine/core/Error.h"

#include <QPointer>

namespace connectors::smtp {

class SendReply;
class SmtpPool;
struct SmtpSettings;

// Runs one Send email action: the step's inputs become an EmailMessage, then
// a MimeMessage, sent through the pool shared by every step that uses the
// same connection (in this thread). Ends in a StepOutcome with the seed's
// codes (200 sent; 400 naming the field; 401, 403, 404, 500), whether a
// retry may help, and the redacted transcript.
class SendEmailJob : public engine::Job
{
    Q_OBJECT
public:
    explicit SendEmailJob(QObject* parent = nullptr);
    ~SendEmailJob() override;

    void start(const engine::JobContext& context) override;
    void cancel() override;

    // The pool of this thread for this connection (SmtpSettings::poolKey),
    // created on first use and shared by every run. When the settings differ
    // from the pool's (a new password or token, pool size, timeouts) the old
    // pool is retired (it finishes its sends, then goes) and a new one made,
    // so no send rides on a login made with old credentials.
    static SmtpPool* sharedPool(const SmtpSettings& settings);
    // The outcome of a finished send: outputs {"statusCode","headers","body":
    // {"MessageId","QueueId","Recipients",...}}.
    static engine::StepOutcome outcomeOf(const SendResult& result, const QString& messageId);
    // An outcome for input that never reached the server.
    static engine::StepOutcome invalidInput(const engine::Error& error);
    // The Send email operation's validate hook: checks the literal values of
    // canonical properties (values that are expressions wait for run time);
    // each error's field is the canonical key ("Attachments[0].ContentData").
    static QList<engine::Error> validateProperties(const QJsonObject& properties);

private:
    void finish(const engine::StepOutcome& outcome);

    QPointer<SendReply> m_reply;
    bool m_finished = false;
};

} // namespace connectors::smtp
