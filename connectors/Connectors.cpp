#include "connectors/Connectors.h"

#include "connectors/files/FileCreatedOperation.h"
#include "connectors/request/RequestOperations.h"
#include "connectors/salesforce/SalesforceOperations.h"
#include "connectors/schedule/RecurrenceOperation.h"
#include "connectors/smtp/SendEmailOperation.h"
#include "connectors/smtp/SmtpConnectionTester.h"
#include "engine/catalogue/Catalogue.h"

namespace connectors {

void registerAll(engine::Catalogue& catalogue)
{
    connectors::smtp::registerConnectionTester();
    // Each connector adds its registration call here.
    catalogue.add(smtp::SendEmailOperation::create());
    catalogue.add(salesforce::SalesforceOperations::whenObjectCreated());
    catalogue.add(schedule::RecurrenceOperation::create());
    catalogue.add(request::RequestOperations::manual());
    catalogue.add(files::FileCreatedOperation::create());
}

const engine::Catalogue& catalogue()
{
    static const engine::Catalogue instance = [] {
        engine::Catalogue c;
        registerAll(c);
        return c;
    }();
    return instance;
}

} // namespace connectors
