#include "engine/catalogue/Catalogue.h"
#include "engine/catalogue/Job.h"
#include "engine/runtime/Executor.h"
#include "tests/support/FakeClock.h"
#include "tests/support/FakeTimerSource.h"

#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace engine;
using testsupport::FakeClock;
using testsupport::FakeTimerSource;

namespace {

// What the test jobs saw and did, for the assertions.
struct JobLog
{
    QHash<QString, int> attempts;  // by step name
    QHash<QString, int> cancelled; // by step name
    QList<JobContext> contexts;
    FakeClock* clock = nullptr;
};
JobLog g_log;

// A job whose behaviour its inputs choose: "ok", "fail", "flaky" (fails
// `failures` times, transiently, then succeeds), "hang" (until cancelled or
// timed out), "tick" (moves the fake clock by `ms`, then succeeds).
class TestJob final : public Job
{
    Q_OBJECT
public:
    void start(const JobContext& context) override
    {
        m_step = context.stepName;
        g_log.contexts.append(context);
        const int attempt = ++g_log.attempts[context.stepName];
        const QJsonObject in = context.inputs;
        const QString mode = in.value(QStringLiteral("mode")).toString(QStringLiteral("ok"));
        StepOutcome o;
        o.transcript.append(QJsonObject{
            {"dir", "C"}, {"ms", 0}, {"line", QStringLiteral("ATTEMPT %1").arg(attempt)}});
        const QString pw = context.connection.value(QStringLiteral("password")).toString();
        if (!pw.isEmpty())
            o.transcript.append(QJsonObject{
                {"dir", "C"}, {"ms", 1}, {"line", QString(QStringLiteral("AUTH PLAIN ") + pw)}});
        if (mode == QLatin1String("hang")) {
            m_hanging = true;
            return;
        }
        if (mode == QLatin1String("tick") && g_log.clock)
            g_log.clock->advance(in.value(QStringLiteral("ms")).toInteger());
        const bool fails = mode == QLatin1String("fail") ||
                           (mode == QLatin1String("flaky") &&
                            attempt <= in.value(QStringLiteral("failures")).toInt());
        if (fails) {
            o.status = in.value(QStringLiteral("timedOut")).toBool() ? StepOutcome::Status::TimedOut
                                                                     : StepOutcome::Status::Failed;
            o.code = in.value(QStringLiteral("code")).toInt(500);
            o.transient =
                mode == QLatin1String("flaky") || in.value(QStringLiteral("transient")).toBool();
            o.error = QStringLiteral("boom %1").arg(attempt);
            o.errorField = in.value(QStringLiteral("field")).toString();
        } else {
            o.code = 200;
            o.outputs =
                QJsonObject{{"statusCode", 200}, {"body", in.value(QStringLiteral("echo"))}};
        }
        // Emitted from inside start(), the hardest case for the caller.
        Q_EMIT finished(o);
    }
    void cancel() override
    {
        if (m_hanging)
            ++g_log.cancelled[m_step];
        m_hanging = false;
    }
    ~TestJob() override
    {
        if (m_hanging)
            ++g_log.cancelled[m_step];
    }

private:
    QString m_step;
    bool m_hanging = false;
};

Catalogue testCatalogue()
{
    Catalogue c;
    Operation op;
    op.id = QStringLiteral("test.job");
    op.connector = QStringLiteral("test");
    op.connectorDisplayName = QStringLiteral("Test");
    op.displayName = QStringLiteral("Test job");
    WdlShape shape;
    shape.name = QStringLiteral("Test");
    shape.matches = [](const QJsonObject& s) {
        return s.value(QStringLiteral("type")).toString() == QLatin1String("Test");
    };
    op.shapes.append(shape);
    op.createJob = [] { return std::make_unique<TestJob>(); };
    c.add(op);
    Operation trigger;
    trigger.id = QStringLiteral("test.trigger");
    trigger.kind = OperationKind::Trigger;
    WdlShape tshape;
    tshape.matches = [](const QJsonObject& s) {
        return s.value(QStringLiteral("type")).toString() == QLatin1String("TestTrigger");
    };
    trigger.shapes.append(tshape);
    c.add(trigger);
    return c;
}

QJsonObject json(const char* text)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s at %d", qPrintable(err.errorString()), err.offset);
    return doc.object();
}

QJsonObject testStep(const QJsonObject& inputs, const QJsonObject& runAfter = {})
{
    return QJsonObject{{"type", "Test"}, {"inputs", inputs}, {"runAfter", runAfter}};
}

} // namespace

class TestExecutor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void composeChainsOutputs();
    void runAfterConditions_data();
    void runAfterConditions();
    void skippingPropagates();
    void handledFailureSucceeds();
    void badRunAfterFails_data();
    void badRunAfterFails();
    void ifBranches_data();
    void ifBranches();
    void switchCases_data();
    void switchCases();
    void scopeFailureAndResult();
    void foreachLoops();
    void foreachNested();
    void foreachRejectsNonArray();
    void foreachRunsRepetitionsSideBySide_data();
    void foreachRunsRepetitionsSideBySide();
    void foreachRepetitionsSeeTheirOwnActions();
    void foreachFailureDoesNotStopOtherRepetitions();
    void foreachCancelStopsEveryRepetition();
    void foreachTerminateStopsTheOtherRepetitions();
    void untilIterationIndexes();
    void untilStopsOnCondition();
    void untilStopsAtCountLimit();
    void untilStopsAtTimeout();
    void variables();
    void variableErrors_data();
    void variableErrors();
    void terminate_data();
    void terminate();
    void response();
    void waitUsesTheClock();
    void unsupportedTypeFails_data();
    void unsupportedTypeFails();
    void expressionErrorNamesTheField();
    void retriesTransientFailures_data();
    void retriesTransientFailures();
    void retryPolicyErrorFailsStep();
    void cancelRunningStep();
    void cancelDuringRetryWait();
    void stepTimeout();
    void runTimeout();
    void redactsSecrets();
    void passesConnectionToJob();
    void runsOverlapUpToConcurrencyLimit();
    void cancelWaitingRun();
    void runsOnItsOwnThread();

private:
    Run runToEnd(const QJsonObject& definition, const QJsonObject& triggerBody = {},
                 const QJsonObject& parameters = {});
    // Spins the event loop until the run ends, moving the fake clock to the
    // next timer whenever nothing else is left to do.
    bool drive(const QSignalSpy& finishedSpy, int runs = 1, bool moveClock = true);
    // drive(), noting the most timers pending at once (Wait actions waiting side by side).
    bool driveCountingWaits(const QSignalSpy& finishedSpy, int* mostAtOnce);
    void makeExecutor(RunEnvironment env = {});

    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<FakeTimerSource> m_timers;
    Catalogue m_catalogue;
    std::unique_ptr<Executor> m_executor;
};

void TestExecutor::init()
{
    g_log = JobLog{};
    m_clock = std::make_unique<FakeClock>();
    m_timers = std::make_unique<FakeTimerSource>(*m_clock);
    g_log.clock = m_clock.get();
    m_catalogue = testCatalogue();
    makeExecutor();
}

void TestExecutor::cleanup()
{
    m_executor.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void TestExecutor::makeExecutor(RunEnvironment env)
{
    env.catalogue = &m_catalogue;
    env.clock = m_clock.get();
    env.timers = m_timers.get();
    if (!env.retryJitter)
        env.retryJitter = [] { return 0.0; };
    m_executor = std::make_unique<Executor>(env);
}

bool TestExecutor::drive(const QSignalSpy& finishedSpy, int runs, bool moveClock)
{
    for (int round = 0; round < 5000; ++round) {
        for (int i = 0; i < 50 && finishedSpy.count() < runs; ++i)
            QCoreApplication::processEvents();
        if (finishedSpy.count() >= runs)
            return true;
        if (!moveClock)
            return false;
        const qint64 next = m_timers->nextDue();
        if (next < 0)
            return false; // nothing can move the run any more
        m_timers->advance(next);
    }
    return false;
}

bool TestExecutor::driveCountingWaits(const QSignalSpy& finishedSpy, int* mostAtOnce)
{
    *mostAtOnce = 0;
    for (int round = 0; round < 5000; ++round) {
        for (int i = 0; i < 50 && finishedSpy.count() < 1; ++i)
            QCoreApplication::processEvents();
        *mostAtOnce = std::max(*mostAtOnce, m_timers->pendingCount());
        if (finishedSpy.count() >= 1)
            return true;
        const qint64 next = m_timers->nextDue();
        if (next < 0)
            return false;
        m_timers->advance(next);
    }
    return false;
}

Run TestExecutor::runToEnd(const QJsonObject& definition, const QJsonObject& triggerBody,
                           const QJsonObject& parameters)
{
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = definition;
    req.triggerOutputs = QJsonObject{{"headers", QJsonObject()}, {"body", triggerBody}};
    req.parameterValues = parameters;
    const QString id = m_executor->start(req);
    if (!drive(finished))
        return Run{};
    Run run = finished.takeFirst().at(0).value<Run>();
    if (run.id != id)
        return Run{};
    return run;
}

static QString statusOf(const Run& run, const QString& step)
{
    const StepResult* s = run.step(step);
    return s ? stepStatusName(s->status) : QStringLiteral("(none)");
}

void TestExecutor::composeChainsOutputs()
{
    const Run run = runToEnd(json(R"J({
        "triggers": {"manual": {"type": "Request", "kind": "Http"}},
        "actions": {
            "Full_name": {"type": "Compose", "inputs": "@{triggerBody()?['First']} @{triggerBody()?['Last']}", "runAfter": {}},
            "Greeting": {"type": "Compose", "inputs": {"text": "Hello @{outputs('Full_name')}", "n": "@length(outputs('Full name'))"}, "runAfter": {"Full_name": ["Succeeded"]}}
        }})J"),
                             QJsonObject{{"First", "Ada"}, {"Last", "Lovelace"}});
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.triggerName, QStringLiteral("manual"));
    QCOMPARE(run.steps.size(), 2);
    QCOMPARE(run.steps.at(0).name, QStringLiteral("Full_name"));
    QCOMPARE(run.steps.at(0).outputs.toString(), QStringLiteral("Ada Lovelace"));
    QCOMPARE(run.steps.at(1).outputs.toObject().value("text").toString(),
             QStringLiteral("Hello Ada Lovelace"));
    QCOMPARE(run.steps.at(1).outputs.toObject().value("n").toInt(), 12);
    QCOMPARE(run.steps.at(1).code, 200);
    QVERIFY(run.end.isValid());
}

void TestExecutor::runAfterConditions_data()
{
    QTest::addColumn<QString>("firstMode");
    QTest::addColumn<QString>("statuses");
    QTest::addColumn<QString>("expected");
    QTest::newRow("succeeded after succeeded") << "ok"
                                               << R"J(["Succeeded"])J"
                                               << "Succeeded";
    QTest::newRow("empty list means succeeded") << "ok"
                                                << "[]"
                                                << "Succeeded";
    QTest::newRow("succeeded after failed") << "fail"
                                            << R"J(["Succeeded"])J"
                                            << "Skipped";
    QTest::newRow("failed after failed") << "fail"
                                         << R"J(["Failed"])J"
                                         << "Succeeded";
    QTest::newRow("upper case") << "fail"
                                << R"J(["FAILED"])J"
                                << "Succeeded";
    QTest::newRow("lower case") << "ok"
                                << R"J(["succeeded"])J"
                                << "Succeeded";
    QTest::newRow("failed after succeeded") << "ok"
                                            << R"J(["Failed"])J"
                                            << "Skipped";
    QTest::newRow("any of several") << "fail"
                                    << R"J(["Succeeded","Failed","Skipped","TimedOut"])J"
                                    << "Succeeded";
    QTest::newRow("timed out after timed out") << "timeout"
                                               << R"J(["TimedOut"])J"
                                               << "Succeeded";
    QTest::newRow("failed after timed out") << "timeout"
                                            << R"J(["Failed"])J"
                                            << "Skipped";
}

void TestExecutor::runAfterConditions()
{
    QFETCH(QString, firstMode);
    QFETCH(QString, statuses);
    QFETCH(QString, expected);
    QJsonObject first{{"mode", firstMode == "timeout" ? "fail" : firstMode}};
    if (firstMode == "timeout")
        first.insert("timedOut", true);
    QJsonObject actions;
    actions.insert("A", testStep(first));
    actions.insert(
        "B", testStep(QJsonObject{{"mode", "ok"}},
                      QJsonObject{{"A", QJsonDocument::fromJson(statuses.toUtf8()).array()}}));
    const Run run = runToEnd(QJsonObject{{"actions", actions}});
    QCOMPARE(statusOf(run, "B"), expected);
    if (expected == QLatin1String("Skipped"))
        QVERIFY(run.step("B")->error.contains(QStringLiteral("'A'")));
}

void TestExecutor::skippingPropagates()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "A": {"type": "Test", "inputs": {"mode": "fail"}},
        "B": {"type": "Test", "inputs": {"mode": "ok"}, "runAfter": {"A": ["Succeeded"]}},
        "C": {"type": "Test", "inputs": {"mode": "ok"}, "runAfter": {"B": ["Succeeded"]}},
        "D": {"type": "Compose", "inputs": "after skip", "runAfter": {"C": ["Skipped"]}}
    }})J"));
    QCOMPARE(statusOf(run, "A"), QStringLiteral("Failed"));
    QCOMPARE(statusOf(run, "B"), QStringLiteral("Skipped"));
    QCOMPARE(statusOf(run, "C"), QStringLiteral("Skipped"));
    QCOMPARE(statusOf(run, "D"), QStringLiteral("Succeeded"));
    QCOMPARE(g_log.attempts.value("B"), 0);
    QCOMPARE(g_log.attempts.value("C"), 0);
    // D handled the chain, yet the chain began with an unhandled failure? No:
    // D is the only terminal action and it succeeded.
    QCOMPARE(run.status, RunStatus::Succeeded);

    const Run failed = runToEnd(json(R"J({"actions": {
        "A": {"type": "Test", "inputs": {"mode": "fail", "code": 404}},
        "B": {"type": "Test", "inputs": {"mode": "ok"}, "runAfter": {"A": ["Succeeded"]}}
    }})J"));
    QCOMPARE(failed.status, RunStatus::Failed);
    QCOMPARE(failed.errorCode, QStringLiteral("ActionFailed"));
    QVERIFY(failed.error.startsWith(QStringLiteral("A: boom")));
    QCOMPARE(failed.step("A")->code, 404);
}

void TestExecutor::handledFailureSucceeds()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Try": {"type": "Test", "inputs": {"mode": "fail"}},
        "Catch": {"type": "Compose", "inputs": "@actions('Try')?['status']", "runAfter": {"Try": ["Failed", "TimedOut"]}}
    }})J"));
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.step("Catch")->outputs.toString(), QStringLiteral("Failed"));
}

void TestExecutor::badRunAfterFails_data()
{
    QTest::addColumn<QString>("definition");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("field");
    QTest::newRow("missing action")
        << R"J({"actions": {"B": {"type": "Compose", "inputs": 1, "runAfter": {"Nope": ["Succeeded"]}}}})J"
        << "B"
        << "runAfter.Nope";
    QTest::newRow("unknown status")
        << R"J({"actions": {"A": {"type": "Compose", "inputs": 1}, "B": {"type": "Compose", "inputs": 1, "runAfter": {"A": ["Done"]}}}})J"
        << "B"
        << "runAfter.A";
    QTest::newRow("statuses not a list")
        << R"J({"actions": {"A": {"type": "Compose", "inputs": 1}, "B": {"type": "Compose", "inputs": 1, "runAfter": {"A": "Succeeded"}}}})J"
        << "B"
        << "runAfter.A";
    QTest::newRow("cycle")
        << R"J({"actions": {"A": {"type": "Compose", "inputs": 1, "runAfter": {"B": []}}, "B": {"type": "Compose", "inputs": 1, "runAfter": {"A": []}}}})J"
        << "A"
        << "runAfter";
    QTest::newRow("no type") << R"J({"actions": {"A": {"inputs": 1}}})J"
                             << "A"
                             << "type";
}

void TestExecutor::badRunAfterFails()
{
    QFETCH(QString, definition);
    QFETCH(QString, step);
    QFETCH(QString, field);
    const Run run = runToEnd(QJsonDocument::fromJson(definition.toUtf8()).object());
    QCOMPARE(run.status, RunStatus::Failed);
    QCOMPARE(statusOf(run, step), QStringLiteral("Failed"));
    QCOMPARE(run.step(step)->errorField, field);
    QCOMPARE(run.step(step)->code, 400);
    QVERIFY(!run.step(step)->error.isEmpty());
}

void TestExecutor::ifBranches_data()
{
    QTest::addColumn<int>("amount");
    QTest::addColumn<QString>("ran");
    QTest::addColumn<QString>("skipped");
    QTest::newRow("true") << 150 << "Big"
                          << "Small";
    QTest::newRow("false") << 10 << "Small"
                           << "Big";
}

void TestExecutor::ifBranches()
{
    QFETCH(int, amount);
    QFETCH(QString, ran);
    QFETCH(QString, skipped);
    const Run run = runToEnd(json(R"J({"actions": {
        "Check": {"type": "If",
            "expression": {"and": [{"greater": ["@triggerBody()?['amount']", 100]}]},
            "actions": {"Big": {"type": "Compose", "inputs": "big"}},
            "else": {"actions": {"Small": {"type": "Compose", "inputs": "small"}}}},
        "After": {"type": "Compose", "inputs": "@coalesce(outputs('Big'), 'none')", "runAfter": {"Check": ["Succeeded"]}}
    }})J"),
                             QJsonObject{{"amount", amount}});
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(statusOf(run, ran), QStringLiteral("Succeeded"));
    QCOMPARE(statusOf(run, skipped), QStringLiteral("Skipped"));
    QCOMPARE(run.step(ran)->parent, QStringLiteral("Check"));
    QCOMPARE(run.step("Check")->outputs.toObject().value("expression").toBool(), amount > 100);
    QCOMPARE(statusOf(run, "After"), QStringLiteral("Succeeded"));
}

void TestExecutor::switchCases_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("ran");
    QTest::newRow("string case") << "\"approved\""
                                 << "On_approved";
    QTest::newRow("number case") << "2"
                                 << "On_two";
    QTest::newRow("default") << "\"other\""
                             << "On_default";
}

void TestExecutor::switchCases()
{
    QFETCH(QString, ran);
    QFETCH(QString, value);
    QJsonObject def = json(R"J({"actions": {
        "Route": {"type": "Switch", "expression": "@triggerBody()?['v']",
            "cases": {
                "Approved": {"case": "approved", "actions": {"On_approved": {"type": "Compose", "inputs": 1}}},
                "Two": {"case": 2, "actions": {"On_two": {"type": "Compose", "inputs": 2}}}
            },
            "default": {"actions": {"On_default": {"type": "Compose", "inputs": 3}}}}
    }})J");
    const QJsonValue v = QJsonDocument::fromJson("[" + value.toUtf8() + "]").array().at(0);
    const Run run = runToEnd(def, QJsonObject{{"v", v}});
    QCOMPARE(run.status, RunStatus::Succeeded);
    for (const QString& s :
         {QStringLiteral("On_approved"), QStringLiteral("On_two"), QStringLiteral("On_default")})
        QCOMPARE(statusOf(run, s),
                 s == ran ? QStringLiteral("Succeeded") : QStringLiteral("Skipped"));
}

void TestExecutor::scopeFailureAndResult()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Try": {"type": "Scope", "actions": {
            "Step1": {"type": "Compose", "inputs": "fine"},
            "Step2": {"type": "Test", "inputs": {"mode": "fail"}, "runAfter": {"Step1": ["Succeeded"]}}
        }},
        "Catch": {"type": "Compose", "runAfter": {"Try": ["Failed"]},
            "inputs": "@length(result('Try'))"},
        "Report": {"type": "Compose", "runAfter": {"Catch": ["Succeeded"]},
            "inputs": "@result('Try')[1]['status']"}
    }})J"));
    QCOMPARE(statusOf(run, "Try"), QStringLiteral("Failed"));
    QCOMPARE(statusOf(run, "Catch"), QStringLiteral("Succeeded"));
    QCOMPARE(run.step("Catch")->outputs.toInt(), 2);
    QCOMPARE(run.step("Report")->outputs.toString(), QStringLiteral("Failed"));
    QCOMPARE(run.status, RunStatus::Succeeded);
}

void TestExecutor::foreachLoops()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "names", "type": "array"}]}},
        "Each": {"type": "Foreach", "foreach": "@triggerBody()?['people']",
            "runtimeConfiguration": {"concurrency": {"repetitions": 5}},
            "runAfter": {"Init": ["Succeeded"]},
            "actions": {
                "Upper": {"type": "Compose", "inputs": "@toUpper(items('Each')?['name'])"},
                "Add": {"type": "AppendToArrayVariable", "inputs": {"name": "names", "value": "@outputs('Upper')"}, "runAfter": {"Upper": ["Succeeded"]}}
            }},
        "All": {"type": "Compose", "inputs": "@join(variables('names'), ',')", "runAfter": {"Each": ["Succeeded"]}}
    }})J"),
                             QJsonObject{{"people", QJsonArray{QJsonObject{{"name", "ada"}},
                                                               QJsonObject{{"name", "bob"}},
                                                               QJsonObject{{"name", "cy"}}}}});
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.step("All")->outputs.toString(), QStringLiteral("ADA,BOB,CY"));
    int uppers = 0;
    for (const StepResult& s : run.steps) {
        if (s.name == QLatin1String("Upper")) {
            QCOMPARE(s.iteration, uppers);
            QCOMPARE(s.parent, QStringLiteral("Each"));
            ++uppers;
        }
    }
    QCOMPARE(uppers, 3);
    QCOMPARE(run.step("Each")->outputs.toObject().value("iterations").toInt(), 3);
}

void TestExecutor::foreachNested()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "pairs", "type": "string"}]}},
        "Outer": {"type": "Foreach", "foreach": "@createArray(1, 2)", "runAfter": {"Init": ["Succeeded"]},
            "actions": {"Inner": {"type": "Foreach", "foreach": "@createArray('a', 'b')",
                "actions": {"Add": {"type": "AppendToStringVariable",
                    "inputs": {"name": "pairs", "value": "@{items('Outer')}@{item()};"}}}}}},
        "Fails_one": {"type": "Foreach", "foreach": "@createArray('ok', 'fail', 'ok')", "runAfter": {"Outer": ["Succeeded"]},
            "actions": {"T": {"type": "Test", "inputs": {"mode": "@item()"}}}}
    }})J"));
    QCOMPARE(statusOf(run, "Outer"), QStringLiteral("Succeeded"));
    const QJsonObject record = run.step("Add")->outputs.toObject().value("body").toObject();
    QCOMPARE(record.value("value").toString(), QStringLiteral("1a;1b;2a;2b;"));
    // Every repetition runs; one failure fails the loop.
    QCOMPARE(g_log.attempts.value("T"), 3);
    QCOMPARE(statusOf(run, "Fails_one"), QStringLiteral("Failed"));
    QCOMPARE(run.status, RunStatus::Failed);
}

void TestExecutor::foreachRejectsNonArray()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@triggerBody()?['missing']", "actions": {}}}})J"));
    QCOMPARE(statusOf(run, "Each"), QStringLiteral("Failed"));
    QCOMPARE(run.step("Each")->errorField, QStringLiteral("foreach"));
    QVERIFY(run.step("Each")->error.contains(QStringLiteral("Null")));

    const Run badReps = runToEnd(json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@createArray(1)", "actions": {},
            "runtimeConfiguration": {"concurrency": {"repetitions": 0}}}}})J"));
    QCOMPARE(badReps.step("Each")->errorField,
             QStringLiteral("runtimeConfiguration.concurrency.repetitions"));
}

// Each repetition waits one minute on the fake clock: how many wait at once
// shows the concurrency, and the run's length in minutes shows the limit.
void TestExecutor::foreachRunsRepetitionsSideBySide_data()
{
    QTest::addColumn<QString>("settings");
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("atOnce");
    QTest::addColumn<int>("minutes");
    QTest::newRow("default: 20 at a time") << QString() << 25 << 20 << 2;
    QTest::newRow("repetitions 3")
        << R"("runtimeConfiguration": {"concurrency": {"repetitions": 3}},)" << 7 << 3 << 3;
    QTest::newRow("repetitions 50")
        << R"("runtimeConfiguration": {"concurrency": {"repetitions": 50}},)" << 30 << 30 << 1;
    QTest::newRow("repetitions 1")
        << R"("runtimeConfiguration": {"concurrency": {"repetitions": 1}},)" << 4 << 1 << 4;
    QTest::newRow("Sequential option")
        << R"("operationOptions": "Sequential", "runtimeConfiguration": {"concurrency": {"repetitions": 5}},)"
        << 4 << 1 << 4;
}

void TestExecutor::foreachRunsRepetitionsSideBySide()
{
    QFETCH(QString, settings);
    QFETCH(int, items);
    QFETCH(int, atOnce);
    QFETCH(int, minutes);
    const QString text = QStringLiteral(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@range(0, %1)", %2
            "actions": {
                "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Minute"}}},
                "Index": {"type": "Compose", "inputs": "@items('Each')", "runAfter": {"Pause": ["Succeeded"]}}
            }}}})J")
                             .arg(items)
                             .arg(settings);
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = json(text.toUtf8().constData());
    m_executor->start(req);
    int most = 0;
    QVERIFY(driveCountingWaits(finished, &most));
    const Run run = finished.at(0).at(0).value<Run>();
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(most, atOnce);
    QCOMPARE(run.durationMs(), qint64(minutes) * 60000);
    QCOMPARE(run.step("Each")->outputs.toObject().value("iterations").toInt(), items);
    // The record lists the repetitions in index order, each one's steps together.
    QCOMPARE(run.steps.size(), 2 * items + 1);
    for (int i = 0; i < items; ++i) {
        const StepResult& pause = run.steps.at(2 * i);
        const StepResult& index = run.steps.at(2 * i + 1);
        QCOMPARE(pause.name, QStringLiteral("Pause"));
        QCOMPARE(pause.iteration, i);
        QCOMPARE(index.name, QStringLiteral("Index"));
        QCOMPARE(index.iteration, i);
        QCOMPARE(index.outputs.toInt(), i);
    }
    QCOMPARE(run.steps.last().name, QStringLiteral("Each"));
}

// Repetitions that run side by side each see their own item and their own
// earlier actions, not those of the repetition that happened to finish last.
void TestExecutor::foreachRepetitionsSeeTheirOwnActions()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@createArray(10, 20, 30)",
            "actions": {
                "Doubled": {"type": "Compose", "inputs": "@mul(item(), 2)"},
                "Pause": {"type": "Wait", "inputs": {"interval": {"count": "@item()", "unit": "Second"}}, "runAfter": {"Doubled": ["Succeeded"]}},
                "Check": {"type": "Compose", "inputs": {"item": "@item()", "doubled": "@outputs('Doubled')", "index": "@iterationIndexes('Each')"}, "runAfter": {"Pause": ["Succeeded"]}}
            }},
        "After": {"type": "Compose", "inputs": "@outputs('Check')", "runAfter": {"Each": ["Succeeded"]}}
    }})J"));
    QCOMPARE(run.status, RunStatus::Succeeded);
    int checks = 0;
    for (const StepResult& s : run.steps) {
        if (s.name != QLatin1String("Check"))
            continue;
        const QJsonObject o = s.outputs.toObject();
        QCOMPARE(o.value("index").toInt(), checks);
        QCOMPARE(o.value("item").toInt(), 10 * (checks + 1));
        QCOMPARE(o.value("doubled").toInt(), 2 * o.value("item").toInt());
        QCOMPARE(s.iteration, checks);
        ++checks;
    }
    QCOMPARE(checks, 3);
    // Outside the loop, the name means the repetition that finished last.
    QCOMPARE(run.step("After")->outputs.toObject().value("item").toInt(), 30);
    // All three waited together: the longest wait is the loop's length.
    QCOMPARE(run.durationMs(), qint64(30000));
}

void TestExecutor::foreachFailureDoesNotStopOtherRepetitions()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@createArray('ok', 'fail', 'ok', 'ok')",
            "runtimeConfiguration": {"concurrency": {"repetitions": 2}},
            "actions": {
                "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Minute"}}},
                "T": {"type": "Test", "inputs": {"mode": "@item()"}, "runAfter": {"Pause": ["Succeeded"]}}
            }},
        "OnFailure": {"type": "Compose", "inputs": "@actions('Each')?['status']", "runAfter": {"Each": ["Failed"]}}
    }})J"));
    QCOMPARE(statusOf(run, "Each"), QStringLiteral("Failed"));
    QCOMPARE(g_log.attempts.value("T"), 4);
    int succeeded = 0, failed = 0;
    for (const StepResult& s : run.steps) {
        if (s.name == QLatin1String("T"))
            (s.status == StepStatus::Succeeded ? succeeded : failed) += 1;
    }
    QCOMPARE(succeeded, 3);
    QCOMPARE(failed, 1);
    QCOMPARE(run.step("OnFailure")->outputs.toString(), QStringLiteral("Failed"));
    QCOMPARE(run.durationMs(), qint64(2 * 60000));
}

void TestExecutor::foreachCancelStopsEveryRepetition()
{
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@range(0, 5)",
            "runtimeConfiguration": {"concurrency": {"repetitions": 3}},
            "actions": {"Hang": {"type": "Test", "inputs": {"mode": "hang"}}}}}})J");
    const QString id = m_executor->start(req);
    QTRY_COMPARE(g_log.attempts.value("Hang"), 3);
    m_executor->cancel(id);
    QVERIFY(drive(finished, 1, false));
    const Run run = finished.at(0).at(0).value<Run>();
    QCOMPARE(run.status, RunStatus::Cancelled);
    QCOMPARE(statusOf(run, "Each"), QStringLiteral("Cancelled"));
    QCOMPARE(g_log.cancelled.value("Hang"), 3);
    QCOMPARE(g_log.attempts.value("Hang"), 3); // the last two never started
    int cancelled = 0;
    for (const StepResult& s : run.steps)
        cancelled += s.name == QLatin1String("Hang") && s.status == StepStatus::Cancelled;
    QCOMPARE(cancelled, 3);
    QCOMPARE(m_executor->activeRuns(), 0);
}

// Terminate in one repetition ends the run at once: the repetition waiting
// beside it is cancelled, not waited for, and no later one starts.
void TestExecutor::foreachTerminateStopsTheOtherRepetitions()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Each": {"type": "Foreach", "foreach": "@createArray(1, 2, 3)",
            "actions": {
                "Check": {"type": "If", "expression": "@equals(item(), 2)",
                    "actions": {"Stop": {"type": "Terminate", "inputs": {"runStatus": "Failed", "runError": {"code": "Two", "message": "found 2"}}}},
                    "else": {"actions": {"Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Hour"}}}}}}
            }},
        "After": {"type": "Compose", "inputs": "never", "runAfter": {"Each": ["Succeeded", "Failed"]}}
    }})J"));
    QCOMPARE(run.status, RunStatus::Failed);
    QCOMPARE(run.errorCode, QStringLiteral("Two"));
    QCOMPARE(run.error, QStringLiteral("found 2"));
    QCOMPARE(run.durationMs(), qint64(0));
    QStringList seen;
    for (const StepResult& s : run.steps)
        seen.append(
            QStringLiteral("%1#%2:%3").arg(s.name).arg(s.iteration).arg(stepStatusName(s.status)));
    QVERIFY2(seen.contains(QStringLiteral("Pause#0:Cancelled")), qPrintable(seen.join(' ')));
    QVERIFY2(seen.contains(QStringLiteral("Stop#1:Succeeded")), qPrintable(seen.join(' ')));
    QVERIFY2(!seen.join(' ').contains(QStringLiteral("#2:")), qPrintable(seen.join(' ')));
    QCOMPARE(statusOf(run, "Stop"), QStringLiteral("Succeeded"));
    QVERIFY(!run.step("After"));
    QCOMPARE(m_timers->pendingCount(), 0);
}

void TestExecutor::untilIterationIndexes()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "seen", "type": "array"}]}},
        "Loop": {"type": "Until", "expression": "@equals(length(variables('seen')), 3)", "limit": {"count": 10},
            "runAfter": {"Init": ["Succeeded"]},
            "actions": {"Add": {"type": "AppendToArrayVariable", "inputs": {"name": "seen", "value": "@iterationIndexes('Loop')"}}}},
        "Outside": {"type": "Compose", "inputs": "@iterationIndexes('Loop')", "runAfter": {"Loop": ["Succeeded"]}}
    }})J"));
    QCOMPARE(statusOf(run, "Loop"), QStringLiteral("Succeeded"));
    QCOMPARE(run.step("Add")->outputs.toObject().value("body").toObject().value("value").toArray(),
             (QJsonArray{0, 1, 2}));
    QCOMPARE(statusOf(run, "Outside"), QStringLiteral("Failed"));
    QCOMPARE(run.step("Outside")->errorField, QStringLiteral("inputs"));
}

void TestExecutor::untilStopsOnCondition()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [{"name": "n", "type": "integer", "value": 0}]}},
        "Loop": {"type": "Until", "expression": "@greaterOrEquals(variables('n'), 4)",
            "limit": {"count": 60, "timeout": "PT1H"}, "runAfter": {"Init": ["Succeeded"]},
            "actions": {"Inc": {"type": "IncrementVariable", "inputs": {"name": "n", "value": 1}}}}
    }})J"));
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.step("Loop")->outputs.toObject().value("iterations").toInt(), 4);
    QVERIFY(!run.step("Loop")->outputs.toObject().contains("limitReached"));
}

void TestExecutor::untilStopsAtCountLimit()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Loop": {"type": "Until", "expression": {"equals": [1, 2]}, "limit": {"count": 3},
            "actions": {"T": {"type": "Test", "inputs": {"mode": "ok"}}}}
    }})J"));
    QCOMPARE(statusOf(run, "Loop"), QStringLiteral("Succeeded"));
    QCOMPARE(g_log.attempts.value("T"), 3);
    QCOMPARE(run.step("Loop")->outputs.toObject().value("limitReached").toString(),
             QStringLiteral("count"));

    const Run bad = runToEnd(json(R"J({"actions": {
        "Loop": {"type": "Until", "expression": true, "limit": {"count": 0}, "actions": {}}}})J"));
    QCOMPARE(bad.step("Loop")->errorField, QStringLiteral("limit.count"));
    const Run badTimeout = runToEnd(json(R"J({"actions": {
        "Loop": {"type": "Until", "expression": true, "limit": {"timeout": "an hour"}, "actions": {}}}})J"));
    QCOMPARE(badTimeout.step("Loop")->errorField, QStringLiteral("limit.timeout"));
}

void TestExecutor::untilStopsAtTimeout()
{
    // Each repetition takes ten (fake) minutes; the limit is half an hour.
    const Run run = runToEnd(json(R"J({"actions": {
        "Loop": {"type": "Until", "expression": false, "limit": {"count": 100, "timeout": "PT30M"},
            "actions": {"Slow": {"type": "Test", "inputs": {"mode": "tick", "ms": 600000}}}}
    }})J"));
    QCOMPARE(statusOf(run, "Loop"), QStringLiteral("Succeeded"));
    QCOMPARE(g_log.attempts.value("Slow"), 3);
    QCOMPARE(run.step("Loop")->outputs.toObject().value("limitReached").toString(),
             QStringLiteral("timeout"));
}

void TestExecutor::variables()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [
            {"name": "Count", "type": "Integer", "value": 5},
            {"name": "ratio", "type": "float", "value": 1.5},
            {"name": "text", "type": "String", "value": "a"},
            {"name": "list", "type": "Array", "value": [1]},
            {"name": "flag", "type": "Boolean"},
            {"name": "obj", "type": "Object", "value": {"k": 1}}]}},
        "Inc": {"type": "IncrementVariable", "inputs": {"name": "count", "value": 3}, "runAfter": {"Init": []}},
        "Dec": {"type": "DecrementVariable", "inputs": {"name": "COUNT"}, "runAfter": {"Inc": []}},
        "IncF": {"type": "IncrementVariable", "inputs": {"name": "ratio", "value": 0.25}, "runAfter": {"Dec": []}},
        "Str": {"type": "AppendToStringVariable", "inputs": {"name": "text", "value": "@variables('count')"}, "runAfter": {"IncF": []}},
        "Arr": {"type": "AppendToArrayVariable", "inputs": {"name": "list", "value": {"x": 2}}, "runAfter": {"Str": []}},
        "Set": {"type": "SetVariable", "inputs": {"name": "flag", "value": true}, "runAfter": {"Arr": []}},
        "All": {"type": "Compose", "runAfter": {"Set": []}, "inputs": {
            "count": "@variables('Count')", "ratio": "@variables('ratio')", "text": "@variables('text')",
            "list": "@variables('list')", "flag": "@variables('flag')", "obj": "@variables('obj')"}}
    }})J"));
    QCOMPARE(run.status, RunStatus::Succeeded);
    const QJsonObject all = run.step("All")->outputs.toObject();
    QCOMPARE(all.value("count").toInt(), 7);
    QCOMPARE(all.value("ratio").toDouble(), 1.75);
    QCOMPARE(all.value("text").toString(), QStringLiteral("a7"));
    QCOMPARE(all.value("list").toArray(), (QJsonArray{1, QJsonObject{{"x", 2}}}));
    QCOMPARE(all.value("flag").toBool(), true);
    QCOMPARE(all.value("obj").toObject().value("k").toInt(), 1);
}

void TestExecutor::variableErrors_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("words");
    QTest::newRow("undeclared")
        << R"J({"type": "SetVariable", "inputs": {"name": "nope", "value": 1}})J"
        << "inputs.name"
        << "initialize it first";
    QTest::newRow("wrong type on set")
        << R"J({"type": "SetVariable", "inputs": {"name": "n", "value": "x"}})J"
        << "inputs.value"
        << "String";
    QTest::newRow("increment a string")
        << R"J({"type": "IncrementVariable", "inputs": {"name": "s"}})J"
        << "inputs.name"
        << "only integer and float";
    QTest::newRow("increment by text")
        << R"J({"type": "IncrementVariable", "inputs": {"name": "n", "value": "2"}})J"
        << "inputs.value"
        << "number";
    QTest::newRow("append to non-array")
        << R"J({"type": "AppendToArrayVariable", "inputs": {"name": "n", "value": 1}})J"
        << "inputs.name"
        << "not an array";
    QTest::newRow("append text to non-string")
        << R"J({"type": "AppendToStringVariable", "inputs": {"name": "n", "value": "x"}})J"
        << "inputs.name"
        << "not a string";
    QTest::newRow("initialize twice")
        << R"J({"type": "InitializeVariable", "inputs": {"variables": [{"name": "N", "type": "integer"}]}})J"
        << "inputs.variables[0].name"
        << "already initialized";
    QTest::newRow("unknown type")
        << R"J({"type": "InitializeVariable", "inputs": {"variables": [{"name": "z", "type": "date"}]}})J"
        << "inputs.variables[0].type"
        << "not a variable type";
    QTest::newRow("value of wrong type")
        << R"J({"type": "InitializeVariable", "inputs": {"variables": [{"name": "z", "type": "integer", "value": 1.5}]}})J"
        << "inputs.variables[0].value"
        << "Float";
    QTest::newRow("no variables") << R"J({"type": "InitializeVariable", "inputs": {}})J"
                                  << "inputs.variables"
                                  << "list";
    QTest::newRow("no name") << R"J({"type": "SetVariable", "inputs": {"value": 1}})J"
                             << "inputs.name"
                             << "name";
}

void TestExecutor::variableErrors()
{
    QFETCH(QString, action);
    QFETCH(QString, field);
    QFETCH(QString, words);
    QJsonObject actions = json(R"J({
        "Init": {"type": "InitializeVariable", "inputs": {"variables": [
            {"name": "n", "type": "integer", "value": 1}, {"name": "s", "type": "string", "value": "x"}]}}})J");
    QJsonObject step = QJsonDocument::fromJson(action.toUtf8()).object();
    step.insert("runAfter", QJsonObject{{"Init", QJsonArray{"Succeeded"}}});
    actions.insert("Change", step);
    const Run run = runToEnd(QJsonObject{{"actions", actions}});
    QCOMPARE(statusOf(run, "Change"), QStringLiteral("Failed"));
    QCOMPARE(run.step("Change")->code, 400);
    QCOMPARE(run.step("Change")->errorField, field);
    QVERIFY2(run.step("Change")->error.contains(words), qPrintable(run.step("Change")->error));
    QCOMPARE(run.status, RunStatus::Failed);
}

void TestExecutor::terminate_data()
{
    QTest::addColumn<QString>("runStatus");
    QTest::addColumn<int>("expected");
    QTest::newRow("failed") << "Failed" << int(RunStatus::Failed);
    QTest::newRow("succeeded") << "Succeeded" << int(RunStatus::Succeeded);
    QTest::newRow("cancelled") << "Cancelled" << int(RunStatus::Cancelled);
}

void TestExecutor::terminate()
{
    QFETCH(QString, runStatus);
    QFETCH(int, expected);
    QJsonObject def = json(R"J({"actions": {
        "Check": {"type": "If", "expression": true, "actions": {
            "Stop": {"type": "Terminate", "inputs": {"runStatus": "X", "runError": {"code": "NoLead", "message": "no lead given"}}}}},
        "Never": {"type": "Test", "inputs": {"mode": "ok"}, "runAfter": {"Check": ["Succeeded", "Failed"]}}
    }})J");
    QJsonObject actions = def.value("actions").toObject();
    QJsonObject check = actions.value("Check").toObject();
    QJsonObject inner = check.value("actions").toObject();
    QJsonObject stop = inner.value("Stop").toObject();
    QJsonObject inputs = stop.value("inputs").toObject();
    inputs.insert("runStatus", runStatus);
    stop.insert("inputs", inputs);
    inner.insert("Stop", stop);
    check.insert("actions", inner);
    actions.insert("Check", check);
    def.insert("actions", actions);
    const Run run = runToEnd(def);
    QCOMPARE(int(run.status), expected);
    QCOMPARE(statusOf(run, "Stop"), QStringLiteral("Succeeded"));
    QCOMPARE(g_log.attempts.value("Never"), 0);
    QVERIFY(!run.step("Never"));
    QCOMPARE(run.errorCode, QStringLiteral("NoLead"));
    QCOMPARE(run.error, QStringLiteral("no lead given"));

    const Run bad = runToEnd(json(
        R"J({"actions": {"Stop": {"type": "Terminate", "inputs": {"runStatus": "Maybe"}}}})J"));
    QCOMPARE(bad.step("Stop")->errorField, QStringLiteral("inputs.runStatus"));
}

void TestExecutor::response()
{
    QSignalSpy responses(m_executor.get(), &Executor::responseReady);
    const Run run = runToEnd(json(R"J({"actions": {
        "Reply": {"type": "Response", "kind": "Http", "inputs": {"statusCode": 201, "headers": {"X-Id": "7"}, "body": {"got": "@triggerBody()?['name']"}}},
        "Bad": {"type": "Response", "inputs": {"statusCode": 42}, "runAfter": {"Reply": []}}
    }})J"),
                             QJsonObject{{"name", "Ada"}});
    QCOMPARE(responses.count(), 1);
    const QJsonObject r = responses.at(0).at(1).toJsonObject();
    QCOMPARE(r.value("statusCode").toInt(), 201);
    QCOMPARE(r.value("body").toObject().value("got").toString(), QStringLiteral("Ada"));
    QCOMPARE(run.response.value("headers").toObject().value("X-Id").toString(),
             QStringLiteral("7"));
    QCOMPARE(run.step("Bad")->errorField, QStringLiteral("inputs.statusCode"));
}

void TestExecutor::waitUsesTheClock()
{
    const QDateTime before = m_clock->now();
    const Run run = runToEnd(json(R"J({"actions": {
        "Pause": {"type": "Wait", "inputs": {"interval": {"count": 2, "unit": "Hour"}}},
        "Bad": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Fortnight"}}, "runAfter": {"Pause": []}}
    }})J"));
    QCOMPARE(statusOf(run, "Pause"), QStringLiteral("Succeeded"));
    QCOMPARE(before.msecsTo(run.step("Pause")->finished), qint64(2 * 3600000));
    QCOMPARE(run.step("Bad")->errorField, QStringLiteral("inputs.interval.unit"));
}

void TestExecutor::unsupportedTypeFails_data()
{
    QTest::addColumn<QString>("step");
    QTest::addColumn<QString>("words");
    QTest::newRow("Http")
        << R"J({"type": "Http", "inputs": {"method": "GET", "uri": "http://example.com"}})J"
        << "Http is not supported here";
    QTest::newRow("ParseJson")
        << R"J({"type": "ParseJson", "inputs": {"content": "{}", "schema": {}}})J"
        << "ParseJson is not supported here";
    QTest::newRow("a trigger used as an action") << R"J({"type": "TestTrigger"})J"
                                                 << "is not supported here";
}

void TestExecutor::unsupportedTypeFails()
{
    QFETCH(QString, step);
    QFETCH(QString, words);
    const Run run = runToEnd(QJsonObject{
        {"actions", QJsonObject{{"Step", QJsonDocument::fromJson(step.toUtf8()).object()}}}});
    QCOMPARE(run.status, RunStatus::Failed);
    QCOMPARE(statusOf(run, "Step"), QStringLiteral("Failed"));
    QVERIFY2(run.step("Step")->error.contains(words), qPrintable(run.step("Step")->error));
    QCOMPARE(run.step("Step")->errorField, QStringLiteral("type"));
}

void TestExecutor::expressionErrorNamesTheField()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "T": {"type": "Test", "inputs": {"mode": "ok", "echo": {"To": "@body('Nowhere')"}}}}})J"));
    QCOMPARE(statusOf(run, "T"), QStringLiteral("Failed"));
    QCOMPARE(run.step("T")->code, 400);
    QCOMPARE(run.step("T")->errorField, QStringLiteral("inputs.echo.To"));
    QVERIFY(run.step("T")->error.contains(QStringLiteral("Nowhere")));
    QCOMPARE(g_log.attempts.value("T"), 0); // nothing ran
}

void TestExecutor::retriesTransientFailures_data()
{
    QTest::addColumn<QString>("inputs");
    QTest::addColumn<QString>("status");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<QList<qint64>>("waits");
    QTest::newRow("default policy, recovers") << R"J({"mode": "flaky", "failures": 2})J"
                                              << "Succeeded" << 3 << QList<qint64>{5000, 7500};
    QTest::newRow("default policy, gives up")
        << R"J({"mode": "flaky", "failures": 9})J"
        << "Failed" << 5 << QList<qint64>{5000, 7500, 15000, 30000};
    QTest::newRow("fixed")
        << R"J({"mode": "flaky", "failures": 2, "retryPolicy": {"type": "fixed", "count": 3, "interval": "PT20S"}})J"
        << "Succeeded" << 3 << QList<qint64>{20000, 20000};
    QTest::newRow("exponential")
        << R"J({"mode": "flaky", "failures": 5, "retryPolicy": {"type": "exponential", "count": 2, "interval": "PT10S", "minimumInterval": "PT10S", "maximumInterval": "PT1H"}})J"
        << "Failed" << 3 << QList<qint64>{10000, 10000};
    QTest::newRow("none")
        << R"J({"mode": "flaky", "failures": 1, "retryPolicy": {"type": "none"}})J"
        << "Failed" << 1 << QList<qint64>{};
    QTest::newRow("permanent 5xx never") << R"J({"mode": "fail", "code": 500, "transient": false})J"
                                         << "Failed" << 1 << QList<qint64>{};
    QTest::newRow("invalid input never") << R"J({"mode": "fail", "code": 400, "transient": true})J"
                                         << "Failed" << 1 << QList<qint64>{};
}

void TestExecutor::retriesTransientFailures()
{
    QFETCH(QString, inputs);
    QFETCH(QString, status);
    QFETCH(int, attempts);
    QFETCH(QList<qint64>, waits);
    const Run run = runToEnd(QJsonObject{
        {"actions",
         QJsonObject{{"Send", testStep(QJsonDocument::fromJson(inputs.toUtf8()).object())}}}});
    QCOMPARE(statusOf(run, "Send"), status);
    QCOMPARE(g_log.attempts.value("Send"), attempts);
    QCOMPARE(run.step("Send")->retries, attempts - 1);
    QCOMPARE(m_timers->scheduled(), waits);
    // Each attempt's dialogue is kept, in order.
    QStringList lines;
    for (const QJsonValue& l : run.step("Send")->transcript)
        if (l["dir"].toString() == QLatin1String("C"))
            lines.append(l["line"].toString());
    QCOMPARE(lines.size(), attempts);
    QCOMPARE(lines.last(), QStringLiteral("ATTEMPT %1").arg(attempts));
    // The wait happened on the injected clock, not by sleeping.
    qint64 total = 0;
    for (qint64 w : waits)
        total += w;
    QCOMPARE(run.step("Send")->durationMs(), total);
}

void TestExecutor::retryPolicyErrorFailsStep()
{
    const Run run = runToEnd(QJsonObject{
        {"actions",
         QJsonObject{
             {"Send",
              testStep(
                  json(R"J({"mode": "ok", "retryPolicy": {"type": "fixed", "count": 3}})J"))}}}});
    QCOMPARE(statusOf(run, "Send"), QStringLiteral("Failed"));
    QCOMPARE(run.step("Send")->errorField, QStringLiteral("inputs.retryPolicy.interval"));
    QCOMPARE(g_log.attempts.value("Send"), 0);
}

void TestExecutor::cancelRunningStep()
{
    QSignalSpy started(m_executor.get(), &Executor::stepStarted);
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = json(R"J({"actions": {
        "Hang": {"type": "Test", "inputs": {"mode": "hang"}},
        "Next": {"type": "Test", "inputs": {"mode": "ok"}, "runAfter": {"Hang": ["Succeeded", "Failed", "Cancelled"]}}}})J");
    const QString id = m_executor->start(req);
    QTRY_VERIFY(g_log.attempts.value("Hang") == 1);
    QVERIFY(!drive(finished, 1, false));
    m_executor->cancel(id);
    QVERIFY(drive(finished, 1, false));
    const Run run = finished.at(0).at(0).value<Run>();
    QCOMPARE(run.status, RunStatus::Cancelled);
    QCOMPARE(statusOf(run, "Hang"), QStringLiteral("Cancelled"));
    QCOMPARE(g_log.cancelled.value("Hang"), 1);
    QCOMPARE(g_log.attempts.value("Next"), 0);
    QCOMPARE(m_executor->activeRuns(), 0);
}

void TestExecutor::cancelDuringRetryWait()
{
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = QJsonObject{
        {"actions",
         QJsonObject{{"Send", testStep(json(R"J({"mode": "flaky", "failures": 9})J"))}}}};
    const QString id = m_executor->start(req);
    QTRY_COMPARE(m_timers->pendingCount(), 1);
    m_executor->cancel(id);
    QVERIFY(drive(finished, 1, false));
    const Run run = finished.at(0).at(0).value<Run>();
    QCOMPARE(run.status, RunStatus::Cancelled);
    QCOMPARE(statusOf(run, "Send"), QStringLiteral("Cancelled"));
    QCOMPARE(g_log.attempts.value("Send"), 1);
    QCOMPARE(m_timers->pendingCount(), 0);
}

void TestExecutor::stepTimeout()
{
    const Run run = runToEnd(json(R"J({"actions": {
        "Hang": {"type": "Test", "inputs": {"mode": "hang"}, "limit": {"timeout": "PT10S"}},
        "OnTimeout": {"type": "Compose", "inputs": "@actions('Hang')?['status']", "runAfter": {"Hang": ["TimedOut"]}},
        "BadLimit": {"type": "Test", "inputs": {"mode": "ok"}, "limit": {"timeout": "ten seconds"}, "runAfter": {"OnTimeout": []}}
    }})J"));
    QCOMPARE(statusOf(run, "Hang"), QStringLiteral("TimedOut"));
    QCOMPARE(run.step("Hang")->durationMs(), qint64(10000));
    QVERIFY(run.step("Hang")->error.contains(QStringLiteral("PT10S")));
    QCOMPARE(g_log.cancelled.value("Hang"), 1);
    QCOMPARE(run.step("OnTimeout")->outputs.toString(), QStringLiteral("TimedOut"));
    QCOMPARE(run.step("BadLimit")->errorField, QStringLiteral("limit.timeout"));
}

void TestExecutor::runTimeout()
{
    RunEnvironment env;
    env.runTimeoutMs = 60000;
    makeExecutor(env);
    const Run run = runToEnd(json(R"J({"actions": {
        "First": {"type": "Compose", "inputs": 1},
        "Hang": {"type": "Test", "inputs": {"mode": "hang"}, "runAfter": {"First": []}},
        "Later": {"type": "Compose", "inputs": 2, "runAfter": {"Hang": ["Succeeded", "Cancelled", "Failed"]}}}})J"));
    QCOMPARE(run.status, RunStatus::TimedOut);
    QCOMPARE(run.durationMs(), qint64(60000));
    QCOMPARE(statusOf(run, "First"), QStringLiteral("Succeeded"));
    QCOMPARE(statusOf(run, "Hang"), QStringLiteral("Cancelled"));
    QVERIFY(!run.step("Later"));
    QVERIFY(run.error.contains(QStringLiteral("PT1M")));
}

void TestExecutor::redactsSecrets()
{
    const QString password = QStringLiteral("hunter2-Very-Secret");
    RunEnvironment env;
    env.connectionFor = [password](const QJsonObject&) -> Result<QJsonObject> {
        return QJsonObject{
            {"serverAddress", "127.0.0.1"}, {"userName", "u"}, {"password", password}};
    };
    makeExecutor(env);
    const Run run =
        runToEnd(json(R"J({
        "parameters": {
            "apiKey": {"type": "securestring", "defaultValue": "default-key-123"},
            "creds": {"type": "secureobject"},
            "plain": {"type": "string", "defaultValue": "visible"}},
        "actions": {
            "Use": {"type": "Compose", "inputs": "key=@{parameters('apiKey')} user=@{parameters('creds')?['user']} pw=@{parameters('creds')?['pw']} @{parameters('plain')}"},
            "Hidden": {"type": "Compose", "inputs": "@triggerBody()?['ssn']", "runAfter": {"Use": []},
                "runtimeConfiguration": {"secureData": {"properties": ["inputs", "outputs"]}}},
            "HiddenOut": {"type": "Compose", "inputs": "shown", "runAfter": {"Hidden": []},
                "runtimeConfiguration": {"secureData": {"properties": ["outputs"]}}},
            "Send": {"type": "Test", "inputs": {"mode": "ok", "echo": "@outputs('Use')"}, "runAfter": {"HiddenOut": []}}
        }})J"),
                 QJsonObject{{"ssn", "123-45-6789"}},
                 QJsonObject{{"apiKey", "given-key-456"},
                             {"creds", QJsonObject{{"user", "admin"}, {"pw", "objpass99"}}}});
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.step("Use")->outputs.toString(),
             QStringLiteral("key=**** user=**** pw=**** visible"));
    QCOMPARE(run.step("Hidden")->inputs.toString(), QStringLiteral("****"));
    QCOMPARE(run.step("Hidden")->outputs.toString(), QStringLiteral("****"));
    QCOMPARE(run.step("HiddenOut")->inputs.toString(), QStringLiteral("shown"));
    QCOMPARE(run.step("HiddenOut")->outputs.toString(), QStringLiteral("****"));
    // The job got the real values; the record shows none of them.
    QCOMPARE(g_log.contexts.last().inputs.value("echo").toString(),
             QStringLiteral("key=given-key-456 user=admin pw=objpass99 visible"));
    QCOMPARE(g_log.contexts.last().connection.value("password").toString(), password);
    // The trigger's own outputs are shown as they came; every step record hides the secrets.
    const QByteArray record = QJsonDocument(run.toJson().value("steps").toArray()).toJson();
    for (const char* secret : {"given-key-456", "objpass99", "123-45-6789", "hunter2-Very-Secret"})
        QVERIFY2(!record.contains(secret), secret);
    bool sawAuth = false;
    for (const QJsonValue& l : run.step("Send")->transcript)
        sawAuth |= l["line"].toString() == QLatin1String("AUTH PLAIN ****");
    QVERIFY(sawAuth);
}

void TestExecutor::passesConnectionToJob()
{
    RunEnvironment env;
    env.connectionFor = [](const QJsonObject& step) -> Result<QJsonObject> {
        const QString name = step.value("inputs").toObject().value("connection").toString();
        if (name == QLatin1String("missing"))
            return Result<QJsonObject>::failure(
                QStringLiteral("connection"), QStringLiteral("no connection named 'missing'"), 404);
        return QJsonObject{{"name", name}};
    };
    makeExecutor(env);
    const Run run = runToEnd(json(R"J({"actions": {
        "A": {"type": "Test", "inputs": {"mode": "ok", "connection": "smtp"}},
        "B": {"type": "Test", "inputs": {"mode": "ok", "connection": "missing"}, "runAfter": {"A": []}}}})J"));
    QCOMPARE(g_log.contexts.size(), 1);
    QCOMPARE(g_log.contexts.first().connection.value("name").toString(), QStringLiteral("smtp"));
    QCOMPARE(g_log.contexts.first().stepName, QStringLiteral("A"));
    QCOMPARE(g_log.contexts.first().clock, static_cast<const Clock*>(m_clock.get()));
    QCOMPARE(statusOf(run, "B"), QStringLiteral("Failed"));
    QCOMPARE(run.step("B")->code, 404);
    QCOMPARE(run.step("B")->errorField, QStringLiteral("connection"));
}

void TestExecutor::runsOverlapUpToConcurrencyLimit()
{
    QSignalSpy queued(m_executor.get(), &Executor::runQueued);
    QSignalSpy startedRuns(m_executor.get(), &Executor::runStarted);
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = json(R"J({
        "triggers": {"manual": {"type": "Request", "runtimeConfiguration": {"concurrency": {"runs": 2}}}},
        "actions": {"Wait": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Minute"}}}}})J");
    QCOMPARE(Executor::runConcurrency(req.definition, QString()), 2);
    for (int i = 0; i < 3; ++i)
        m_executor->start(req);
    QTRY_COMPARE(startedRuns.count(), 2);
    QCOMPARE(queued.count(), 1);
    QCOMPARE(queued.at(0).at(0).value<Run>().status, RunStatus::Waiting);
    QCOMPARE(m_executor->activeRuns(), 3);
    // Both running runs' Wait timers armed (a run starts before its first
    // step does): a minute on ends both, and only both.
    QTRY_COMPARE(m_timers->pendingCount(), 2);
    m_timers->advance(60000);
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(startedRuns.count(), 3);
    QVERIFY(drive(finished, 3));
    for (const QList<QVariant>& args : finished)
        QCOMPARE(args.at(0).value<Run>().status, RunStatus::Succeeded);
    QCOMPARE(m_executor->activeRuns(), 0);
}

void TestExecutor::cancelWaitingRun()
{
    QSignalSpy finished(m_executor.get(), &Executor::runFinished);
    RunRequest req;
    req.workflowName = QStringLiteral("wf");
    req.definition = json(R"J({
        "triggers": {"manual": {"type": "Request", "runtimeConfiguration": {"concurrency": {"runs": 1}}}},
        "actions": {"Wait": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Minute"}}}}})J");
    m_executor->start(req);
    const QString second = m_executor->start(req);
    QTRY_COMPARE(m_timers->pendingCount(), 1);
    m_executor->cancel(second);
    QTRY_COMPARE(finished.count(), 1);
    const Run cancelled = finished.at(0).at(0).value<Run>();
    QCOMPARE(cancelled.id, second);
    QCOMPARE(cancelled.status, RunStatus::Cancelled);
    QVERIFY(cancelled.steps.isEmpty());
    QVERIFY(drive(finished, 2));
    QCOMPARE(finished.at(1).at(0).value<Run>().status, RunStatus::Succeeded);
}

void TestExecutor::runsOnItsOwnThread()
{
    QThread thread;
    // Ended on every path: a thread still running when it is destroyed
    // aborts the whole test program instead of failing this test.
    const auto stop = qScopeGuard([&thread] {
        thread.quit();
        thread.wait(5000);
    });
    RunEnvironment env;
    env.catalogue = &m_catalogue; // the real clock and timers this time
    auto* executor = new Executor(env);
    executor->moveToThread(&thread);
    connect(&thread, &QThread::finished, executor, &QObject::deleteLater);
    thread.start();
    // Heard on this thread (queued), where the test waits: a QSignalSpy
    // would record from the executor's thread and could miss its wake-up.
    QList<Run> finished;
    int steps = 0;
    QThread* signalThread = nullptr;
    connect(executor, &Executor::stepStarted, this,
            [&signalThread] { signalThread = QThread::currentThread(); });
    connect(executor, &Executor::stepFinished, this, [&steps] { ++steps; });
    connect(executor, &Executor::runFinished, this,
            [&finished](const Run& run) { finished.append(run); });
    RunRequest req;
    req.workflowName = QStringLiteral("threaded");
    req.definition = json(R"J({"actions": {
        "A": {"type": "Test", "inputs": {"mode": "ok", "echo": "@triggerBody()"}},
        "B": {"type": "Compose", "inputs": "@body('A')", "runAfter": {"A": []}}}})J");
    req.triggerOutputs = QJsonObject{{"body", "hello"}};
    executor->start(req);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const Run& run = finished.first();
    QCOMPARE(run.status, RunStatus::Succeeded);
    QCOMPARE(run.step("B")->outputs.toString(), QStringLiteral("hello"));
    QCOMPARE(steps, 2);
    QCOMPARE(signalThread, QThread::currentThread()); // delivered queued, to the receiver's thread
}

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
