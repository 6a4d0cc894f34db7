#pragma once

#include "engine/core/Result.h"

#include <QList>
#include <QString>

namespace connectors::smtp {

// One mailbox (RFC 5322 3.4): an optional display name and an addr-spec.
// Parsed leniently from what people type ("Bob <bob@example.com>",
// "\"Doe, Jane\" <jane@example.com>", "bob@example.com (Bob)") and checked
// strictly, with a reason a person can act on. Domains are kept as typed and
// as A-labels (RFC 5890) for the envelope and headers.
class MailAddress
{
public:
    MailAddress() = default;

    // One address. `field` names the input in the error ("From", "To").
    static engine::Result<MailAddress> parse(const QString& text, const QString& field = QString());
    // A list split on ';' or ',' outside quotes, comments and angle brackets;
    // empty items are skipped, so an empty text is an empty list.
    static engine::Result<QList<MailAddress>> parseList(const QString& text,
                                                        const QString& field = QString());
    // The items of a list as typed, without parsing them.
    static QStringList splitList(const QString& text);

    bool isNull() const { return m_local.isEmpty(); }
    QString displayName() const { return m_displayName; }
    // The local part as it is written in an address (quoted when needed).
    QString localPart() const { return m_local; }
    // The domain as typed (may hold non-ASCII U-labels).
    QString domain() const { return m_domain; }
    // The domain as ASCII (A-labels); a domain literal stays as it is.
    QString asciiDomain() const { return m_asciiDomain; }
    // local@domain as typed.
    QString address() const { return m_local + QLatin1Char('@') + m_domain; }
    // local@ascii-domain: what goes into MAIL FROM / RCPT TO and headers.
    QString smtpAddress() const { return m_local + QLatin1Char('@') + m_asciiDomain; }
    // RFC 6531: the local part is not ASCII, so the server must offer SMTPUTF8.
    bool needsSmtpUtf8() const;
    // "Name <local@domain>" or the bare address (for people, not for headers).
    QString toString() const;

    void setDisplayName(const QString& name) { m_displayName = name; }

    friend bool operator==(const MailAddress&, const MailAddress&) = default;

private:
    QString m_displayName;
    QString m_local;
    QString m_domain;
    QString m_asciiDomain;
};

} // namespace connectors::smtp
