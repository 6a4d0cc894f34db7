#pragma once

#include <QString>
#include <QStringList>

namespace connectors::smtp {

// One complete server reply (RFC 5321 4.2): a three-digit code, the text of
// each line, and the enhanced status code (RFC 3463) when the server sent one.
struct SmtpReply
{
    int code = 0;
    QString enhancedStatus; // "5.1.1", empty when absent
    QStringList lines;      // text after "NNN-"/"NNN " of each line, enhanced code removed

    bool isValid() const { return code >= 200 && code <= 599; }
    bool isPositive() const { return code >= 200 && code < 400; }
    bool isTransientFailure() const { return code >= 400 && code < 500; }
    bool isPermanentFailure() const { return code >= 500 && code < 600; }
    // All lines joined with a space.
    QString text() const;
    // "550 5.1.1 text" as one line, for messages and results.
    QString toString() const;

    friend bool operator==(const SmtpReply&, const SmtpReply&) = default;
};

} // namespace connectors::smtp
