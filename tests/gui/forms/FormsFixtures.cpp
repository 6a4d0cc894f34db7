#include "tests/gui/forms/FormsFixtures.h"

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
    return o;
}

} // namespace

engine::Catalogue fixtureCatalogue()
{
    using K = engine::OperationKind;
    engine::Catalogue c;
    c.add(op("smtp.sendEmail", "smtp", "SMTP", "Send email",
             "Sends an email through an SMTP server.", K::Action, {"mail", "message"}));
    c.add(op("salesforce.objectCreated", "salesforce", "Salesforce", "When an object is created",
             "Starts when a record of the chosen type (Lead, Contact, Account...) is created.",
             K::Trigger, {"record", "lead", "contact", "new"}));
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
