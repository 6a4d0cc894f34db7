#pragma once

#include <QtGlobal>
#include <functional>

namespace engine {

// Waiting (retry intervals, step and run timeouts, Until limits) goes through
// this interface so that tests drive time with a fake clock instead of
// sleeping. Callbacks run on the thread that scheduled them.
class TimerSource
{
public:
    using Callback = std::function<void()>;
    virtual ~TimerSource() = default;
    // Calls `callback` once, `ms` milliseconds from now; returns a handle for cancel().
    virtual quint64 schedule(qint64 ms, Callback callback) = 0;
    // Forgets a scheduled callback; harmless when it already ran.
    virtual void cancel(quint64 handle) = 0;
};

} // namespace engine
