#include "tests/gui/forms/FormsFixtures.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

namespace formstest {
namespace {

engine::Operation op(const char* id, const char* connector, const char* connectorName,
                     const char* name, const char* description, engine::OperationKind kind,
                     QStringList keywords = {})
{
    engine::Operation o;
    o.id = QString::fromUtf8(id);
    o.connector = QString::fromUtf8(connector);
    o.connectorDisplayName = QString::fromUtf8(connectorName);
    o.displayName = QString::fromUtf8(name);
    o.description = QString::fromUtf8(description);
    o.kind = kind;
    o.keywords = std::move(keywords);
    static const QHash<QString, QString> icons = {{"smtp", "smtp"},
                                                  {"salesforce", "salesforce"},
                                                  {"schedule", "recurrence"},
                                                  {"request", "request"},
                                                  {"files", "file"}};
    o.icon = QStringLiteral(":/icons/") + icons.value(o.connector) + QStringLiteral(".svg");
    return o;
}

engine::PropertySchema prop(const char* key, engine::PropertyType type, bool required = false,
                            bool advanced = false)
{
    engine::PropertySchema p;
    p.key = QString::fromUtf8(key);
    p.displayName = p.key;
    p.type = type;
    p.required = required;
    p.advanced = advanced;
    return p;
}

bool isExpression(const QString& s)
{
    return s.startsWith(QLatin1Char('@')) || s.contains(QStringLiteral("@{"));
}

// Send email written as the built-in (ServiceProvider) SMTP action. The
// properties are listed out of reading order on purpose: the form orders them.
engine::Operation sendEmail()
{
    using T = engine::PropertyType;
    engine::Operation o =
        op("smtp.sendEmail", "smtp", "SMTP", "Send email", "Sends an email through an SMTP server.",
           engine::OperationKind::Action, {"mail", "message"});
    engine::PropertySchema importance = prop("Importance", T::Enum);
    importance.enumValues = {"High", "Normal", "Low"};
    importance.defaultValue = QStringLiteral("Normal");
    engine::PropertySchema attachments = prop("Attachments", T::Array);
    attachments.displayName = QStringLiteral("Attachment");
    attachments.itemProperties = {prop("ContentData", T::Base64, true),
                                  prop("FileName", T::String, true), prop("ContentType", T::String),
                                  prop("ContentId", T::String)};
    engine::PropertySchema connection = prop("Connection", T::Connection, true);
    o.properties = {prop("To", T::EmailList, true),
                    prop("Subject", T::String, true),
                    prop("Body", T::Html, true),
                    prop("From", T::Email, true),
                    connection,
                    importance,
                    prop("IsHtml", T::Boolean),
                    prop("CC", T::EmailList),
                    prop("BCC", T::EmailList),
                    attachments,
                    prop("ReplyTo", T::EmailList, false, true),
                    prop("ReadReceipt", T::Boolean, false, true)};
    o.outputs = {{"MessageId", "Message id", "The Message-ID header", "string",
                  "body('{step}')?['MessageId']"}};
    engine::WdlShape shape;
    shape.name = QStringLiteral("ServiceProvider");
    shape.matches = [](const QJsonObject& step) {
        return step.value(QStringLiteral("type")).toString() == QStringLiteral("ServiceProvider") &&
               step.value(QStringLiteral("inputs"))
                       .toObject()
                       .value(QStringLiteral("serviceProviderConfiguration"))
                       .toObject()
                       .value(QStringLiteral("operationId"))
                       .toString() == QStringLiteral("sendEmail");
    };
    const QStringList base = {"inputs", "parameters"};
    const QHash<QString, QString> keys = {{"From", "from"},
                                          {"To", "to"},
                                          {"CC", "cc"},
                                          {"BCC", "bcc"},
                                          {"Subject", "subject"},
                                          {"Body", "body"},
                                          {"IsHtml", "isHTML"},
                                          {"Importance", "importance"},
                                          {"Attachments", "attachments"},
                                          {"ReplyTo", "replyTo"},
                                          {"ReadReceipt", "readReceipt"}};
    for (auto it = keys.begin(); it != keys.end(); ++it)
        shape.propertyPaths.insert(it.key(), base + QStringList{it.value()});
    shape.propertyPaths.insert(QStringLiteral("Connection"),
                               {"inputs", "serviceProviderConfiguration", "connectionName"});
    shape.itemKeys.insert(QStringLiteral("Attachments"), {{"ContentData", "contentData"},
                                                          {"FileName", "name"},
                                                          {"ContentType", "contentType"},
                                                          {"ContentId", "contentId"}});
    o.shapes = {shape};
    o.newStep = [] {
        return QJsonObject{
            {"type", "ServiceProvider"},
            {"inputs", QJsonObject{{"parameters", QJsonObject{}},
                                   {"serviceProviderConfiguration",
                                    QJsonObject{{"connectionName", ""},
                                                {"operationId", "sendEmail"},
                                                {"serviceProviderId", "/serviceProviders/Smtp"}}}}},
            {"runAfter", QJsonObject{}}};
    };
    o.validate = [](const QJsonObject& props) {
        QList<engine::Error> errors;
        for (const char* key : {"To", "CC", "BCC", "From"}) {
            const QString value = props.value(QLatin1String(key)).toString();
            if (value.isEmpty() || isExpression(value))
                continue;
            for (const QString& address :
                 value.split(QRegularExpression(QStringLiteral("[;,]")), Qt::SkipEmptyParts)) {
                if (!address.trimmed().contains(QLatin1Char('@')))
                    errors.append(
                        {QLatin1String(key),
                         QStringLiteral("“%1” is not an email address.").arg(address.trimmed())});
            }
        }
        const QJsonArray attachments = props.value(QStringLiteral("Attachments")).toArray();
        for (int i = 0; i < attachments.size(); ++i) {
            const QString data =
                attachments.at(i).toObject().value(QStringLiteral("ContentData")).toString();
            if (data.isEmpty() || isExpression(data))
                continue;
            const auto decoded = QByteArray::fromBase64Encoding(
                data.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                errors.append({QStringLiteral("Attachments[%1].ContentData").arg(i),
                               QStringLiteral("The content is not valid base64.")});
        }
        return errors;
    };
    return o;
}

engine::Operation objectCreated()
{
    engine::Operation o =
        op("salesforce.objectCreated", "salesforce", "Salesforce", "When an object is created",
           "Starts when a record of the chosen type (Lead, Contact, Account...) is created.",
           engine::OperationKind::Trigger, {"record", "lead", "contact", "new"});
    engine::PropertySchema type = prop("ObjectType", engine::PropertyType::Enum, true);
    type.displayName = QStringLiteral("Object type");
    type.enumValues = {"Lead", "Contact", "Account", "Opportunity"};
    o.properties = {type};
    o.outputs = {{"Email", "Email", "The record's email", "string", "triggerBody()?['Email']"},
                 {"FirstName", "First name", "", "string", "triggerBody()?['FirstName']"},
                 {"Company", "Company", "", "string", "triggerBody()?['Company']"}};
    engine::WdlShape shape;
    shape.name = QStringLiteral("ApiConnection");
    shape.matches = [](const QJsonObject& step) {
        return step.value(QStringLiteral("type")).toString() == QStringLiteral("ApiConnection") &&
               step.value(QStringLiteral("inputs"))
                   .toObject()
                   .value(QStringLiteral("path"))
                   .toString()
                   .endsWith(QStringLiteral("/onnewitems"));
    };
    shape.propertyPaths.insert(QStringLiteral("ObjectType"), {"inputs", "path", "@segment:tables"});
    o.shapes = {shape};
    o.newStep = [] {
        return QJsonObject{
            {"type", "ApiConnection"},
            {"inputs",
             QJsonObject{{"host", QJsonObject{{"connection",
                                               QJsonObject{{"referenceName", "salesforce"}}}}},
                         {"method", "get"},
                         {"path", "/datasets/default/tables/"
                                  "@{encodeURIComponent(encodeURIComponent('Lead'))}/onnewitems"}}},
            {"recurrence", QJsonObject{{"frequency", "Minute"}, {"interval", 3}}},
            {"splitOn", "@triggerBody()?['value']"}};
    };
    return o;
}

} // namespace

engine::Catalogue fixtureCatalogue()
{
    using K = engine::OperationKind;
    engine::Catalogue c;
    c.add(sendEmail());
    c.add(objectCreated());
    c.add(op("salesforce.createRecord", "salesforce", "Salesforce", "Create record",
             "Creates a Salesforce record.", K::Action, {"insert"}));
    c.add(op("schedule.recurrence", "schedule", "Schedule", "Recurrence",
             "Starts on a schedule: every few minutes, hours or days.", K::Trigger,
             {"timer", "cron", "every"}));
    c.add(op("request.manual", "request", "Request", "When an HTTP request is received",
             "Starts when a request arrives at the workflow's address.", K::Trigger,
             {"http", "webhook", "manual"}));
    c.add(op("request.response", "request", "Request", "Response",
             "Answers the HTTP request that started the run.", K::Action, {"http", "reply"}));
    c.add(op("files.fileCreated", "files", "File System", "When a file is created",
             "Starts when a file appears in a folder.", K::Trigger, {"folder", "watch"}));
    return c;
}

} // namespace formstest
