#include "app/cli/Cli.h"
#include "app/cli/WdlCommands.h"
#include "app/cli/SmtpFlags.h"
#include "app/cli/RunCommands.h"
#include "app/cli/SendCommand.h"
#include "app/cli/TriggerCommands.h"

namespace cli {

// Each verb's implementation lives in its own file under app/cli and is
// listed here.
const QList<Verb>& verbs()
{
    static const QList<Verb> all = {
        {QStringLiteral("validate"), QStringLiteral("check a workflow file; problems with JSON paths"),
         runValidate},
        {QStringLiteral("fmt"), QStringLiteral("read and write back a workflow file (lossless)"),
         runFmt},
        {QStringLiteral("run"), QStringLiteral("run a workflow once with its manual trigger"), runRun},
        {QStringLiteral("runs"), QStringLiteral("the run history, or one run with its steps"), runRuns},
        {QStringLiteral("serve"), QStringLiteral("fire the workflows' triggers until stopped"), runServe},
        {QStringLiteral("catcher"), QStringLiteral("run the local mail catcher alone"), runCatcher},
        {QStringLiteral("send"), QStringLiteral("send one email through an SMTP server"), runSend},
        {QStringLiteral("test-connection"),
         QStringLiteral("check an SMTP server stage by stage, with a diagnosis"), runTestConnection},
    };
    return all;
}

} // namespace cli
