#pragma once

#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/Envelope.h"
#include "engine/core/Clock.h"
#include "engine/core/Result.h"

#include <QIODevice>
#include <memory>

namespace connectors::smtp {

// An EmailMessage written as an Internet message (RFC 5322, MIME RFC
// 2045-2049, 2047, 2231, 2387): multipart/mixed for attachments,
// multipart/alternative for HTML with its text, multipart/related for inline
// parts referenced by cid:. The structure, headers and transfer encodings are
// decided once by build(); open() then streams the message, encoding large
// attachments chunk by chunk while the client sends them. Copies share the
// built message.
//
//     auto mime = MimeMessage::build(message);
//     client.send(mime->envelope(), [mime = *mime](const SmtpCapabilities& caps) {
//         return mime.open(caps.eightBitMime);
//     });
class MimeMessage
{
public:
    // Checks the message (EmailMessage::validate) and that attachment files
    // can be read; errors name the field. `clock` gives the Date and the
    // Message-ID's time.
    static engine::Result<MimeMessage> build(const EmailMessage& message,
                                             const engine::Clock& clock = engine::Clock::system());

    // The message, read as it is produced. With allowEightBit false every part
    // is 7-bit (8-bit text becomes quoted-printable or base64), for servers
    // without 8BITMIME (RFC 6152).
    std::unique_ptr<QIODevice> open(bool allowEightBit = true) const;
    // The whole message in memory (tests, --dump-mime).
    QByteArray toByteArray(bool allowEightBit = true) const;
    // Octets open() produces.
    qint64 size(bool allowEightBit = true) const;

    // MAIL FROM / RCPT TO: To+CC+BCC without duplicates, A-label domains;
    // smtpUtf8 when an address needs it, eightBitMime when a part is 8bit,
    // NOTIFY=SUCCESS,FAILURE for a delivery receipt; sizeHint of open().
    Envelope envelope() const;

    const EmailMessage& message() const;
    // The Message-ID without angle brackets.
    QString messageId() const;
    // Some part is 8bit when 8-bit is allowed.
    bool hasEightBitParts() const;

private:
    struct Data;
    std::shared_ptr<const Data> d;
};

} // namespace connectors::smtp
