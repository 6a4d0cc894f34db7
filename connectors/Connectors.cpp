#include "connectors/Connectors.h"

#include "connectors/files/FileCreatedOperation.h"
#include "connectors/files/FileCreatedTrigger.h"
#include "connectors/request/RequestOperations.h"
#include "connectors/request/RequestTrigger.h"
#include "connectors/salesforce/SalesforceOperations.h"
#include "connectors/salesforce/SalesforceTrigger.h"
#include "connectors/schedule/RecurrenceOperation.h"
#include "connectors/schedule/RecurrenceTrigger.h"
#include "connectors/smtp/SendEmailJob.h"
#include "connectors/smtp/SendEmailOperation.h"
#include "connectors/smtp/SmtpConnectionTester.h"
#include "engine/catalogue/Catalogue.h"

namespace connectors {

namespace {

template <typename T> std::unique_ptr<engine::TriggerSource> trigger()
{
    return std::make_unique<T>();
}

// What runs each described operation.
void addRunner(engine::Operation& op)
{
    if (op.id == smtp::SendEmailOperation::id())
        op.createJob = [] {
            return std::unique_ptr<engine::Job>(std::make_unique<smtp::SendEmailJob>());
        };
    else if (op.id == salesforce::SalesforceOperations::whenObjectCreatedId())
        op.createTrigger = trigger<salesforce::SalesforceTrigger>;
    else if (op.id == schedule::RecurrenceOperation::id())
        op.createTrigger = trigger<schedule::RecurrenceTrigger>;
    else if (op.id == request::RequestOperations::manualId())
        op.createTrigger = trigger<request::RequestTrigger>;
    else if (op.id == files::FileCreatedOperation::id())
        op.createTrigger = trigger<files::FileCreatedTrigger>;
}

} // namespace

void registerAll(engine::Catalogue& catalogue)
{
    smtp::registerConnectionTester();
    for (engine::Operation& op : describedOperations()) {
        addRunner(op);
        catalogue.add(std::move(op));
    }
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
