#include "engine/runtime/RunRecorder.h"

#include "engine/runtime/Executor.h"
#include "engine/runtime/RunStore.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRunStore)

namespace engine {

RunRecorder::RunRecorder(Executor* executor, RunStore* store, QObject* parent)
    : QObject(parent), m_store(store)
{
    const auto report = [this](const Status& s) {
        if (!s) {
            qCWarning(lcRunStore) << s.error().toString();
            Q_EMIT storeFailed(s.error().toString());
        }
    };
    connect(executor, &Executor::runQueued, this,
            [this, report](const Run& run) { report(m_store->beginRun(run)); });
    connect(executor, &Executor::runStarted, this,
            [this, report](const Run& run) { report(m_store->beginRun(run)); });
    connect(executor, &Executor::stepFinished, this,
            [this, report](const QString& runId, const StepResult& step) {
                report(m_store->addStep(runId, step));
            });
    connect(executor, &Executor::runFinished, this,
            [this, report](const Run& run) { report(m_store->finishRun(run)); });
}

} // namespace engine
