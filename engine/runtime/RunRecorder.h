#pragma once

#include <QObject>

namespace engine {

class Executor;
class RunStore;

// Writes what an Executor reports into a RunStore as it happens: the run when
// it starts (or waits), each step as it finishes, the summary at the end, so
// a crash leaves everything that finished on disk. Lives in the thread that
// opened the store; the executor's signals arrive queued.
class RunRecorder : public QObject
{
    Q_OBJECT
public:
    RunRecorder(Executor* executor, RunStore* store, QObject* parent = nullptr);

Q_SIGNALS:
    // A write failed (disk full, database locked too long): the message says which.
    void storeFailed(const QString& message);

private:
    RunStore* m_store;
};

} // namespace engine
