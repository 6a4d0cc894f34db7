#pragma once

#include "engine/catalogue/Job.h"
#include "engine/runtime/Redactor.h"
#include "engine/runtime/Run.h"
#include "engine/runtime/RunContext.h"
#include "engine/runtime/RunEnvironment.h"
#include "engine/runtime/RunRequest.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <functional>
#include <memory>

namespace engine {

class TimerSource;

// One run in progress, inside the Executor's thread: walks the run-after graph
// of each branch, runs the built-in control-flow and data actions itself and
// every other action through its catalogue job, applies retry policies and
// timeouts, and records a StepResult per step (and per loop repetition).
//
// Within a branch, ready actions run one at a time in the order the
// definition lists them. Foreach repetitions run side by side as Logic Apps
// runs them: up to runtimeConfiguration.concurrency.repetitions at a time (20
// when absent), one at a time with operationOptions "Sequential"; Until
// repetitions always one after the other. The Executor owns these; use the
// Executor.
class RunExecution : public QObject
{
    Q_OBJECT
public:
    RunExecution(const RunEnvironment& environment, TimerSource& timers, RunRequest request,
                 QObject* parent = nullptr);
    ~RunExecution() override;

    const Run& run() const { return m_run; }
    // Goes through the workflow; finished() once at the end.
    void start();
    // Stops the step that runs, records it Cancelled, and ends the run Cancelled.
    void cancel();

Q_SIGNALS:
    void stepStarted(const engine::StepResult& step);
    void stepFinished(const engine::StepResult& step);
    // The Response action ran: {"statusCode","headers","body"}, not redacted
    // (it is what the HTTP caller receives).
    void responseReady(const QJsonObject& response);
    void finished();

private:
    using Done = std::function<void(StepStatus)>;
    struct Frame
    {
        QString parent;
        int iteration = -1;
        RunContext::RepetitionP repetition; // innermost loop repetition, null outside loops
    };
    struct Branch;
    struct Active;
    struct Loop;
    using ActiveP = std::shared_ptr<Active>;
    enum class Abort
    {
        None,
        Cancelled,
        TimedOut,
        Terminated
    };

    void post(std::function<void()> f);
    void runBranch(const QJsonObject& actions, const Frame& frame, Done done);
    void advance(const std::shared_ptr<Branch>& branch);
    void finishBranch(const std::shared_ptr<Branch>& branch);
    void runAction(const QString& name, const QJsonObject& step, const Frame& frame, Done done);
    void recordSkipped(const QString& name, const QJsonObject& step, const Frame& frame,
                       const QString& reason);
    void recordSkippedChildren(const QString& parent, const QJsonObject& step, const Frame& frame);
    void recordFailedUnrun(const QString& name, const QJsonObject& step, const Frame& frame,
                           const QString& field, const QString& message);

    void finish(const ActiveP& a, StepStatus status);
    void fail(const ActiveP& a, int code, const QString& field, const QString& message);
    void containerDone(const ActiveP& a, StepStatus branchStatus);
    bool evaluate(const ActiveP& a, const QJsonValue& value, const QString& field, QJsonValue* out);
    // Evaluates the step's "inputs" into *out and a->rawInputs; false (the step failed) on an
    // error.
    bool evaluateInputs(const ActiveP& a, QJsonValue* out);
    // The run context as seen from `a` (its loop repetition, itself as action()).
    RunContext& contextFor(const ActiveP& a, const RunContext::RepetitionP& repetition = {});
    // `a` now waits on something abort() must stop: `interrupt` stops it.
    void setInterrupt(const ActiveP& a, std::function<void()> interrupt);
    void clearInterrupt(const ActiveP& a);
    void interruptAll();
    void appendStep(const StepResult& step, const RunContext::RepetitionP& repetition);
    void orderRepetitions(const Loop& loop, const RunContext::RepetitionP& outer);

    void runCompose(const ActiveP& a);
    void runIf(const ActiveP& a);
    void runSwitch(const ActiveP& a);
    void runScope(const ActiveP& a);
    void runForeach(const ActiveP& a);
    void foreachFill(const ActiveP& a, const std::shared_ptr<Loop>& loop);
    void runUntil(const ActiveP& a);
    void untilNext(const ActiveP& a, int index, int limitCount, qint64 limitMs, qint64 startMs);
    void runVariable(const ActiveP& a, const QString& type);
    void runTerminate(const ActiveP& a);
    void runResponse(const ActiveP& a);
    void runWait(const ActiveP& a);
    void runJob(const ActiveP& a);
    void startAttempt(const ActiveP& a);
    void attemptFinished(const ActiveP& a, const StepOutcome& outcome);

    void abort(Abort kind);
    void completeRun(StepStatus topLevel);
    quint64 schedule(qint64 ms, std::function<void()> f);
    void unschedule(quint64 handle);

    RunEnvironment m_env;
    TimerSource& m_timers;
    RunRequest m_request;
    Run m_run;
    RunContext m_context;
    Redactor m_redactor;
    Abort m_abort = Abort::None;
    RunStatus m_terminateStatus = RunStatus::Succeeded;
    // The actions waiting right now on a job, a timer or a retry (several
    // when Foreach repetitions run side by side); abort() interrupts them.
    QHash<Active*, ActiveP> m_waiting;
    // The loop repetition of each record in m_run.steps, to order them at the loop's end.
    QList<RunContext::RepetitionP> m_stepRepetitions;
    QSet<quint64> m_handles;
    quint64 m_runTimer = 0;
    // Records of the actions directly inside each container, for result().
    QHash<QString, QList<QJsonObject>> m_childRecords;
    bool m_done = false;
};

} // namespace engine
