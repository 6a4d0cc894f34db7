#include "connectors/Connectors.h"
#include "connectors/files/FileCreatedOperation.h"
#include "connectors/request/RequestOperations.h"
#include "connectors/salesforce/SalesforceOperations.h"
#include "connectors/schedule/RecurrenceOperation.h"
#include "connectors/smtp/SendEmailOperation.h"
#include "engine/catalogue/Catalogue.h"

namespace connectors {

QList<engine::Operation> describedOperations()
{
    // Each connector adds its operations here.
    return {
        smtp::SendEmailOperation::create(),
        salesforce::SalesforceOperations::whenObjectCreated(),
        schedule::RecurrenceOperation::create(),
        request::RequestOperations::manual(),
        files::FileCreatedOperation::create(),
    };
}

const engine::Catalogue& describedCatalogue()
{
    static const engine::Catalogue instance = [] {
        engine::Catalogue c;
        for (engine::Operation& op : describedOperations())
            c.add(std::move(op));
        return c;
    }();
    return instance;
}

} // namespace connectors
