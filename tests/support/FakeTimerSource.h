#pragma once

#include "engine/runtime/TimerSource.h"
#include "tests/support/FakeClock.h"

#include <QList>
#include <algorithm>

namespace testsupport {

// Timers that fire only when the test moves the fake clock: advance(ms) runs,
// in due order, every callback that falls due, moving the clock to each
// due time first (callbacks may schedule more).
class FakeTimerSource final : public engine::TimerSource
{
public:
    explicit FakeTimerSource(FakeClock& clock) : m_clock(clock) {}

    quint64 schedule(qint64 ms, Callback callback) override
    {
        const quint64 handle = m_next++;
        m_pending.append(
            {m_clock.monotonicMs() + std::max<qint64>(ms, 0), handle, std::move(callback)});
        m_scheduled.append(ms);
        return handle;
    }
    void cancel(quint64 handle) override
    {
        m_pending.removeIf([handle](const Pending& p) { return p.handle == handle; });
    }

    void advance(qint64 ms)
    {
        const qint64 target = m_clock.monotonicMs() + ms;
        for (;;) {
            auto it = std::min_element(
                m_pending.begin(), m_pending.end(), [](const Pending& a, const Pending& b) {
                    return a.due < b.due || (a.due == b.due && a.handle < b.handle);
                });
            if (it == m_pending.end() || it->due > target)
                break;
            const Pending p = *it;
            m_pending.erase(it);
            m_clock.advance(p.due - m_clock.monotonicMs());
            p.callback();
        }
        m_clock.advance(target - m_clock.monotonicMs());
    }
    // Milliseconds until the next timer is due; -1 when none.
    qint64 nextDue() const
    {
        qint64 best = -1;
        for (const Pending& p : m_pending) {
            const qint64 in = p.due - m_clock.monotonicMs();
            if (best < 0 || in < best)
                best = in;
        }
        return best;
    }
    int pendingCount() const { return int(m_pending.size()); }
    // Every wait ever asked for, in order.
    const QList<qint64>& scheduled() const { return m_scheduled; }

private:
    struct Pending
    {
        qint64 due;
        quint64 handle;
        Callback callback;
    };
    FakeClock& m_clock;
    QList<Pending> m_pending;
    QList<qint64> m_scheduled;
    quint64 m_next = 1;
};

} // namespace testsupport
