#pragma once

#include "engine/workflow/Validator.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QThread;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace designer {

class EmptyState;
class WorkflowDocument;

// The bottom panel listing what the validator finds in the open workflow:
// severity, step, field and message. The one place the workflow is checked:
// the window's card badges and status bar read problems() when
// problemsChanged() fires, so each change is validated once. Re-validated
// shortly after each change (debounced, so typing stays smooth) on a worker
// thread, over a copy of the workflow: checking thousands of steps takes
// longer than a frame. A result that arrives after a newer change is thrown
// away. A newly loaded workflow drops the old list at once (nothing stale is
// ever shown) and is checked right after. Double-click (or Enter) on a
// problem asks the window to go there.
class ProblemsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemsPanel(WorkflowDocument* document, QWidget* parent = nullptr);
    ~ProblemsPanel() override;

    QList<engine::Problem> problems() const { return m_problems; }
    // The list of problems, filled in. Made when a problem is first shown
    // (a panel that says "No problems found." needs none of it) and filled
    // when the panel is visible.
    QTreeWidget* list() const;
    // True from a change until the check after it has run.
    bool isCheckPending() const;
    // How long after a change the workflow is checked again.
    void setDelay(int ms);
    // Holds the checks on the worker thread (they stay pending) until
    // released: a window holds them until its first frame is painted, which
    // then has the second core to itself.
    void holdChecks(bool hold);

public Q_SLOTS:
    // Checks now, on this thread.
    void revalidate();

Q_SIGNALS:
    void problemActivated(const QString& step, const QString& field);
    // The number of problems changed (for the dock title and status bar).
    void countChanged(int errors, int warnings);
    // problems() changed: after a check found something else, or cleared
    // because another workflow was loaded.
    void problemsChanged();
    // A check finished (whether or not the list changed).
    void checked();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void workflowLoaded();
    void documentChanged();
    // Starts a check of a copy of the workflow on a worker thread.
    void checkInBackground();
    void backgroundCheckDone(quint64 generation, const QList<engine::Problem>& problems);
    void showProblems(const QList<engine::Problem>& problems);
    void activate(QTreeWidgetItem* item);
    QTreeWidget* ensureList();
    void fillList();

    WorkflowDocument* m_document;
    QTreeWidget* m_list = nullptr;
    bool m_held = false;
    bool m_heldCheck = false;
    bool m_listStale = false; // m_list does not show m_problems yet
    EmptyState* m_empty = nullptr;
    QTimer* m_timer = nullptr;
    QTimer* m_afterLoad = nullptr;
    QList<engine::Problem> m_problems;
    QPointer<QThread> m_worker;
    quint64 m_generation = 0;  // counts document changes
    bool m_checkAgain = false; // a change came while the worker was busy
};

} // namespace designer
