#include "engine/runtime/RunExecution.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/expressions/Expressions.h"
#include "engine/runtime/IsoDuration.h"
#include "engine/runtime/RetryPolicy.h"
#include "engine/runtime/TimerSource.h"
#include "engine/runtime/VariableActions.h"
#include "engine/workflow/StepProperties.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUuid>
#include <cmath>

Q_LOGGING_CATEGORY(lcRun, "logicapp.runtime", QtInfoMsg)

namespace engine {
namespace {

QString joinField(const QString& prefix, const QString& field)
{
    if (field.isEmpty())
        return prefix;
    if (field.startsWith(QLatin1Char('[')))
        return prefix + field;
    return prefix + QLatin1Char('.') + field;
}

bool isFailure(StepStatus s)
{
    return s == StepStatus::Failed || s == StepStatus::TimedOut || s == StepStatus::Cancelled;
}

bool switchMatches(const QJsonValue& caseValue, const QJsonValue& value)
{
    if (caseValue.isDouble() && value.isDouble())
        return caseValue.toDouble() == value.toDouble();
    if (caseValue.isString() && value.isDouble())
        return caseValue.toString() == VariableActions::textOf(value);
    if (caseValue.isDouble() && value.isString())
        return VariableActions::textOf(caseValue) == value.toString();
    return caseValue == value;
}

// The children of a container, by branch, as a definition writes them.
QList<QJsonObject> branchesOf(const QJsonObject& step)
{
    QList<QJsonObject> out;
    out.append(step.value(QStringLiteral("actions")).toObject());
    const QJsonObject elseBranch = step.value(QStringLiteral("else")).toObject();
    out.append(elseBranch.value(QStringLiteral("actions")).toObject());
    const QJsonObject cases = step.value(QStringLiteral("cases")).toObject();
    for (auto it = cases.begin(); it != cases.end(); ++it)
        out.append(it.value().toObject().value(QStringLiteral("actions")).toObject());
    out.append(step.value(QStringLiteral("default"))
                   .toObject()
                   .value(QStringLiteral("actions"))
                   .toObject());
    return out;
}

bool secretLikeKey(const QString& key)
{
    return Redactor::isSecretKey(key) ||
           key.contains(QLatin1String("password"), Qt::CaseInsensitive) ||
           key.contains(QLatin1String("token"), Qt::CaseInsensitive) ||
           key.contains(QLatin1String("secret"), Qt::CaseInsensitive);
}

void collectConnectionSecrets(const QJsonObject& o, Redactor& r)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isObject())
            collectConnectionSecrets(it.value().toObject(), r);
        else if (secretLikeKey(it.key()))
            r.addSecretsFrom(it.value());
    }
}

} // namespace

struct RunExecution::Branch
{
    QJsonObject actions;
    Frame frame;
    QStringList pending;
    QHash<QString, StepStatus> statuses;
    bool broken = false; // run-after edges that can never be met (a cycle)
    Done done;
};

struct RunExecution::Active
{
    QString name;
    QJsonObject step;
    Frame frame;
    StepResult rec;
    QJsonValue rawInputs = QJsonValue(QJsonValue::Undefined);
    QJsonValue rawOutputs = QJsonValue(QJsonValue::Undefined);
    bool secureInputs = false;
    bool secureOutputs = false;
    Done done;
    // Jobs
    const Operation* operation = nullptr;
    JobContext jobContext;
    RetryPolicy policy;
    quint64 timeoutTimer = 0;
    quint64 waitTimer = 0; // a retry's wait
    std::unique_ptr<Job> job;
    std::function<void()> interrupt; // set while in m_waiting
    QJsonObject current;             // what action() shows while this runs
    bool finished = false;
};

// One Foreach on its way: which repetitions started, run and ended.
struct RunExecution::Loop
{
    QJsonArray items;
    QJsonObject actions;
    int limit = 1;
    int next = 0; // the next index to start
    int running = 0;
    int ended = 0;
    bool anyFailed = false;
    bool cancelled = false;
    bool finished = false;
    qsizetype firstStep = 0; // where its records begin in m_run.steps
};

RunExecution::RunExecution(const RunEnvironment& environment, TimerSource& timers,
                           RunRequest request, QObject* parent)
    : QObject(parent), m_env(environment), m_timers(timers), m_request(std::move(request)),
      m_context(*environment.clock)
{
    if (m_request.runId.isEmpty())
        m_request.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_context.setAppSettings(m_env.appSettings);
    m_run.id = m_request.runId;
    m_run.workflow = m_request.workflowName;
    m_run.workflowPath = m_request.workflowPath;
    m_run.resubmittedFrom = m_request.resubmittedFrom;
    m_run.triggerName = m_request.triggerName;
    if (m_run.triggerName.isEmpty()) {
        const QJsonObject triggers =
            m_request.definition.value(QStringLiteral("triggers")).toObject();
        m_run.triggerName = triggers.isEmpty() ? QStringLiteral("manual") : triggers.keys().first();
    }
    m_run.status = RunStatus::Running;
}

RunExecution::~RunExecution()
{
    const auto waiting = m_waiting;
    m_waiting.clear();
    for (const ActiveP& a : waiting) {
        if (a->job) {
            a->job->disconnect(this);
            a->job->cancel();
            a->job.reset();
        }
        a->interrupt = nullptr; // it holds `a`: let both go
    }
    for (quint64 h : std::as_const(m_handles))
        m_timers.cancel(h);
}

void RunExecution::setInterrupt(const ActiveP& a, std::function<void()> interrupt)
{
    a->interrupt = std::move(interrupt);
    m_waiting.insert(a.get(), a);
}

void RunExecution::clearInterrupt(const ActiveP& a)
{
    a->interrupt = nullptr;
    m_waiting.remove(a.get());
}

void RunExecution::interruptAll()
{
    const auto waiting = m_waiting;
    m_waiting.clear();
    for (const ActiveP& a : waiting) {
        auto interrupt = std::move(a->interrupt);
        a->interrupt = nullptr;
        if (interrupt)
            interrupt();
    }
}

bool RunExecution::evaluateInputs(const ActiveP& a, QJsonValue* out)
{
    if (!evaluate(a, a->step.value(QStringLiteral("inputs")), QStringLiteral("inputs"), out))
        return false;
    a->rawInputs = *out;
    return true;
}

RunContext& RunExecution::contextFor(const ActiveP& a, const RunContext::RepetitionP& repetition)
{
    m_context.setRepetition(repetition ? repetition : a->frame.repetition);
    m_context.setCurrentAction(a->current);
    return m_context;
}

void RunExecution::post(std::function<void()> f)
{
    QMetaObject::invokeMethod(this, std::move(f), Qt::QueuedConnection);
}

quint64 RunExecution::schedule(qint64 ms, std::function<void()> f)
{
    auto handle = std::make_shared<quint64>(0);
    *handle = m_timers.schedule(ms, [this, handle, f = std::move(f)] {
        m_handles.remove(*handle);
        f();
    });
    m_handles.insert(*handle);
    return *handle;
}

void RunExecution::unschedule(quint64 handle)
{
    if (handle == 0)
        return;
    m_handles.remove(handle);
    m_timers.cancel(handle);
}

void RunExecution::start()
{
    const QDateTime now = m_env.clock->now();
    m_run.start = now;

    QJsonObject trigger;
    trigger.insert(QStringLiteral("name"), m_run.triggerName);
    trigger.insert(QStringLiteral("inputs"), QJsonObject());
    trigger.insert(QStringLiteral("outputs"), m_request.triggerOutputs);
    trigger.insert(QStringLiteral("startTime"), now.toString(Qt::ISODateWithMs));
    trigger.insert(QStringLiteral("endTime"), now.toString(Qt::ISODateWithMs));
    trigger.insert(QStringLiteral("status"), QStringLiteral("Succeeded"));
    trigger.insert(QStringLiteral("code"), QStringLiteral("OK"));
    m_context.setTrigger(trigger);

    // Parameters: given values over declared defaults; secure ones feed the redactor.
    const QJsonObject declared =
        m_request.definition.value(QStringLiteral("parameters")).toObject();
    for (auto it = declared.begin(); it != declared.end(); ++it) {
        const QJsonObject decl = it.value().toObject();
        QJsonValue value = m_request.parameterValues.contains(it.key())
                               ? m_request.parameterValues.value(it.key())
                               : decl.value(QStringLiteral("defaultValue"));
        if (value.isUndefined())
            value = QJsonValue::Null;
        const QString type = decl.value(QStringLiteral("type")).toString().toLower();
        if (type == QLatin1String("securestring") || type == QLatin1String("secureobject"))
            m_redactor.addSecretsFrom(value);
        m_context.setParameter(it.key(), value);
    }
    for (auto it = m_request.parameterValues.begin(); it != m_request.parameterValues.end(); ++it) {
        if (!declared.contains(it.key()))
            m_context.setParameter(it.key(), it.value());
    }

    QJsonObject workflow;
    workflow.insert(QStringLiteral("id"), m_run.workflow);
    workflow.insert(QStringLiteral("name"), m_run.workflow);
    workflow.insert(QStringLiteral("type"), QStringLiteral("Microsoft.Logic/workflows"));
    workflow.insert(QStringLiteral("run"), QJsonObject{{QStringLiteral("id"), m_run.id},
                                                       {QStringLiteral("name"), m_run.id}});
    m_context.setWorkflow(workflow);

    m_run.triggerOutputs = m_redactor.redact(QJsonValue(m_request.triggerOutputs)).toObject();

    if (m_env.runTimeoutMs > 0)
        m_runTimer = schedule(m_env.runTimeoutMs, [this] {
            m_runTimer = 0;
            abort(Abort::TimedOut);
        });

    qCDebug(lcRun) << "run" << m_run.id << "of" << m_run.workflow << "started";
    const QJsonObject actions = m_request.definition.value(QStringLiteral("actions")).toObject();
    post(
        [this, actions] { runBranch(actions, Frame{}, [this](StepStatus s) { completeRun(s); }); });
}

void RunExecution::cancel()
{
    abort(Abort::Cancelled);
}

void RunExecution::abort(Abort kind)
{
    if (m_abort != Abort::None || m_done)
        return;
    m_abort = kind;
    interruptAll();
}

void RunExecution::runBranch(const QJsonObject& actions, const Frame& frame, Done done)
{
    auto b = std::make_shared<Branch>();
    b->actions = actions;
    b->frame = frame;
    b->done = std::move(done);
    // An action whose runAfter names something outside its branch, or a
    // status that does not exist, can never run: it fails, with the reason.
    for (auto it = actions.begin(); it != actions.end(); ++it) {
        const QJsonObject step = it.value().toObject();
        QString problemField;
        QString problem;
        if (!it.value().isObject() || !step.value(QStringLiteral("type")).isString()) {
            problemField = QStringLiteral("type");
            problem = tr("the action has no \"type\"");
        }
        const QJsonValue ra = step.value(QStringLiteral("runAfter"));
        if (problem.isEmpty() && !ra.isUndefined() && !ra.isNull() && !ra.isObject()) {
            problemField = QStringLiteral("runAfter");
            problem = tr("runAfter must be an object of action names and statuses");
        }
        const QJsonObject runAfter = ra.toObject();
        for (auto p = runAfter.begin(); problem.isEmpty() && p != runAfter.end(); ++p) {
            if (!actions.contains(p.key()) || p.key() == it.key()) {
                problemField = QStringLiteral("runAfter.") + p.key();
                problem =
                    tr("runs after '%1', which is not an action in the same branch").arg(p.key());
                break;
            }
            if (!p.value().isArray()) {
                problemField = QStringLiteral("runAfter.") + p.key();
                problem = tr("the statuses must be a list such as [\"Succeeded\"]");
                break;
            }
            for (const QJsonValue& s : p.value().toArray()) {
                if (!stepStatusFromName(s.toString()) ||
                    s.toString().compare(QLatin1String("Running"), Qt::CaseInsensitive) == 0) {
                    problemField = QStringLiteral("runAfter.") + p.key();
                    problem = tr("\"%1\" is not a status; use Succeeded, Failed, Skipped or "
                                 "TimedOut")
                                  .arg(s.toVariant().toString());
                    break;
                }
            }
        }
        if (!problem.isEmpty()) {
            recordFailedUnrun(it.key(), step, frame, problemField, problem);
            b->statuses.insert(it.key(), StepStatus::Failed);
        } else {
            b->pending.append(it.key());
        }
    }
    advance(b);
}

void RunExecution::advance(const std::shared_ptr<Branch>& b)
{
    if (m_abort != Abort::None || b->pending.isEmpty()) {
        finishBranch(b);
        return;
    }
    const QStringList candidates = b->pending;
    for (const QString& name : candidates) {
        const QJsonObject step = b->actions.value(name).toObject();
        const QJsonObject runAfter = step.value(QStringLiteral("runAfter")).toObject();
        bool ready = true;
        for (auto p = runAfter.begin(); p != runAfter.end(); ++p) {
            if (!b->statuses.contains(p.key())) {
                ready = false;
                break;
            }
        }
        if (!ready)
            continue;
        b->pending.removeOne(name);
        QString unmet;
        for (auto p = runAfter.begin(); p != runAfter.end() && unmet.isEmpty(); ++p) {
            QStringList wanted;
            for (const QJsonValue& s : p.value().toArray())
                wanted.append(s.toString());
            if (wanted.isEmpty())
                wanted.append(QStringLiteral("Succeeded"));
            const QString actual = stepStatusName(b->statuses.value(p.key()));
            if (!wanted.contains(actual, Qt::CaseInsensitive))
                unmet = tr("it runs after '%1' when that is %2, but '%1' was %3")
                            .arg(p.key(), wanted.join(QLatin1String(" or ")), actual);
        }
        if (!unmet.isEmpty()) {
            recordSkipped(name, step, b->frame, unmet);
            b->statuses.insert(name, StepStatus::Skipped);
            post([this, b] { advance(b); });
            return;
        }
        runAction(name, step, b->frame, [this, b, name](StepStatus s) {
            b->statuses.insert(name, s);
            post([this, b] { advance(b); });
        });
        return;
    }
    // Nothing is ready but something waits: the run-after edges form a cycle.
    const QStringList stuck = b->pending;
    b->pending.clear();
    b->broken = true;
    for (const QString& name : stuck) {
        recordFailedUnrun(
            name, b->actions.value(name).toObject(), b->frame, QStringLiteral("runAfter"),
            tr("its runAfter forms a cycle with %1").arg(stuck.join(QLatin1String(", "))));
        b->statuses.insert(name, StepStatus::Failed);
    }
    finishBranch(b);
}

// A branch ends as its terminal actions (those nothing runs after) did, as
// Logic Apps decides a run's status: a failure handled by an action that runs
// after it does not fail the branch; a terminal action skipped because of a
// failure does.
void RunExecution::finishBranch(const std::shared_ptr<Branch>& b)
{
    QSet<QString> predecessors;
    for (auto it = b->actions.begin(); it != b->actions.end(); ++it) {
        const QJsonObject runAfter =
            it.value().toObject().value(QStringLiteral("runAfter")).toObject();
        for (auto p = runAfter.begin(); p != runAfter.end(); ++p) {
            if (b->statuses.contains(it.key()))
                predecessors.insert(p.key());
        }
    }
    std::function<StepStatus(const QString&, int)> effective = [&](const QString& name, int depth) {
        const StepStatus s = b->statuses.value(name, StepStatus::Skipped);
        if (s != StepStatus::Skipped || depth > 1000)
            return s;
        const QJsonObject runAfter =
            b->actions.value(name).toObject().value(QStringLiteral("runAfter")).toObject();
        for (auto p = runAfter.begin(); p != runAfter.end(); ++p) {
            const StepStatus e = effective(p.key(), depth + 1);
            if (isFailure(e))
                return StepStatus::Failed;
        }
        return StepStatus::Skipped;
    };
    StepStatus result = StepStatus::Succeeded;
    for (auto it = b->statuses.begin(); it != b->statuses.end(); ++it) {
        if (predecessors.contains(it.key()))
            continue;
        const StepStatus e = effective(it.key(), 0);
        if (e == StepStatus::Cancelled && result != StepStatus::Failed)
            result = StepStatus::Cancelled;
        else if (isFailure(e))
            result = StepStatus::Failed;
    }
    if (b->broken)
        result = StepStatus::Failed;
    if (m_abort == Abort::Cancelled || m_abort == Abort::TimedOut) {
        if (result == StepStatus::Succeeded && !b->pending.isEmpty())
            result = StepStatus::Cancelled;
    }
    Done done = std::move(b->done);
    b->done = nullptr;
    if (done)
        done(result);
}

void RunExecution::recordSkipped(const QString& name, const QJsonObject& step, const Frame& frame,
                                 const QString& reason)
{
    auto a = std::make_shared<Active>();
    a->name = name;
    a->step = step;
    a->frame = frame;
    a->rec.name = name;
    a->rec.type = step.value(QStringLiteral("type")).toString();
    a->rec.parent = frame.parent;
    a->rec.iteration = frame.iteration;
    a->rec.started = m_env.clock->now();
    a->rec.error = reason;
    finish(a, StepStatus::Skipped);
    recordSkippedChildren(name, step, frame);
}

void RunExecution::recordSkippedChildren(const QString& parent, const QJsonObject& step,
                                         const Frame& frame)
{
    for (const QJsonObject& branch : branchesOf(step)) {
        for (auto it = branch.begin(); it != branch.end(); ++it)
            recordSkipped(it.key(), it.value().toObject(),
                          Frame{parent, frame.iteration, frame.repetition},
                          tr("'%1' did not run this branch").arg(parent));
    }
}

void RunExecution::recordFailedUnrun(const QString& name, const QJsonObject& step,
                                     const Frame& frame, const QString& field,
                                     const QString& message)
{
    auto a = std::make_shared<Active>();
    a->name = name;
    a->step = step;
    a->frame = frame;
    a->rec.name = name;
    a->rec.type = step.value(QStringLiteral("type")).toString();
    a->rec.parent = frame.parent;
    a->rec.iteration = frame.iteration;
    a->rec.started = m_env.clock->now();
    a->rec.code = 400;
    a->rec.error = message;
    a->rec.errorField = field;
    finish(a, StepStatus::Failed);
}

void RunExecution::finish(const ActiveP& a, StepStatus status)
{
    if (a->finished)
        return;
    a->finished = true;
    if (a->timeoutTimer) {
        unschedule(a->timeoutTimer);
        a->timeoutTimer = 0;
    }
    if (a->waitTimer) {
        unschedule(a->waitTimer);
        a->waitTimer = 0;
    }
    StepResult& rec = a->rec;
    rec.status = status;
    rec.finished = m_env.clock->now();
    if (rec.code == 0 && status == StepStatus::Succeeded)
        rec.code = 200;
    const QString mask = Redactor::mask();
    rec.inputs = a->rawInputs.isUndefined()
                     ? a->rawInputs
                     : (a->secureInputs ? QJsonValue(mask) : m_redactor.redact(a->rawInputs));
    rec.outputs = a->rawOutputs.isUndefined()
                      ? a->rawOutputs
                      : (a->secureOutputs ? QJsonValue(mask) : m_redactor.redact(a->rawOutputs));
    rec.transcript = m_redactor.redact(rec.transcript);
    rec.error = m_redactor.redact(rec.error);

    QJsonObject record;
    record.insert(QStringLiteral("name"), a->name);
    if (!a->rawInputs.isUndefined())
        record.insert(QStringLiteral("inputs"), a->rawInputs);
    if (!a->rawOutputs.isUndefined())
        record.insert(QStringLiteral("outputs"), a->rawOutputs);
    record.insert(QStringLiteral("status"), stepStatusName(status));
    record.insert(QStringLiteral("code"), rec.code);
    record.insert(QStringLiteral("startTime"), rec.started.toString(Qt::ISODateWithMs));
    record.insert(QStringLiteral("endTime"), rec.finished.toString(Qt::ISODateWithMs));
    if (!rec.error.isEmpty() && status != StepStatus::Succeeded)
        record.insert(QStringLiteral("error"),
                      QJsonObject{{QStringLiteral("code"), stepStatusName(status)},
                                  {QStringLiteral("message"), rec.error}});
    m_context.setActionRecord(a->name, record, a->frame.repetition);
    if (m_childRecords.contains(a->name)) {
        QJsonArray results;
        for (const QJsonObject& r : m_childRecords.value(a->name))
            results.append(r);
        m_context.setResult(a->name, results);
    }
    if (!a->frame.parent.isEmpty()) {
        QList<QJsonObject>& siblings = m_childRecords[a->frame.parent];
        siblings.removeIf([&](const QJsonObject& r) {
            return r.value(QStringLiteral("name")).toString() == a->name;
        });
        siblings.append(record);
    }
    appendStep(rec, a->frame.repetition);
    Q_EMIT stepFinished(rec);
    Done done = std::move(a->done);
    a->done = nullptr;
    if (done)
        done(status);
}

void RunExecution::fail(const ActiveP& a, int code, const QString& field, const QString& message)
{
    a->rec.code = code;
    a->rec.errorField = field;
    a->rec.error = message;
    finish(a, StepStatus::Failed);
}

void RunExecution::containerDone(const ActiveP& a, StepStatus branchStatus)
{
    if (branchStatus == StepStatus::Succeeded || branchStatus == StepStatus::Skipped) {
        finish(a, StepStatus::Succeeded);
        return;
    }
    if (branchStatus == StepStatus::Cancelled) {
        a->rec.error = tr("The run was stopped before the actions inside finished");
        finish(a, StepStatus::Cancelled);
        return;
    }
    a->rec.code = 500;
    a->rec.error = tr("An action inside failed");
    finish(a, StepStatus::Failed);
}

bool RunExecution::evaluate(const ActiveP& a, const QJsonValue& value, const QString& field,
                            QJsonValue* out)
{
    Result<QJsonValue> r = evaluateValue(value, contextFor(a));
    if (!r) {
        fail(a, 400, joinField(field, r.error().field), r.error().message);
        return false;
    }
    *out = std::move(r).value();
    return true;
}

void RunExecution::runAction(const QString& name, const QJsonObject& step, const Frame& frame,
                             Done done)
{
    auto a = std::make_shared<Active>();
    a->name = name;
    a->step = step;
    a->frame = frame;
    a->done = std::move(done);
    a->rec.name = name;
    a->rec.type = step.value(QStringLiteral("type")).toString();
    a->rec.parent = frame.parent;
    a->rec.iteration = frame.iteration;
    a->rec.started = m_env.clock->now();
    a->rec.status = StepStatus::Running;
    const QJsonArray secure = step.value(QStringLiteral("runtimeConfiguration"))
                                  .toObject()
                                  .value(QStringLiteral("secureData"))
                                  .toObject()
                                  .value(QStringLiteral("properties"))
                                  .toArray();
    for (const QJsonValue& p : secure) {
        if (p.toString().compare(QLatin1String("inputs"), Qt::CaseInsensitive) == 0)
            a->secureInputs = true;
        if (p.toString().compare(QLatin1String("outputs"), Qt::CaseInsensitive) == 0)
            a->secureOutputs = true;
    }
    Q_EMIT stepStarted(a->rec);
    a->current =
        QJsonObject{{QStringLiteral("name"), name},
                    {QStringLiteral("startTime"), a->rec.started.toString(Qt::ISODateWithMs)},
                    {QStringLiteral("status"), QStringLiteral("Running")}};

    const QString type = a->rec.type.toLower();
    if (type == QLatin1String("compose"))
        runCompose(a);
    else if (type == QLatin1String("if"))
        runIf(a);
    else if (type == QLatin1String("switch"))
        runSwitch(a);
    else if (type == QLatin1String("scope"))
        runScope(a);
    else if (type == QLatin1String("foreach"))
        runForeach(a);
    else if (type == QLatin1String("until"))
        runUntil(a);
    else if (VariableActions::handles(type))
        runVariable(a, type);
    else if (type == QLatin1String("terminate"))
        runTerminate(a);
    else if (type == QLatin1String("response"))
        runResponse(a);
    else if (type == QLatin1String("wait"))
        runWait(a);
    else
        runJob(a);
}

void RunExecution::runCompose(const ActiveP& a)
{
    QJsonValue value;
    if (!evaluateInputs(a, &value))
        return;
    a->rawOutputs = value;
    finish(a, StepStatus::Succeeded);
}

void RunExecution::runIf(const ActiveP& a)
{
    const QJsonValue expression = a->step.value(QStringLiteral("expression"));
    if (expression.isUndefined())
        return fail(a, 400, QStringLiteral("expression"), tr("a condition needs an expression"));
    Result<bool> cond = evaluateCondition(expression, contextFor(a));
    if (!cond)
        return fail(a, 400, joinField(QStringLiteral("expression"), cond.error().field),
                    cond.error().message);
    const bool value = *cond;
    a->rawInputs = QJsonObject{{QStringLiteral("expressionResult"), value}};
    a->rawOutputs = QJsonObject{{QStringLiteral("expression"), value}};
    const QJsonObject branch = value ? a->step.value(QStringLiteral("actions")).toObject()
                                     : a->step.value(QStringLiteral("else"))
                                           .toObject()
                                           .value(QStringLiteral("actions"))
                                           .toObject();
    // The branch not taken shows as skipped, as Logic Apps shows it.
    QJsonObject other;
    if (value)
        other.insert(QStringLiteral("else"), a->step.value(QStringLiteral("else")));
    else
        other.insert(QStringLiteral("actions"), a->step.value(QStringLiteral("actions")));
    recordSkippedChildren(a->name, other, a->frame);
    runBranch(branch, Frame{a->name, a->frame.iteration, a->frame.repetition},
              [this, a](StepStatus s) { containerDone(a, s); });
}

void RunExecution::runSwitch(const ActiveP& a)
{
    QJsonValue value;
    if (!evaluate(a, a->step.value(QStringLiteral("expression")), QStringLiteral("expression"),
                  &value))
        return;
    const QJsonObject cases = a->step.value(QStringLiteral("cases")).toObject();
    QString chosen;
    QJsonObject actions;
    for (auto it = cases.begin(); it != cases.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        if (switchMatches(c.value(QStringLiteral("case")), value)) {
            chosen = it.key();
            actions = c.value(QStringLiteral("actions")).toObject();
            break;
        }
    }
    QJsonObject notTaken;
    QJsonObject otherCases;
    for (auto it = cases.begin(); it != cases.end(); ++it) {
        if (it.key() != chosen)
            otherCases.insert(it.key(), it.value());
    }
    notTaken.insert(QStringLiteral("cases"), otherCases);
    if (chosen.isEmpty())
        actions = a->step.value(QStringLiteral("default"))
                      .toObject()
                      .value(QStringLiteral("actions"))
                      .toObject();
    else
        notTaken.insert(QStringLiteral("default"), a->step.value(QStringLiteral("default")));
    recordSkippedChildren(a->name, notTaken, a->frame);
    a->rawInputs = QJsonObject{{QStringLiteral("expression"), value}};
    a->rawOutputs = QJsonObject{
        {QStringLiteral("case"), chosen.isEmpty() ? QStringLiteral("default") : chosen}};
    runBranch(actions, Frame{a->name, a->frame.iteration, a->frame.repetition},
              [this, a](StepStatus s) { containerDone(a, s); });
}

void RunExecution::runScope(const ActiveP& a)
{
    runBranch(a->step.value(QStringLiteral("actions")).toObject(),
              Frame{a->name, a->frame.iteration, a->frame.repetition},
              [this, a](StepStatus s) { containerDone(a, s); });
}

void RunExecution::runForeach(const ActiveP& a)
{
    QJsonValue items;
    if (!evaluate(a, a->step.value(QStringLiteral("foreach")), QStringLiteral("foreach"), &items))
        return;
    if (!items.isArray())
        return fail(
            a, 400, QStringLiteral("foreach"),
            tr("expected an array to repeat over, got %1").arg(VariableActions::typeOf(items)));
    const QJsonValue reps = a->step.value(QStringLiteral("runtimeConfiguration"))
                                .toObject()
                                .value(QStringLiteral("concurrency"))
                                .toObject()
                                .value(QStringLiteral("repetitions"));
    if (!reps.isUndefined() && (!reps.isDouble() || reps.toDouble() < 1 || reps.toDouble() > 50 ||
                                reps.toDouble() != std::floor(reps.toDouble())))
        return fail(a, 400, QStringLiteral("runtimeConfiguration.concurrency.repetitions"),
                    tr("must be a whole number from 1 to 50"));
    const QJsonArray array = items.toArray();
    if (array.size() > 100000)
        return fail(a, 400, QStringLiteral("foreach"),
                    tr("%1 items is more than the limit of 100000").arg(array.size()));
    a->rawInputs = array;

    // As Logic Apps: repetitions run side by side, 20 at a time unless
    // concurrency.repetitions says otherwise; operationOptions "Sequential"
    // (what the designer writes for "Concurrency Control: off, degree 1")
    // runs them one at a time. A failed repetition does not stop the others.
    auto loop = std::make_shared<Loop>();
    loop->items = array;
    loop->actions = a->step.value(QStringLiteral("actions")).toObject();
    loop->limit = reps.isUndefined() ? 20 : reps.toInt();
    const QStringList options = a->step.value(QStringLiteral("operationOptions"))
                                    .toString()
                                    .split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& o : options) {
        if (o.trimmed().compare(QLatin1String("Sequential"), Qt::CaseInsensitive) == 0)
            loop->limit = 1;
    }
    loop->firstStep = m_run.steps.size();
    foreachFill(a, loop);
}

void RunExecution::foreachFill(const ActiveP& a, const std::shared_ptr<Loop>& loop)
{
    if (loop->finished)
        return;
    while (m_abort == Abort::None && loop->running < loop->limit &&
           loop->next < loop->items.size()) {
        const int index = loop->next++;
        ++loop->running;
        auto repetition = std::make_shared<RunContext::Repetition>();
        repetition->loop = a->name;
        repetition->index = index;
        repetition->item = loop->items.at(index);
        repetition->owner = loop.get();
        repetition->outer = a->frame.repetition;
        runBranch(loop->actions, Frame{a->name, index, repetition}, [this, a, loop](StepStatus s) {
            --loop->running;
            ++loop->ended;
            // A repetition stopped by Terminate or a cancel has not failed.
            if (s == StepStatus::Cancelled && m_abort != Abort::None)
                loop->cancelled = true;
            else if (isFailure(s))
                loop->anyFailed = true;
            post([this, a, loop] { foreachFill(a, loop); });
        });
    }
    if (loop->running > 0 || (m_abort == Abort::None && loop->next < loop->items.size()))
        return;
    loop->finished = true;
    orderRepetitions(*loop, a->frame.repetition);
    if (m_abort != Abort::None && m_abort != Abort::Terminated) {
        containerDone(a, StepStatus::Cancelled);
        return;
    }
    a->rawOutputs = QJsonObject{{QStringLiteral("iterations"), loop->ended}};
    containerDone(a, loop->anyFailed ? StepStatus::Failed : StepStatus::Succeeded);
}

void RunExecution::appendStep(const StepResult& step, const RunContext::RepetitionP& repetition)
{
    m_run.steps.append(step);
    m_stepRepetitions.append(repetition);
}

// Records of repetitions that ran side by side finish interleaved; the run's
// record lists them repetition by repetition, in index order, as Logic Apps
// shows a loop. Records of anything else keep their places.
void RunExecution::orderRepetitions(const Loop& loop, const RunContext::RepetitionP& outer)
{
    QList<qsizetype> places;
    QList<std::pair<int, qsizetype>> members; // (repetition index, record index)
    for (qsizetype i = loop.firstStep; i < m_run.steps.size(); ++i) {
        for (const RunContext::Repetition* r = m_stepRepetitions.at(i).get(); r;
             r = r->outer.get()) {
            if (r->owner == &loop) {
                places.append(i);
                members.append({r->index, i});
                break;
            }
        }
    }
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    QList<StepResult> steps;
    for (const auto& m : std::as_const(members))
        steps.append(m_run.steps.at(m.second));
    // Loops around this one order by their own repetitions only; letting go of
    // this loop's frees the action records each of them kept.
    for (qsizetype k = 0; k < places.size(); ++k) {
        m_run.steps[places.at(k)] = steps.at(k);
        m_stepRepetitions[places.at(k)] = outer;
    }
}

void RunExecution::runUntil(const ActiveP& a)
{
    const QJsonObject limit = a->step.value(QStringLiteral("limit")).toObject();
    int count = 60;
    qint64 timeoutMs = 3600000;
    const QJsonValue c = limit.value(QStringLiteral("count"));
    if (!c.isUndefined()) {
        QJsonValue v;
        if (!evaluate(a, c, QStringLiteral("limit.count"), &v))
            return;
        const double d = v.isString() ? v.toString().toDouble() : v.toDouble(-1);
        if (d < 1 || d > 5000 || d != std::floor(d))
            return fail(a, 400, QStringLiteral("limit.count"),
                        tr("must be a whole number from 1 to 5000"));
        count = int(d);
    }
    const QJsonValue t = limit.value(QStringLiteral("timeout"));
    if (!t.isUndefined()) {
        QJsonValue v;
        if (!evaluate(a, t, QStringLiteral("limit.timeout"), &v))
            return;
        Result<qint64> ms = IsoDuration::parseMs(v.toString(), QStringLiteral("limit.timeout"));
        if (!ms)
            return fail(a, 400, ms.error().field, ms.error().message);
        timeoutMs = *ms;
    }
    if (a->step.value(QStringLiteral("expression")).isUndefined())
        return fail(a, 400, QStringLiteral("expression"), tr("an Until loop needs an expression"));
    a->rawInputs =
        QJsonObject{{QStringLiteral("limit"),
                     QJsonObject{{QStringLiteral("count"), count},
                                 {QStringLiteral("timeout"), IsoDuration::format(timeoutMs)}}}};
    untilNext(a, 0, count, timeoutMs, m_env.clock->monotonicMs());
}

void RunExecution::untilNext(const ActiveP& a, int index, int limitCount, qint64 limitMs,
                             qint64 startMs)
{
    if (m_abort != Abort::None && m_abort != Abort::Terminated) {
        containerDone(a, StepStatus::Cancelled);
        return;
    }
    auto repetition = std::make_shared<RunContext::Repetition>();
    repetition->loop = a->name;
    repetition->index = index;
    repetition->outer = a->frame.repetition;
    runBranch(
        a->step.value(QStringLiteral("actions")).toObject(), Frame{a->name, index, repetition},
        [this, a, index, limitCount, limitMs, startMs, repetition](StepStatus s) {
            if (isFailure(s) || m_abort != Abort::None) {
                a->rawOutputs = QJsonObject{{QStringLiteral("iterations"), index + 1}};
                containerDone(a, m_abort == Abort::Terminated ? StepStatus::Succeeded : s);
                return;
            }
            Result<bool> cond = evaluateCondition(a->step.value(QStringLiteral("expression")),
                                                  contextFor(a, repetition));
            if (!cond)
                return fail(a, 400, joinField(QStringLiteral("expression"), cond.error().field),
                            cond.error().message);
            const bool countReached = index + 1 >= limitCount;
            const bool timeReached = m_env.clock->monotonicMs() - startMs >= limitMs;
            if (*cond || countReached || timeReached) {
                QJsonObject out{{QStringLiteral("iterations"), index + 1}};
                // Logic Apps ends the loop at its limit without failing it.
                if (!*cond)
                    out.insert(QStringLiteral("limitReached"),
                               countReached ? QStringLiteral("count") : QStringLiteral("timeout"));
                a->rawOutputs = out;
                finish(a, StepStatus::Succeeded);
                return;
            }
            post([this, a, index, limitCount, limitMs, startMs] {
                untilNext(a, index + 1, limitCount, limitMs, startMs);
            });
        });
}

void RunExecution::runVariable(const ActiveP& a, const QString& type)
{
    QJsonValue inputs;
    if (!evaluateInputs(a, &inputs))
        return;
    Result<QJsonValue> outputs = VariableActions::apply(type, inputs, m_context);
    if (!outputs)
        return fail(a, outputs.error().code, outputs.error().field, outputs.error().message);
    a->rawOutputs = *outputs;
    finish(a, StepStatus::Succeeded);
}

void RunExecution::runTerminate(const ActiveP& a)
{
    QJsonValue inputsValue;
    if (!evaluateInputs(a, &inputsValue))
        return;
    const QJsonObject inputs = inputsValue.toObject();
    const QString status = inputs.value(QStringLiteral("runStatus")).toString();
    RunStatus runStatus;
    if (status.compare(QLatin1String("Succeeded"), Qt::CaseInsensitive) == 0)
        runStatus = RunStatus::Succeeded;
    else if (status.compare(QLatin1String("Failed"), Qt::CaseInsensitive) == 0)
        runStatus = RunStatus::Failed;
    else if (status.compare(QLatin1String("Cancelled"), Qt::CaseInsensitive) == 0)
        runStatus = RunStatus::Cancelled;
    else
        return fail(
            a, 400, QStringLiteral("inputs.runStatus"),
            tr("\"%1\" is not a run status; use Succeeded, Failed or Cancelled").arg(status));
    const QJsonObject runError = inputs.value(QStringLiteral("runError")).toObject();
    m_terminateStatus = runStatus;
    m_run.errorCode = runError.value(QStringLiteral("code")).toVariant().toString();
    m_run.error = m_redactor.redact(runError.value(QStringLiteral("message")).toString());
    if (runStatus != RunStatus::Succeeded && m_run.error.isEmpty())
        m_run.error = tr("Terminated by '%1'").arg(a->name);
    m_abort = Abort::Terminated;
    finish(a, StepStatus::Succeeded);
    // Logic Apps cancels what still runs beside it (other Foreach repetitions).
    interruptAll();
}

void RunExecution::runResponse(const ActiveP& a)
{
    QJsonValue inputsValue;
    if (!evaluateInputs(a, &inputsValue))
        return;
    const QJsonObject inputs = inputsValue.toObject();
    QJsonValue code = inputs.value(QStringLiteral("statusCode"));
    if (code.isString())
        code = code.toString().toDouble();
    if (code.isUndefined())
        code = 200;
    if (!code.isDouble() || code.toDouble() < 100 || code.toDouble() > 599 ||
        code.toDouble() != std::floor(code.toDouble()))
        return fail(a, 400, QStringLiteral("inputs.statusCode"),
                    tr("must be an HTTP status code from 100 to 599"));
    const QJsonValue headers = inputs.value(QStringLiteral("headers"));
    if (!headers.isUndefined() && !headers.isObject())
        return fail(a, 400, QStringLiteral("inputs.headers"),
                    tr("must be an object of header names and values"));
    QJsonObject response;
    response.insert(QStringLiteral("statusCode"), code.toInt());
    response.insert(QStringLiteral("headers"), headers.toObject());
    response.insert(QStringLiteral("body"), inputs.value(QStringLiteral("body")));
    a->rawOutputs = response;
    m_run.response = a->secureOutputs ? QJsonObject{{QStringLiteral("statusCode"), code.toInt()}}
                                      : m_redactor.redact(QJsonValue(response)).toObject();
    Q_EMIT responseReady(response);
    finish(a, StepStatus::Succeeded);
}

void RunExecution::runWait(const ActiveP& a)
{
    QJsonValue inputsValue;
    if (!evaluateInputs(a, &inputsValue))
        return;
    const QJsonObject inputs = inputsValue.toObject();
    qint64 ms = -1;
    if (inputs.contains(QStringLiteral("interval"))) {
        const QJsonObject iv = inputs.value(QStringLiteral("interval")).toObject();
        const QJsonValue countValue = iv.value(QStringLiteral("count"));
        const double count =
            countValue.isString() ? countValue.toString().toDouble() : countValue.toDouble(-1);
        const QString unit = iv.value(QStringLiteral("unit")).toString().toLower();
        static const QHash<QString, qint64> units = {
            {QStringLiteral("second"), 1000},    {QStringLiteral("minute"), 60000},
            {QStringLiteral("hour"), 3600000},   {QStringLiteral("day"), 86400000},
            {QStringLiteral("week"), 604800000}, {QStringLiteral("month"), 2592000000LL}};
        if (count < 0)
            return fail(a, 400, QStringLiteral("inputs.interval.count"),
                        tr("must be a number of units, 0 or more"));
        if (!units.contains(unit))
            return fail(
                a, 400, QStringLiteral("inputs.interval.unit"),
                tr("\"%1\" is not a unit; use Second, Minute, Hour, Day, Week or Month").arg(unit));
        ms = qint64(count * double(units.value(unit)));
    } else if (inputs.contains(QStringLiteral("until"))) {
        const QString ts = inputs.value(QStringLiteral("until"))
                               .toObject()
                               .value(QStringLiteral("timestamp"))
                               .toString();
        const QDateTime when = QDateTime::fromString(ts, Qt::ISODateWithMs);
        if (!when.isValid())
            return fail(a, 400, QStringLiteral("inputs.until.timestamp"),
                        tr("\"%1\" is not an ISO 8601 time").arg(ts));
        ms = std::max<qint64>(0, m_env.clock->now().msecsTo(when));
    } else {
        return fail(a, 400, QStringLiteral("inputs"), tr("give an interval or an until time"));
    }
    const quint64 handle = schedule(ms, [this, a] {
        clearInterrupt(a);
        finish(a, StepStatus::Succeeded);
    });
    setInterrupt(a, [this, a, handle] {
        unschedule(handle);
        a->rec.error = tr("The run was stopped while waiting");
        finish(a, StepStatus::Cancelled);
    });
}

void RunExecution::runJob(const ActiveP& a)
{
    const Catalogue::Match match =
        m_env.catalogue ? m_env.catalogue->recognise(a->step) : Catalogue::Match{};
    if (!match.operation || !match.operation->createJob || match.operation->isTrigger()) {
        QString what = a->rec.type;
        if (match.operation)
            what = match.operation->connectorDisplayName + QStringLiteral(" – ") +
                   match.operation->displayName;
        return fail(
            a, 400, QStringLiteral("type"),
            tr("%1 is not supported here: this program cannot run this kind of step").arg(what));
    }
    a->operation = match.operation;

    const QJsonValue rawInputs = a->step.value(QStringLiteral("inputs"));
    QJsonValue policyJson = rawInputs.toObject().value(QStringLiteral("retryPolicy"));
    if (policyJson.isUndefined())
        policyJson = a->step.value(QStringLiteral("retryPolicy"));
    Result<RetryPolicy> policy = RetryPolicy::fromJson(policyJson);
    if (!policy)
        return fail(a, 400, QStringLiteral("inputs.") + policy.error().field,
                    policy.error().message);
    a->policy = *policy;

    qint64 timeoutMs = 0;
    const QJsonValue timeout =
        a->step.value(QStringLiteral("limit")).toObject().value(QStringLiteral("timeout"));
    if (!timeout.isUndefined()) {
        Result<qint64> ms =
            IsoDuration::parseMs(timeout.toString(), QStringLiteral("limit.timeout"));
        if (!ms)
            return fail(a, 400, ms.error().field, ms.error().message);
        timeoutMs = *ms;
    }

    // host names the connection ("@parameters('$connections')[...]"), which is
    // resolved from connections.json, not evaluated.
    QJsonObject toEvaluate = rawInputs.toObject();
    const QJsonValue host = toEvaluate.take(QStringLiteral("host"));
    QJsonValue evaluated;
    if (!evaluate(a, rawInputs.isObject() ? QJsonValue(toEvaluate) : rawInputs,
                  QStringLiteral("inputs"), &evaluated))
        return;
    QJsonObject inputs = evaluated.toObject();
    if (!host.isUndefined())
        inputs.insert(QStringLiteral("host"), host);
    a->rawInputs = evaluated;

    QJsonObject connection;
    const auto& connectionFor =
        m_request.connectionFor ? m_request.connectionFor : m_env.connectionFor;
    if (connectionFor) {
        Result<QJsonObject> c = connectionFor(a->step);
        if (!c)
            return fail(a, c.error().code, c.error().field, c.error().message);
        connection = *c;
        collectConnectionSecrets(connection, m_redactor);
    }

    // Operations that describe their properties get them by canonical name
    // ("To", "Attachments"), whatever shape the step is written in.
    if (match.shape && !match.shape->propertyPaths.isEmpty()) {
        QJsonObject evaluatedStep = a->step;
        evaluatedStep.insert(QStringLiteral("inputs"), inputs);
        a->jobContext.inputs =
            StepProperties::readAll(evaluatedStep, *match.operation, *match.shape);
    } else {
        a->jobContext.inputs = inputs;
    }
    a->jobContext.stepName = a->name;
    a->jobContext.clock = m_env.clock;
    a->jobContext.secrets = m_env.secrets;
    a->jobContext.connection = connection;

    if (timeoutMs > 0)
        a->timeoutTimer = schedule(timeoutMs, [this, a, timeoutMs] {
            a->timeoutTimer = 0;
            clearInterrupt(a);
            if (a->job) {
                a->job->disconnect(this);
                a->job->cancel();
                a->job.reset();
            }
            a->rec.code = 408;
            a->rec.error = tr("The step did not finish within its timeout of %1")
                               .arg(IsoDuration::format(timeoutMs));
            finish(a, StepStatus::TimedOut);
        });
    startAttempt(a);
}

void RunExecution::startAttempt(const ActiveP& a)
{
    std::unique_ptr<Job> job = a->operation->createJob();
    if (!job)
        return fail(a, 500, QString(), tr("%1 could not start").arg(a->operation->displayName));
    a->job = std::move(job);
    Job* raw = a->job.get();
    connect(
        raw, &Job::finished, this,
        [this, a, raw](const StepOutcome& outcome) {
            if (a->job.get() != raw)
                return;
            clearInterrupt(a);
            // Deleting a job from inside its own signal is not safe; let it go later.
            a->job.release()->deleteLater();
            attemptFinished(a, outcome);
        },
        Qt::QueuedConnection);
    setInterrupt(a, [this, a] {
        if (a->job) {
            a->job->disconnect(this);
            a->job->cancel();
            a->job.release()->deleteLater();
        }
        a->rec.error = tr("The run was stopped while this step ran");
        finish(a, StepStatus::Cancelled);
    });
    raw->start(a->jobContext);
}

void RunExecution::attemptFinished(const ActiveP& a, const StepOutcome& outcome)
{
    if (a->finished)
        return;
    if (!outcome.transcript.isEmpty()) {
        if (a->rec.retries > 0)
            a->rec.transcript.append(
                QJsonObject{{QStringLiteral("dir"), QStringLiteral("i")},
                            {QStringLiteral("ms"), 0},
                            {QStringLiteral("line"), tr("retry %1").arg(a->rec.retries)}});
        for (const QJsonValue& line : outcome.transcript)
            a->rec.transcript.append(line);
    }
    a->rec.code = outcome.code;
    a->rawOutputs = outcome.outputs;
    if (outcome.status == StepOutcome::Status::Succeeded) {
        a->rec.error.clear();
        a->rec.errorField.clear();
        finish(a, StepStatus::Succeeded);
        return;
    }
    a->rec.error = outcome.error;
    a->rec.errorField = outcome.errorField;
    if (m_abort == Abort::None && a->policy.shouldRetry(outcome, a->rec.retries)) {
        const int retry = a->rec.retries + 1;
        const double jitter =
            m_env.retryJitter ? m_env.retryJitter() : QRandomGenerator::global()->generateDouble();
        const qint64 wait = a->policy.delayMs(retry, jitter);
        qCDebug(lcRun) << "step" << a->name << "retry" << retry << "in" << wait << "ms";
        a->waitTimer = schedule(wait, [this, a, retry] {
            a->waitTimer = 0;
            clearInterrupt(a);
            if (a->finished)
                return;
            a->rec.retries = retry;
            startAttempt(a);
        });
        setInterrupt(a, [this, a] {
            a->rec.error = tr("The run was stopped while waiting to retry: %1").arg(a->rec.error);
            finish(a, StepStatus::Cancelled);
        });
        return;
    }
    switch (outcome.status) {
    case StepOutcome::Status::TimedOut:
        finish(a, StepStatus::TimedOut);
        break;
    case StepOutcome::Status::Cancelled:
        finish(a, StepStatus::Cancelled);
        break;
    default:
        finish(a, StepStatus::Failed);
    }
}

void RunExecution::completeRun(StepStatus topLevel)
{
    if (m_done)
        return;
    m_done = true;
    if (m_runTimer) {
        unschedule(m_runTimer);
        m_runTimer = 0;
    }
    switch (m_abort) {
    case Abort::Terminated:
        m_run.status = m_terminateStatus;
        break;
    case Abort::Cancelled:
        m_run.status = RunStatus::Cancelled;
        m_run.errorCode = QStringLiteral("Cancelled");
        m_run.error = tr("The run was cancelled");
        break;
    case Abort::TimedOut:
        m_run.status = RunStatus::TimedOut;
        m_run.errorCode = QStringLiteral("RunTimedOut");
        m_run.error = tr("The run did not finish within its limit of %1")
                          .arg(IsoDuration::format(m_env.runTimeoutMs));
        break;
    case Abort::None:
        if (isFailure(topLevel)) {
            m_run.status = RunStatus::Failed;
            m_run.errorCode = QStringLiteral("ActionFailed");
            for (const StepResult& s : std::as_const(m_run.steps)) {
                if (isFailure(s.status) && !s.error.isEmpty() &&
                    s.error != tr("An action inside failed")) {
                    m_run.error = s.name + QStringLiteral(": ") + s.error;
                    break;
                }
            }
            if (m_run.error.isEmpty())
                m_run.error = tr("An action failed");
        } else {
            m_run.status = RunStatus::Succeeded;
        }
        break;
    }
    m_run.end = m_env.clock->now();
    qCDebug(lcRun) << "run" << m_run.id << "ended" << runStatusName(m_run.status);
    Q_EMIT finished();
}

} // namespace engine
