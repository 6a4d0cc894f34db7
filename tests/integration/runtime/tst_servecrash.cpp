#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {

QString cli()
{
    return qEnvironmentVariable("LOGICAPP_CLI");
}

// The HTTP request trigger's workflow: a first step that finishes at once,
// then a Wait as long as the request asks.
const char* kWorkflow = R"({"kind": "Stateful", "definition": {
    "triggers": {"manual": {"type": "Request", "kind": "Http", "inputs": {"method": "POST"}}},
    "actions": {
        "Greet": {"type": "Compose", "inputs": "Hello @{triggerBody()?['name']}", "runAfter": {}},
        "Pause": {"type": "Wait", "inputs": {"interval": {"count": "@triggerBody()?['minutes']", "unit": "Minute"}},
                  "runAfter": {"Greet": ["Succeeded"]}}
    }}})";

} // namespace

// The run history survives `logicapp serve` being killed with SIGKILL in the
// middle of a run: the run is kept, marked Interrupted with the reason, the
// steps that finished are there, and the SQLite file is sound.
class TestServeCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void historySurvivesKillNine();

private:
    // Starts serve on the workflow; returns the trigger's URL.
    QString startServe(QProcess& serve, QByteArray& out);
    // POSTs `body` to `url` with curl; returns the run id of the 202 answer.
    QString fire(const QString& url, const QByteArray& body);
    QJsonObject runRecord(const QString& id);

    QTemporaryDir m_dir;
    QString workflowPath() const { return m_dir.filePath(QStringLiteral("waits/workflow.json")); }
    QString storePath() const { return m_dir.filePath(QStringLiteral("history/runs.sqlite")); }
};

void TestServeCrash::initTestCase()
{
    QVERIFY2(QFile::exists(cli()), qPrintable(cli()));
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("waits"));
    QFile f(workflowPath());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kWorkflow);
}

QString TestServeCrash::startServe(QProcess& serve, QByteArray& out)
{
    serve.start(cli(), {QStringLiteral("serve"), workflowPath(), QStringLiteral("--http-port"),
                        QStringLiteral("0"), QStringLiteral("--store"), storePath(),
                        QStringLiteral("--state-dir"), m_dir.filePath(QStringLiteral("state"))});
    const QRegularExpression listens(QStringLiteral("listens at (\\S+)"));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000 && serve.state() != QProcess::NotRunning) {
        serve.waitForReadyRead(100);
        out += serve.readAllStandardOutput();
        const auto m = listens.match(QString::fromUtf8(out));
        if (m.hasMatch())
            return m.captured(1);
    }
    return {};
}

QString TestServeCrash::fire(const QString& url, const QByteArray& body)
{
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("-sS"), QStringLiteral("-H"),
                QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                QString::fromUtf8(body), url});
    if (!curl.waitForFinished(30000))
        return {};
    return QJsonDocument::fromJson(curl.readAllStandardOutput())
        .object()
        .value(QStringLiteral("runId"))
        .toString();
}

QJsonObject TestServeCrash::runRecord(const QString& id)
{
    QProcess runs;
    runs.start(cli(), {QStringLiteral("runs"), id, QStringLiteral("--json"),
                       QStringLiteral("--store"), storePath()});
    if (!runs.waitForFinished(30000) || runs.exitCode() != 0)
        return {};
    return QJsonDocument::fromJson(runs.readAllStandardOutput()).object();
}

void TestServeCrash::historySurvivesKillNine()
{
    QProcess serve;
    QByteArray out;
    const QString url = startServe(serve, out);
    QVERIFY2(!url.isEmpty(), QByteArray(out + serve.readAllStandardError()).constData());
    const QString blocked = fire(url, R"({"name": "Ada", "minutes": 60})");
    QVERIFY(!blocked.isEmpty());

    // Kill only once the history shows the run going, with its first step done.
    QJsonObject record;
    for (int i = 0; i < 200; ++i) {
        record = runRecord(blocked);
        if (record.value("status").toString() == QLatin1String("Running") &&
            !record.value("steps").toArray().isEmpty())
            break;
        QTest::qWait(50);
    }
    QCOMPARE(record.value("status").toString(), QStringLiteral("Running"));
    QCOMPARE(serve.state(), QProcess::Running);
    serve.kill(); // SIGKILL: nothing of the program runs after this
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitStatus(), QProcess::CrashExit);

    // Opening the history again marks the dead process's run.
    record = runRecord(blocked);
    QCOMPARE(record.value("status").toString(), QStringLiteral("Interrupted"));
    QCOMPARE(record.value("errorCode").toString(), QStringLiteral("Interrupted"));
    QVERIFY2(record.value("error").toString().contains(QStringLiteral("ended while this run")),
             qPrintable(record.value("error").toString()));
    QVERIFY(!record.value("endTime").toString().isEmpty());
    QCOMPARE(record.value("trigger")["outputs"]["body"]["name"].toString(), QStringLiteral("Ada"));
    const QJsonArray steps = record.value("steps").toArray();
    QCOMPARE(steps.size(), 1);
    QCOMPARE(steps.at(0)["name"].toString(), QStringLiteral("Greet"));
    QCOMPARE(steps.at(0)["status"].toString(), QStringLiteral("Succeeded"));
    QCOMPARE(steps.at(0)["outputs"].toString(), QStringLiteral("Hello Ada"));

    // The file is sound, and serve starts on it again and records new runs.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "check");
        db.setDatabaseName(storePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM runs")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));

    QProcess again;
    out.clear();
    const QString url2 = startServe(again, out);
    QVERIFY2(!url2.isEmpty(), QByteArray(out + again.readAllStandardError()).constData());
    const QString quick = fire(url2, R"({"name": "Grace", "minutes": 0})");
    QVERIFY(!quick.isEmpty());
    const QByteArray finished = QByteArray(quick.toUtf8() + " of waits Succeeded");
    QElapsedTimer timer;
    timer.start();
    while (!out.contains(finished) && timer.elapsed() < 20000) {
        again.waitForReadyRead(100);
        out += again.readAllStandardOutput();
    }
    QVERIFY2(out.contains(finished), out.constData());
    ::kill(pid_t(again.processId()), SIGTERM);
    QVERIFY(again.waitForFinished(20000));
    QCOMPARE(again.exitCode(), 0);

    QCOMPARE(runRecord(quick).value("status").toString(), QStringLiteral("Succeeded"));
    QCOMPARE(runRecord(blocked).value("status").toString(), QStringLiteral("Interrupted"));
}

QTEST_GUILESS_MAIN(TestServeCrash)
#include "tst_servecrash.moc"
