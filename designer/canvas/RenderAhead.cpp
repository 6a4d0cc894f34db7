#include "designer/canvas/RenderAhead.h"

namespace designer {

bool RenderAhead::ask(const QString& key, Render render)
{
    const QMutexLocker lock(&m_mutex);
    if (m_entries.contains(key))
        return false;
    m_entries.insert(key, {std::move(render), State::Queued, {}});
    m_queue.append(key);
    return true;
}

std::optional<QImage> RenderAhead::take(const QString& key)
{
    QMutexLocker lock(&m_mutex);
    auto entry = m_entries.find(key);
    if (entry == m_entries.end())
        return std::nullopt;
    while (entry->state == State::Rendering) {
        m_rendered.wait(&m_mutex);
        entry = m_entries.find(key);
        if (entry == m_entries.end())
            return std::nullopt;
    }
    std::optional<QImage> image;
    if (entry->state == State::Done) {
        image = std::move(entry->image);
        ++m_taken;
    } else {
        m_queue.removeOne(key);
    }
    m_entries.erase(entry);
    return image;
}

void RenderAhead::run()
{
    QMutexLocker lock(&m_mutex);
    while (!m_queue.isEmpty()) {
        const QString key = m_queue.takeFirst();
        auto entry = m_entries.find(key);
        if (entry == m_entries.end())
            continue;
        entry->state = State::Rendering;
        const Render render = std::move(entry->render);
        lock.unlock();
        QImage image = render();
        lock.relock();
        entry = m_entries.find(key);
        if (entry != m_entries.end()) {
            entry->image = std::move(image);
            entry->state = State::Done;
        }
        m_rendered.wakeAll();
    }
}

void RenderAhead::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_entries.clear();
    m_queue.clear();
    m_rendered.wakeAll();
}

int RenderAhead::taken() const
{
    const QMutexLocker lock(&m_mutex);
    return m_taken;
}

} // namespace designer
