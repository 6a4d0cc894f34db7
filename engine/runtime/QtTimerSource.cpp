#include "engine/runtime/QtTimerSource.h"

#include <QTimer>
#include <algorithm>
#include <limits>

namespace engine {

QtTimerSource::~QtTimerSource()
{
    qDeleteAll(m_timers);
}

quint64 QtTimerSource::schedule(qint64 ms, Callback callback)
{
    const quint64 handle = m_next++;
    auto* timer = new QTimer;
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    // QTimer takes an int; longer waits (beyond ~24 days) are clamped, which no
    // retry or timeout within Logic Apps' limits needs.
    timer->setInterval(
        static_cast<int>(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
    QObject::connect(timer, &QTimer::timeout, timer, [this, handle, cb = std::move(callback)] {
        QTimer* t = m_timers.take(handle);
        if (t)
            t->deleteLater();
        cb();
    });
    m_timers.insert(handle, timer);
    timer->start();
    return handle;
}

void QtTimerSource::cancel(quint64 handle)
{
    if (QTimer* t = m_timers.take(handle)) {
        t->stop();
        t->deleteLater();
    }
}

} // namespace engine
