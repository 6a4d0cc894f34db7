#pragma once

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QStringList>
#include <QWaitCondition>
#include <functional>
#include <optional>

namespace designer {

// Images a coming frame will draw, asked for by key while the window is
// still being built and rendered by another thread (run()) in the meantime;
// the frame then takes them ready instead of drawing them itself.
//
// An image asked for is queued until a thread takes it, then rendering, then
// done until take() hands it over and forgets it. take() waits for one under
// way (rendering it again would cost more than the wait) and drops one no
// thread has begun, so the caller draws it itself, as if never asked.
//
// ask() and take() are for the main thread, run() for any thread.
class RenderAhead
{
public:
    using Render = std::function<QImage()>;

    // Queues `render` under `key`; false when `key` is already asked for.
    bool ask(const QString& key, Render render);
    // The image rendered for `key`, once; nothing when it was not asked for
    // or no thread has begun it.
    std::optional<QImage> take(const QString& key);
    // Renders every image queued, until none are left.
    void run();
    // Forgets every image asked for; one under way is dropped when done.
    void clear();
    // How many images so far were taken rendered by another thread.
    int taken() const;

private:
    enum class State
    {
        Queued,
        Rendering,
        Done
    };
    struct Entry
    {
        Render render;
        State state = State::Queued;
        QImage image;
    };

    mutable QMutex m_mutex;
    QWaitCondition m_rendered;
    QHash<QString, Entry> m_entries;
    QStringList m_queue;
    int m_taken = 0;
};

} // namespace designer
