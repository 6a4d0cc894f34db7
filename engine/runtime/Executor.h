#pragma once

#include "engine/runtime/Run.h"
#include "engine/runtime/RunEnvironment.h"
#include "engine/runtime/RunRequest.h"
#include "engine/runtime/StepResult.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <memory>

namespace engine {

class RunExecution;
class TimerSource;

// Runs workflows. Meant to live on its own QThread (moveToThread) so that the
// window never waits for a step; every signal reaches other threads queued.
// start() and cancel() may be called from any thread.
//
// Runs of one workflow overlap up to the trigger's
// runtimeConfiguration.concurrency.runs (unlimited when absent); the rest wait
// in order (status Waiting) and start as earlier ones end.
//
//   auto* executor = new engine::Executor(environment);
//   executor->moveToThread(&thread);
//   connect(executor, &Executor::stepFinished, panel, ...);
//   const QString id = executor->start(request);
class Executor : public QObject
{
    Q_OBJECT
public:
    explicit Executor(RunEnvironment environment, QObject* parent = nullptr);
    ~Executor() override;

    // Starts (or queues) a run; returns its id at once. Thread-safe.
    QString start(RunRequest request);
    // Cancels a running or waiting run. Thread-safe; unknown ids are ignored.
    void cancel(const QString& runId);
    // Cancels every run. Thread-safe.
    void cancelAll();
    // Runs started and not yet finished (waiting ones included).
    int activeRuns() const;

    // The `concurrency.runs` limit of a definition's trigger; 0 when unlimited.
    static int runConcurrency(const QJsonObject& definition, const QString& triggerName);

Q_SIGNALS:
    void runQueued(const engine::Run& run);
    void runStarted(const engine::Run& run);
    void stepStarted(const QString& runId, const engine::StepResult& step);
    void stepFinished(const QString& runId, const engine::StepResult& step);
    // The Response action of a run produced this (for the HTTP request trigger).
    void responseReady(const QString& runId, const QJsonObject& response);
    void runFinished(const engine::Run& run);

private:
    void startInThread(const RunRequest& request);
    void launch(RunExecution* run);
    void cancelInThread(const QString& runId);
    void runEnded(RunExecution* run);
    TimerSource& timers();

    RunEnvironment m_env;
    std::unique_ptr<TimerSource> m_ownTimers;
    QHash<QString, RunExecution*> m_runs;
    struct WorkflowSlots
    {
        int running = 0;
        int limit = 0;
        QQueue<RunExecution*> waiting;
    };
    QHash<QString, WorkflowSlots> m_slots;
    std::atomic<int> m_active{0};
};

} // namespace engine
