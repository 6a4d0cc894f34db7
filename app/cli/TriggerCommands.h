#pragma once

#include "app/cli/Cli.h"

namespace cli {

// `logicapp catcher [--port N] [--dir D] [--starttls]`: the local mail catcher alone.
int runCatcher(const QStringList& args, Io& io);
// `logicapp serve FILE... [--connections F] [--settings F]`: fire the files'
// triggers until stopped.
int runServe(const QStringList& args, Io& io);

} // namespace cli
