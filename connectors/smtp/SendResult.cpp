#include "connectors/smtp/SendResult.h"

namespace connectors::smtp {

QString SendResult::failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return QStringLiteral("none");
    case Failure::InvalidInput:
        return QStringLiteral("invalidInput");
    case Failure::Connect:
        return QStringLiteral("connect");
    case Failure::Tls:
        return QStringLiteral("tls");
    case Failure::Auth:
        return QStringLiteral("auth");
    case Failure::Refused:
        return QStringLiteral("refused");
    case Failure::Server:
        return QStringLiteral("server");
    case Failure::Timeout:
        return QStringLiteral("timeout");
    case Failure::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QJsonObject SendResult::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("statusCode"), code);
    o.insert(QStringLiteral("transient"), transient);
    if (failure != Failure::None)
        o.insert(QStringLiteral("failure"), failureName(failure));
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!field.isEmpty())
        o.insert(QStringLiteral("field"), field);
    if (lastReply.code != 0) {
        o.insert(QStringLiteral("smtpCode"), lastReply.code);
        o.insert(QStringLiteral("reply"), lastReply.toString());
    }
    if (!enhancedStatus.isEmpty())
        o.insert(QStringLiteral("enhancedStatus"), enhancedStatus);
    if (!queueId.isEmpty())
        o.insert(QStringLiteral("queueId"), queueId);
    QJsonArray rcpts;
    for (const RecipientOutcome& r : recipients) {
        rcpts.append(QJsonObject{{QStringLiteral("address"), r.address},
                                 {QStringLiteral("smtpCode"), r.smtpCode},
                                 {QStringLiteral("reply"), r.reply},
                                 {QStringLiteral("accepted"), r.accepted}});
    }
    if (!rcpts.isEmpty())
        o.insert(QStringLiteral("recipients"), rcpts);
    if (!transcript.isEmpty())
        o.insert(QStringLiteral("transcript"), transcript);
    return o;
}

} // namespace connectors::smtp
