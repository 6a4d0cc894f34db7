#pragma once

#include "engine/workflow/Validator.h"

#include <QList>
#include <QWidget>

class QLabel;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace designer {

class WorkflowDocument;

// The bottom panel listing what the validator finds in the open workflow:
// severity, step, field and message. Re-validated shortly after each change
// (debounced, so typing stays smooth); double-click (or Enter) on a problem
// asks the window to go there.
class ProblemsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemsPanel(WorkflowDocument* document, QWidget* parent = nullptr);
    ~ProblemsPanel() override;

    QList<engine::Problem> problems() const { return m_problems; }
    QTreeWidget* list() const { return m_list; }
    // How long after a change the workflow is checked again.
    void setDelay(int ms);

public Q_SLOTS:
    // Checks now (also called by the debounce timer).
    void revalidate();

Q_SIGNALS:
    void problemActivated(const QString& step, const QString& field);
    // The number of problems changed (for the dock title and status bar).
    void countChanged(int errors, int warnings);

private:
    void activate(QTreeWidgetItem* item);

    WorkflowDocument* m_document;
    QTreeWidget* m_list = nullptr;
    QLabel* m_empty = nullptr;
    QTimer* m_timer = nullptr;
    QList<engine::Problem> m_problems;
};

} // namespace designer
