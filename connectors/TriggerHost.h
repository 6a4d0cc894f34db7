#pragma once

#include "engine/core/Result.h"

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

namespace engine {
class AppSettings;
class Catalogue;
class Executor;
struct RunRequest;
class SecretStore;
class TriggerSource;
class Workflow;
} // namespace engine

namespace connectors {

namespace request {
class RequestServer;
}

// Keeps the triggers of open workflows firing: for each enabled trigger of a
// workflow it creates the operation's TriggerSource, starts it with its
// connection, and starts a run on the executor each time it fires. HTTP
// request triggers answer 202 with the run id, or wait for the run's
// Response action when the workflow has one. Shared by `logicapp serve` and
// the designer, so a workflow fires the same way in both.
//
//   TriggerHost host({&catalogue, executor, &secrets, resolve}, &http);
//   host.serve(workflow, path, name);   // signals say what started or failed
//   ...
//   host.stopAll();
class TriggerHost : public QObject
{
    Q_OBJECT
public:
    struct Environment
    {
        const engine::Catalogue* catalogue = nullptr;
        engine::Executor* executor = nullptr; // not owned; may live in another thread
        engine::SecretStore* secrets = nullptr;
        // The connection a trigger names, secrets resolved (RunSetup::connectionResolver).
        std::function<engine::Result<QJsonObject>(const QJsonObject& step)> connectionFor;
        // Where triggers keep their state (watermarks); empty: their default.
        QString stateDirectory;
        // Called in this object's thread for each run before it starts (the
        // designer resolves the actions' connections there).
        std::function<void(engine::RunRequest&)> prepareRun;
    };

    // `http` serves the HTTP request triggers (not owned; may be null when no
    // workflow has one).
    TriggerHost(Environment environment, request::RequestServer* http, QObject* parent = nullptr);
    ~TriggerHost() override;

    // Starts every enabled trigger of `workflow`; returns how many started.
    // A workflow whose state is Disabled, a disabled trigger, and a trigger
    // that cannot fire here (manual) are reported by triggerSkipped.
    int serve(const engine::Workflow& workflow, const QString& path, const QString& name);
    // Stops the triggers of the workflow `name` (a run in progress goes on).
    void stop(const QString& name);
    void stopAll();
    // For the triggers served from now on.
    void setEnvironment(Environment environment) { m_env = std::move(environment); }
    void setHttpServer(request::RequestServer* http) { m_http = http; }
    // Triggers firing now.
    int activeTriggers() const { return int(m_served.size()); }
    // The URL of a workflow's HTTP request trigger, empty when it has none.
    QString callbackUrl(const QString& name) const;

    // Logic Apps' notion of "off": a state of Disabled on the workflow (ARM,
    // Consumption) or on the trigger.
    static bool workflowDisabled(const engine::Workflow& workflow);
    static bool triggerDisabled(const QJsonObject& trigger);
    // Logic Apps Standard switches a workflow off with the app setting
    // Workflows.<name>.FlowState = Disabled (flowStateSetting(name)).
    static QString flowStateSetting(const QString& workflowName);
    static bool flowStateDisabled(const QString& workflowName, const engine::AppSettings& settings);

Q_SIGNALS:
    void triggerStarted(const QString& workflow, const QString& trigger,
                        const QString& description);
    void triggerSkipped(const QString& workflow, const QString& trigger, const QString& reason);
    void triggerFailed(const QString& workflow, const QString& trigger, const QString& message);
    void runStarted(const QString& workflow, const QString& trigger, const QString& runId);

private:
    struct Served
    {
        QString workflow;
        QString trigger;
        std::unique_ptr<engine::TriggerSource> source;
    };
    void answerRequests(engine::TriggerSource* source, const engine::Workflow& workflow,
                        const std::function<QString(const QJsonObject&)>& startRun);

    Environment m_env;
    request::RequestServer* m_http;
    std::vector<Served> m_served;
};

} // namespace connectors
