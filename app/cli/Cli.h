#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace cli {

// Exit codes shared by every verb (send/test-connection add 3..8, see Exit).
enum Exit {
    ExitOk = 0,
    ExitFailed = 1,     // the run failed (run)
    ExitUsage = 2,      // bad usage or invalid input
    ExitConnect = 3,    // connect or DNS
    ExitTls = 4,
    ExitAuth = 5,
    ExitRefused = 6,    // sender, recipients or policy
    ExitServer = 7,     // other server error
    ExitTimeout = 8,
};

struct Io
{
    QTextStream& out;
    QTextStream& err;
};

// One verb of `logicapp`. `run` receives the arguments after the verb and
// returns the exit code; it prints its own --help.
struct Verb
{
    QString name;
    QString summary;
    std::function<int(const QStringList& args, Io& io)> run;
};

// All verbs, in the order `logicapp --help` lists them.
const QList<Verb>& verbs();

} // namespace cli
