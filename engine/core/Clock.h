#pragma once

#include <QDateTime>

namespace engine {

// Time is injected so that recurrence, retries, timeouts and Message-IDs can be
// tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
    // Monotonic milliseconds, for durations.
    virtual qint64 monotonicMs() const = 0;

    // The process-wide real clock.
    static Clock& system();
};

} // namespace engine
