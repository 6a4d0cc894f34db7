#include "designer/problems/ProblemsPanel.h"

#include "designer/document/WorkflowDocument.h"
#include "designer/forms/DynamicContent.h"
#include "designer/forms/EmptyState.h"
#include "engine/workflow/Workflow.h"

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QStyle>
#include <QThread>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <memory>

namespace designer {
namespace {

enum Role
{
    StepRole = Qt::UserRole + 1,
    FieldRole
};

} // namespace

ProblemsPanel::ProblemsPanel(WorkflowDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document)
{
    setObjectName(QStringLiteral("problemsPanel"));
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    m_empty = new EmptyState(tr("No problems found."), this);
    m_empty->setObjectName(QStringLiteral("problemsEmpty"));
    column->addWidget(m_empty);

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(250);
    connect(m_timer, &QTimer::timeout, this, &ProblemsPanel::checkInBackground);
    connect(m_document, &WorkflowDocument::changed, this, &ProblemsPanel::documentChanged);
    // A zero timer runs once the events already queued (the window's repaint
    // of the new workflow among them) are handled.
    m_afterLoad = new QTimer(this);
    m_afterLoad->setSingleShot(true);
    m_afterLoad->setInterval(0);
    connect(m_afterLoad, &QTimer::timeout, this, &ProblemsPanel::checkInBackground);
    connect(m_document, &WorkflowDocument::loaded, this, &ProblemsPanel::workflowLoaded);
    revalidate();
}

QTreeWidget* ProblemsPanel::list() const
{
    auto* self = const_cast<ProblemsPanel*>(this);
    if (!m_list || m_listStale)
        self->fillList();
    return m_list;
}

QTreeWidget* ProblemsPanel::ensureList()
{
    if (m_list)
        return m_list;
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("problemsList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Problem"), tr("Step"), tr("Field")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->setVisible(!m_problems.isEmpty());
    static_cast<QVBoxLayout*>(layout())->insertWidget(0, m_list);
    connect(m_list, &QTreeWidget::itemActivated, this, &ProblemsPanel::activate);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &ProblemsPanel::activate);
    return m_list;
}

ProblemsPanel::~ProblemsPanel()
{
    // The worker reads the catalogue, which may go away with the window.
    if (m_worker)
        m_worker->wait();
}

void ProblemsPanel::setDelay(int ms)
{
    m_timer->setInterval(ms);
}

bool ProblemsPanel::isCheckPending() const
{
    return m_timer->isActive() || m_afterLoad->isActive() || m_worker || m_checkAgain ||
           m_heldCheck;
}

void ProblemsPanel::documentChanged()
{
    ++m_generation;
    m_timer->start();
}

void ProblemsPanel::holdChecks(bool hold)
{
    m_held = hold;
    if (!hold && m_heldCheck) {
        m_heldCheck = false;
        checkInBackground();
    }
}

void ProblemsPanel::checkInBackground()
{
    if (m_held) {
        m_heldCheck = true;
        return;
    }
    if (m_worker) {
        m_checkAgain = true;
        return;
    }
    m_checkAgain = false;
    auto snapshot = std::make_shared<const engine::Workflow>(m_document->workflow());
    const engine::Catalogue* catalogue = &m_document->catalogue();
    const quint64 generation = m_generation;
    const QPointer<ProblemsPanel> panel(this);
    m_worker = QThread::create([snapshot, catalogue, generation, panel] {
        QList<engine::Problem> problems = engine::Validator::validate(*snapshot, *catalogue);
        QMetaObject::invokeMethod(
            qApp,
            [panel, generation, problems = std::move(problems)] {
                if (panel)
                    panel->backgroundCheckDone(generation, problems);
            },
            Qt::QueuedConnection);
    });
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start(QThread::LowPriority);
}

void ProblemsPanel::backgroundCheckDone(quint64 generation, const QList<engine::Problem>& problems)
{
    if (m_worker) {
        // Its result is being delivered: the thread is as good as done.
        m_worker->wait();
        m_worker = nullptr;
    }
    if (m_checkAgain) {
        checkInBackground();
        return;
    }
    // A change since the copy was taken: its own check is on the way.
    if (generation != m_generation || m_timer->isActive() || m_afterLoad->isActive())
        return;
    showProblems(problems);
    Q_EMIT checked();
}

void ProblemsPanel::workflowLoaded()
{
    // The problems of the workflow that was open before say nothing about
    // this one ("no trigger" after opening a file that has one): drop them
    // now, check the new one right after it is on screen.
    m_timer->stop();
    m_afterLoad->start();
    showProblems({});
}

void ProblemsPanel::revalidate()
{
    m_timer->stop();
    m_afterLoad->stop();
    m_heldCheck = false;
    m_checkAgain = false;
    showProblems(engine::Validator::validate(m_document->workflow(), m_document->catalogue()));
    Q_EMIT checked();
}

void ProblemsPanel::showProblems(const QList<engine::Problem>& problems)
{
    const bool same = problems == m_problems;
    m_problems = problems;
    const int listed = m_list ? m_list->topLevelItemCount() : 0;
    if (same && !m_listStale && listed == problems.size())
        return;
    int errors = 0;
    int warnings = 0;
    for (const engine::Problem& p : problems)
        (p.severity == engine::Problem::Severity::Error ? errors : warnings) += 1;
    m_empty->setVisible(problems.isEmpty());
    // The rows are made when someone can see them: a hidden panel (behind
    // the runs, or before the window is shown) only remembers the problems.
    if (!m_list && problems.isEmpty()) {
        m_listStale = false; // nothing to list, and no list to clear
    } else {
        if (isVisible()) {
            fillList();
        } else {
            m_listStale = true;
            if (m_list)
                m_list->setVisible(!problems.isEmpty());
        }
    }
    Q_EMIT countChanged(errors, warnings);
    Q_EMIT problemsChanged();
}

void ProblemsPanel::fillList()
{
    ensureList();
    m_listStale = false;
    // Keep the selected problem selected when the list is rebuilt.
    QString selectedKey;
    if (const QTreeWidgetItem* current = m_list->currentItem())
        selectedKey = current->text(0) + current->text(1) + current->text(2);
    m_list->clear();
    const QIcon errorIcon = style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warningIcon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (const engine::Problem& p : m_problems) {
        const bool error = p.severity == engine::Problem::Severity::Error;
        auto* item = new QTreeWidgetItem(m_list);
        item->setIcon(0, error ? errorIcon : warningIcon);
        item->setText(0, p.message);
        item->setText(1, DynamicContent::title(p.step));
        item->setText(2, p.field);
        item->setToolTip(0, p.toString());
        item->setData(0, StepRole, p.step);
        item->setData(0, FieldRole, p.field);
        if (item->text(0) + item->text(1) + item->text(2) == selectedKey)
            m_list->setCurrentItem(item);
    }
    m_list->setVisible(!m_problems.isEmpty());
}

void ProblemsPanel::showEvent(QShowEvent* event)
{
    if (m_listStale)
        fillList();
    QWidget::showEvent(event);
}

void ProblemsPanel::activate(QTreeWidgetItem* item)
{
    if (!item)
        return;
    Q_EMIT problemActivated(item->data(0, StepRole).toString(),
                            item->data(0, FieldRole).toString());
}

} // namespace designer
