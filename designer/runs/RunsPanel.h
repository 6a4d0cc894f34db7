#pragma once

#include "engine/runtime/Run.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace engine {
class RunHistory;
}

namespace designer {

class RunControl;

// The run history beside the canvas: the list of runs (status, start,
// duration), and for the selected run each step with its status and duration;
// the selected step's inputs, outputs, error and, for Send email, the SMTP
// transcript (already redacted). Live runs update as their steps finish.
//
//   panel->setStore(store);        // the history (not owned)
//   panel->follow(controller);     // live runs
//   connect(panel, &RunsPanel::runSelected, window, ...);  // statuses on the canvas
class RunsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    // Loads the history from `store` (not owned; null: only live runs).
    void setStore(engine::RunHistory* store);
    // Shows runs of `controller` as they happen.
    void follow(RunControl* controller);
    // Reloads the list from the store, keeping the selection.
    void refresh();

    QString selectedRunId() const;
    void selectRun(const QString& runId);
    // The run shown (with steps), if any.
    const engine::Run* selectedRun() const;

public Q_SLOTS:
    void onRunStarted(const engine::Run& run);
    void onStepFinished(const QString& runId, const engine::StepResult& step);
    void onRunFinished(const engine::Run& run);

Q_SIGNALS:
    // A run was chosen: the canvas shows each step's status from it.
    void runSelected(const engine::Run& run);
    // A step of the shown run was chosen.
    void stepSelected(const engine::Run& run, const QString& step);
    void resubmitRequested(const engine::Run& run);
    // The panel became visible (the history is loaded then, not at start-up).
    void shown();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showRun(const QString& runId);
    void showStep(int index);
    void updateRunItem(QTreeWidgetItem* item, const engine::Run& run);
    QTreeWidgetItem* runItem(const QString& runId) const;
    void addStepItem(const engine::StepResult& step, int index);

    engine::RunHistory* m_store = nullptr;
    QTreeWidget* m_runs;
    QTreeWidget* m_steps;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_inputs;
    QPlainTextEdit* m_outputs;
    QPlainTextEdit* m_transcript;
    QLabel* m_summary;
    QPushButton* m_resubmit;
    QHash<QString, engine::Run> m_live; // runs seen live, by id
    engine::Run m_shown;
    bool m_hasShown = false;
};

} // namespace designer
