#include "app/cli/CliProject.h"
#include "app/cli/StopSignals.h"
#include "app/cli/TriggerCommands.h"
#include "connectors/Connectors.h"
#include "connectors/TriggerHost.h"
#include "connectors/catcher/MailCatcher.h"
#include "connectors/request/RequestServer.h"
#include "connectors/request/RequestTrigger.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/catalogue/Job.h"
#include "engine/connections/AppSettings.h"
#include "engine/connections/Connections.h"
#include "engine/connections/EnvironmentSecretStore.h"
#include "engine/runtime/Executor.h"
#include "engine/runtime/RunRecorder.h"
#include "engine/runtime/RunSetup.h"
#include "engine/runtime/RunStore.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <QTimer>
#include <memory>
#include <vector>

namespace cli {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cli::serve", text);
}

} // namespace

int runServe(const QStringList& args, Io& io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Fires the triggers of the given workflows until stopped (Ctrl+C or SIGTERM): "
           "recurrence, HTTP request, file created, Salesforce. Each firing is one run."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("Workflow files (workflow.json)."),
                                 QStringLiteral("FILE..."));
    CliProject project;
    project.addOptions(parser);
    const QCommandLineOption portOpt(
        QStringLiteral("http-port"),
        tr("Port of the HTTP request triggers (default 7071; 0: any)."), QStringLiteral("N"),
        QStringLiteral("7071"));
    const QCommandLineOption stateOpt(QStringLiteral("state-dir"),
                                      tr("Where triggers keep their state (secrets, watermarks)."),
                                      QStringLiteral("D"));
    const QCommandLineOption catcherOpt(QStringLiteral("with-catcher"),
                                        tr("Also run the local mail catcher on 127.0.0.1:2525."));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                     tr("Show this help."));
    parser.addOptions({portOpt, stateOpt, catcherOpt, helpOpt});
    if (!parser.parse(QStringList{QStringLiteral("logicapp serve")} + args)) {
        io.err << "logicapp serve: " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(helpOpt)) {
        io.out << parser.helpText();
        return ExitOk;
    }
    const auto fail = [&io](const QString& message) {
        io.err << "logicapp serve: " << message << '\n';
        return ExitUsage;
    };
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return fail(tr("give at least one workflow file"));
    bool portOk = false;
    const uint port = parser.value(portOpt).toUInt(&portOk);
    if (!portOk || port > 65535)
        return fail(tr("--http-port: '%1' is not a port number").arg(parser.value(portOpt)));

    // The project of the first file gives the settings and connections of all.
    const QString firstPath = QFileInfo(files.first()).absoluteFilePath();
    if (engine::Status loaded = project.load(parser, firstPath); !loaded)
        return fail(loaded.error().message);
    const engine::AppSettings& settings = project.settings();

    const engine::Catalogue& catalogue = connectors::catalogue();
    struct Loaded
    {
        QString path;
        QString name;
        engine::Workflow workflow;
    };
    QList<Loaded> workflows;
    for (const QString& file : files) {
        const QString path = QFileInfo(file).absoluteFilePath();
        auto workflow = engine::Workflow::load(path);
        if (!workflow)
            return fail(path + QStringLiteral(": ") + workflow.error().toString());
        bool invalid = false;
        for (const engine::Problem& p : engine::Validator::validate(*workflow, catalogue)) {
            if (p.severity == engine::Problem::Severity::Error) {
                io.err << path << ": " << p.toString() << '\n';
                invalid = true;
            }
        }
        if (invalid)
            return fail(tr("%1 has problems; nothing is served").arg(path));
        workflows.append({path, engine::RunSetup::workflowName(*workflow, path), *workflow});
    }

    auto opened = project.openStore(parser);
    if (!opened)
        return fail(opened.error().toString());
    std::unique_ptr<engine::RunStore> store = std::move(*opened);

    engine::EnvironmentSecretStore secrets(settings);
    const auto resolve = engine::RunSetup::connectionResolver(project.connections(), &secrets);
    engine::RunEnvironment env;
    env.catalogue = &catalogue;
    env.secrets = &secrets;
    env.appSettings = settings;
    env.connectionFor = resolve;

    QThread thread;
    thread.setObjectName(QStringLiteral("executor"));
    auto* executor = new engine::Executor(env);
    executor->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, executor, &QObject::deleteLater);
    std::unique_ptr<engine::RunRecorder> recorder;
    if (store) {
        recorder = std::make_unique<engine::RunRecorder>(executor, store.get());
        QObject::connect(recorder.get(), &engine::RunRecorder::storeFailed,
                         [&io](const QString& m) { io.err << "logicapp serve: " << m << '\n'; });
    }
    QObject::connect(executor, &engine::Executor::runFinished, qApp, [&io](const engine::Run& run) {
        io.out
            << tr("run %1 of %2 %3").arg(run.id, run.workflow, engine::runStatusName(run.status));
        if (!run.error.isEmpty() && run.status != engine::RunStatus::Succeeded)
            io.out << ": " << run.error;
        io.out << '\n';
        io.out.flush();
    });
    thread.start();

    std::unique_ptr<connectors::catcher::MailCatcher> catcher;
    if (parser.isSet(catcherOpt)) {
        catcher = std::make_unique<connectors::catcher::MailCatcher>(
            connectors::catcher::MailCatcher::Options{});
        if (!catcher->start())
            io.err << "logicapp serve: "
                   << tr("the mail catcher cannot start: %1").arg(catcher->lastError()) << '\n';
        else
            io.out << tr("Mail catcher on 127.0.0.1:%1 stores mail in %2")
                          .arg(catcher->serverPort())
                          .arg(catcher->maildir().root())
                   << '\n';
    }

    connectors::request::RequestServer::Options httpOptions;
    httpOptions.port = quint16(port);
    connectors::request::RequestServer http(httpOptions);

    connectors::TriggerHost::Environment hostEnvironment;
    hostEnvironment.catalogue = &catalogue;
    hostEnvironment.executor = executor;
    hostEnvironment.secrets = &secrets;
    hostEnvironment.connectionFor = resolve;
    if (parser.isSet(stateOpt))
        hostEnvironment.stateDirectory = parser.value(stateOpt);
    connectors::TriggerHost host(hostEnvironment, &http);
    QObject::connect(&host, &connectors::TriggerHost::triggerStarted, qApp,
                     [&io](const QString& workflow, const QString& trigger, const QString& what) {
                         io.out << tr("%1: %2: %3").arg(workflow, trigger, what) << '\n';
                     });
    QObject::connect(&host, &connectors::TriggerHost::triggerSkipped, qApp,
                     [&io](const QString& workflow, const QString& trigger, const QString& why) {
                         if (trigger.isEmpty())
                             io.out << tr("%1: disabled, not served").arg(workflow) << '\n';
                         else
                             io.out
                                 << tr("%1: trigger %2 not served: %3").arg(workflow, trigger, why)
                                 << '\n';
                     });
    QObject::connect(&host, &connectors::TriggerHost::triggerFailed, qApp,
                     [&io](const QString& workflow, const QString& trigger, const QString& why) {
                         io.err << workflow << ": " << trigger << ": " << why << '\n';
                         io.err.flush();
                     });
    int started = 0;
    for (const Loaded& w : std::as_const(workflows)) {
        if (connectors::TriggerHost::flowStateDisabled(w.name, settings)) {
            io.out << tr("%1: disabled, not served").arg(w.name) << '\n';
            continue;
        }
        started += host.serve(w.workflow, w.path, w.name);
    }
    io.out.flush();
    io.err.flush();

    int exitCode = ExitOk;
    if (started == 0) {
        io.err << "logicapp serve: " << tr("no trigger to serve") << '\n';
        exitCode = ExitUsage;
    } else {
        io.out << tr("Serving %1 trigger(s). Press Ctrl+C to stop.").arg(started) << '\n';
        io.out.flush();
        StopSignals stop;
        int signals = 0;
        QObject::connect(&stop, &StopSignals::stopRequested, qApp, [&](int) {
            ++signals;
            if (signals == 1) {
                // Stop firing; let the runs in progress finish (a second signal cancels them).
                host.stopAll();
                const int active = executor->activeRuns();
                io.out << tr("stopping; %1 run(s) still going").arg(active) << '\n';
                io.out.flush();
                if (active == 0)
                    QCoreApplication::quit();
                return;
            }
            io.out << tr("cancelling the runs in progress") << '\n';
            io.out.flush();
            executor->cancelAll();
        });
        // Bound to `stop`, so that it goes with `signals`: a run's end queued
        // while the thread winds down below must not reach a closed scope.
        QObject::connect(executor, &engine::Executor::runFinished, &stop, [&](const engine::Run&) {
            if (signals > 0 && executor->activeRuns() == 0)
                QCoreApplication::quit();
        });
        QCoreApplication::exec();
    }
    host.stopAll();
    thread.quit();
    thread.wait();
    QCoreApplication::sendPostedEvents();
    recorder.reset();
    io.out << tr("stopped") << '\n';
    return exitCode;
}

} // namespace cli
