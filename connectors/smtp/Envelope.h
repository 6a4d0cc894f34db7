#pragma once

#include <QString>
#include <QStringList>

namespace connectors::smtp {

// The SMTP envelope of one message (RFC 5321 3.3): who it is from and to,
// kept apart from the headers the MIME builder writes.
struct Envelope
{
    QString from;              // reverse-path; domains already A-labels unless smtpUtf8
    QStringList recipients;    // forward-paths (To + CC + BCC)
    bool smtpUtf8 = false;     // an address needs SMTPUTF8 (RFC 6531)
    bool eightBitMime = false; // the content has 8-bit parts (RFC 6152 BODY=8BITMIME)
    QStringList dsnNotify;     // RFC 3461 NOTIFY values, e.g. SUCCESS, FAILURE
    qint64 sizeHint = -1;      // bytes of the content if known (RFC 1870 SIZE=)
};

} // namespace connectors::smtp
