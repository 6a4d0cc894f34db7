#include "designer/runs/RunActions.h"

#include "connectors/TriggerHost.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/document/SettingsWriter.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/runs/RunControl.h"
#include "designer/runs/RunModule.h"
#include "designer/runs/RunsPanel.h"
#include "designer/runs/TriggerBodyDialog.h"
#include "engine/connections/AppSettings.h"
#include "engine/connections/Connections.h"
#include "engine/connections/KeychainSecretStore.h"
#include "engine/runtime/RunHistory.h"
#include "engine/runtime/RunSetup.h"
#include "engine/workflow/Workflow.h"
#include "resources/Resources.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>
#include <QWidget>

Q_LOGGING_CATEGORY(lcRuns, "logicapp.designer.runs")

namespace designer {
namespace {

const QString DisabledFiles = QStringLiteral("runs/disabledTriggers");

QString triggerBodyKey(const QString& path)
{
    return QStringLiteral("runs/triggerBody/") +
           QString::fromLatin1(path.toUtf8().toBase64(QByteArray::Base64UrlEncoding |
                                                      QByteArray::OmitTrailingEquals));
}

} // namespace

RunActions::RunActions(WorkflowDocument* document, WorkflowScene* scene, QWidget* window)
    : QObject(window), m_document(document), m_scene(scene), m_window(window),
      m_run(new QAction(tr("&Run"), window)),
      m_runWithBody(new QAction(tr("Run with Trigger &Body…"), window)),
      m_stop(new QAction(tr("&Stop"), window)),
      m_triggerEnabled(new QAction(tr("Trigger &Enabled"), window)),
      m_triggerTimer(new QTimer(this))
{
    m_run->setObjectName(QStringLiteral("actionRun"));
    m_run->setIcon(IconCache::icon(resources::icon(QStringLiteral("ui-run"))));
    m_run->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_run->setStatusTip(tr("Run the workflow once now, with the trigger body used last"));
    m_run->setToolTip(tr("Run (%1)").arg(m_run->shortcut().toString(QKeySequence::NativeText)));
    connect(m_run, &QAction::triggered, this, &RunActions::runNow);

    m_runWithBody->setObjectName(QStringLiteral("actionRunWithBody"));
    m_runWithBody->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_runWithBody->setStatusTip(
        tr("Run the workflow once with a trigger body you type (a sample is offered)"));
    connect(m_runWithBody, &QAction::triggered, this, &RunActions::runWithTriggerBody);

    m_stop->setObjectName(QStringLiteral("actionStop"));
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setIcon(IconCache::icon(resources::icon(QStringLiteral("ui-stop"))));
    m_stop->setStatusTip(tr("Cancel the runs in progress"));
    m_stop->setEnabled(false);
    connect(m_stop, &QAction::triggered, this, &RunActions::stop);

    m_triggerEnabled->setObjectName(QStringLiteral("actionTriggerEnabled"));
    m_triggerEnabled->setCheckable(true);
    m_triggerEnabled->setChecked(true);
    m_triggerEnabled->setStatusTip(
        tr("Whether the workflow's trigger fires (recurrence, HTTP request, file, Salesforce)"));
    connect(m_triggerEnabled, &QAction::triggered, this, [this](bool on) {
        if (const engine::Status set = setTriggerEnabled(on); !set) {
            m_triggerEnabled->setChecked(!on);
            Q_EMIT message(tr("Cannot change the trigger: %1").arg(set.error().toString()), 8000);
        }
    });

    // Triggers follow the saved file: opening, saving or reverting serves
    // them again (a little later, so a burst of changes serves once).
    m_triggerTimer->setSingleShot(true);
    m_triggerTimer->setInterval(200);
    connect(m_triggerTimer, &QTimer::timeout, this, &RunActions::updateTriggers);
    connect(m_document, &WorkflowDocument::fileChanged, m_triggerTimer,
            qOverload<>(&QTimer::start));
    connect(m_document, &WorkflowDocument::modifiedChanged, this, [this](bool modified) {
        if (!modified)
            m_triggerTimer->start();
    });
}

RunActions::~RunActions()
{
    if (m_controller)
        m_controller->stopTriggers();
}

RunControl* RunActions::controller()
{
    if (m_controller)
        return m_controller;
    QString error;
    const RunServices* services = RunModule::services(&error);
    if (!services) {
        qCWarning(lcRuns).noquote() << error;
        Q_EMIT message(tr("Cannot run: %1").arg(error), 15000);
        return nullptr;
    }
    m_controller = services->createController(this);
    connect(m_controller, &RunControl::runningChanged, m_stop, &QAction::setEnabled);
    connect(m_controller, &RunControl::runStarted, this,
            [this](const engine::Run&) { m_scene->clearStepStatuses(); });
    connect(m_controller, &RunControl::stepStatusChanged, this,
            [this](const QString&, const QString& step, StepStatus status) {
                m_scene->setStepStatus(step, status);
            });
    // Also logged: a window left open (or started by a script) says what
    // its triggers and runs did.
    connect(m_controller, &RunControl::runFinished, this, [this](const engine::Run& run) {
        const QString text = tr("Run %1: %2").arg(run.id, engine::runStatusName(run.status));
        qCInfo(lcRuns).noquote() << text;
        Q_EMIT message(text, 8000);
    });
    connect(m_controller, &RunControl::triggerMessage, this, [this](const QString& text) {
        qCInfo(lcRuns).noquote() << text;
        Q_EMIT message(text, 8000);
    });

    if (m_historyChosen) {
        if (const engine::Status recorded = m_controller->setStorePath(m_historyPath); !recorded)
            Q_EMIT message(tr("Runs are not recorded: %1").arg(recorded.error().toString()), 15000);
    }
    if (m_panel)
        m_panel->follow(m_controller);
    return m_controller;
}

void RunActions::attach(RunsPanel* panel, QDockWidget* dock)
{
    m_panel = panel;
    m_dock = dock;
    // The window makes the panel after its first paint, or when first needed.
    if (!panel)
        return;
    if (m_store)
        panel->setStore(m_store.get());
    // The history is opened when first needed (the panel shown, a run), not
    // while the window starts.
    connect(panel, &RunsPanel::shown, this, &RunActions::ensureHistory);
    if (m_controller)
        panel->follow(m_controller);
    connect(panel, &RunsPanel::runSelected, this, &RunActions::showRun);
    connect(panel, &RunsPanel::resubmitRequested, this, &RunActions::resubmit);
}

void RunActions::setSecretStore(std::shared_ptr<engine::SecretStore> secrets)
{
    m_secrets = std::move(secrets);
}

void RunActions::ensureHistory()
{
    if (m_historyChosen)
        return;
    if (const engine::Status opened = setHistoryPath({}); !opened)
        Q_EMIT message(tr("Run history unavailable: %1").arg(opened.error().toString()), 15000);
}

engine::Status RunActions::setHistoryPath(const QString& path)
{
    m_historyChosen = true;
    m_historyPath = path;
    // The history is shared with the command line (same SQLite file), so
    // `logicapp runs` lists the window's runs; the writes happen in the
    // executor's thread, the panel reads through its own connection.
    QString error;
    const RunServices* services = RunModule::services(&error);
    if (!services)
        return engine::Status::failure(QStringLiteral("history"), error, 500);
    auto store = services->openHistory(path);
    if (!store)
        return store.error();
    if (m_controller) {
        if (const engine::Status recorded = m_controller->setStorePath(path); !recorded)
            return recorded;
    }
    m_store = std::shared_ptr<engine::RunHistory>(std::move(store.value()));
    if (m_panel)
        m_panel->setStore(m_store.get());
    return engine::success();
}

void RunActions::setFireTriggers(bool fire)
{
    m_fireTriggers = fire;
    updateTriggers();
}

bool RunActions::prepareConnections()
{
    if (!m_secrets)
        m_secrets = std::make_shared<engine::KeychainSecretStore>();
    // Connections come from the project's connections.json; the built-in
    // local mail catcher is always there.
    engine::Connections connections;
    const QString path = m_document->connectionsPath();
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        auto loaded = engine::Connections::load(path);
        if (!loaded.ok()) {
            Q_EMIT message(tr("Cannot run: %1: %2").arg(path, loaded.error().toString()), 8000);
            return false;
        }
        connections = loaded.value();
    }
    RunControl* runs = controller();
    if (!runs)
        return false;
    runs->setConnections(connections, m_secrets.get());
    return true;
}

QString RunActions::run(const QJsonValue& body)
{
    if (m_dock) {
        m_dock->show();
        m_dock->raise();
    }
    Q_EMIT runRequested();
    ensureHistory();
    if (!prepareConnections())
        return {};
    return m_controller->run(*m_document, body);
}

void RunActions::runNow()
{
    // The body typed last for this file; the first time, a trigger whose
    // steps read a body (a Lead, a request) asks for one.
    const QString last = SettingsWriter::value(triggerBodyKey(m_document->filePath())).toString();
    if (!last.isEmpty()) {
        if (const QJsonValue body = TriggerBodyDialog::parse(last); !body.isUndefined()) {
            run(body);
            return;
        }
    }
    if (!TriggerBodyDialog::sampleBody(m_document->workflow(), m_document->catalogue()).isEmpty()) {
        runWithTriggerBody();
        return;
    }
    run();
}

void RunActions::runWithTriggerBody()
{
    TriggerBodyDialog dialog(m_window);
    const QString key = triggerBodyKey(m_document->filePath());
    const QString last = SettingsWriter::value(key).toString();
    if (!last.isEmpty())
        dialog.setText(last);
    else
        dialog.setBody(
            TriggerBodyDialog::sampleBody(m_document->workflow(), m_document->catalogue()));
    if (dialog.exec() != QDialog::Accepted)
        return;
    SettingsWriter::setValue(key, dialog.text());
    run(dialog.body());
}

void RunActions::stop()
{
    if (m_controller)
        m_controller->stop();
    Q_EMIT message(tr("Stopping the runs in progress…"), 4000);
}

void RunActions::showRun(const engine::Run& run)
{
    // A past run on the canvas: each card shows how its step ended.
    m_scene->clearStepStatuses();
    for (const engine::StepResult& step : run.steps)
        m_scene->setStepStatus(step.name, RunControl::cardStatus(step.status));
}

void RunActions::resubmit(const engine::Run& run)
{
    ensureHistory();
    if (!prepareConnections())
        return;
    const QString id = m_controller->resubmit(m_document->workflow(), m_document->filePath(), run);
    Q_EMIT message(tr("Run %1 resubmitted as %2").arg(run.id, id), 6000);
}

QString RunActions::workflowName() const
{
    return engine::RunSetup::workflowName(m_document->workflow(), m_document->filePath());
}

QString RunActions::localSettingsPath(bool create) const
{
    // Only a Logic Apps Standard workflow (<project>/<name>/workflow.json)
    // keeps its state in the project's local.settings.json.
    const QString path = m_document->filePath();
    if (path.isEmpty() || m_document->workflow().wrapper() != engine::Workflow::Wrapper::Standard)
        return {};
    const QString found = engine::AppSettings::findLocalSettings(path);
    if (!found.isEmpty() || !create)
        return found;
    QDir project = QFileInfo(path).absoluteDir();
    project.cdUp();
    return project.filePath(QStringLiteral("local.settings.json"));
}

bool RunActions::triggerEnabled() const
{
    const engine::Workflow& workflow = m_document->workflow();
    if (connectors::TriggerHost::workflowDisabled(workflow))
        return false;
    const QStringList triggers = workflow.triggerNames();
    if (!triggers.isEmpty() &&
        connectors::TriggerHost::triggerDisabled(workflow.stepJson(triggers.first())))
        return false;
    if (const QString settingsPath = localSettingsPath(false); !settingsPath.isEmpty()) {
        auto settings = engine::AppSettings::load(settingsPath);
        if (settings) {
            return !connectors::TriggerHost::flowStateDisabled(workflowName(), *settings);
        }
    }
    const QString file = m_document->filePath();
    return file.isEmpty() || !SettingsWriter::value(DisabledFiles).toStringList().contains(file);
}

engine::Status RunActions::setTriggerEnabled(bool enabled)
{
    const QString file = m_document->filePath();
    if (file.isEmpty())
        return engine::Status::failure(QStringLiteral("Trigger"), tr("save the workflow first"),
                                       400);
    if (const QString settingsPath = localSettingsPath(true); !settingsPath.isEmpty()) {
        // Logic Apps Standard: Workflows.<name>.FlowState in the app settings;
        // `logicapp serve` and a deployment read the same value.
        if (const engine::Status written = engine::AppSettings::writeValue(
                settingsPath, connectors::TriggerHost::flowStateSetting(workflowName()),
                enabled ? QString() : QStringLiteral("Disabled"));
            !written)
            return written;
    } else {
        QStringList files = SettingsWriter::value(DisabledFiles).toStringList();
        files.removeAll(file);
        if (!enabled)
            files.append(file);
        SettingsWriter::setValue(DisabledFiles, files);
    }
    updateTriggers();
    Q_EMIT message(enabled ? tr("Trigger enabled.") : tr("Trigger disabled."), 4000);
    return engine::success();
}

void RunActions::updateTriggers()
{
    const bool enabled = triggerEnabled();
    m_triggerEnabled->setChecked(enabled);
    m_triggerEnabled->setEnabled(!m_document->filePath().isEmpty());
    if (m_controller)
        m_controller->stopTriggers();
    if (!m_fireTriggers || !enabled || m_document->filePath().isEmpty())
        return;
    ensureHistory();
    if (!prepareConnections())
        return;
    // The saved file is what fires, as after a deployment; unsaved edits do
    // not until they are saved. Right after opening or saving, the document
    // is the file, so it is read again only while there are unsaved edits.
    if (!m_document->isModified()) {
        m_controller->serveTriggers(m_document->workflow(), m_document->filePath());
        return;
    }
    auto saved = engine::Workflow::load(m_document->filePath());
    if (!saved)
        return;
    m_controller->serveTriggers(*saved, m_document->filePath());
}

} // namespace designer
