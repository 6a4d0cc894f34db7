#pragma once

#include "app/cli/Cli.h"

namespace cli {

// `logicapp send`: one email through a connection given by flags (see
// `logicapp send --help`); exit codes per cli::Exit.
int runSend(const QStringList& args, Io& io);

} // namespace cli
