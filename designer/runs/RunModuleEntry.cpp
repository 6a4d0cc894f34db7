// The run module's side of RunModule: built into the logicapp-runtime
// library the designer loads, and linked into tests and programs that want
// it at once. Installs the services as the library is loaded (or the
// program starts).
#include "connectors/Connectors.h"
#include "connectors/catcher/MailCatcher.h"
#include "connectors/smtp/SmtpConnectionTester.h"
#include "designer/runs/RunController.h"
#include "designer/runs/RunModule.h"

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

const RunServices services{createController, startMailCatcher};

[[maybe_unused]] const bool installed = [] {
    // The connection dialog's "Test connection" finds the SMTP check here.
    connectors::smtp::registerConnectionTester();
    RunModule::install(&services);
    return true;
}();

} // namespace
} // namespace designer
