#include "engine/runtime/RunStore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace engine;

class TestRunStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTripSurvivesReopen();
    void largeInputsRoundTrip_data();
    void largeInputsRoundTrip();
    void listsNewestFirstAndFilters();
    void finishedRunKeepsRepetitionOrder();
    void marksRunsOfDeadProcessesInterrupted();
    void leavesRunsOfLiveProcessesAlone();
    void neverWritesSecretKeys();
    void saveRunReplaces();
    void unknownRunIs404();
    void unopenablePathIsAnError();

private:
    static Run sampleRun(const QString& id, const QDateTime& start, RunStatus status);
    QString dbPath() const { return m_dir->filePath(QStringLiteral("history/runs.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

Run TestRunStore::sampleRun(const QString& id, const QDateTime& start, RunStatus status)
{
    Run run;
    run.id = id;
    run.workflow = QStringLiteral("lead-to-email");
    run.workflowPath = QStringLiteral("/tmp/lead-to-email/workflow.json");
    run.triggerName = QStringLiteral("manual");
    run.triggerOutputs = QJsonObject{{"body", QJsonObject{{"Email", "ada@example.com"}}}};
    run.start = start;
    run.status = status;
    StepResult step;
    step.name = QStringLiteral("Compose name");
    step.type = QStringLiteral("Compose");
    step.status = StepStatus::Succeeded;
    step.code = 200;
    step.inputs = QStringLiteral("Ada");
    step.outputs = QStringLiteral("Ada");
    step.started = start;
    step.finished = start.addMSecs(12);
    run.steps.append(step);
    return run;
}

void TestRunStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRunStore::roundTripSurvivesReopen()
{
    const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    Run run = sampleRun(QStringLiteral("run-1"), t0, RunStatus::Running);
    {
        auto store = RunStore::open(dbPath());
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().toString()));
        QVERIFY((*store)->beginRun(run).ok());
        StepResult second;
        second.name = QStringLiteral("Send email");
        second.status = StepStatus::Failed;
        second.code = 404;
        second.error = QStringLiteral("mailbox unknown");
        second.errorField = QStringLiteral("To");
        second.retries = 2;
        second.started = t0.addSecs(1);
        second.finished = t0.addSecs(2);
        second.transcript = QJsonArray{QJsonObject{{"dir", "S"}, {"ms", 3}, {"line", "550 no"}}};
        QVERIFY((*store)->addStep(run.id, second).ok());
        run.steps.append(second);
        run.status = RunStatus::Failed;
        run.end = t0.addSecs(3);
        run.error = QStringLiteral("Send email failed");
        run.errorCode = QStringLiteral("ActionFailed");
        QVERIFY((*store)->finishRun(run).ok());
    }
    auto reopened = RunStore::open(dbPath());
    QVERIFY(reopened.ok());
    QCOMPARE((*reopened)->interruptedOnOpen(), 0);
    const auto back = (*reopened)->run(QStringLiteral("run-1"));
    QVERIFY(back.ok());
    QCOMPARE(back->toJson(), run.toJson());
    QCOMPARE(back->steps.size(), 2);
    QCOMPARE(back->steps.at(1).errorField, QStringLiteral("To"));
    QCOMPARE(back->steps.at(1).retries, 2);
    QCOMPARE(back->durationMs(), qint64(3000));
}

// A step's record is written as UTF-8 straight from its JSON's storage: it
// reads back the same, as text, whatever its strings hold.
void TestRunStore::largeInputsRoundTrip_data()
{
    QTest::addColumn<QJsonValue>("inputs");
    const QString base64 = QStringLiteral("QUJD").repeated(250000); // 1,000,000 characters
    const auto attachment = [](const QString& data) {
        return QJsonObject{
            {"parameters",
             QJsonObject{{"to", "a@example.com"},
                         {"Attachments", QJsonArray{QJsonObject{{"ContentData", data},
                                                                {"FileName", "big.pdf"}}}}}}};
    };
    QTest::newRow("base64 literal") << QJsonValue(attachment(base64));
    QTest::newRow("as the JSON reader keeps it")
        << QJsonDocument::fromJson(QJsonDocument(attachment(base64)).toJson())
               .object()
               .value(QStringLiteral("parameters"));
    QTest::newRow("escapes") << QJsonValue(attachment(base64 + QStringLiteral("\n\"\t\u0001?")));
    QTest::newRow("non-ASCII") << QJsonValue(attachment(QStringLiteral("Grüße ") + base64));
    QTest::newRow("lone surrogate")
        << QJsonValue(attachment(base64 + QChar(0xdc00) + QStringLiteral("x")));
    QTest::newRow("plain string") << QJsonValue(base64);
}

void TestRunStore::largeInputsRoundTrip()
{
    QFETCH(QJsonValue, inputs);
    const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    Run run = sampleRun(QStringLiteral("run-big"), t0, RunStatus::Running);
    run.steps.clear();
    StepResult step;
    step.name = QStringLiteral("Send email");
    step.type = QStringLiteral("ServiceProvider");
    step.status = StepStatus::Succeeded;
    step.code = 200;
    step.inputs = inputs;
    step.started = t0;
    step.finished = t0.addSecs(1);
    {
        auto store = RunStore::open(dbPath());
        QVERIFY(store.ok());
        QVERIFY((*store)->beginRun(run).ok());
        QVERIFY((*store)->addStep(run.id, step).ok());
    }
    auto reopened = RunStore::open(dbPath());
    QVERIFY(reopened.ok());
    const auto back = (*reopened)->run(run.id);
    QVERIFY(back.ok());
    QCOMPARE(back->steps.size(), 1);
    QCOMPARE(back->steps.first().inputs, inputs);
    QCOMPARE(back->steps.first().toJson(), step.toJson());
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT typeof(record) FROM steps")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("text"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("peek"));
}

// Steps are written as they finish (repetitions interleaved); the finished
// run's order, repetition by repetition, is what the history keeps.
void TestRunStore::finishedRunKeepsRepetitionOrder()
{
    const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    Run run = sampleRun(QStringLiteral("loop-run"), t0, RunStatus::Running);
    run.steps.clear();
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    QVERIFY((*store)->beginRun(run).ok());
    const auto step = [&](const QString& name, int iteration) {
        StepResult s;
        s.name = name;
        s.parent = QStringLiteral("Each");
        s.iteration = iteration;
        s.status = StepStatus::Succeeded;
        s.started = s.finished = t0;
        return s;
    };
    const QList<StepResult> asFinished = {step("A", 0), step("A", 1), step("B", 1), step("B", 0)};
    for (const StepResult& s : asFinished)
        QVERIFY((*store)->addStep(run.id, s).ok());
    run.steps = {step("A", 0), step("B", 0), step("A", 1), step("B", 1)};
    run.status = RunStatus::Succeeded;
    run.end = t0.addSecs(1);
    QVERIFY((*store)->finishRun(run).ok());
    const auto back = (*store)->run(run.id);
    QVERIFY(back.ok());
    QCOMPARE(back->steps.size(), 4);
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(back->steps.at(i).name, run.steps.at(i).name);
        QCOMPARE(back->steps.at(i).iteration, run.steps.at(i).iteration);
    }
}

void TestRunStore::listsNewestFirstAndFilters()
{
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    const QDateTime t0(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    for (int i = 0; i < 5; ++i) {
        Run r = sampleRun(QStringLiteral("r%1").arg(i), t0.addSecs(i * 60), RunStatus::Succeeded);
        r.end = r.start.addSecs(1);
        if (i == 2)
            r.workflow = QStringLiteral("other");
        QVERIFY((*store)->saveRun(r).ok());
    }
    const auto all = (*store)->runs();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 5);
    QCOMPARE(all->first().id, QStringLiteral("r4"));
    QCOMPARE(all->last().id, QStringLiteral("r0"));
    QVERIFY(all->first().steps.isEmpty()); // the list carries summaries only
    const auto limited = (*store)->runs(2);
    QVERIFY(limited.ok());
    QCOMPARE(limited->size(), 2);
    const auto other = (*store)->runs(100, QStringLiteral("other"));
    QVERIFY(other.ok());
    QCOMPARE(other->size(), 1);
    QCOMPARE(other->first().id, QStringLiteral("r2"));
}

void TestRunStore::marksRunsOfDeadProcessesInterrupted()
{
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    {
        auto store = RunStore::open(dbPath());
        QVERIFY(store.ok());
        QVERIFY(
            (*store)->beginRun(sampleRun(QStringLiteral("crashed"), t0, RunStatus::Running)).ok());
        Run done = sampleRun(QStringLiteral("done"), t0.addSecs(-10), RunStatus::Succeeded);
        done.end = t0.addSecs(-9);
        QVERIFY((*store)->saveRun(done).ok());
    }
    // Reopening as a new process would: the owner of "crashed" is gone.
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    QCOMPARE((*store)->interruptedOnOpen(), 1);
    const auto crashed = (*store)->run(QStringLiteral("crashed"));
    QVERIFY(crashed.ok());
    QCOMPARE(crashed->status, RunStatus::Interrupted);
    QVERIFY(crashed->end.isValid());
    QVERIFY(!crashed->error.isEmpty());
    QCOMPARE(crashed->steps.size(), 1); // what finished before the crash stays
    QCOMPARE((*store)->run(QStringLiteral("done"))->status, RunStatus::Succeeded);
    auto again = RunStore::open(dbPath());
    QVERIFY(again.ok());
    QCOMPARE((*again)->interruptedOnOpen(), 0);
}

void TestRunStore::leavesRunsOfLiveProcessesAlone()
{
    QProcess sleeper;
    sleeper.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(sleeper.waitForStarted());
    {
        auto store = RunStore::open(dbPath());
        QVERIFY(store.ok());
        QVERIFY((*store)
                    ->beginRun(sampleRun(QStringLiteral("live"), QDateTime::currentDateTimeUtc(),
                                         RunStatus::Running))
                    .ok());
    }
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(dbPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE runs SET owner_pid=%1 WHERE id='live'")
                           .arg(sleeper.processId())));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    {
        auto store = RunStore::open(dbPath());
        QVERIFY(store.ok());
        QCOMPARE((*store)->interruptedOnOpen(), 0);
        QCOMPARE((*store)->run(QStringLiteral("live"))->status, RunStatus::Running);
    }
    sleeper.kill();
    QVERIFY(sleeper.waitForFinished());
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    QCOMPARE((*store)->interruptedOnOpen(), 1);
    QCOMPARE((*store)->run(QStringLiteral("live"))->status, RunStatus::Interrupted);
}

void TestRunStore::neverWritesSecretKeys()
{
    const QString secret = QStringLiteral("s3cr3t-Pa55-word");
    Run run =
        sampleRun(QStringLiteral("sec"), QDateTime::currentDateTimeUtc(), RunStatus::Succeeded);
    run.end = run.start.addSecs(1);
    run.triggerOutputs = QJsonObject{{"headers", QJsonObject{{"Authorization", secret}}}};
    run.steps[0].inputs =
        QJsonObject{{"password", secret}, {"nested", QJsonObject{{"Token", secret}}}};
    run.steps[0].outputs = QJsonObject{{"client_secret", secret}};
    {
        auto store = RunStore::open(dbPath());
        QVERIFY(store.ok());
        QVERIFY((*store)->saveRun(run).ok());
        const auto back = (*store)->run(QStringLiteral("sec"));
        QVERIFY(back.ok());
        QCOMPARE(back->steps.at(0).inputs.toObject().value("password").toString(),
                 QStringLiteral("****"));
        QCOMPARE(back->steps.at(0).inputs["nested"]["Token"].toString(), QStringLiteral("****"));
        QCOMPARE(back->steps.at(0).outputs["client_secret"].toString(), QStringLiteral("****"));
        QCOMPARE(back->triggerOutputs["headers"]["Authorization"].toString(),
                 QStringLiteral("****"));
    }
    // Not in the database file nor its write-ahead log.
    const QDir dir(QFileInfo(dbPath()).absolutePath());
    int files = 0;
    for (const QFileInfo& f : dir.entryInfoList(QDir::Files)) {
        QFile file(f.absoluteFilePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(secret.toUtf8()), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(files >= 1);
}

void TestRunStore::saveRunReplaces()
{
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    Run run = sampleRun(QStringLiteral("x"), QDateTime::currentDateTimeUtc(), RunStatus::Running);
    QVERIFY((*store)->saveRun(run).ok());
    run.status = RunStatus::Succeeded;
    run.end = run.start.addSecs(2);
    run.steps.append(run.steps.first());
    QVERIFY((*store)->saveRun(run).ok());
    const auto back = (*store)->run(QStringLiteral("x"));
    QVERIFY(back.ok());
    QCOMPARE(back->steps.size(), 2);
    QCOMPARE(back->status, RunStatus::Succeeded);
    QVERIFY((*store)->remove(QStringLiteral("x")).ok());
    QVERIFY(!(*store)->run(QStringLiteral("x")).ok());
}

void TestRunStore::unknownRunIs404()
{
    auto store = RunStore::open(dbPath());
    QVERIFY(store.ok());
    const auto r = (*store)->run(QStringLiteral("nope"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, 404);
    QVERIFY(r.error().message.contains(QStringLiteral("nope")));
}

void TestRunStore::unopenablePathIsAnError()
{
    QFile blocker(m_dir->filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const auto store = RunStore::open(m_dir->filePath(QStringLiteral("file/runs.sqlite")));
    QVERIFY(!store.ok());
    QCOMPARE(store.error().field, QStringLiteral("store"));
    QVERIFY(!store.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
