#pragma once

#include "engine/core/Clock.h"

namespace testsupport {

// A clock that moves only when told to.
class FakeClock final : public engine::Clock
{
public:
    explicit FakeClock(QDateTime start = QDateTime(QDate(2026, 1, 5), QTime(9, 0), Qt::UTC))
        : m_now(std::move(start))
    {
    }
    QDateTime now() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    void advance(qint64 ms)
    {
        m_now = m_now.addMSecs(ms);
        m_monotonic += ms;
    }
    void set(const QDateTime& t) { m_now = t; }

private:
    QDateTime m_now;
    qint64 m_monotonic = 0;
};

} // namespace testsupport
