#include "designer/mainwindow/StartupThread.h"

#include "designer/mainwindow/StartupMarks.h"

#include <QFontDatabase>
#include <QStringList>
#include <condition_variable>
#include <deque>
#include <fontconfig/fontconfig.h>
#include <mutex>
#include <thread>

namespace designer {

namespace {

// Shared with the thread, which is detached: a process that ends before the
// fonts are read (--help, a file that does not open) must not wait for it or
// have it joined by a destructor. Never destroyed for the same reason.
struct Startup
{
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;
    bool applicationReady = false;
    bool fontsLoaded = false;
    bool closed = false;
    bool busy = false; // filling the font database or running a task
    std::deque<std::function<void()>> tasks;
};

Startup& startup()
{
    static auto* state = new Startup;
    return *state;
}

void run(Startup& state)
{
    // FcInit is safe from any thread: the configuration it builds is
    // published atomically, and Qt's own FcInit later returns at once.
    FcInit();
    StartupMarks::mark("fontconfig loaded (start-up thread)");
    std::unique_lock lock(state.mutex);
    state.changed.wait(lock, [&state] { return state.applicationReady || state.closed; });
    if (state.closed)
        return;
    state.busy = true;
    lock.unlock();
    // Qt's font database is filled under its own lock and may be used from
    // any thread (text is drawn in worker threads too); the window's first
    // text waits on that lock instead of filling it itself.
    QFontDatabase::families();
    StartupMarks::mark("font database filled (start-up thread)");
    lock.lock();
    state.fontsLoaded = true;
    state.busy = false;
    state.changed.notify_all();
    for (;;) {
        state.changed.wait(lock, [&state] { return state.closed || !state.tasks.empty(); });
        if (state.closed)
            break;
        std::function<void()> task = std::move(state.tasks.front());
        state.tasks.pop_front();
        state.busy = true;
        lock.unlock();
        task();
        lock.lock();
        state.busy = false;
        state.changed.notify_all();
    }
    state.tasks.clear();
}

} // namespace

void StartupThread::start()
{
    Startup& state = startup();
    if (state.started)
        return;
    state.started = true;
    std::thread([&state] { run(state); }).detach();
}

void StartupThread::applicationReady()
{
    Startup& state = startup();
    const std::lock_guard lock(state.mutex);
    state.applicationReady = true;
    state.changed.notify_all();
}

void StartupThread::finishFonts()
{
    Startup& state = startup();
    if (!state.started)
        return;
    std::unique_lock lock(state.mutex);
    // A window is being built, so the application is there.
    state.applicationReady = true;
    state.changed.notify_all();
    state.changed.wait(lock, [&state] { return state.fontsLoaded || state.closed; });
}

bool StartupThread::post(std::function<void()> task)
{
    Startup& state = startup();
    if (!state.started)
        return false;
    const std::lock_guard lock(state.mutex);
    if (state.closed)
        return false;
    state.tasks.push_back(std::move(task));
    state.changed.notify_all();
    return true;
}

void StartupThread::close()
{
    Startup& state = startup();
    if (!state.started)
        return;
    std::unique_lock lock(state.mutex);
    state.closed = true;
    state.changed.notify_all();
    state.changed.wait(lock, [&state] { return !state.busy; });
}

} // namespace designer
