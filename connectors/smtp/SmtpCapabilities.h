#pragma once

#include "connectors/smtp/SmtpReply.h"

#include <QStringList>

namespace connectors::smtp {

// What a server said it supports in its EHLO reply (RFC 5321 4.1.1.1): the
// first line is the greeting, each further line one keyword with parameters.
struct SmtpCapabilities
{
    bool esmtp = false;               // the server answered EHLO (false after a HELO fallback)
    bool pipelining = false;          // RFC 2920
    bool eightBitMime = false;        // RFC 6152
    bool smtpUtf8 = false;            // RFC 6531
    bool dsn = false;                 // RFC 3461
    bool startTls = false;            // RFC 3207
    bool enhancedStatusCodes = false; // RFC 2034
    bool chunking = false;            // RFC 3030 (reported only)
    bool sizeAdvertised = false;
    qint64 maxSize = 0;         // RFC 1870: 0 = no limit announced
    QStringList authMechanisms; // upper case, from "AUTH x y" and legacy "AUTH=x y"
    QStringList keywords;       // every keyword line as sent, for reports

    static SmtpCapabilities fromEhlo(const SmtpReply& reply);
    bool supportsAuth(const QString& mechanism) const;

    friend bool operator==(const SmtpCapabilities&, const SmtpCapabilities&) = default;
};

} // namespace connectors::smtp
