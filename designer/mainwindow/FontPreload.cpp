#include "designer/mainwindow/FontPreload.h"

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
    std::condition_variable done;
    bool started = false;
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
    // FcInit is safe from any thread: the configuration it builds is
    // published atomically, and Qt's own FcInit later returns at once.
    std::thread([&state] {
        FcInit();
        const std::lock_guard lock(state.mutex);
        state.finished = true;
        state.done.notify_all();
    }).detach();
}

void FontPreload::finish()
{
    Preload& state = preload();
    if (!state.started)
        return;
    std::unique_lock lock(state.mutex);
    state.done.wait(lock, [&state] { return state.finished; });
}

} // namespace designer
