#pragma once

#include "designer/runs/RunControl.h"
#include "engine/connections/Connections.h"

#include <QSet>
#include <memory>

class QThread;

namespace engine {
class Catalogue;
class Executor;
class SecretStore;
class Workflow;
} // namespace engine

namespace connectors {
class TriggerHost;
namespace request {
class RequestServer;
}
} // namespace connectors

namespace designer {

class WorkflowDocument;

// Runs workflows for the window without ever blocking it: owns an
// engine::Executor on its own thread and relays its progress as queued
// signals (RunControl). Part of the run module: the designer's program makes
// one through RunModule, tests and other programs that link it in directly.
class RunController : public RunControl
{
    Q_OBJECT
public:
    explicit RunController(const engine::Catalogue& catalogue, QObject* parent = nullptr);
    ~RunController() override; // cancels runs and stops the thread

    // The connections (and the store of their secrets, not owned) runs use.
    void setConnections(const engine::Connections& connections,
                        engine::SecretStore* secrets) override;
    // Records runs in the history at `path` (empty: RunStore::defaultPath()).
    // The writes happen in the executor's thread, on a connection of their own,
    // so the window never waits for the disk; the RunsPanel reads the same
    // file through its own RunStore. Call before the first run.
    engine::Status setStorePath(const QString& path) override;
    // A limit for each run; 0: none.
    void setRunTimeoutMs(qint64 ms) { m_runTimeoutMs = ms; }

    // Starts a run of the workflow as it is now (a snapshot; editing goes on)
    // with the manual trigger's body. Returns the run id.
    QString run(const WorkflowDocument& document, const QJsonValue& triggerBody = {}) override;
    QString run(const engine::Workflow& workflow, const QString& path,
                const QJsonValue& triggerBody = {}, const QString& resubmittedFrom = {});
    // Runs again with the trigger outputs of a recorded run.
    QString resubmit(const engine::Workflow& workflow, const QString& path,
                     const engine::Run& earlier) override;
    // Cancels every run in progress.
    void stop() override;

    // Keeps the workflow's enabled triggers firing (recurrence, HTTP request,
    // file created, Salesforce) while the window is open, as `logicapp serve`
    // does; replaces what was served before. Returns how many fire; the
    // reasons for the others come as triggerMessage.
    int serveTriggers(const engine::Workflow& workflow, const QString& path) override;
    void stopTriggers() override;
    int activeTriggers() const override;
    // The HTTP request trigger's URL, empty when the workflow has none.
    QString callbackUrl() const override;
    // The port HTTP request triggers listen on (127.0.0.1); 0: any free port.
    // When the port is taken, any free port is used instead.
    void setHttpPort(quint16 port) override { m_httpPort = port; }
    bool isRunning() const override { return !m_active.isEmpty(); }

    engine::Executor* executor() const { return m_executor; }

private:
    void ensureExecutor();
    QString startRequest(const QJsonObject& definition, const QString& workflowName,
                         const QString& path, const QJsonObject& triggerOutputs,
                         const QString& resubmittedFrom, const engine::Workflow& workflow);

    const engine::Catalogue& m_catalogue;
    QThread* m_thread;
    engine::Executor* m_executor = nullptr;
    QString m_storePath;
    bool m_record = false;
    engine::Connections m_connections;
    engine::SecretStore* m_secrets = nullptr;
    qint64 m_runTimeoutMs = 0;
    QSet<QString> m_active;
    quint16 m_httpPort = 7071;
    connectors::request::RequestServer* m_http = nullptr;
    connectors::TriggerHost* m_triggers = nullptr;
    QString m_servedName;
};

} // namespace designer
