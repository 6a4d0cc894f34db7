#pragma once

#include "app/cli/Cli.h"

namespace cli {

// `logicapp validate FILE [--json]`: the problems of a workflow, each with its
// JSON path; exit 0 when there is no error, 2 otherwise.
int runValidate(const QStringList& args, Io& io);
// `logicapp fmt FILE [-o OUT | --in-place]`: read and write back through the
// model (lossless); refuses files that are not workflows.
int runFmt(const QStringList& args, Io& io);

} // namespace cli
