#include "app/cli/CliProject.h"
#include "app/cli/StopSignals.h"
#include "app/cli/TriggerCommands.h"
#include "connectors/Connectors.h"
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

bool isDisabled(const QJsonValue& state)
{
    return state.toString().compare(QLatin1String("Disabled"), Qt::CaseInsensitive) == 0;
}

// A workflow is off when its file says so (ARM/Consumption properties.state,
// a top-level state) or, for Standard, the app setting Workflows.<name>.FlowState.
bool workflowDisabled(const engine::Workflow& workflow, const QString& name,
                      const engine::AppSettings& settings)
{
    const QJsonObject root = workflow.root();
    if (isDisabled(root.value(QStringLiteral("state"))) ||
        isDisabled(
            root.value(QStringLiteral("properties")).toObject().value(QStringLiteral("state"))))
        return true;
    const auto flow = settings.value(QStringLiteral("Workflows.%1.FlowState").arg(name));
    return flow && isDisabled(*flow);
}

bool triggerDisabled(const QJsonObject& trigger)
{
    return isDisabled(trigger.value(QStringLiteral("state"))) ||
           trigger.value(QStringLiteral("disabled")).toBool(false);
}

// The Response action's answer as an HTTP response.
connectors::request::HttpResponse toHttp(const QJsonObject& response)
{
    connectors::request::HttpResponse r;
    r.status = response.value(QStringLiteral("statusCode")).toInt(200);
    const QJsonObject headers = response.value(QStringLiteral("headers")).toObject();
    bool hasType = false;
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        hasType =
            hasType || it.key().compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
        r.headers.append(
            std::make_pair(it.key().toLatin1(), it.value().toVariant().toString().toUtf8()));
    }
    const QJsonValue body = response.value(QStringLiteral("body"));
    if (body.isString()) {
        r.body = body.toString().toUtf8();
        if (!hasType)
            r.headers.append(std::make_pair(QByteArray("Content-Type"),
                                            QByteArray("text/plain; charset=utf-8")));
    } else if (!body.isUndefined() && !body.isNull()) {
        r.body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        if (!hasType)
            r.headers.append(std::make_pair(QByteArray("Content-Type"),
                                            QByteArray("application/json; charset=utf-8")));
    }
    return r;
}

bool hasResponseAction(const QJsonObject& actions)
{
    for (auto it = actions.constBegin(); it != actions.constEnd(); ++it) {
        const QJsonObject a = it.value().toObject();
        if (a.value(QStringLiteral("type"))
                .toString()
                .compare(QLatin1String("Response"), Qt::CaseInsensitive) == 0)
            return true;
        for (const char* key : {"actions", "else", "default"}) {
            QJsonObject nested = a.value(QLatin1String(key)).toObject();
            if (QLatin1String(key) == QLatin1String("else") ||
                QLatin1String(key) == QLatin1String("default"))
                nested = nested.value(QStringLiteral("actions")).toObject();
            if (hasResponseAction(nested))
                return true;
        }
        const QJsonObject cases = a.value(QStringLiteral("cases")).toObject();
        for (auto c = cases.constBegin(); c != cases.constEnd(); ++c) {
            if (hasResponseAction(c.value().toObject().value(QStringLiteral("actions")).toObject()))
                return true;
        }
    }
    return false;
}

struct Served
{
    QString workflow;
    QString trigger;
    std::unique_ptr<engine::TriggerSource> source;
};

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

    std::vector<Served> served;
    int started = 0;
    for (const Loaded& w : std::as_const(workflows)) {
        if (workflowDisabled(w.workflow, w.name, settings)) {
            io.out << tr("%1: disabled, not served").arg(w.name) << '\n';
            continue;
        }
        const QJsonObject definition = w.workflow.definition();
        const QJsonObject triggers = definition.value(QStringLiteral("triggers")).toObject();
        for (auto it = triggers.constBegin(); it != triggers.constEnd(); ++it) {
            const QString triggerName = it.key();
            const QJsonObject triggerJson = it.value().toObject();
            if (triggerDisabled(triggerJson)) {
                io.out << tr("%1: trigger %2 is disabled").arg(w.name, triggerName) << '\n';
                continue;
            }
            const engine::Catalogue::Match match = catalogue.recognise(triggerJson);
            if (!match.operation || !match.operation->createTrigger) {
                io.out << tr("%1: trigger %2 (%3) cannot fire here; run it with 'logicapp run'")
                              .arg(w.name, triggerName,
                                   triggerJson.value(QStringLiteral("type")).toString())
                       << '\n';
                continue;
            }
            std::unique_ptr<engine::TriggerSource> source = match.operation->createTrigger();
            source->setProperty("workflowName", w.name);
            if (parser.isSet(stateOpt))
                source->setProperty("stateDirectory", parser.value(stateOpt));
            engine::JobContext context;
            context.stepName = triggerName;
            context.secrets = &secrets;
            auto connection = resolve(triggerJson);
            if (!connection) {
                io.err << w.name << ": " << triggerName << ": " << connection.error().toString()
                       << '\n';
                continue;
            }
            context.connection = *connection;

            const QString path = w.path;
            const engine::Workflow workflow = w.workflow;
            auto startRun = [executor, workflow, path, triggerName](const QJsonObject& outputs) {
                return executor->start(
                    engine::RunSetup::request(workflow, path, outputs, triggerName));
            };
            if (auto* request = qobject_cast<connectors::request::RequestTrigger*>(source.get())) {
                request->setServer(&http);
                const bool waitForResponse =
                    hasResponseAction(definition.value(QStringLiteral("actions")).toObject());
                request->setResponder([executor, startRun, waitForResponse](
                                          const QJsonObject& outputs,
                                          connectors::request::RequestTrigger::Respond respond) {
                    if (!waitForResponse) {
                        const QString runId = startRun(outputs);
                        auto r = connectors::request::HttpResponse::json(
                            202, QJsonDocument(QJsonObject{{QStringLiteral("runId"), runId}})
                                     .toJson(QJsonDocument::Compact));
                        r.headers.append(
                            std::make_pair(QByteArray("x-ms-workflow-run-id"), runId.toLatin1()));
                        respond(r);
                        return;
                    }
                    // Answer with the Response action, or 502 when the run ends without one.
                    auto pending = std::make_shared<QString>();
                    auto done = std::make_shared<bool>(false);
                    auto* context = new QObject;
                    QObject::connect(executor, &engine::Executor::responseReady, context,
                                     [=](const QString& runId, const QJsonObject& response) {
                                         if (*done || runId != *pending)
                                             return;
                                         *done = true;
                                         respond(toHttp(response));
                                     });
                    QObject::connect(
                        executor, &engine::Executor::runFinished, context,
                        [=](const engine::Run& run) {
                            if (run.id != *pending)
                                return;
                            if (!*done) {
                                *done = true;
                                respond(run.response.isEmpty()
                                            ? connectors::request::HttpResponse::error(
                                                  502, "NoResponse",
                                                  tr("the run ended (%1) without a Response")
                                                      .arg(engine::runStatusName(run.status)))
                                            : toHttp(run.response));
                            }
                            context->deleteLater();
                        });
                    *pending = startRun(outputs);
                });
            } else {
                QObject::connect(source.get(), &engine::TriggerSource::fired, qApp,
                                 [startRun](const QJsonObject& outputs) { startRun(outputs); });
            }
            QObject::connect(source.get(), &engine::TriggerSource::failed, qApp,
                             [&io, name = w.name, triggerName](const QString& message) {
                                 io.err << name << ": " << triggerName << ": " << message << '\n';
                                 io.err.flush();
                             });
            QString error;
            if (!source->start(triggerJson, context, &error)) {
                io.err << w.name << ": " << triggerName << ": " << error << '\n';
                continue;
            }
            if (auto* request = qobject_cast<connectors::request::RequestTrigger*>(source.get()))
                io.out
                    << tr("%1: %2 listens at %3").arg(w.name, triggerName, request->callbackUrl())
                    << '\n';
            else
                io.out << tr("%1: %2 started (%3)")
                              .arg(w.name, triggerName, match.operation->displayName)
                       << '\n';
            ++started;
            served.push_back({w.name, triggerName, std::move(source)});
        }
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
                for (Served& s : served)
                    s.source->stop();
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
        QObject::connect(executor, &engine::Executor::runFinished, qApp, [&](const engine::Run&) {
            if (signals > 0 && executor->activeRuns() == 0)
                QCoreApplication::quit();
        });
        QCoreApplication::exec();
    }
    for (Served& s : served)
        s.source->stop();
    served.clear();
    thread.quit();
    thread.wait();
    QCoreApplication::sendPostedEvents();
    recorder.reset();
    io.out << tr("stopped") << '\n';
    return exitCode;
}

} // namespace cli
