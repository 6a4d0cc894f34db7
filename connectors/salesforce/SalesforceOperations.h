#pragma once

#include "engine/catalogue/Operation.h"

namespace connectors::salesforce {

// The catalogue entries of the Salesforce connector: the "When an object is
// created" polling trigger, written as the managed connector writes it
// (ApiConnection get .../tables/{Object}/onnewitems with a recurrence and
// splitOn over the new records), so triggerBody() is one record.
class SalesforceOperations
{
public:
    static QString whenObjectCreatedId() { return QStringLiteral("salesforce.whenObjectCreated"); }
    static engine::Operation whenObjectCreated();
    // The record fields offered as dynamic content for an object type
    // ("Lead" -> Email, FirstName, LastName, Company, ...).
    static QList<engine::OutputSchema> recordOutputs(const QString& objectType);
};

} // namespace connectors::salesforce
