#pragma once

#include "engine/runtime/TimerSource.h"

#include <QHash>

class QTimer;

namespace engine {

// The real TimerSource: one single-shot QTimer per wait, in the thread that
// schedules it. Use it from one thread only (each Executor has its own).
class QtTimerSource final : public TimerSource
{
public:
    QtTimerSource() = default;
    ~QtTimerSource() override;
    QtTimerSource(const QtTimerSource&) = delete;
    QtTimerSource& operator=(const QtTimerSource&) = delete;

    quint64 schedule(qint64 ms, Callback callback) override;
    void cancel(quint64 handle) override;

private:
    QHash<quint64, QTimer*> m_timers;
    quint64 m_next = 1;
};

} // namespace engine
