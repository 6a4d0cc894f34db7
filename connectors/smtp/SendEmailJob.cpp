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

// A value known before the run: not an expression; "@@" stands for "@".
std::optional<QJsonValue> literal(const QJsonValue& value)
{
    if (!value.isString())
        return value;
    const QString text = value.toString();
    if (engine::isExpression(text))
        return std::nullopt;
    if (text.startsWith(QLatin1String("@@")))
        return QJsonValue(text.mid(1));
    return value;
}

QJsonValue valueOf(const QJsonObject& object, const QString& key)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key().compare(key, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

QList<engine::Error> SendEmailJob::validateProperties(const QJsonObject& properties)
{
    QList<engine::Error> errors;
    auto add = [&errors](const engine::Status& s) {
        if (!s)
            errors << s.error();
    };
    // Everything known now goes through the same rules as at run time, one
    // field at a time so that each problem is reported.
    const QString probeAddress = QStringLiteral("check@example.com");
    const QJsonObject base{{QStringLiteral("From"), probeAddress},
                           {QStringLiteral("To"), probeAddress},
                           {QStringLiteral("CC"), probeAddress},
                           {QStringLiteral("BCC"), probeAddress}};
    auto checkOne = [&](const QString& key, const QJsonValue& value) {
        QJsonObject probe = base;
        probe.insert(key, value);
        auto m = EmailMessage::fromProperties(probe);
        if (!m)
            errors << m.error();
    };
    bool recipientsKnown = true;
    bool anyRecipient = false;
    for (const char* key : {"From", "To", "CC", "BCC", "ReplyTo", "Subject", "Body", "IsHtml",
                            "Importance", "ReadReceipt", "DeliveryReceipt", "Headers"}) {
        const QString k = QString::fromLatin1(key);
        const QJsonValue raw = valueOf(properties, k);
        if (raw.isUndefined() || raw.isNull())
            continue;
        const auto value = literal(raw);
        const bool isRecipient =
            k == QLatin1String("To") || k == QLatin1String("CC") || k == QLatin1String("BCC");
        if (!value) {
            recipientsKnown = recipientsKnown && !isRecipient;
            continue;
        }
        if (isRecipient) {
            if (value->isString()) {
                const auto list = MailAddress::parseList(value->toString(), k);
                anyRecipient = anyRecipient || !list || !list->isEmpty();
            } else {
                anyRecipient = anyRecipient || !value->toArray().isEmpty();
            }
        }
        if (k == QLatin1String("From") && value->toString().trimmed().isEmpty())
            continue; // the connection's user name then
        if (k == QLatin1String("Headers") && value->isObject()) {
            const QJsonObject headers = value->toObject();
            QJsonObject known;
            for (auto it = headers.begin(); it != headers.end(); ++it) {
                if (const auto v = literal(it.value()))
                    known.insert(it.key(), *v);
                else
                    add(EmailMessage::checkHeaderName(it.key(), QStringLiteral("Headers")));
            }
            checkOne(k, known);
            continue;
        }
        checkOne(k, *value);
    }
    if (recipientsKnown && !anyRecipient)
        errors << engine::Error{
            QStringLiteral("To"),
            QCoreApplication::translate("connectors::smtp::EmailMessage",
                                        "no recipient: give at least one address in To, CC or BCC"),
            400};

    const QJsonValue attachments = valueOf(properties, QStringLiteral("Attachments"));
    const auto known = literal(attachments);
    if (known && known->isArray()) {
        const QJsonArray items = known->toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString itemField = QStringLiteral("Attachments[%1]").arg(i);
            if (!items.at(i).isObject()) {
                if (literal(items.at(i)))
                    errors << engine::Error{itemField,
                                            QCoreApplication::translate(
                                                "connectors::smtp::EmailMessage",
                                                "must be an object with ContentData and FileName"),
                                            400};
                continue;
            }
            const QJsonObject item = items.at(i).toObject();
            auto text = [&](const char* key) -> std::optional<QString> {
                const auto v = literal(valueOf(item, QString::fromLatin1(key)));
                if (!v || !v->isString())
                    return std::nullopt;
                return v->toString();
            };
            const QString prefix = itemField + QLatin1Char('.');
            const auto encoding = text("ContentTransferEncoding");
            const bool plain = encoding && encoding->trimmed().compare(QLatin1String("none"),
                                                                       Qt::CaseInsensitive) == 0;
            if (encoding && !plain && !encoding->trimmed().isEmpty() &&
                encoding->trimmed().compare(QLatin1String("base64"), Qt::CaseInsensitive) != 0)
                errors << engine::Error{
                    prefix + QStringLiteral("ContentTransferEncoding"),
                    QCoreApplication::translate("connectors::smtp::EmailMessage",
                                                "\"%1\" is not supported: use \"base64\" "
                                                "(ContentData is base64) or \"none\" "
                                                "(ContentData is plain text)")
                        .arg(encoding->trimmed()),
                    400};
            const bool encodingKnown =
                !valueOf(item, QStringLiteral("ContentTransferEncoding")).isString() || encoding;
            // Valid base64 holds no '@', so it is no expression: a large
            // attachment is checked from the JSON's storage, without a copy.
            // Anything else is looked at as text, to tell an expression from
            // an error and to name the error.
            if (!plain && encodingKnown &&
                !EmailMessage::isBase64(item, QStringLiteral("ContentData"))) {
                if (const auto data = text("ContentData")) {
                    if (auto decoded = EmailMessage::decodeBase64(
                            *data, prefix + QStringLiteral("ContentData"));
                        !decoded)
                        errors << decoded.error();
                }
            }
            if (const auto type = text("ContentType"); type && !type->trimmed().isEmpty())
                add(EmailMessage::checkContentType(type->trimmed(),
                                                   prefix + QStringLiteral("ContentType")));
            if (const auto name = text("FileName"); name && !name->isEmpty())
                add(EmailMessage::checkFileName(*name, prefix + QStringLiteral("FileName")));
            if (const auto id = text("ContentId"); id && !id->isEmpty())
                add(EmailMessage::checkContentId(*id, prefix + QStringLiteral("ContentId")));
        }
    } else if (known && !known->isUndefined() && !known->isNull()) {
        errors << engine::Error{QStringLiteral("Attachments"),
                                QCoreApplication::translate("connectors::smtp::EmailMessage",
                                                            "must be a list of attachments"),
                                400};
    }
    return errors;
}

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
