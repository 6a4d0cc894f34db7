#pragma once

#include "designer/canvas/StepStatus.h"
#include "engine/core/Result.h"
#include "engine/runtime/Run.h"

#include <QJsonValue>
#include <QObject>

namespace engine {
class Connections;
class SecretStore;
class Workflow;
} // namespace engine

namespace designer {

class WorkflowDocument;

// What runs workflows for the window, as the window sees it: runs on a
// thread of its own, never blocking, progress relayed as queued signals.
// RunController implements it in the run module (RunModule), which holds
// everything that uses the network; the window reaches it only through here.
//
//   controller->setConnections(project->connections(), keychain);
//   controller->setStorePath(path);                    // history, optional
//   connect(runAction, ..., [=] { controller->run(*document); });   // Ctrl+Enter
//   connect(controller, &RunControl::stepStatusChanged, scene, ...);  // live badges
class RunControl : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The connections (and the store of their secrets, not owned) runs use.
    virtual void setConnections(const engine::Connections& connections,
                                engine::SecretStore* secrets) = 0;
    // Records runs in the history at `path` (empty: RunStore::defaultPath()).
    // Call before the first run.
    virtual engine::Status setStorePath(const QString& path) = 0;

    // Starts a run of the workflow as it is now (a snapshot; editing goes on)
    // with the manual trigger's body. Returns the run id.
    virtual QString run(const WorkflowDocument& document, const QJsonValue& triggerBody = {}) = 0;
    // Runs again with the trigger outputs of a recorded run.
    virtual QString resubmit(const engine::Workflow& workflow, const QString& path,
                             const engine::Run& earlier) = 0;
    // Cancels every run in progress.
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;

    // Keeps the workflow's enabled triggers firing (recurrence, HTTP request,
    // file created, Salesforce) while the window is open, as `logicapp serve`
    // does; replaces what was served before. Returns how many fire; the
    // reasons for the others come as triggerMessage.
    virtual int serveTriggers(const engine::Workflow& workflow, const QString& path) = 0;
    virtual void stopTriggers() = 0;
    virtual int activeTriggers() const = 0;
    // The HTTP request trigger's URL, empty when the workflow has none.
    virtual QString callbackUrl() const = 0;
    // The port HTTP request triggers listen on (127.0.0.1); 0: any free port.
    // When the port is taken, any free port is used instead.
    virtual void setHttpPort(quint16 port) = 0;

    // How a step status shows on a card.
    static StepStatus cardStatus(engine::StepStatus status);

Q_SIGNALS:
    void runStarted(const engine::Run& run);
    // What the triggers do: started, skipped (and why), failed.
    void triggerMessage(const QString& message);
    // Each step as it starts (Running) and ends: for the cards' badges.
    void stepStatusChanged(const QString& runId, const QString& step, designer::StepStatus status);
    void stepFinished(const QString& runId, const engine::StepResult& step);
    void runFinished(const engine::Run& run);
    void runningChanged(bool running);
};

} // namespace designer
