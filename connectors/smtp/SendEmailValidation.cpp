// The Send email operation's own checks of a step's literal values, apart
// from the job that sends (and from the network): the designer validates
// with this alone.
#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/SendEmailJob.h"
#include "engine/expressions/Expressions.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <optional>

namespace connectors::smtp {
namespace {

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
        const QJsonValue raw = EmailMessage::property(properties, k);
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

    const QJsonValue attachments =
        EmailMessage::property(properties, QStringLiteral("Attachments"));
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
                const auto v = literal(EmailMessage::property(item, QString::fromLatin1(key)));
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
                !EmailMessage::property(item, QStringLiteral("ContentTransferEncoding"))
                     .isString() ||
                encoding;
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

} // namespace connectors::smtp
