#pragma once

#include "engine/core/Result.h"
#include "engine/runtime/Run.h"
#include "engine/runtime/RunHistory.h"

#include <QList>
#include <QString>
#include <memory>

namespace engine {

// The run history: runs and their step results in SQLite (QtSql), by default
// in the user's data folder. It survives restarts; runs left Running by a
// process that died are marked Interrupted when the history is next opened.
// Records are stored as the executor redacted them, and once more here by key
// name, so no password or token reaches the file.
//
// A RunStore uses its database connection from the thread that opened it only.
class RunStore : public RunHistory
{
public:
    ~RunStore() override;
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    // <AppDataLocation>/runs.sqlite
    static QString defaultPath();
    // Opens (creating when missing) the history at `path`, or defaultPath()
    // when empty, and marks runs of dead processes Interrupted.
    static Result<std::unique_ptr<RunStore>> open(const QString& path = {});

    QString path() const override { return m_path; }
    // How many runs open() marked Interrupted.
    int interruptedOnOpen() const { return m_interrupted; }

    // Records a run as it starts (its steps, if any, too).
    Status beginRun(const Run& run);
    // Appends one finished step result to a run.
    Status addStep(const QString& runId, const StepResult& step);
    // Updates a run's summary (status, end, error, response) when it ends.
    Status finishRun(const Run& run);
    // Writes a whole run with its steps at once (replacing any earlier record).
    Status saveRun(const Run& run);

    // Newest first, without steps; `workflow` filters by name when given.
    Result<QList<Run>> runs(int limit = 200, const QString& workflow = {}) const override;
    // One run with its steps; 404 when unknown.
    Result<Run> run(const QString& id) const override;
    Status remove(const QString& id);

private:
    RunStore() = default;
    Status init();
    Status markInterrupted();

    QString m_path;
    QString m_connection;
    int m_interrupted = 0;
};

} // namespace engine
