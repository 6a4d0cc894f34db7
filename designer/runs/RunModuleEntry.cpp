// The run module's side of RunModule: built into the logicapp-runtime
// library the designer loads, and linked into tests and programs that want
// it at once. Installs the services as the library is loaded (or the
// program starts).
#include "connectors/Connectors.h"
#include "connectors/catcher/MailCatcher.h"
#include "connectors/smtp/SmtpConnectionTester.h"
#include "designer/runs/RunController.h"
#include "designer/runs/RunModule.h"
#include "engine/runtime/RunStore.h"

namespace designer {
namespace {

RunControl* createController(QObject* parent)
{
    return new RunController(connectors::catalogue(), parent);
}

QObject* startMailCatcher(QObject* parent, quint16* port, QString* error)
{
    auto* catcher =
        new connectors::catcher::MailCatcher(connectors::catcher::MailCatcher::Options{}, parent);
    if (!catcher->start()) {
        if (error)
            *error = catcher->lastError();
        delete catcher;
        return nullptr;
    }
    if (port)
        *port = catcher->serverPort();
    return catcher;
}

engine::Result<std::unique_ptr<engine::RunHistory>> openHistory(const QString& path)
{
    auto store = engine::RunStore::open(path);
    if (!store)
        return store.error();
    return std::unique_ptr<engine::RunHistory>(std::move(store.value()));
}

const RunServices services{createController, startMailCatcher, openHistory};

[[maybe_unused]] const bool installed = [] {
    // The connection dialog's "Test connection" finds the SMTP check here.
    connectors::smtp::registerConnectionTester();
    RunModule::install(&services);
    return true;
}();

} // namespace
} // namespace designer
