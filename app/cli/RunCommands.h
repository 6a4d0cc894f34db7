#pragma once

#include "app/cli/Cli.h"

namespace cli {

// `logicapp run FILE [--connections F] [--settings F] [--trigger-body JSON|@FILE]
// [--json] [--store DB] [--no-store] [--timeout DURATION] [--resubmit RUN_ID]`:
// one run with the manual trigger. Exit 0 when the run succeeded, 1 when it
// did not, 2 for bad usage or invalid input, 128 + the signal's number (130,
// 143) when SIGINT or SIGTERM cancelled it.
int runRun(const QStringList& args, Io& io);
// `logicapp runs [RUN_ID] [--json] [--store DB] [--limit N] [--workflow NAME]`:
// the run history, or one run with its steps.
int runRuns(const QStringList& args, Io& io);

} // namespace cli
