#include "engine/runtime/RunStore.h"

#include "engine/core/JsonWriter.h"
#include "engine/runtime/RecordJson.h"
#include "engine/runtime/Redactor.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcRunStore, "logicapp.runtime.store")

namespace engine {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::RunStore", text);
}

QString toText(const QJsonValue& v)
{
    if (v.isUndefined())
        return QString();
    QJsonObject wrap;
    wrap.insert(QStringLiteral("v"), v);
    return QString::fromUtf8(QJsonDocument(wrap).toJson(QJsonDocument::Compact));
}

QJsonValue fromText(const QString& text)
{
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("v"));
}

// Nothing written to the file escapes this: secret-named keys become "****"
// whatever the executor did before.
Run scrubbed(const Run& in)
{
    const Redactor r;
    Run run = in;
    run.triggerOutputs = r.redact(QJsonValue(run.triggerOutputs)).toObject();
    run.response = r.redact(QJsonValue(run.response)).toObject();
    for (StepResult& s : run.steps) {
        s.inputs = r.redact(s.inputs);
        s.outputs = r.redact(s.outputs);
        s.transcript = r.redact(s.transcript);
    }
    return run;
}

StepResult scrubbed(const StepResult& in)
{
    const Redactor r;
    StepResult s = in;
    s.inputs = r.redact(s.inputs);
    s.outputs = r.redact(s.outputs);
    s.transcript = r.redact(s.transcript);
    return s;
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == static_cast<qint64>(::getpid()))
        return false; // a run of ours cannot exist before we opened the store
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace

RunStore::~RunStore()
{
    if (!m_connection.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString RunStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/runs.sqlite");
}

Result<std::unique_ptr<RunStore>> RunStore::open(const QString& path)
{
    std::unique_ptr<RunStore> store(new RunStore);
    store->m_path = path.isEmpty() ? defaultPath() : path;
    const QFileInfo info(store->m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return Result<std::unique_ptr<RunStore>>::failure(
            QStringLiteral("store"),
            tr("cannot create the folder %1 for the run history").arg(info.absolutePath()), 500);
    store->m_connection =
        QStringLiteral("logicapp-runs-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), store->m_connection);
    db.setDatabaseName(store->m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return Result<std::unique_ptr<RunStore>>::failure(
            QStringLiteral("store"),
            tr("cannot open the run history %1: %2").arg(store->m_path, db.lastError().text()),
            500);
    Status s = store->init();
    if (!s)
        return s.error();
    s = store->markInterrupted();
    if (!s)
        return s.error();
    return store;
}

Status RunStore::init()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    const char* statements[] = {
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "CREATE TABLE IF NOT EXISTS runs ("
        " id TEXT PRIMARY KEY, workflow TEXT NOT NULL, workflow_path TEXT,"
        " trigger_name TEXT, trigger_outputs TEXT, start_time TEXT, end_time TEXT,"
        " status TEXT NOT NULL, error_code TEXT, error TEXT, response TEXT,"
        " resubmitted_from TEXT, owner_pid INTEGER)",
        "CREATE INDEX IF NOT EXISTS runs_by_start ON runs(start_time)",
        "CREATE TABLE IF NOT EXISTS steps ("
        " run_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, status TEXT,"
        " record TEXT NOT NULL, PRIMARY KEY(run_id, seq))",
    };
    for (const char* sql : statements) {
        // Two programs opening a new history at once (the designer and
        // `logicapp run`) can find it locked while the other one switches it
        // to WAL; SQLite does not wait on its busy timeout for that, so wait
        // here, a little at a time.
        bool done = q.exec(QLatin1String(sql));
        for (int attempt = 0; !done && attempt < 100 &&
                              q.lastError().nativeErrorCode() == QLatin1String("5"); // SQLITE_BUSY
             ++attempt) {
            QThread::msleep(50);
            done = q.exec(QLatin1String(sql));
        }
        if (!done)
            return Status::failure(
                QStringLiteral("store"),
                tr("cannot prepare the run history %1: %2").arg(m_path, q.lastError().text()), 500);
    }
    return success();
}

Status RunStore::markInterrupted()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("SELECT id, owner_pid FROM runs WHERE status IN ('Running','Waiting')")))
        return Status::failure(QStringLiteral("store"), q.lastError().text(), 500);
    QStringList orphans;
    while (q.next()) {
        if (!processAlive(q.value(1).toLongLong()))
            orphans.append(q.value(0).toString());
    }
    const QString now = RecordJson::iso(QDateTime::currentDateTimeUtc());
    for (const QString& id : orphans) {
        QSqlQuery u(db);
        u.prepare(QStringLiteral("UPDATE runs SET status='Interrupted', end_time=?, "
                                 "error_code='Interrupted', error=? WHERE id=?"));
        u.addBindValue(now);
        u.addBindValue(tr("The program ended while this run was going; it did not finish."));
        u.addBindValue(id);
        if (!u.exec())
            return Status::failure(QStringLiteral("store"), u.lastError().text(), 500);
        qCInfo(lcRunStore) << "marked run" << id << "interrupted";
    }
    m_interrupted = int(orphans.size());
    return success();
}

Status RunStore::beginRun(const Run& in)
{
    const Run run = scrubbed(in);
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO runs (id, workflow, workflow_path, trigger_name, trigger_outputs,"
        " start_time, end_time, status, error_code, error, response, resubmitted_from, owner_pid)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    q.addBindValue(run.id);
    q.addBindValue(run.workflow);
    q.addBindValue(run.workflowPath);
    q.addBindValue(run.triggerName);
    q.addBindValue(toText(run.triggerOutputs));
    q.addBindValue(RecordJson::iso(run.start));
    q.addBindValue(RecordJson::iso(run.end));
    q.addBindValue(runStatusName(run.status));
    q.addBindValue(run.errorCode);
    q.addBindValue(run.error);
    q.addBindValue(run.response.isEmpty() ? QString() : toText(run.response));
    q.addBindValue(run.resubmittedFrom);
    q.addBindValue(static_cast<qint64>(::getpid()));
    if (!q.exec())
        return Status::failure(QStringLiteral("store"),
                               tr("cannot record run %1: %2").arg(run.id, q.lastError().text()),
                               500);
    for (const StepResult& s : run.steps) {
        Status st = addStep(run.id, s);
        if (!st)
            return st;
    }
    return success();
}

Status RunStore::addStep(const QString& runId, const StepResult& in)
{
    const StepResult step = scrubbed(in);
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    // The record goes in as UTF-8 octets that SQLite makes text itself: bound
    // as a QString it would be a UTF-16 copy of a large input (a base64
    // attachment), and Qt's JSON writer makes one more of each string.
    q.prepare(
        QStringLiteral("INSERT INTO steps (run_id, seq, name, status, record) VALUES (?,"
                       " (SELECT COALESCE(MAX(seq), -1) + 1 FROM steps WHERE run_id = ?), ?, ?,"
                       " CAST(? AS TEXT))"));
    q.addBindValue(runId);
    q.addBindValue(runId);
    q.addBindValue(step.name);
    q.addBindValue(stepStatusName(step.status));
    q.addBindValue(JsonWriter::compact(step.toJson()));
    if (!q.exec())
        return Status::failure(
            QStringLiteral("store"),
            tr("cannot record step %1 of run %2: %3").arg(step.name, runId, q.lastError().text()),
            500);
    return success();
}

Status RunStore::finishRun(const Run& in)
{
    const Run run = scrubbed(in);
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE runs SET status=?, start_time=?, end_time=?, error_code=?,"
                             " error=?, response=? WHERE id=?"));
    q.addBindValue(runStatusName(run.status));
    q.addBindValue(RecordJson::iso(run.start));
    q.addBindValue(RecordJson::iso(run.end));
    q.addBindValue(run.errorCode);
    q.addBindValue(run.error);
    q.addBindValue(run.response.isEmpty() ? QString() : toText(run.response));
    q.addBindValue(run.id);
    if (!q.exec())
        return Status::failure(QStringLiteral("store"),
                               tr("cannot update run %1: %2").arg(run.id, q.lastError().text()),
                               500);
    if (q.numRowsAffected() == 0)
        return beginRun(in);
    // Loop repetitions that ran side by side were written as they finished;
    // the finished run lists them repetition by repetition, and so does the file.
    const bool inLoops = std::any_of(run.steps.cbegin(), run.steps.cend(),
                                     [](const StepResult& s) { return s.iteration >= 0; });
    if (!inLoops)
        return success();
    db.transaction();
    QSqlQuery d(db);
    d.prepare(QStringLiteral("DELETE FROM steps WHERE run_id=?"));
    d.addBindValue(run.id);
    Status s =
        d.exec() ? success() : Status::failure(QStringLiteral("store"), d.lastError().text(), 500);
    for (qsizetype i = 0; s && i < run.steps.size(); ++i)
        s = addStep(run.id, run.steps.at(i));
    if (!s) {
        db.rollback();
        return s;
    }
    if (!db.commit())
        return Status::failure(QStringLiteral("store"), db.lastError().text(), 500);
    return success();
}

Status RunStore::saveRun(const Run& run)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    db.transaction();
    Status s = remove(run.id);
    if (s)
        s = beginRun(run);
    if (!s) {
        db.rollback();
        return s;
    }
    if (!db.commit())
        return Status::failure(QStringLiteral("store"), db.lastError().text(), 500);
    return success();
}

Status RunStore::remove(const QString& id)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM steps WHERE run_id=?"));
    q.addBindValue(id);
    if (!q.exec())
        return Status::failure(QStringLiteral("store"), q.lastError().text(), 500);
    q.prepare(QStringLiteral("DELETE FROM runs WHERE id=?"));
    q.addBindValue(id);
    if (!q.exec())
        return Status::failure(QStringLiteral("store"), q.lastError().text(), 500);
    return success();
}

namespace {

Run runFromRow(const QSqlQuery& q)
{
    Run r;
    r.id = q.value(0).toString();
    r.workflow = q.value(1).toString();
    r.workflowPath = q.value(2).toString();
    r.triggerName = q.value(3).toString();
    r.triggerOutputs = fromText(q.value(4).toString()).toObject();
    r.start = RecordJson::fromIso(q.value(5).toString());
    r.end = RecordJson::fromIso(q.value(6).toString());
    r.status = runStatusFromName(q.value(7).toString()).value_or(RunStatus::Interrupted);
    r.errorCode = q.value(8).toString();
    r.error = q.value(9).toString();
    r.response = fromText(q.value(10).toString()).toObject();
    r.resubmittedFrom = q.value(11).toString();
    return r;
}

const char* kRunColumns = "id, workflow, workflow_path, trigger_name, trigger_outputs, start_time,"
                          " end_time, status, error_code, error, response, resubmitted_from";

} // namespace

Result<QList<Run>> RunStore::runs(int limit, const QString& workflow) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    QString sql =
        QStringLiteral("SELECT ") + QLatin1String(kRunColumns) + QStringLiteral(" FROM runs");
    if (!workflow.isEmpty())
        sql += QStringLiteral(" WHERE workflow = ?");
    sql += QStringLiteral(" ORDER BY start_time DESC, rowid DESC LIMIT ?");
    q.prepare(sql);
    if (!workflow.isEmpty())
        q.addBindValue(workflow);
    q.addBindValue(limit);
    if (!q.exec())
        return Result<QList<Run>>::failure(QStringLiteral("store"), q.lastError().text(), 500);
    QList<Run> out;
    while (q.next())
        out.append(runFromRow(q));
    return out;
}

Result<Run> RunStore::run(const QString& id) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT ") + QLatin1String(kRunColumns) +
              QStringLiteral(" FROM runs WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Result<Run>::failure(QStringLiteral("store"), q.lastError().text(), 500);
    if (!q.next())
        return Result<Run>::failure(QStringLiteral("run"), tr("no run with id %1").arg(id), 404);
    Run r = runFromRow(q);
    QSqlQuery s(db);
    s.prepare(QStringLiteral("SELECT record FROM steps WHERE run_id = ? ORDER BY seq"));
    s.addBindValue(id);
    if (!s.exec())
        return Result<Run>::failure(QStringLiteral("store"), s.lastError().text(), 500);
    while (s.next())
        r.steps.append(
            StepResult::fromJson(QJsonDocument::fromJson(s.value(0).toString().toUtf8()).object()));
    return r;
}

} // namespace engine
