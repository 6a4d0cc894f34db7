#pragma once

#include "connectors/smtp/SendResult.h"
#include "connectors/smtp/SmtpCapabilities.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace connectors::smtp {

// What a connection test found out: each stage's outcome, the TLS session
// and certificate chain, the server's capabilities, and when something
// failed, a plain-language diagnosis with the fix.
struct ConnectionReport
{
    struct Stage
    {
        QString name; // "DNS", "TCP", "greeting", "EHLO", "TLS", "AUTH", "probe", "QUIT"
        bool ok = false;
        qint64 ms = 0; // since the test started
        QString detail;
    };
    struct Certificate
    {
        QString subject;
        QString issuer;
        QDateTime notBefore;
        QDateTime notAfter;
        QString sha256;    // hex
        QStringList names; // subject alternative names
    };

    bool ok = false;
    SendResult::Failure failure = SendResult::Failure::None;
    QString failedStage;
    QString error;     // what went wrong, technically
    QString diagnosis; // plain language: why, and what to do
    QString host;
    quint16 port = 0;
    QString tlsMode;
    QStringList addresses; // what DNS returned
    QList<Stage> stages;
    QString tlsProtocol;
    QString cipher;
    QList<Certificate> chain;
    QString verification; // "trusted", "pinned", "not verified (...)", or the errors
    bool certificateTrusted = false;
    bool capabilitiesKnown = false;
    SmtpCapabilities capabilities;
    QString authMechanism;         // the mechanism that logged in
    QList<RecipientOutcome> probe; // MAIL/RCPT probe outcome
    SmtpReply lastReply;
    QJsonArray transcript;
    QJsonArray attempts; // auto-detect: one report per port/mode tried

    QJsonObject toJson() const;
};

} // namespace connectors::smtp
