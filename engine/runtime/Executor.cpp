#include "engine/runtime/Executor.h"

#include "engine/runtime/QtTimerSource.h"
#include "engine/runtime/RunExecution.h"

#include <QLoggingCategory>
#include <QUuid>
#include <cmath>

namespace engine {

namespace {

const int kRegistered = [] {
    qRegisterMetaType<engine::Run>();
    qRegisterMetaType<engine::StepResult>();
    return 0;
}();

} // namespace

Executor::Executor(RunEnvironment environment, QObject* parent)
    : QObject(parent), m_env(std::move(environment))
{
    (void)kRegistered;
    if (!m_env.clock)
        m_env.clock = &Clock::system();
}

Executor::~Executor()
{
    // Runs are children; deleting them cancels their jobs and timers.
    const auto runs = m_runs;
    for (RunExecution* r : runs)
        delete r;
}

TimerSource& Executor::timers()
{
    if (m_env.timers)
        return *m_env.timers;
    if (!m_ownTimers)
        m_ownTimers = std::make_unique<QtTimerSource>();
    return *m_ownTimers;
}

QString Executor::start(RunRequest request)
{
    if (request.runId.isEmpty())
        request.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString id = request.runId;
    ++m_active;
    QMetaObject::invokeMethod(
        this, [this, request] { startInThread(request); }, Qt::QueuedConnection);
    return id;
}

void Executor::cancel(const QString& runId)
{
    QMetaObject::invokeMethod(
        this, [this, runId] { cancelInThread(runId); }, Qt::QueuedConnection);
}

void Executor::cancelAll()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            const QStringList ids = m_runs.keys();
            for (const QString& id : ids)
                cancelInThread(id);
        },
        Qt::QueuedConnection);
}

int Executor::activeRuns() const
{
    return m_active.load();
}

int Executor::runConcurrency(const QJsonObject& definition, const QString& triggerName)
{
    const QJsonObject triggers = definition.value(QStringLiteral("triggers")).toObject();
    const QJsonObject trigger =
        triggers
            .value(triggerName.isEmpty() && !triggers.isEmpty() ? triggers.keys().first()
                                                                : triggerName)
            .toObject();
    const QJsonValue runs = trigger.value(QStringLiteral("runtimeConfiguration"))
                                .toObject()
                                .value(QStringLiteral("concurrency"))
                                .toObject()
                                .value(QStringLiteral("runs"));
    const double n = runs.toDouble(0);
    if (n < 1 || n != std::floor(n))
        return 0;
    return int(n);
}

void Executor::startInThread(const RunRequest& request)
{
    auto* run = new RunExecution(m_env, timers(), request, this);
    m_runs.insert(run->run().id, run);
    connect(run, &RunExecution::stepStarted, this,
            [this, run](const StepResult& s) { Q_EMIT stepStarted(run->run().id, s); });
    connect(run, &RunExecution::stepFinished, this,
            [this, run](const StepResult& s) { Q_EMIT stepFinished(run->run().id, s); });
    connect(run, &RunExecution::responseReady, this,
            [this, run](const QJsonObject& r) { Q_EMIT responseReady(run->run().id, r); });
    connect(run, &RunExecution::finished, this, [this, run] { runEnded(run); });

    WorkflowSlots& slot = m_slots[request.workflowName];
    slot.limit = runConcurrency(request.definition, request.triggerName);
    if (slot.limit > 0 && slot.running >= slot.limit) {
        Run waiting = run->run();
        waiting.status = RunStatus::Waiting;
        slot.waiting.enqueue(run);
        Q_EMIT runQueued(waiting);
        return;
    }
    launch(run);
}

void Executor::launch(RunExecution* run)
{
    ++m_slots[run->run().workflow].running;
    run->start();
    Q_EMIT runStarted(run->run());
}

void Executor::cancelInThread(const QString& runId)
{
    RunExecution* run = m_runs.value(runId);
    if (!run)
        return;
    WorkflowSlots& slot = m_slots[run->run().workflow];
    if (slot.waiting.removeOne(run)) {
        // Never started: it ends Cancelled without running a step.
        m_runs.remove(runId);
        Run r = run->run();
        r.status = RunStatus::Cancelled;
        r.errorCode = QStringLiteral("Cancelled");
        r.error = tr("The run was cancelled before it started");
        r.start = r.end = m_env.clock->now();
        run->deleteLater();
        --m_active;
        Q_EMIT runFinished(r);
        return;
    }
    run->cancel();
}

void Executor::runEnded(RunExecution* run)
{
    const Run record = run->run();
    m_runs.remove(record.id);
    run->deleteLater();
    WorkflowSlots& slot = m_slots[record.workflow];
    --slot.running;
    --m_active;
    Q_EMIT runFinished(record);
    while (!slot.waiting.isEmpty() && (slot.limit == 0 || slot.running < slot.limit))
        launch(slot.waiting.dequeue());
}

} // namespace engine
