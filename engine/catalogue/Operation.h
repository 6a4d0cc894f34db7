#pragma once

#include "engine/core/Error.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace engine {

class Job;
class TriggerSource;

// The type of one property in an operation's schema; forms pick their widget
// from it and validation its rules.
enum class PropertyType
{
    String,    // one line
    Text,      // several lines (Body)
    Html,      // body that may be HTML
    Email,     // one address
    EmailList, // addresses split on ';' or ','
    Integer,
    Boolean,
    Enum,       // one of enumValues
    Base64,     // binary content as base64
    Array,      // list of objects described by itemProperties
    Object,     // free JSON
    DateTime,   // ISO 8601
    Connection, // the name of a connection (connections.json)
};

// One input of an operation. `key` is the canonical name used across the
// program ("To", "Attachments"); where it sits in a step's JSON depends on the
// WDL shape (see WdlShape::propertyPaths).
struct PropertySchema
{
    QString key;
    QString displayName;
    QString description;
    PropertyType type = PropertyType::String;
    bool required = false;
    bool secret = false;
    bool advanced = false;   // folded away in forms
    QStringList enumValues;  // for Enum
    QJsonValue defaultValue; // undefined when none
    QString placeholder;
    QList<PropertySchema> itemProperties; // for Array: the properties of one item
};

// One output a later step can use (dynamic content). `expression` is the token
// inserted into a field, e.g. "triggerBody()?['Email']" or
// "body('{step}')?['MessageId']" ({step} is replaced by the step's name).
struct OutputSchema
{
    QString key;
    QString displayName;
    QString description;
    QString type = QStringLiteral("string");
    QString expression;
};

// One way an operation is written in WDL. The same operation may be written in
// several shapes (SMTP: managed /SendEmail, /SendEmailV2, /SendEmailV3 and the
// built-in ServiceProvider sendEmail); each has its own property paths.
struct WdlShape
{
    QString name; // "ServiceProvider", "ApiConnection /SendEmailV3", ...
    // The step's "type" this shape has ("ApiConnection"), compared without
    // case. Catalogue::recognise() reads a step's type once and offers the
    // step only to shapes of that type, so a step of another kind costs a
    // string comparison per shape. Empty: matches() alone decides.
    QString type;
    // True when a step's JSON object (the value under its name), of `type`
    // when that is set, is this shape. Empty: being of `type` is enough.
    std::function<bool(const QJsonObject& step)> matches;
    // canonical property key -> path of keys inside the step JSON,
    // e.g. "To" -> {"inputs","body","To"}.
    QHash<QString, QStringList> propertyPaths;
    // For Array properties: canonical item key -> key inside one item.
    QHash<QString, QHash<QString, QString>> itemKeys;
};

enum class OperationKind
{
    Trigger,
    Action
};

// What the catalogue knows of one trigger or action: enough for the palette,
// the forms, validation, WDL reading/writing and running it.
struct Operation
{
    QString id;                   // "smtp.sendEmail"
    QString connector;            // "smtp"
    QString connectorDisplayName; // "SMTP"
    QString displayName;          // "Send email"
    QString description;
    QString icon;  // resource path, ":/icons/smtp.svg"
    QString color; // header colour of its card, "#0078d4"
    OperationKind kind = OperationKind::Action;
    QStringList keywords; // extra words the search matches ("mail", "lead")
    QList<PropertySchema> properties;
    QList<OutputSchema> outputs;
    // The first shape is the one new steps are written in.
    QList<WdlShape> shapes;
    // A new step in the first shape, before any property is set.
    std::function<QJsonObject()> newStep;
    // Creates the job that runs one action (null for triggers, operations
    // that cannot run here yet, and operations only described, as the
    // designer's window starts with them: connectors::describedOperations).
    std::function<std::unique_ptr<Job>()> createJob;
    // Creates what fires a trigger (null for actions and operations only
    // described).
    std::function<std::unique_ptr<TriggerSource>()> createTrigger;
    // Checks of the operation's own beyond the schema (addresses, base64...),
    // given the canonical property values; literal values only are checked,
    // values that are expressions are left to run time. Each Error's field is
    // the canonical key ("To", "Attachments[0].ContentData").
    std::function<QList<Error>(const QJsonObject& properties)> validate;

    const PropertySchema* property(const QString& key) const;
    bool isTrigger() const { return kind == OperationKind::Trigger; }
};

} // namespace engine
