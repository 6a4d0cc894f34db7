#pragma once

#include "connectors/schedule/Recurrence.h"
#include "engine/catalogue/Job.h"

#include <QTimer>

namespace connectors::schedule {

// The Recurrence trigger: fires at each time Recurrence::nextFire gives. The
// timer only wakes it up; whether a run is due is decided by the injected
// clock (poll()), so tests drive it with a fake clock and a suspended machine
// fires once on waking instead of once per missed occurrence, as Logic Apps does.
class RecurrenceTrigger : public engine::TriggerSource
{
    Q_OBJECT
public:
    explicit RecurrenceTrigger(QObject* parent = nullptr);

    bool start(const QJsonObject& trigger, const engine::JobContext& context,
               QString* errorMessage) override;
    void stop() override;

    // The next time it fires (UTC); invalid when stopped or ended.
    QDateTime nextFire() const { return m_next; }
    // Longest the timer sleeps before looking at the clock again.
    void setMaximumSleep(int ms) { m_maxSleepMs = ms; }

public Q_SLOTS:
    // Fires if the clock has reached the next fire time, then schedules the next.
    void poll();

private:
    void arm();

    Recurrence m_recurrence;
    const engine::Clock* m_clock = &engine::Clock::system();
    QDateTime m_created;
    QDateTime m_next;
    QTimer m_timer;
    int m_maxSleepMs = 60000;
};

} // namespace connectors::schedule
