#include "designer/runs/RunsPanel.h"

#include "designer/runs/RunControl.h"
#include "engine/runtime/RunHistory.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace designer {
namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kIndexRole = Qt::UserRole + 1;

QString durationText(qint64 ms, bool finished)
{
    if (!finished)
        return QStringLiteral("…");
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 2);
}

QString jsonText(const QJsonValue& v)
{
    if (v.isUndefined())
        return QString();
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QColor statusColor(const QString& status)
{
    if (status == QLatin1String("Succeeded"))
        return QColor(0x10, 0x7c, 0x10);
    if (status == QLatin1String("Failed") || status == QLatin1String("TimedOut") ||
        status == QLatin1String("Interrupted"))
        return QColor(0xc5, 0x0f, 0x1f);
    if (status == QLatin1String("Skipped") || status == QLatin1String("Cancelled"))
        return QColor(0x6b, 0x6b, 0x6b);
    return QColor(0x00, 0x5a, 0x9e);
}

QPlainTextEdit* makeViewer(QWidget* parent)
{
    auto* v = new QPlainTextEdit(parent);
    v->setReadOnly(true);
    v->setLineWrapMode(QPlainTextEdit::NoWrap);
    v->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return v;
}

} // namespace

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("RunsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    auto* buttons = new QHBoxLayout;
    auto* refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("refreshRuns"));
    m_resubmit = new QPushButton(tr("Resubmit"), this);
    m_resubmit->setObjectName(QStringLiteral("resubmitRun"));
    m_resubmit->setToolTip(tr("Run the workflow again with this run's trigger outputs"));
    m_resubmit->setEnabled(false);
    buttons->addWidget(refresh);
    buttons->addWidget(m_resubmit);
    buttons->addStretch();
    layout->addLayout(buttons);

    // Side by side: the panel lives in a wide, low strip under the canvas.
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    m_runs = new QTreeWidget(splitter);
    m_runs->setObjectName(QStringLiteral("runList"));
    m_runs->setRootIsDecorated(false);
    m_runs->setHeaderLabels({tr("Status"), tr("Started"), tr("Duration"), tr("Workflow")});
    m_runs->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* runBox = new QWidget(splitter);
    auto* runLayout = new QVBoxLayout(runBox);
    runLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(runBox);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_steps = new QTreeWidget(runBox);
    m_steps->setObjectName(QStringLiteral("stepList"));
    m_steps->setHeaderLabels({tr("Step"), tr("Status"), tr("Duration")});
    m_steps->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runLayout->addWidget(m_summary);
    runLayout->addWidget(m_steps);

    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("stepDetails"));
    m_inputs = makeViewer(m_tabs);
    m_inputs->setObjectName(QStringLiteral("stepInputs"));
    m_outputs = makeViewer(m_tabs);
    m_outputs->setObjectName(QStringLiteral("stepOutputs"));
    m_transcript = makeViewer(m_tabs);
    m_transcript->setObjectName(QStringLiteral("stepTranscript"));
    m_tabs->addTab(m_inputs, tr("Inputs"));
    m_tabs->addTab(m_outputs, tr("Outputs"));
    m_tabs->addTab(m_transcript, tr("Transcript"));
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 3);
    layout->addWidget(splitter);

    connect(refresh, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_resubmit, &QPushButton::clicked, this, [this] {
        if (m_hasShown)
            Q_EMIT resubmitRequested(m_shown);
    });
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            showRun(item->data(0, kIdRole).toString());
    });
    connect(m_steps, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            showStep(item->data(0, kIndexRole).toInt());
    });
}

void RunsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    Q_EMIT shown();
}

void RunsPanel::setStore(engine::RunHistory* store)
{
    m_store = store;
    refresh();
}

void RunsPanel::follow(RunControl* controller)
{
    connect(controller, &RunControl::runStarted, this, &RunsPanel::onRunStarted);
    connect(controller, &RunControl::stepFinished, this, &RunsPanel::onStepFinished);
    connect(controller, &RunControl::runFinished, this, &RunsPanel::onRunFinished);
}

void RunsPanel::refresh()
{
    const QString selected = selectedRunId();
    QList<engine::Run> runs;
    if (m_store) {
        auto loaded = m_store->runs(200);
        if (loaded)
            runs = *loaded;
    }
    // Live runs not yet in the store (or without one) stay listed.
    for (const engine::Run& live : std::as_const(m_live)) {
        bool known = false;
        for (const engine::Run& r : std::as_const(runs))
            known = known || r.id == live.id;
        if (!known)
            runs.append(live);
    }
    std::sort(runs.begin(), runs.end(),
              [](const engine::Run& a, const engine::Run& b) { return a.start > b.start; });
    const QSignalBlocker block(m_runs);
    m_runs->clear();
    for (const engine::Run& r : std::as_const(runs)) {
        auto* item = new QTreeWidgetItem(m_runs);
        item->setData(0, kIdRole, r.id);
        updateRunItem(item, m_live.contains(r.id) ? m_live.value(r.id) : r);
    }
    if (QTreeWidgetItem* item = runItem(selected))
        m_runs->setCurrentItem(item);
}

void RunsPanel::updateRunItem(QTreeWidgetItem* item, const engine::Run& run)
{
    const QString status = engine::runStatusName(run.status);
    item->setText(0, status);
    item->setForeground(0, statusColor(status));
    item->setText(1, run.start.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    item->setText(2, durationText(run.durationMs(), run.finished()));
    item->setText(3, run.workflow);
    item->setToolTip(0, run.error.isEmpty() ? run.id : run.id + QLatin1Char('\n') + run.error);
}

QTreeWidgetItem* RunsPanel::runItem(const QString& runId) const
{
    for (int i = 0; i < m_runs->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_runs->topLevelItem(i);
        if (item->data(0, kIdRole).toString() == runId)
            return item;
    }
    return nullptr;
}

QString RunsPanel::selectedRunId() const
{
    const QTreeWidgetItem* item = m_runs->currentItem();
    return item ? item->data(0, kIdRole).toString() : QString();
}

void RunsPanel::selectRun(const QString& runId)
{
    QTreeWidgetItem* item = runItem(runId);
    if (!item)
        return;
    // Choosing the run shown already shows it again (the canvas follows).
    if (item == m_runs->currentItem())
        showRun(runId);
    else
        m_runs->setCurrentItem(item);
}

const engine::Run* RunsPanel::selectedRun() const
{
    return m_hasShown ? &m_shown : nullptr;
}

void RunsPanel::showRun(const QString& runId)
{
    engine::Run run;
    if (m_live.contains(runId)) {
        run = m_live.value(runId);
    } else if (m_store) {
        auto loaded = m_store->run(runId);
        if (!loaded)
            return;
        run = *loaded;
    } else {
        return;
    }
    m_shown = run;
    m_hasShown = true;
    m_resubmit->setEnabled(run.finished());
    QString summary = QStringLiteral("<b>%1</b> — %2, %3")
                          .arg(run.workflow.toHtmlEscaped(), engine::runStatusName(run.status),
                               durationText(run.durationMs(), run.finished()));
    if (!run.error.isEmpty())
        summary += QStringLiteral("<br>") + run.error.toHtmlEscaped();
    m_summary->setText(summary);
    m_steps->clear();
    m_inputs->clear();
    m_outputs->clear();
    m_transcript->clear();
    for (int i = 0; i < run.steps.size(); ++i)
        addStepItem(run.steps.at(i), i);
    m_steps->expandAll();
    Q_EMIT runSelected(run);
}

void RunsPanel::addStepItem(const engine::StepResult& step, int index)
{
    // Nested steps sit under the last item of their parent (one per repetition).
    QTreeWidgetItem* parent = nullptr;
    if (!step.parent.isEmpty()) {
        QTreeWidgetItemIterator it(m_steps);
        while (*it) {
            if ((*it)->data(0, Qt::UserRole + 2).toString() == step.parent)
                parent = *it;
            ++it;
        }
    }
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_steps);
    QString name = step.name;
    if (step.iteration >= 0)
        name += QStringLiteral(" #%1").arg(step.iteration + 1);
    item->setText(0, name);
    const QString status = engine::stepStatusName(step.status);
    item->setText(1,
                  step.retries > 0 ? tr("%1 (%2 retries)").arg(status).arg(step.retries) : status);
    item->setForeground(1, statusColor(status));
    item->setText(2, step.status == engine::StepStatus::Skipped
                         ? QString()
                         : durationText(step.durationMs(), step.finished.isValid()));
    item->setData(0, kIndexRole, index);
    item->setData(0, Qt::UserRole + 2, step.name);
    item->setData(0, Qt::UserRole + 3, step.parent);
    // A container is recorded after the steps inside it: gather them under it.
    for (int i = m_steps->topLevelItemCount() - 1; i >= 0; --i) {
        QTreeWidgetItem* top = m_steps->topLevelItem(i);
        if (top != item && top->data(0, Qt::UserRole + 3).toString() == step.name)
            item->insertChild(0, m_steps->takeTopLevelItem(i));
    }
    if (!step.error.isEmpty())
        item->setToolTip(1, step.error);
}

void RunsPanel::showStep(int index)
{
    if (!m_hasShown || index < 0 || index >= m_shown.steps.size())
        return;
    const engine::StepResult& s = m_shown.steps.at(index);
    QString inputs = jsonText(s.inputs);
    if (!s.error.isEmpty() && s.status != engine::StepStatus::Succeeded) {
        const QString where =
            s.errorField.isEmpty() ? QString() : s.errorField + QStringLiteral(": ");
        inputs = tr("Error (%1): %2%3").arg(s.code).arg(where, s.error) + QStringLiteral("\n\n") +
                 inputs;
    }
    m_inputs->setPlainText(inputs);
    m_outputs->setPlainText(jsonText(s.outputs));
    QStringList lines;
    for (const QJsonValue& v : s.transcript) {
        const QJsonObject o = v.toObject();
        const QString dir = o.value(QStringLiteral("dir")).toString();
        const QString arrow = dir == QLatin1String("C")   ? QStringLiteral("C:")
                              : dir == QLatin1String("S") ? QStringLiteral("S:")
                                                          : QStringLiteral("  ");
        lines.append(QStringLiteral("%1 %2 %3")
                         .arg(o.value(QStringLiteral("ms")).toInteger(), 6)
                         .arg(arrow, o.value(QStringLiteral("line")).toString()));
    }
    m_transcript->setPlainText(lines.join(QLatin1Char('\n')));
    m_tabs->setTabEnabled(2, !s.transcript.isEmpty());
    Q_EMIT stepSelected(m_shown, s.name);
}

void RunsPanel::onRunStarted(const engine::Run& run)
{
    m_live.insert(run.id, run);
    QTreeWidgetItem* item = runItem(run.id);
    if (!item) {
        item = new QTreeWidgetItem;
        item->setData(0, kIdRole, run.id);
        m_runs->insertTopLevelItem(0, item);
    }
    updateRunItem(item, run);
    if (!m_runs->currentItem() || m_runs->currentItem() == item)
        m_runs->setCurrentItem(item);
}

void RunsPanel::onStepFinished(const QString& runId, const engine::StepResult& step)
{
    auto it = m_live.find(runId);
    if (it == m_live.end())
        return;
    it->steps.append(step);
    if (m_hasShown && m_shown.id == runId) {
        m_shown.steps.append(step);
        addStepItem(step, int(m_shown.steps.size()) - 1);
        m_steps->expandAll();
    }
}

void RunsPanel::onRunFinished(const engine::Run& run)
{
    m_live.insert(run.id, run);
    if (QTreeWidgetItem* item = runItem(run.id))
        updateRunItem(item, run);
    if (m_hasShown && m_shown.id == run.id) {
        const int stepRow =
            m_steps->currentItem() ? m_steps->currentItem()->data(0, kIndexRole).toInt() : -1;
        showRun(run.id);
        if (stepRow >= 0)
            showStep(stepRow);
    }
}

} // namespace designer
