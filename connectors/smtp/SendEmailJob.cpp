#include "connectors/smtp/SendEmailJob.h"

#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/MimeMessage.h"
#include "connectors/smtp/SendReply.h"
#include "connectors/smtp/SmtpPool.h"
#include "connectors/smtp/SmtpSettings.h"
#include "engine/expressions/Expressions.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <QThread>
#include <algorithm>
#include <map>
#include <vector>

Q_LOGGING_CATEGORY(lcSendEmail, "logicapp.smtp.send")

namespace connectors::smtp {
namespace {

// Pools live in the thread that uses them (their sockets do); they go when
// the thread finishes or the application quits.
struct PoolRegistry
{
    // One pool per connection identity (SmtpSettings::poolKey).
    std::map<QString, std::unique_ptr<SmtpPool>> pools;
    // Pools replaced after a settings change, finishing their last sends.
    std::vector<QPointer<SmtpPool>> retired;

    ~PoolRegistry()
    {
        for (const QPointer<SmtpPool>& p : retired)
            delete p.data();
    }
};

PoolRegistry*& threadRegistry()
{
    thread_local PoolRegistry* registry = nullptr;
    return registry;
}

void dropThreadRegistry()
{
    delete threadRegistry();
    threadRegistry() = nullptr;
}

} // namespace

SendEmailJob::SendEmailJob(QObject* parent) : engine::Job(parent) {}

SendEmailJob::~SendEmailJob()
{
    // Deleting the reply cancels a send still running.
    delete m_reply.data();
}

SmtpPool* SendEmailJob::sharedPool(const SmtpSettings& settings)
{
    PoolRegistry*& registry = threadRegistry();
    if (!registry) {
        registry = new PoolRegistry;
        QThread* thread = QThread::currentThread();
        if (QCoreApplication::instance() && thread == QCoreApplication::instance()->thread())
            QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit,
                             dropThreadRegistry);
        else
            QObject::connect(thread, &QThread::finished, dropThreadRegistry);
    }
    // Every run that uses this connection shares its pool. A changed password
    // or token (or pool size, timeouts) must not ride on a connection that
    // logged in with the old values: that pool finishes what it has and goes.
    auto& pool = registry->pools[settings.poolKey()];
    if (pool && !(pool->settings() == settings)) {
        SmtpPool* old = pool.release();
        registry->retired.erase(std::remove_if(registry->retired.begin(), registry->retired.end(),
                                               [](const QPointer<SmtpPool>& p) { return !p; }),
                                registry->retired.end());
        registry->retired.emplace_back(old);
        old->retire();
    }
    if (!pool)
        pool = std::make_unique<SmtpPool>(settings, settings.poolSize);
    return pool.get();
}

engine::StepOutcome SendEmailJob::invalidInput(const engine::Error& error)
{
    engine::StepOutcome o;
    o.status = engine::StepOutcome::Status::Failed;
    o.code = error.code;
    o.error = error.message;
    o.errorField = error.field;
    o.outputs = QJsonObject{
        {QStringLiteral("statusCode"), error.code},
        {QStringLiteral("headers"), QJsonObject()},
        {QStringLiteral("body"),
         QJsonObject{{QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), error.code},
                                  {QStringLiteral("field"), error.field},
                                  {QStringLiteral("message"), error.toString()}}}}},
    };
    return o;
}

engine::StepOutcome SendEmailJob::outcomeOf(const SendResult& result, const QString& messageId)
{
    engine::StepOutcome o;
    o.code = result.code;
    o.transient = result.transient;
    o.transcript = result.transcript;
    o.status = result.ok() ? engine::StepOutcome::Status::Succeeded
               : result.failure == SendResult::Failure::Cancelled
                   ? engine::StepOutcome::Status::Cancelled
                   : engine::StepOutcome::Status::Failed;
    QJsonArray recipients;
    for (const RecipientOutcome& r : result.recipients) {
        recipients.append(QJsonObject{{QStringLiteral("Address"), r.address},
                                      {QStringLiteral("Accepted"), r.accepted},
                                      {QStringLiteral("SmtpCode"), r.smtpCode},
                                      {QStringLiteral("Reply"), r.reply}});
    }
    QJsonObject body{
        {QStringLiteral("MessageId"), QString(QLatin1Char('<') + messageId + QLatin1Char('>'))},
        {QStringLiteral("QueueId"), result.queueId},
        {QStringLiteral("Recipients"), recipients},
    };
    if (result.lastReply.code != 0) {
        body.insert(QStringLiteral("SmtpCode"), result.lastReply.code);
        body.insert(QStringLiteral("Reply"), result.lastReply.toString());
    }
    if (!result.enhancedStatus.isEmpty())
        body.insert(QStringLiteral("EnhancedStatus"), result.enhancedStatus);
    if (!result.ok()) {
        o.error = result.error;
        o.errorField = result.field;
        body.insert(
            QStringLiteral("error"),
            QJsonObject{{QStringLiteral("code"), result.code},
                        {QStringLiteral("field"), result.field},
                        {QStringLiteral("failure"), SendResult::failureName(result.failure)},
                        {QStringLiteral("message"), result.error}});
    }
    o.outputs = QJsonObject{{QStringLiteral("statusCode"), result.code},
                            {QStringLiteral("headers"), QJsonObject()},
                            {QStringLiteral("body"), body}};
    return o;
}

void SendEmailJob::start(const engine::JobContext& context)
{
    if (context.connection.isEmpty()) {
        finish(invalidInput(engine::Error{
            QStringLiteral("Connection"),
            tr("no SMTP connection: choose one, or add it to connections.json"), 400}));
        return;
    }
    auto settings = SmtpSettings::fromConnection(context.connection);
    if (!settings) {
        engine::Error e = settings.error();
        e.field = QStringLiteral("Connection.") + e.field;
        finish(invalidInput(e));
        return;
    }
    auto message = EmailMessage::fromProperties(context.inputs, settings->user);
    if (!message) {
        finish(invalidInput(message.error()));
        return;
    }
    auto mime = MimeMessage::build(*message, *context.clock);
    if (!mime) {
        finish(invalidInput(mime.error()));
        return;
    }
    const MimeMessage built = *mime;
    qCInfo(lcSendEmail) << "sending" << built.messageId() << "to"
                        << built.envelope().recipients.size() << "recipients via" << settings->host;
    SmtpPool* pool = sharedPool(*settings);
    // RFC 6152: 8-bit parts only when the server takes them, else re-encoded.
    m_reply = pool->send(built.envelope(), [built](const SmtpCapabilities& caps) {
        return built.open(caps.eightBitMime);
    });
    connect(m_reply.data(), &SendReply::transcriptLine, this, [this](const QJsonObject& entry) {
        Q_EMIT progress(entry.value(QStringLiteral("dir")).toString() + QStringLiteral(": ") +
                        entry.value(QStringLiteral("line")).toString());
    });
    const QString id = built.messageId();
    connect(m_reply.data(), &SendReply::finished, this, [this, id] {
        SendReply* reply = m_reply.data();
        if (!reply)
            return;
        const engine::StepOutcome outcome = outcomeOf(reply->result(), id);
        m_reply.clear();
        reply->deleteLater();
        finish(outcome);
    });
}

void SendEmailJob::cancel()
{
    if (m_finished)
        return;
    delete m_reply.data();
    engine::StepOutcome o;
    o.status = engine::StepOutcome::Status::Cancelled;
    o.code = 500;
    o.error = tr("The send was cancelled.");
    finish(o);
}

void SendEmailJob::finish(const engine::StepOutcome& outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    // Queued, so that a job that fails at once still finishes after start() returns.
    QMetaObject::invokeMethod(
        this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
}

} // namespace connectors::smtp
