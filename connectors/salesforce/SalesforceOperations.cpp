#include "connectors/salesforce/SalesforceOperations.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace connectors::salesforce {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::salesforce::SalesforceOperations", text);
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

engine::OutputSchema field(const QString& key, const QString& name, const QString& type,
                           const QString& description)
{
    engine::OutputSchema o;
    o.key = key;
    o.displayName = name;
    o.type = type;
    o.description = description;
    // With splitOn each run gets one record as the trigger body.
    o.expression = QStringLiteral("triggerBody()?['") + key + QStringLiteral("']");
    return o;
}

// An ApiConnection step (WdlShape::type) polling a table for new rows
// through a Salesforce connection.
bool isOnNewItems(const QJsonObject& step)
{
    const QJsonObject inputs = step.value(QLatin1String("inputs")).toObject();
    const QString path = inputs.value(QLatin1String("path")).toString();
    if (!path.contains(QLatin1String("/tables/"), Qt::CaseInsensitive) ||
        !path.endsWith(QLatin1String("/onnewitems"), Qt::CaseInsensitive))
        return false;
    // The connection tells Salesforce from other tabular connectors (SQL,
    // SharePoint) that use the same path.
    const QJsonObject connection = inputs.value(QLatin1String("host"))
                                       .toObject()
                                       .value(QLatin1String("connection"))
                                       .toObject();
    const QString ref = connection.value(QLatin1String("referenceName")).toString() +
                        connection.value(QLatin1String("name")).toString();
    return ref.contains(QLatin1String("salesforce"), Qt::CaseInsensitive);
}

} // namespace

QList<engine::OutputSchema> SalesforceOperations::recordOutputs(const QString& objectType)
{
    const QString str = QStringLiteral("string");
    QList<engine::OutputSchema> out = {
        field(QStringLiteral("Id"), tr("Record ID"), str, tr("The Salesforce id of the record.")),
    };
    const QString type = objectType.toLower();
    if (type == QLatin1String("lead") || type == QLatin1String("contact")) {
        out << field(QStringLiteral("FirstName"), tr("First name"), str, tr("First name."))
            << field(QStringLiteral("LastName"), tr("Last name"), str, tr("Last name."))
            << field(QStringLiteral("Name"), tr("Full name"), str, tr("First and last name."))
            << field(QStringLiteral("Email"), tr("Email"), str, tr("Email address."))
            << field(QStringLiteral("Phone"), tr("Phone"), str, tr("Phone number."))
            << field(QStringLiteral("Title"), tr("Title"), str, tr("Job title."));
        if (type == QLatin1String("lead"))
            out << field(QStringLiteral("Company"), tr("Company"), str, tr("Company name."))
                << field(QStringLiteral("Status"), tr("Lead status"), str, tr("Lead status."))
                << field(QStringLiteral("LeadSource"), tr("Lead source"), str,
                         tr("Where the lead came from."));
        else
            out << field(QStringLiteral("AccountId"), tr("Account ID"), str,
                         tr("The account the contact belongs to."));
    } else if (type == QLatin1String("account")) {
        out << field(QStringLiteral("Name"), tr("Account name"), str, tr("Account name."))
            << field(QStringLiteral("Phone"), tr("Phone"), str, tr("Phone number."))
            << field(QStringLiteral("Website"), tr("Website"), str, tr("Website."))
            << field(QStringLiteral("Industry"), tr("Industry"), str, tr("Industry."));
    } else if (type == QLatin1String("opportunity")) {
        out << field(QStringLiteral("Name"), tr("Opportunity name"), str, tr("Name."))
            << field(QStringLiteral("StageName"), tr("Stage"), str, tr("Sales stage."))
            << field(QStringLiteral("Amount"), tr("Amount"), QStringLiteral("number"),
                     tr("Amount."))
            << field(QStringLiteral("CloseDate"), tr("Close date"), str, tr("Close date."))
            << field(QStringLiteral("AccountId"), tr("Account ID"), str, tr("Account."));
    } else if (type == QLatin1String("case")) {
        out << field(QStringLiteral("CaseNumber"), tr("Case number"), str, tr("Case number."))
            << field(QStringLiteral("Subject"), tr("Subject"), str, tr("Subject."))
            << field(QStringLiteral("Description"), tr("Description"), str, tr("Description."))
            << field(QStringLiteral("Status"), tr("Status"), str, tr("Status."))
            << field(QStringLiteral("Priority"), tr("Priority"), str, tr("Priority."))
            << field(QStringLiteral("ContactId"), tr("Contact ID"), str, tr("Contact."));
    }
    out << field(QStringLiteral("CreatedDate"), tr("Created date"), str,
                 tr("When the record was created (ISO 8601)."))
        << field(QStringLiteral("OwnerId"), tr("Owner ID"), str, tr("The owner of the record."));
    return out;
}

engine::Operation SalesforceOperations::whenObjectCreated()
{
    using engine::PropertyType;
    engine::Operation op;
    op.id = whenObjectCreatedId();
    op.connector = QStringLiteral("salesforce");
    op.connectorDisplayName = tr("Salesforce");
    op.displayName = tr("When an object is created");
    op.description = tr(
        "Starts a run for each new Salesforce record of the chosen type (checked on a schedule).");
    op.icon = QStringLiteral(":/icons/salesforce.svg");
    op.color = QStringLiteral("#00a1e0");
    op.kind = engine::OperationKind::Trigger;
    op.keywords = {QStringLiteral("salesforce"), QStringLiteral("lead"),
                   QStringLiteral("crm"),        QStringLiteral("new record"),
                   QStringLiteral("account"),    QStringLiteral("contact")};

    engine::PropertySchema connection =
        prop(QStringLiteral("Connection"), tr("Connection"), PropertyType::Connection,
             tr("The Salesforce connection (connections.json)."), true);
    connection.defaultValue = QStringLiteral("salesforce");
    engine::PropertySchema object =
        prop(QStringLiteral("Object"), tr("Object type"), PropertyType::Enum,
             tr("The kind of record to watch."), true);
    object.enumValues = {QStringLiteral("Lead"), QStringLiteral("Account"),
                         QStringLiteral("Contact"), QStringLiteral("Opportunity"),
                         QStringLiteral("Case")};
    object.defaultValue = QStringLiteral("Lead");
    engine::PropertySchema frequency =
        prop(QStringLiteral("Frequency"), tr("Frequency"), PropertyType::Enum,
             tr("The unit of the polling interval."), true);
    frequency.enumValues = {QStringLiteral("Second"), QStringLiteral("Minute"),
                            QStringLiteral("Hour"),   QStringLiteral("Day"),
                            QStringLiteral("Week"),   QStringLiteral("Month")};
    frequency.defaultValue = QStringLiteral("Minute");
    engine::PropertySchema interval =
        prop(QStringLiteral("Interval"), tr("Interval"), PropertyType::Integer,
             tr("How many units between two checks."), true);
    interval.defaultValue = 3;
    engine::PropertySchema filter =
        prop(QStringLiteral("Filter"), tr("Filter query"), PropertyType::String,
             tr("An OData filter on the new records, like LeadSource eq 'Web'."), false, true);
    engine::PropertySchema splitOn =
        prop(QStringLiteral("SplitOn"), tr("Split on"), PropertyType::String,
             tr("One run per item of this array; by default one run per record."), false, true);
    splitOn.defaultValue = QStringLiteral("@triggerBody()?['value']");
    op.properties = {connection, object, frequency, interval, filter, splitOn};

    // The designer offers the Lead fields; other types by recordOutputs().
    op.outputs = recordOutputs(QStringLiteral("Lead"));

    engine::WdlShape shape;
    shape.name = QStringLiteral("ApiConnection onnewitems");
    shape.type = QStringLiteral("ApiConnection");
    shape.matches = isOnNewItems;
    shape.propertyPaths = {
        {QStringLiteral("Connection"),
         {QStringLiteral("inputs"), QStringLiteral("host"), QStringLiteral("connection"),
          QStringLiteral("@connectionRef")}},
        {QStringLiteral("Object"),
         {QStringLiteral("inputs"), QStringLiteral("path"), QStringLiteral("@segment:tables")}},
        {QStringLiteral("Frequency"), {QStringLiteral("recurrence"), QStringLiteral("frequency")}},
        {QStringLiteral("Interval"), {QStringLiteral("recurrence"), QStringLiteral("interval")}},
        {QStringLiteral("Filter"),
         {QStringLiteral("inputs"), QStringLiteral("queries"), QStringLiteral("$filter")}},
        {QStringLiteral("SplitOn"), {QStringLiteral("splitOn")}},
    };
    op.shapes = {shape};

    op.newStep = [] {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("ApiConnection")},
            {QStringLiteral("inputs"),
             QJsonObject{
                 {QStringLiteral("host"),
                  QJsonObject{
                      {QStringLiteral("connection"), QJsonObject{{QStringLiteral("referenceName"),
                                                                  QStringLiteral("salesforce")}}}}},
                 {QStringLiteral("method"), QStringLiteral("get")},
                 {QStringLiteral("path"),
                  QStringLiteral("/datasets/default/tables/"
                                 "@{encodeURIComponent(encodeURIComponent('Lead'))}/onnewitems")},
             }},
            {QStringLiteral("recurrence"),
             QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Minute")},
                         {QStringLiteral("interval"), 3}}},
            {QStringLiteral("splitOn"), QStringLiteral("@triggerBody()?['value']")},
        };
    };
    return op;
}

} // namespace connectors::salesforce
