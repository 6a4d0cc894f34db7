#pragma once

#include "connectors/smtp/SmtpReply.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace connectors::smtp {

// What the server said about one recipient (RCPT TO).
struct RecipientOutcome
{
    QString address;
    int smtpCode = 0;
    QString reply; // the reply as one line
    bool accepted = false;

    friend bool operator==(const RecipientOutcome&, const RecipientOutcome&) = default;
};

// The outcome of one send, with the HTTP-like codes Logic Apps shows:
// 200 sent, 400 invalid input (`field` names it), 401 login refused,
// 403 refused by policy (relay denied, TLS required), 404 mailbox unknown,
// 500 anything else.
struct SendResult
{
    // Where it failed, for CLI exit codes (app/cli: 3 connect, 4 TLS, 5 auth,
    // 6 refused, 7 other server error, 8 timeout, 2 invalid input).
    enum class Failure
    {
        None,
        InvalidInput,
        Connect,
        Tls,
        Auth,
        Refused,
        Server,
        Timeout,
        Cancelled
    };

    int code = 500;
    bool transient = false; // a retry may succeed: connect errors, timeouts, 4xx, 421
    Failure failure = Failure::None;
    QString error; // plain-language message, empty when sent
    QString field; // the input at fault for 400
    SmtpReply lastReply;
    QString enhancedStatus;
    QString queueId; // from the final "250 ... queued as X" reply when present
    QList<RecipientOutcome> recipients;
    QJsonArray transcript; // [{"dir":"C"|"S"|"i","ms":N,"line":"..."}], secrets as ****

    bool ok() const { return code == 200; }
    QJsonObject toJson() const;
    static QString failureName(Failure failure);
};

} // namespace connectors::smtp
