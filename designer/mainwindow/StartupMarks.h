#pragma once

#include <QtGlobal>

namespace designer {

// Marks the stages of the designer's start-up on the logging category
// logicapp.designer.startup (off unless enabled, e.g.
// QT_LOGGING_RULES="logicapp.designer.startup.debug=true"): wall time since
// the first mark, the CPU time of the thread that marks and of the whole
// process since it began (loader included), so a slow start can be traced to
// a stage, and a wait told from work, without a profiler. Any thread may mark.
class StartupMarks
{
public:
    // Logs `stage` with the times; the first call starts the wall clock.
    static void mark(const char* stage);
    // Wall time since the first mark, in ms.
    static double elapsedMs();
    // CPU time (user + system) of this process so far, in ms.
    static double cpuMs();
    // CLOCK_MONOTONIC in ns: comparable between processes on this machine,
    // so a parent can time a child from before it was started.
    static qint64 monotonicNs();
};

} // namespace designer
