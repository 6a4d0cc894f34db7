#include "designer/mainwindow/FontPreload.h"

#include <QFontDatabase>
#include <QStringList>
#include <condition_variable>
#include <fontconfig/fontconfig.h>
#include <mutex>
#include <thread>

namespace designer {

namespace {

// Shared with the loading thread, which is detached: a process that ends
// before the fonts are read (--help, a file that does not open) must not
// wait for it or have it joined by a destructor. Never destroyed for the
// same reason.
struct Preload
{
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;
    bool applicationReady = false;
    bool finished = false;
};

Preload& preload()
{
    static auto* state = new Preload;
    return *state;
}

} // namespace

void FontPreload::start()
{
    Preload& state = preload();
    if (state.started)
        return;
    state.started = true;
    std::thread([&state] {
        // FcInit is safe from any thread: the configuration it builds is
        // published atomically, and Qt's own FcInit later returns at once.
        FcInit();
        std::unique_lock lock(state.mutex);
        state.changed.wait(lock, [&state] { return state.applicationReady; });
        lock.unlock();
        // Qt's font database is filled under its own lock and may be used
        // from any thread (text is drawn in worker threads too); the window's
        // first text waits on that lock instead of filling it itself.
        QFontDatabase::families();
        lock.lock();
        state.finished = true;
        state.changed.notify_all();
    }).detach();
}

void FontPreload::applicationReady()
{
    Preload& state = preload();
    const std::lock_guard lock(state.mutex);
    state.applicationReady = true;
    state.changed.notify_all();
}

void FontPreload::finish()
{
    Preload& state = preload();
    if (!state.started)
        return;
    std::unique_lock lock(state.mutex);
    // A window is being built, so the application is there.
    state.applicationReady = true;
    state.changed.notify_all();
    state.changed.wait(lock, [&state] { return state.finished; });
}

} // namespace designer
