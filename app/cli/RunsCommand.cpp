#include "app/cli/RunCommands.h"
#include "engine/runtime/RunStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::runs", text);
}

QString duration(const engine::Run& run)
{
    if (!run.end.isValid())
        return QStringLiteral("-");
    const qint64 ms = run.durationMs();
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

} // namespace

int runRuns(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Lists the run history, newest first, or shows one run with its steps. "
           "--resubmit runs a past run's workflow file again with the same trigger outputs "
           "(as 'logicapp run FILE --resubmit RUN_ID'; same exit status)."));
    parser.addPositionalArgument(QStringLiteral("RUN_ID"), tr("Show this run in full."),
                                 QStringLiteral("[RUN_ID]"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), tr("Print JSON."));
    const QCommandLineOption storeOpt(QStringLiteral("store"),
                                      tr("Run history database (default: the user's data folder)."),
                                      QStringLiteral("DB"));
    const QCommandLineOption limitOpt(QStringLiteral("limit"), tr("At most N runs (default 50)."),
                                      QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption workflowOpt(QStringLiteral("workflow"),
                                         tr("Only runs of this workflow."), QStringLiteral("NAME"));
    const QCommandLineOption resubmitOpt(
        QStringLiteral("resubmit"),
        tr("Run this earlier run's workflow again with the same trigger outputs."),
        QStringLiteral("RUN_ID"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     tr("Show this help."));
    parser.addOptions({jsonOpt, storeOpt, limitOpt, workflowOpt, resubmitOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("logicapp runs")} + args)) {
        io.err << "logicapp runs: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(helpOpt)) {
        io.out << parser.helpText();
        return ExitOk;
    }
    const auto usage = [&io](const QString& message) {
        io.err << "logicapp runs: " << message << '\n';
        return ExitUsage;
    };
    if (parser.positionalArguments().size() > 1)
        return usage(tr("give at most one run id"));
    bool ok = false;
    const int limit = parser.value(limitOpt).toInt(&ok);
    if (!ok || limit < 1) {
        io.err << "logicapp runs: --limit: "
               << tr("'%1' is not a positive number").arg(parser.value(limitOpt)) << '\n';
        return ExitUsage;
    }
    auto store = engine::RunStore::open(parser.value(storeOpt));
    if (!store) {
        io.err << "logicapp runs: " << store.error().toString() << '\n';
        return ExitUsage;
    }
    const bool json = parser.isSet(jsonOpt);

    if (parser.isSet(resubmitOpt)) {
        if (!parser.positionalArguments().isEmpty())
            return usage(tr("--resubmit takes the run id; give no other"));
        auto earlier = (*store)->run(parser.value(resubmitOpt));
        if (!earlier)
            return usage(QStringLiteral("--resubmit: ") + earlier.error().message);
        if (earlier->workflowPath.isEmpty() || !QFileInfo::exists(earlier->workflowPath))
            return usage(tr("--resubmit: the workflow file of run %1 (%2) is not there any more; "
                            "use 'logicapp run FILE --resubmit %1'")
                             .arg(earlier->id, earlier->workflowPath.isEmpty()
                                                   ? tr("not recorded")
                                                   : earlier->workflowPath));
        QStringList runArgs{earlier->workflowPath, QStringLiteral("--resubmit"), earlier->id,
                            QStringLiteral("--store"), (*store)->path()};
        if (json)
            runArgs.append(QStringLiteral("--json"));
        store->reset(); // the run verb opens the history itself
        return runRun(runArgs, io);
    }

    if (!parser.positionalArguments().isEmpty()) {
        auto run = (*store)->run(parser.positionalArguments().first());
        if (!run) {
            io.err << "logicapp runs: " << run.error().message << '\n';
            return ExitUsage;
        }
        if (json) {
            io.out << QJsonDocument(run->toJson()).toJson(QJsonDocument::Indented);
            return ExitOk;
        }
        io.out << run->id << "  " << run->workflow << "  " << engine::runStatusName(run->status)
               << "  " << run->start.toLocalTime().toString(Qt::ISODate) << "  " << duration(*run)
               << '\n';
        if (!run->error.isEmpty())
            io.out << run->error << '\n';
        for (const engine::StepResult& s : run->steps) {
            io.out << "  " << engine::stepStatusName(s.status).leftJustified(10) << ' ' << s.name;
            if (s.iteration >= 0)
                io.out << " #" << s.iteration + 1;
            if (s.status != engine::StepStatus::Skipped)
                io.out << "  (" << s.durationMs() << " ms)";
            if (!s.error.isEmpty() && s.status != engine::StepStatus::Succeeded)
                io.out << "  " << s.error;
            io.out << '\n';
        }
        return ExitOk;
    }

    auto runs = (*store)->runs(limit, parser.value(workflowOpt));
    if (!runs) {
        io.err << "logicapp runs: " << runs.error().toString() << '\n';
        return ExitUsage;
    }
    if (json) {
        QJsonArray array;
        for (const engine::Run& r : *runs)
            array.append(r.toJson());
        io.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    if (runs->isEmpty()) {
        io.out << tr("No runs yet.") << '\n';
        return ExitOk;
    }
    io.out << tr("STATUS").leftJustified(12) << tr("STARTED").leftJustified(21)
           << tr("DURATION").leftJustified(11) << tr("WORKFLOW").leftJustified(24) << tr("RUN ID")
           << '\n';
    for (const engine::Run& r : *runs)
        io.out << engine::runStatusName(r.status).leftJustified(12)
               << r.start.toLocalTime()
                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                      .leftJustified(21)
               << duration(r).leftJustified(11) << r.workflow.left(23).leftJustified(24) << r.id
               << '\n';
    return ExitOk;
}

} // namespace cli
