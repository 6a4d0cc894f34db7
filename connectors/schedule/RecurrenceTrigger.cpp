#include "connectors/schedule/RecurrenceTrigger.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSchedule, "logicapp.schedule")

namespace connectors::schedule {

RecurrenceTrigger::RecurrenceTrigger(QObject* parent) : engine::TriggerSource(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RecurrenceTrigger::poll);
}

bool RecurrenceTrigger::start(const QJsonObject& trigger, const engine::JobContext& context,
                              QString* errorMessage)
{
    auto recurrence = Recurrence::fromJson(trigger.value(QStringLiteral("recurrence")).toObject());
    if (!recurrence) {
        if (errorMessage)
            *errorMessage = recurrence.error().toString();
        return false;
    }
    m_recurrence = *recurrence;
    m_clock = context.clock ? context.clock : &engine::Clock::system();
    m_created = m_clock->now();
    m_next = m_recurrence.nextFire(m_created.addMSecs(-1), m_created);
    qCInfo(lcSchedule) << "trigger" << context.stepName << "next fires at"
                       << m_next.toString(Qt::ISODate);
    arm();
    return true;
}

void RecurrenceTrigger::stop()
{
    m_timer.stop();
    m_next = QDateTime();
}

void RecurrenceTrigger::poll()
{
    if (!m_next.isValid())
        return;
    const QDateTime now = m_clock->now();
    if (now >= m_next) {
        const QDateTime scheduled = m_next;
        // Occurrences missed while asleep collapse into this one run.
        m_next = m_recurrence.nextFire(std::max(now, scheduled), m_created);
        QJsonObject outputs{{QStringLiteral("headers"), QJsonObject{}},
                            {QStringLiteral("body"), QJsonObject{}},
                            {QStringLiteral("scheduledTime"), scheduled.toString(Qt::ISODate)},
                            {QStringLiteral("startTime"), now.toString(Qt::ISODateWithMs)}};
        Q_EMIT fired(outputs);
    }
    arm();
}

void RecurrenceTrigger::arm()
{
    if (!m_next.isValid()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(m_clock->now().msecsTo(m_next), 0, m_maxSleepMs);
    m_timer.start(int(wait));
}

} // namespace connectors::schedule
