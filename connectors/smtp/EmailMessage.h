#pragma once

#include "connectors/smtp/MailAddress.h"
#include "engine/core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace connectors::smtp {

// The fields of one Send email action as a checked value: what the user asked
// for, before it becomes MIME. Built from the step's canonical properties
// (fromProperties) or in code (the CLI), and checked by the same rules, so
// nothing that reaches the MIME builder can inject a header or lose data.
class EmailMessage
{
public:
    enum class Importance
    {
        Normal,
        High,
        Low
    };

    struct Attachment
    {
        QByteArray data;     // the content itself (decoded)
        QString filePath;    // or: read from this file while sending; `data` is then unused
        QString contentType; // "type/subtype[; params]"; empty: from the file name
        QString fileName;
        QString contentId;   // without <>; set for inline parts referenced by cid:
        bool isText = false; // came as plain text (ContentTransferEncoding "none")
    };

    struct Header
    {
        QString name;
        QString value;
        friend bool operator==(const Header&, const Header&) = default;
    };

    MailAddress from;
    QList<MailAddress> to;
    QList<MailAddress> cc;
    QList<MailAddress> bcc;
    QList<MailAddress> replyTo;
    QString subject;
    QString body;
    // The plain-text alternative of an HTML body; derived from the HTML when empty.
    QString textBody;
    bool isHtml = false;
    Importance importance = Importance::Normal;
    QList<Attachment> attachments;
    // ReadReceipt: a Disposition-Notification-To header (RFC 8098 2.1) naming
    // readReceiptTo, or From when that is null.
    bool readReceipt = false;
    MailAddress readReceiptTo;
    // DeliveryReceipt: DSN NOTIFY=SUCCESS,FAILURE on every RCPT (RFC 3461 4.1;
    // reports go to the envelope sender) and, when an address is given, a
    // Return-Receipt-To header naming it for servers that honour that.
    bool deliveryReceipt = false;
    MailAddress deliveryReceiptTo;
    QList<Header> headers; // extra header fields, in order

    // From canonical property keys (From, To, CC, BCC, ReplyTo, Subject, Body,
    // IsHtml, Importance, Attachments[{ContentData, ContentType,
    // ContentTransferEncoding, FileName, ContentId}], ReadReceipt,
    // DeliveryReceipt, Headers), matched case-insensitively. ReadReceipt and
    // DeliveryReceipt hold the address the receipt goes to (as the managed
    // connector's V3 shape has them), or true/false for "to the sender"/off.
    // Every error names
    // the field ("Attachments[1].ContentData"). An empty From is
    // `defaultFrom` (the connection's user name, as Logic Apps does).
    static engine::Result<EmailMessage> fromProperties(const QJsonObject& properties,
                                                       const QString& defaultFrom = QString());

    // The checks beyond parsing, for a message built in code: recipients,
    // header injection, custom headers, attachment names, types and ids.
    engine::Status validate() const;

    // The value of the canonical property `key` in `properties`, matched
    // case-insensitively ("isHTML" is "IsHtml"); undefined when absent.
    static QJsonValue property(const QJsonObject& properties, const QString& key);

    // Checks done on single values (shared with the operation's validate hook).
    static engine::Status checkHeaderText(const QString& value, const QString& field);
    static engine::Status checkHeaderName(const QString& name, const QString& field);
    static engine::Status checkContentType(const QString& value, const QString& field);
    static engine::Status checkContentId(const QString& value, const QString& field);
    static engine::Status checkFileName(const QString& value, const QString& field);
    // Decodes base64 (white space allowed, padding required); the error says
    // which character is wrong.
    static engine::Result<QByteArray> decodeBase64(const QString& text, const QString& field);
    // The text value of `key` (matched case-insensitively) in `object` is
    // base64 that decodeBase64 accepts. Read from the JSON's own storage and
    // decoded into a small buffer, so checking a large attachment costs
    // neither a UTF-16 copy nor memory of its size.
    static bool isBase64(const QJsonObject& object, const QString& key);
    static engine::Result<Importance> parseImportance(const QString& text, const QString& field);
    static QString importanceName(Importance importance);

    // RFC 2045 5.1: "type/subtype" lower-cased and its parameters, unquoted.
    // Expects a value that passed checkContentType.
    static QString mimeTypeOf(const QString& contentType);
    static QList<QPair<QString, QString>> parametersOf(const QString& contentType);

    // Header names the builder writes itself; custom headers may not use them.
    static bool isReservedHeader(const QString& name);
};

} // namespace connectors::smtp
