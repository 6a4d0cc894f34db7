#include "designer/runs/RunController.h"

#include "connectors/TriggerHost.h"
#include "connectors/request/RequestServer.h"
#include "designer/document/WorkflowDocument.h"
#include "engine/runtime/Executor.h"
#include "engine/runtime/RunRecorder.h"
#include "engine/runtime/RunSetup.h"
#include "engine/runtime/RunStore.h"
#include "engine/workflow/Workflow.h"

#include <QThread>

namespace designer {

RunController::RunController(const engine::Catalogue& catalogue, QObject* parent)
    : RunControl(parent), m_catalogue(catalogue), m_thread(new QThread(this))
{
    // Started with the first run: a window that never runs needs no thread.
    m_thread->setObjectName(QStringLiteral("executor"));
}

RunController::~RunController()
{
    if (m_executor) {
        m_executor->cancelAll();
        // Deleted in its own thread, before the thread ends.
        m_executor->deleteLater();
        m_executor = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
}

void RunController::setConnections(const engine::Connections& connections,
                                   engine::SecretStore* secrets)
{
    m_connections = connections;
    m_secrets = secrets;
}

engine::Status RunController::setStorePath(const QString& path)
{
    if (m_executor)
        return engine::Status::failure(QStringLiteral("store"),
                                       tr("the run history is chosen before the first run"), 500);
    // Opened once here to report a bad path now; the writer opens its own.
    auto probe = engine::RunStore::open(path);
    if (!probe)
        return probe.error();
    m_storePath = probe->get()->path();
    m_record = true;
    return engine::success();
}

QString RunController::run(const WorkflowDocument& document, const QJsonValue& triggerBody)
{
    return run(document.workflow(), document.filePath(), triggerBody);
}

QString RunController::run(const engine::Workflow& workflow, const QString& path,
                           const QJsonValue& triggerBody, const QString& resubmittedFrom)
{
    QJsonObject outputs{{QStringLiteral("headers"), QJsonObject()},
                        {QStringLiteral("body"), triggerBody}};
    return startRequest(workflow.definition(), engine::RunSetup::workflowName(workflow, path), path,
                        outputs, resubmittedFrom, workflow);
}

QString RunController::resubmit(const engine::Workflow& workflow, const QString& path,
                                const engine::Run& earlier)
{
    return startRequest(workflow.definition(), engine::RunSetup::workflowName(workflow, path), path,
                        earlier.triggerOutputs, earlier.id, workflow);
}

void RunController::ensureExecutor()
{
    if (m_executor)
        return;
    // One executor for the window's life: runs of one workflow then respect
    // its concurrency limit together.
    engine::RunEnvironment env;
    env.catalogue = &m_catalogue;
    env.secrets = m_secrets;
    env.appSettings = m_connections.appSettings();
    env.runTimeoutMs = m_runTimeoutMs;
    m_executor = new engine::Executor(env);
    m_thread->start();
    m_executor->moveToThread(m_thread);
    connect(m_executor, &engine::Executor::runStarted, this,
            [this](const engine::Run& r) { Q_EMIT runStarted(r); });
    connect(m_executor, &engine::Executor::stepStarted, this,
            [this](const QString& id, const engine::StepResult& s) {
                Q_EMIT stepStatusChanged(id, s.name, StepStatus::Running);
            });
    connect(m_executor, &engine::Executor::stepFinished, this,
            [this](const QString& id, const engine::StepResult& s) {
                Q_EMIT stepStatusChanged(id, s.name, cardStatus(s.status));
                Q_EMIT stepFinished(id, s);
            });
    connect(m_executor, &engine::Executor::runFinished, this, [this](const engine::Run& r) {
        m_active.remove(r.id);
        Q_EMIT runFinished(r);
        if (m_active.isEmpty())
            Q_EMIT runningChanged(false);
    });
    if (m_record) {
        // The writer lives with the executor: its own connection, its own thread.
        const QString path = m_storePath;
        engine::Executor* executor = m_executor;
        QMetaObject::invokeMethod(
            m_executor,
            [executor, path] {
                auto store = engine::RunStore::open(path);
                if (!store)
                    return;
                auto* holder = new QObject(executor);
                auto* recorder = new engine::RunRecorder(executor, store->get(), holder);
                Q_UNUSED(recorder);
                // The store goes when the executor (and the holder) does.
                engine::RunStore* raw = store->release();
                QObject::connect(holder, &QObject::destroyed, [raw] { delete raw; });
            },
            Qt::BlockingQueuedConnection);
    }
}

QString RunController::startRequest(const QJsonObject& definition, const QString&,
                                    const QString& path, const QJsonObject& triggerOutputs,
                                    const QString& resubmittedFrom,
                                    const engine::Workflow& workflow)
{
    ensureExecutor();
    engine::RunRequest request = engine::RunSetup::request(workflow, path, triggerOutputs);
    request.definition = definition;
    request.resubmittedFrom = resubmittedFrom;
    // Secrets are read here, in the window's thread, before the run starts.
    request.connectionFor =
        engine::RunSetup::resolvedConnections(definition, m_connections, m_secrets);
    const bool wasRunning = isRunning();
    const QString id = m_executor->start(request);
    m_active.insert(id);
    if (!wasRunning)
        Q_EMIT runningChanged(true);
    return id;
}

void RunController::stop()
{
    if (m_executor)
        m_executor->cancelAll();
}

int RunController::serveTriggers(const engine::Workflow& workflow, const QString& path)
{
    stopTriggers();
    ensureExecutor();
    // A port is opened only for a workflow that listens for HTTP requests.
    bool listens = false;
    for (const QString& trigger : workflow.triggerNames()) {
        listens = listens || workflow.stepJson(trigger)
                                     .value(QStringLiteral("type"))
                                     .toString()
                                     .compare(QLatin1String("Request"), Qt::CaseInsensitive) == 0;
    }
    if (listens && !m_http) {
        connectors::request::RequestServer::Options options;
        options.port = m_httpPort;
        m_http = new connectors::request::RequestServer(options, this);
        if (!m_http->start()) {
            // Another program (or window) has the port: any free one will do.
            delete m_http;
            options.port = 0;
            m_http = new connectors::request::RequestServer(options, this);
            if (!m_http->start()) {
                Q_EMIT triggerMessage(
                    tr("HTTP request triggers cannot listen: %1").arg(m_http->errorString()));
                delete m_http;
                m_http = nullptr;
            }
        }
    }
    if (!m_triggers) {
        m_triggers = new connectors::TriggerHost({}, m_http, this);
        connect(m_triggers, &connectors::TriggerHost::triggerStarted, this,
                [this](const QString&, const QString& trigger, const QString& what) {
                    Q_EMIT triggerMessage(tr("Trigger %1: %2").arg(trigger, what));
                });
        connect(m_triggers, &connectors::TriggerHost::triggerSkipped, this,
                [this](const QString&, const QString& trigger, const QString& why) {
                    Q_EMIT triggerMessage(
                        trigger.isEmpty() ? why : tr("Trigger %1: %2").arg(trigger, why));
                });
        connect(m_triggers, &connectors::TriggerHost::triggerFailed, this,
                [this](const QString&, const QString& trigger, const QString& message) {
                    Q_EMIT triggerMessage(tr("Trigger %1 failed: %2").arg(trigger, message));
                });
        connect(m_triggers, &connectors::TriggerHost::runStarted, this,
                [this](const QString&, const QString&, const QString& runId) {
                    const bool wasRunning = isRunning();
                    m_active.insert(runId);
                    if (!wasRunning)
                        Q_EMIT runningChanged(true);
                });
    }
    // The connections are resolved now, in this thread (the keychain is asked
    // from here), for the triggers that name one (Salesforce).
    auto environment = connectors::TriggerHost::Environment{
        &m_catalogue, m_executor,
        m_secrets,    engine::RunSetup::connectionResolver(m_connections, m_secrets),
        {},           {}};
    // Each triggered run gets the connections its actions name, resolved in
    // this thread when it fires.
    environment.prepareRun = [this](engine::RunRequest& request) {
        request.connectionFor =
            engine::RunSetup::resolvedConnections(request.definition, m_connections, m_secrets);
    };
    m_triggers->setEnvironment(environment);
    m_triggers->setHttpServer(m_http);
    m_servedName = engine::RunSetup::workflowName(workflow, path);
    return m_triggers->serve(workflow, path, m_servedName);
}

void RunController::stopTriggers()
{
    if (m_triggers)
        m_triggers->stopAll();
}

int RunController::activeTriggers() const
{
    return m_triggers ? m_triggers->activeTriggers() : 0;
}

QString RunController::callbackUrl() const
{
    return m_triggers ? m_triggers->callbackUrl(m_servedName) : QString();
}

} // namespace designer
