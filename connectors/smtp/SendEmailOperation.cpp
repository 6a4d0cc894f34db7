#include "connectors/smtp/SendEmailOperation.h"

#include "connectors/smtp/SendEmailJob.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace connectors::smtp {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::smtp::SendEmailOperation", text);
}

bool same(const QJsonValue& value, const QString& expected)
{
    return value.toString().compare(expected, Qt::CaseInsensitive) == 0;
}

QJsonObject inputsOf(const QJsonObject& step)
{
    return step.value(QLatin1String("inputs")).toObject();
}

engine::PropertySchema prop(const QString& key, const QString& name, engine::PropertyType type,
                            const QString& description, bool required = false,
                            bool advanced = false)
{
    engine::PropertySchema p;
    p.key = key;
    p.displayName = name;
    p.type = type;
    p.description = description;
    p.required = required;
    p.advanced = advanced;
    return p;
}

// The canonical keys and how each shape spells them.
struct Field
{
    const char* canonical;
    const char* managed;         // key inside inputs.body of /SendEmail*
    const char* serviceProvider; // key inside inputs.parameters of the built-in
};

const Field kFields[] = {
    {"From", "From", "from"},
    {"To", "To", "to"},
    {"CC", "CC", "cc"},
    {"BCC", "BCC", "bcc"},
    {"Subject", "Subject", "subject"},
    {"Body", "Body", "body"},
    {"IsHtml", "IsHtml", "isHTML"},
    {"Importance", "Importance", "importance"},
    {"Attachments", "Attachments", "attachments"},
    {"ReplyTo", "ReplyTo", "replyTo"},
    {"ReadReceipt", "ReadReceipt", "readReceipt"},
    {"DeliveryReceipt", "DeliveryReceipt", "deliveryReceipt"},
    {"Headers", "Headers", "headers"},
};

const Field kAttachmentFields[] = {
    {"ContentData", "ContentData", "contentData"},
    {"ContentType", "ContentType", "contentType"},
    {"ContentTransferEncoding", "ContentTransferEncoding", "contentTransferEncoding"},
    {"FileName", "FileName", "fileName"},
    {"ContentId", "ContentId", "contentId"},
};

engine::WdlShape serviceProviderShape()
{
    engine::WdlShape shape;
    shape.name = QStringLiteral("ServiceProvider");
    shape.type = QStringLiteral("ServiceProvider");
    shape.matches = [](const QJsonObject& step) {
        const QJsonObject config =
            inputsOf(step).value(QLatin1String("serviceProviderConfiguration")).toObject();
        return same(config.value(QLatin1String("serviceProviderId")),
                    SendEmailOperation::serviceProviderId()) &&
               same(config.value(QLatin1String("operationId")), QStringLiteral("sendEmail"));
    };
    for (const Field& f : kFields)
        shape.propertyPaths.insert(QLatin1String(f.canonical),
                                   {QStringLiteral("inputs"), QStringLiteral("parameters"),
                                    QLatin1String(f.serviceProvider)});
    shape.propertyPaths.insert(QStringLiteral("Connection"),
                               {QStringLiteral("inputs"),
                                QStringLiteral("serviceProviderConfiguration"),
                                QStringLiteral("connectionName")});
    QHash<QString, QString> items;
    for (const Field& f : kAttachmentFields)
        items.insert(QLatin1String(f.canonical), QLatin1String(f.serviceProvider));
    shape.itemKeys.insert(QStringLiteral("Attachments"), items);
    return shape;
}

// Managed connector shapes differ only in the path and which fields exist:
// V1 has IsHtml and ContentTransferEncoding, V2 IsHtml, V3 neither but
// ReadReceipt and DeliveryReceipt. Our extensions (ReplyTo, Headers) are
// accepted in every shape so a form never loses what the user typed.
engine::WdlShape managedShape(const QString& path, bool isHtml, bool transferEncoding,
                              bool receipts)
{
    engine::WdlShape shape;
    shape.name = QStringLiteral("ApiConnection ") + path;
    shape.type = QStringLiteral("ApiConnection");
    shape.matches = [path](const QJsonObject& step) {
        const QJsonObject inputs = inputsOf(step);
        const QJsonValue method = inputs.value(QLatin1String("method"));
        return same(inputs.value(QLatin1String("path")), path) &&
               (method.isUndefined() || same(method, QStringLiteral("post")));
    };
    for (const Field& f : kFields) {
        const QString key = QLatin1String(f.canonical);
        if (!isHtml && key == QLatin1String("IsHtml"))
            continue;
        if (!receipts &&
            (key == QLatin1String("ReadReceipt") || key == QLatin1String("DeliveryReceipt")))
            continue;
        // V3 spells it "Bcc"; matching is case-insensitive, this is what new keys use.
        const QString wire = receipts && key == QLatin1String("BCC") ? QStringLiteral("Bcc")
                                                                     : QLatin1String(f.managed);
        shape.propertyPaths.insert(key, {QStringLiteral("inputs"), QStringLiteral("body"), wire});
    }
    shape.propertyPaths.insert(QStringLiteral("Connection"),
                               {QStringLiteral("inputs"), QStringLiteral("host"),
                                QStringLiteral("connection"), QStringLiteral("@connectionRef")});
    QHash<QString, QString> items;
    for (const Field& f : kAttachmentFields) {
        if (!transferEncoding && qstrcmp(f.canonical, "ContentTransferEncoding") == 0)
            continue;
        items.insert(QLatin1String(f.canonical), QLatin1String(f.managed));
    }
    shape.itemKeys.insert(QStringLiteral("Attachments"), items);
    return shape;
}

engine::OutputSchema output(const QString& key, const QString& name, const QString& type,
                            const QString& description, const QString& expression)
{
    engine::OutputSchema o;
    o.key = key;
    o.displayName = name;
    o.type = type;
    o.description = description;
    o.expression = expression;
    return o;
}

} // namespace

engine::Operation SendEmailOperation::create()
{
    using engine::PropertyType;
    engine::Operation op;
    op.id = id();
    op.connector = QStringLiteral("smtp");
    op.connectorDisplayName = tr("SMTP");
    op.displayName = tr("Send email");
    op.description = tr("Sends an email to one or more recipients through an SMTP server.");
    op.icon = QStringLiteral(":/icons/smtp.svg");
    op.color = QStringLiteral("#0078d4");
    op.kind = engine::OperationKind::Action;
    op.keywords = {QStringLiteral("mail"), QStringLiteral("email"), QStringLiteral("e-mail"),
                   QStringLiteral("smtp"), QStringLiteral("send"),  QStringLiteral("message")};

    engine::PropertySchema connection =
        prop(QStringLiteral("Connection"), tr("Connection"), PropertyType::Connection,
             tr("The SMTP connection (connections.json) the email is sent through."), true);
    connection.defaultValue = QStringLiteral("localMailCatcher");
    op.properties.append(connection);

    engine::PropertySchema from =
        prop(QStringLiteral("From"), tr("From"), PropertyType::Email,
             tr("Email address of the sender, like sender@domain.com; the connection's user "
                "name when empty."));
    from.placeholder = QStringLiteral("sender@example.com");
    op.properties.append(from);

    engine::PropertySchema to = prop(QStringLiteral("To"), tr("To"), PropertyType::EmailList,
                                     tr("Recipients, separated by semicolons, like "
                                        "recipient1@domain.com;recipient2@domain.com."),
                                     true);
    to.placeholder = QStringLiteral("recipient@example.com");
    op.properties.append(to);
    op.properties.append(prop(QStringLiteral("CC"), tr("CC"), PropertyType::EmailList,
                              tr("Copy recipients, separated by semicolons.")));
    op.properties.append(prop(QStringLiteral("BCC"), tr("BCC"), PropertyType::EmailList,
                              tr("Blind copy recipients, separated by semicolons; they are "
                                 "not shown in the message.")));
    op.properties.append(prop(QStringLiteral("Subject"), tr("Subject"), PropertyType::String,
                              tr("The subject line of the email.")));
    op.properties.append(prop(QStringLiteral("Body"), tr("Body"), PropertyType::Html,
                              tr("The content of the email, text or HTML (see Is HTML).")));
    engine::PropertySchema isHtml =
        prop(QStringLiteral("IsHtml"), tr("Is HTML"), PropertyType::Boolean,
             tr("Send the body as HTML (with a plain-text alternative)."));
    isHtml.defaultValue = false;
    op.properties.append(isHtml);
    engine::PropertySchema importance =
        prop(QStringLiteral("Importance"), tr("Importance"), PropertyType::Enum,
             tr("Importance of the email: High, Normal or Low."));
    importance.enumValues = {QStringLiteral("High"), QStringLiteral("Normal"),
                             QStringLiteral("Low")};
    importance.defaultValue = QStringLiteral("Normal");
    op.properties.append(importance);

    engine::PropertySchema attachments =
        prop(QStringLiteral("Attachments"), tr("Attachments"), PropertyType::Array,
             tr("Files sent with the email."));
    engine::PropertySchema contentData =
        prop(QStringLiteral("ContentData"), tr("Content"), PropertyType::Base64,
             tr("The file's content, base64-encoded."), true);
    engine::PropertySchema contentType =
        prop(QStringLiteral("ContentType"), tr("Content type"), PropertyType::String,
             tr("The media type, like application/pdf; guessed from the file name when empty."));
    contentType.placeholder = QStringLiteral("application/octet-stream");
    engine::PropertySchema encoding =
        prop(QStringLiteral("ContentTransferEncoding"), tr("Content transfer encoding"),
             PropertyType::Enum,
             tr("How Content is written: base64, or none for plain text content."), false, true);
    encoding.enumValues = {QStringLiteral("base64"), QStringLiteral("none")};
    engine::PropertySchema fileName =
        prop(QStringLiteral("FileName"), tr("File name"), PropertyType::String,
             tr("The name the recipient sees, like report.pdf."), true);
    engine::PropertySchema contentId =
        prop(QStringLiteral("ContentId"), tr("Content ID"), PropertyType::String,
             tr("For images shown inside an HTML body: the id used as cid:ID."), false, true);
    attachments.itemProperties = {contentData, contentType, encoding, fileName, contentId};
    op.properties.append(attachments);

    op.properties.append(prop(QStringLiteral("ReplyTo"), tr("Reply to"), PropertyType::EmailList,
                              tr("Where replies go, when not to the sender."), false, true));
    // Addresses, as the managed connector's V3 shape (the one that has them)
    // declares them; true/false is still read at run time (to the sender).
    engine::PropertySchema readReceipt =
        prop(QStringLiteral("ReadReceipt"), tr("Read receipt to"), PropertyType::Email,
             tr("The address that gets a read receipt: the recipient's mail program is asked to "
                "confirm that the email was read (Disposition-Notification-To, RFC 8098)."),
             false, true);
    readReceipt.placeholder = QStringLiteral("receipts@example.com");
    op.properties.append(readReceipt);
    engine::PropertySchema deliveryReceipt =
        prop(QStringLiteral("DeliveryReceipt"), tr("Delivery receipt to"), PropertyType::Email,
             tr("The address that gets a delivery receipt: the servers are asked to report "
                "delivery (DSN, RFC 3461, when the server supports it; the report goes to the "
                "sender) and the address is named in Return-Receipt-To."),
             false, true);
    deliveryReceipt.placeholder = QStringLiteral("receipts@example.com");
    op.properties.append(deliveryReceipt);
    op.properties.append(prop(QStringLiteral("Headers"), tr("Extra headers"), PropertyType::Object,
                              tr("Additional header fields as name/value pairs, like "
                                 "{\"X-Campaign\": \"spring\"}."),
                              false, true));

    op.outputs = {
        output(QStringLiteral("MessageId"), tr("Message ID"), QStringLiteral("string"),
               tr("The Message-ID header of the email that was sent."),
               QStringLiteral("body('{step}')?['MessageId']")),
        output(QStringLiteral("QueueId"), tr("Queue ID"), QStringLiteral("string"),
               tr("The id the server gave the message when it accepted it, if any."),
               QStringLiteral("body('{step}')?['QueueId']")),
        output(QStringLiteral("Recipients"), tr("Recipients"), QStringLiteral("array"),
               tr("Each recipient and whether the server accepted it."),
               QStringLiteral("body('{step}')?['Recipients']")),
        output(QStringLiteral("StatusCode"), tr("Status code"), QStringLiteral("integer"),
               tr("200 when the server accepted the email."),
               QStringLiteral("outputs('{step}')?['statusCode']")),
    };

    op.shapes = {
        serviceProviderShape(),
        managedShape(QStringLiteral("/SendEmailV3"), false, false, true),
        managedShape(QStringLiteral("/SendEmailV2"), true, false, false),
        managedShape(QStringLiteral("/SendEmail"), true, true, false),
    };

    op.newStep = [] {
        QJsonObject parameters{
            {QStringLiteral("to"), QString()},
            {QStringLiteral("subject"), QString()},
            {QStringLiteral("body"), QString()},
            {QStringLiteral("isHTML"), false},
        };
        QJsonObject config{
            {QStringLiteral("connectionName"), QStringLiteral("localMailCatcher")},
            {QStringLiteral("operationId"), QStringLiteral("sendEmail")},
            {QStringLiteral("serviceProviderId"), SendEmailOperation::serviceProviderId()},
        };
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("ServiceProvider")},
            {QStringLiteral("inputs"),
             QJsonObject{{QStringLiteral("parameters"), parameters},
                         {QStringLiteral("serviceProviderConfiguration"), config}}},
            {QStringLiteral("runAfter"), QJsonObject()},
        };
    };
    op.validate = [](const QJsonObject& properties) {
        return SendEmailJob::validateProperties(properties);
    };
    return op;
}

} // namespace connectors::smtp
