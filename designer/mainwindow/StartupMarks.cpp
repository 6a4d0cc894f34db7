#include "designer/mainwindow/StartupMarks.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <sys/resource.h>
#include <time.h>

Q_LOGGING_CATEGORY(lcStartup, "logicapp.designer.startup", QtInfoMsg)

namespace designer {

namespace {

QElapsedTimer& clock()
{
    static QElapsedTimer timer;
    if (!timer.isValid())
        timer.start();
    return timer;
}

// CPU time of the calling thread: against the wall time between two marks,
// what it did not run for (waiting for fonts, for a lock, for a core).
double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

} // namespace

void StartupMarks::mark(const char* stage)
{
    const double wall = elapsedMs();
    if (lcStartup().isDebugEnabled())
        qCDebug(lcStartup, "%7.2f ms wall, %7.2f ms this thread's CPU, %7.2f ms CPU: %s", wall,
                threadCpuMs(), cpuMs(), stage);
}

double StartupMarks::elapsedMs()
{
    return clock().nsecsElapsed() / 1e6;
}

double StartupMarks::cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

qint64 StartupMarks::monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

} // namespace designer
