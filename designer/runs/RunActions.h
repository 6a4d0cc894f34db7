#pragma once

#include "engine/core/Result.h"

#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <memory>

class QAction;
class QDockWidget;
class QTimer;
class QWidget;

namespace engine {
class RunHistory;
class SecretStore;
struct Run;
} // namespace engine

namespace designer {

class RunControl;
class RunsPanel;
class WorkflowDocument;
class WorkflowScene;

// Everything the window does with runs: the Run menu's actions (Run,
// Ctrl+Enter; Run with Trigger Body…, Ctrl+Shift+Enter; Stop, Shift+F5;
// Trigger Enabled), the controller that runs on its own thread, live
// statuses on the cards, a past run shown on the canvas when chosen in the
// runs panel, resubmitting it, and the open workflow's triggers firing while
// the window is open (when the window allows it, see setFireTriggers).
//
// The actions are children of `window` with object names ("actionRun",
// "actionRunWithBody", "actionStop", "actionTriggerEnabled"), so menus and
// tests find them there.
class RunActions : public QObject
{
    Q_OBJECT
public:
    RunActions(WorkflowDocument* document, WorkflowScene* scene, QWidget* window);
    ~RunActions() override;

    // The runs panel and its dock (made after the actions). The panel may be
    // null at first and attached later, when the window makes it.
    void attach(RunsPanel* panel, QDockWidget* dock);
    // What runs the workflows: made when first needed (a run, triggers to
    // serve), loading the run module then; null (and why, as a message) when
    // it cannot be loaded.
    RunControl* controller();

    // The store of passwords and tokens runs read (the OS keychain unless set).
    void setSecretStore(std::shared_ptr<engine::SecretStore> secrets);
    // Records runs in the history file `path` (empty: the user's data folder).
    // Call before the first run.
    engine::Status setHistoryPath(const QString& path);
    // Opens the default history unless one was chosen.
    void ensureHistory();
    // Whether the saved workflow's enabled triggers fire while the window is
    // open. Off until the application turns it on (tests and screenshots
    // leave it off).
    void setFireTriggers(bool fire);
    bool firesTriggers() const { return m_fireTriggers; }

    // Whether the open workflow's trigger is enabled: not Disabled in the
    // file, in the project's local.settings.json (Workflows.<name>.FlowState,
    // as Logic Apps Standard keeps it), or, for files outside a project, in
    // this program's settings.
    bool triggerEnabled() const;
    engine::Status setTriggerEnabled(bool enabled);

    // Starts a run with the manual trigger and `body`; returns the run id
    // (empty when it could not start; the reason goes to message()).
    QString run(const QJsonValue& body = QJsonValue());
    // Ctrl+Enter: runs with the body used last for this file; the first time,
    // asks for one when the trigger has a body to give (else runs without).
    void runNow();
    // Asks for the trigger's body (the last one used, or a sample) and runs.
    void runWithTriggerBody();
    void stop();

Q_SIGNALS:
    void runRequested();
    // Status-bar text.
    void message(const QString& text, int timeoutMs);

private:
    void showRun(const engine::Run& run);
    void resubmit(const engine::Run& run);
    void updateTriggers();
    bool prepareConnections();
    QString localSettingsPath(bool create) const;
    QString workflowName() const;

    WorkflowDocument* m_document;
    WorkflowScene* m_scene;
    QWidget* m_window;
    RunControl* m_controller = nullptr;
    QPointer<RunsPanel> m_panel;
    QPointer<QDockWidget> m_dock;
    std::shared_ptr<engine::SecretStore> m_secrets;
    std::shared_ptr<engine::RunHistory> m_store;
    QAction* m_run;
    QAction* m_runWithBody;
    QAction* m_stop;
    QAction* m_triggerEnabled;
    QTimer* m_triggerTimer;
    bool m_fireTriggers = false;
    bool m_historyChosen = false;
    QString m_historyPath;
};

} // namespace designer
