#include "app/cli/CliProject.h"
#include "app/cli/RunCommands.h"
#include "app/cli/StopSignals.h"
#include "connectors/Connectors.h"
#include "engine/connections/AppSettings.h"
#include "engine/connections/Connections.h"
#include "engine/connections/EnvironmentSecretStore.h"
#include "engine/runtime/Executor.h"
#include "engine/runtime/IsoDuration.h"
#include "engine/runtime/RunRecorder.h"
#include "engine/runtime/RunSetup.h"
#include "engine/runtime/RunStore.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QThread>
#include <csignal>

namespace cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::run", text);
}

QString duration(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

// Nesting depth of a step, from the parents recorded so far.
int depthOf(const engine::StepResult& step, const QHash<QString, QString>& parents)
{
    int depth = 0;
    QString p = step.parent;
    while (!p.isEmpty() && depth < 50) {
        ++depth;
        p = parents.value(p);
    }
    return depth;
}

} // namespace

int runRun(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Runs a workflow once, as if its trigger fired by hand, and prints each step's "
           "status and duration.\n"
           "Exit status: 0 the run succeeded, 1 it did not, 2 bad usage or invalid input, "
           "130 stopped by Ctrl+C (SIGINT) and 143 by SIGTERM: the run is cancelled and "
           "recorded as Cancelled."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("The workflow file (workflow.json)."));
    CliProject project;
    project.addOptions(parser);
    const QCommandLineOption bodyOpt(QStringLiteral("trigger-body"),
                                     tr("The trigger's body: JSON text, or @FILE to read it."),
                                     QStringLiteral("JSON|@FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     tr("Print the whole run record as JSON."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"),
                                        tr("Stop the run after this long (ISO 8601, e.g. PT5M)."),
                                        QStringLiteral("DURATION"));
    const QCommandLineOption resubmitOpt(
        QStringLiteral("resubmit"),
        tr("Run again with the trigger outputs of this earlier run from the history."),
        QStringLiteral("RUN_ID"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     tr("Show this help."));
    parser.addOptions({bodyOpt, jsonOpt, timeoutOpt, resubmitOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("logicapp run")} + args)) {
        io.err << "logicapp run: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(helpOpt)) {
        io.out << parser.helpText();
        return ExitOk;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        io.err << "logicapp run: "
               << (files.isEmpty() ? tr("give one workflow file")
                                   : tr("give only one workflow file"))
               << "\n";
        return ExitUsage;
    }
    const auto fail = [&io](const QString& message) {
        io.err << "logicapp run: " << message << '\n';
        return ExitUsage;
    };
    if (parser.isSet(bodyOpt) && parser.isSet(resubmitOpt))
        return fail(tr("--trigger-body and --resubmit cannot be used together"));

    const QString path = QFileInfo(files.first()).absoluteFilePath();
    auto workflow = engine::Workflow::load(path);
    if (!workflow)
        return fail(path + QStringLiteral(": ") + workflow.error().toString());

    // App settings and connections: given, else the project's, else none.
    if (engine::Status loaded = project.load(parser, path); !loaded)
        return fail(loaded.error().message);
    const engine::AppSettings& settings = project.settings();

    qint64 timeoutMs = 0;
    if (parser.isSet(timeoutOpt)) {
        auto t =
            engine::IsoDuration::parseMs(parser.value(timeoutOpt), QStringLiteral("--timeout"));
        if (!t || *t <= 0)
            return fail(t ? tr("--timeout: must be longer than zero") : t.error().toString());
        timeoutMs = *t;
    }

    const engine::Catalogue& catalogue = connectors::catalogue();
    bool invalid = false;
    for (const engine::Problem& p : engine::Validator::validate(*workflow, catalogue)) {
        if (p.severity != engine::Problem::Severity::Error)
            continue;
        io.err << path << ": " << p.toString() << '\n';
        invalid = true;
    }
    if (invalid) {
        io.err << "logicapp run: " << tr("the workflow has problems; nothing was run") << '\n';
        return ExitUsage;
    }

    auto opened = project.openStore(parser);
    if (!opened)
        return fail(opened.error().toString());
    std::unique_ptr<engine::RunStore> store = std::move(*opened);

    QJsonObject triggerOutputs{{QStringLiteral("headers"), QJsonObject()},
                               {QStringLiteral("body"), QJsonValue()}};
    QString resubmittedFrom;
    if (parser.isSet(bodyOpt)) {
        auto outputs = engine::RunSetup::triggerOutputsFrom(parser.value(bodyOpt));
        if (!outputs)
            return fail(QStringLiteral("--") + outputs.error().toString());
        triggerOutputs = *outputs;
    } else if (parser.isSet(resubmitOpt)) {
        if (!store)
            return fail(tr("--resubmit needs the run history (drop --no-store)"));
        auto earlier = store->run(parser.value(resubmitOpt));
        if (!earlier)
            return fail(QStringLiteral("--resubmit: ") + earlier.error().message);
        triggerOutputs = earlier->triggerOutputs;
        resubmittedFrom = earlier->id;
    }

    engine::EnvironmentSecretStore secrets(settings);
    engine::RunEnvironment env;
    env.catalogue = &catalogue;
    env.secrets = &secrets;
    env.appSettings = settings;
    env.runTimeoutMs = timeoutMs;
    env.connectionFor = engine::RunSetup::connectionResolver(project.connections(), &secrets);

    engine::RunRequest request = engine::RunSetup::request(*workflow, path, triggerOutputs);
    request.resubmittedFrom = resubmittedFrom;
    // The run works from the request's copy of the definition; the model would
    // hold a large literal (a base64 attachment) a second time until the end.
    *workflow = engine::Workflow();

    QThread thread;
    thread.setObjectName(QStringLiteral("executor"));
    auto* executor = new engine::Executor(env);
    executor->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, executor, &QObject::deleteLater);
    std::unique_ptr<engine::RunRecorder> recorder;
    if (store) {
        recorder = std::make_unique<engine::RunRecorder>(executor, store.get());
        QObject::connect(recorder.get(), &engine::RunRecorder::storeFailed,
                         [&io](const QString& m) { io.err << "logicapp run: " << m << '\n'; });
    }

    const bool json = parser.isSet(jsonOpt);
    QHash<QString, QString> parents;
    QObject::connect(
        executor, &engine::Executor::stepFinished, executor,
        [&](const QString&, const engine::StepResult& s) {
            if (json)
                return;
            parents.insert(s.name, s.parent);
            QString line = QString(depthOf(s, parents) * 2, QLatin1Char(' ')) +
                           engine::stepStatusName(s.status).leftJustified(10) + QLatin1Char(' ') +
                           s.name;
            if (s.iteration >= 0)
                line += QStringLiteral(" #%1").arg(s.iteration + 1);
            if (s.status != engine::StepStatus::Skipped)
                line += QStringLiteral("  (%1)").arg(duration(s.durationMs()));
            if (s.retries > 0)
                line += QStringLiteral("  %1 retries").arg(s.retries);
            io.out << line << '\n';
            if (!s.error.isEmpty() && s.status != engine::StepStatus::Succeeded &&
                s.status != engine::StepStatus::Skipped)
                io.out << QString(depthOf(s, parents) * 2 + 11, QLatin1Char(' '))
                       << (s.errorField.isEmpty() ? QString() : s.errorField + QStringLiteral(": "))
                       << s.error << '\n';
            io.out.flush();
        },
        Qt::DirectConnection);

    engine::Run finished;
    QEventLoop loop;
    QObject::connect(executor, &engine::Executor::runFinished, &loop, [&](const engine::Run& run) {
        finished = run;
        loop.quit();
    });
    // Ctrl+C or SIGTERM cancels the run: the step that runs stops, the run
    // ends Cancelled and is recorded so before the program exits.
    StopSignals stop;
    int stoppedBy = 0;
    QString runId;
    QObject::connect(&stop, &StopSignals::stopRequested, &loop, [&](int signalNumber) {
        if (stoppedBy != 0)
            return;
        stoppedBy = signalNumber;
        io.err << "logicapp run: "
               << tr("%1 received; cancelling the run")
                      .arg(signalNumber == SIGINT ? QStringLiteral("SIGINT")
                                                  : QStringLiteral("SIGTERM"))
               << '\n';
        io.err.flush();
        executor->cancel(runId);
    });
    thread.start();
    runId = executor->start(request);
    loop.exec();
    thread.quit();
    thread.wait();
    // Let the recorder write what the executor reported last.
    QCoreApplication::sendPostedEvents();
    recorder.reset();

    if (json) {
        io.out << QJsonDocument(finished.toJson()).toJson(QJsonDocument::Indented);
    } else {
        io.out << tr("Run %1 %2 in %3")
                      .arg(finished.id, engine::runStatusName(finished.status),
                           duration(finished.durationMs()))
               << '\n';
        if (!finished.error.isEmpty() && finished.status != engine::RunStatus::Succeeded)
            io.out << finished.error << '\n';
    }
    io.out.flush();
    // As shells report a command a signal ended: 128 + the signal's number.
    if (stoppedBy != 0 && finished.status == engine::RunStatus::Cancelled)
        return 128 + stoppedBy;
    return finished.status == engine::RunStatus::Succeeded ? ExitOk : ExitFailed;
}

} // namespace cli
