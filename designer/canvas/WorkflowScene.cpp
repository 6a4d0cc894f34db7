#include "designer/canvas/WorkflowScene.h"

#include "designer/canvas/FlowBackdrop.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/PlusButton.h"
#include "designer/canvas/StepAppearance.h"
#include "designer/canvas/StepCard.h"
#include "designer/canvas/StepNodes.h"
#include "designer/document/WorkflowDocument.h"
#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"

#include <QApplication>
#include <QGraphicsView>
#include <QInputDialog>
#include <QLoggingCategory>
#include <QMenu>
#include <QMetaMethod>
#include <QPalette>
#include <QSet>

Q_LOGGING_CATEGORY(lcCanvas, "logicapp.designer.canvas")

namespace designer {

namespace {

void mix(size_t& seed, size_t value)
{
    seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

void fingerprint(const engine::OrderedJson& value, size_t& seed, bool step)
{
    mix(seed, size_t(value.type()));
    switch (value.type()) {
    case engine::OrderedJson::Type::String:
        mix(seed, qHash(value.toString()));
        break;
    case engine::OrderedJson::Type::Number:
    case engine::OrderedJson::Type::Bool:
        mix(seed, qHash(value.toJson().toDouble()) ^ size_t(value.toJson().toBool()));
        break;
    case engine::OrderedJson::Type::Array:
        for (const engine::OrderedJson& item : value.items())
            fingerprint(item, seed, false);
        break;
    case engine::OrderedJson::Type::Object:
        for (const engine::OrderedJson::Member& m : value.members()) {
            // Run-after and nested steps change with the steps around a card,
            // not with what the card shows.
            if (step && (m.key == QLatin1String("runAfter") || m.key == QLatin1String("actions") ||
                         m.key == QLatin1String("else") || m.key == QLatin1String("cases") ||
                         m.key == QLatin1String("default")))
                continue;
            mix(seed, qHash(m.key));
            fingerprint(m.value, seed, false);
        }
        break;
    default:
        break;
    }
}

// What a card's look is made from, as a number: a re-layout asks the
// catalogue again only for cards whose step changed. Converting each of
// thousands of steps to a QJsonObject and recognising it again is the
// dearest part of re-laying out after an insert or delete.
size_t lookKey(const engine::OrderedJson& step)
{
    size_t seed = 0;
    fingerprint(step, seed, true);
    return seed;
}

} // namespace

WorkflowScene::WorkflowScene(WorkflowDocument* document, QObject* parent)
    : QGraphicsScene(parent), m_document(document),
      m_colors(CanvasColors::fromPalette(QApplication::palette()))
{
    // Items do not move by themselves; a BSP index makes hit tests and exposed
    // area queries cheap with thousands of cards.
    setItemIndexMethod(BspTreeIndex);
    m_backdrop = new FlowBackdrop(&m_colors);
    addItem(m_backdrop);
    connect(document, &WorkflowDocument::stepsChanged, this, &WorkflowScene::relayout);
    connect(document, &WorkflowDocument::stepChanged, this, &WorkflowScene::refreshStep);
    connect(this, &QGraphicsScene::selectionChanged, this,
            [this] { Q_EMIT selectedStepsChanged(selectedSteps()); });
    relayout();
}

WorkflowScene::~WorkflowScene()
{
    // Deleting the items changes the selection; nobody is listening any more.
    disconnect(this, &QGraphicsScene::selectionChanged, this, nullptr);
    m_cards.clear();
    m_pluses.clear();
    m_dropTarget = nullptr;
}

void WorkflowScene::setPalette(const QPalette& palette)
{
    m_colors = CanvasColors::fromPalette(palette);
    setBackgroundBrush(m_colors.background);
    update();
}

void WorkflowScene::relayout()
{
    if (!m_document)
        return;
    const engine::Workflow& workflow = m_document->workflow();
    m_layout = FlowLayout::compute(workflow);
    m_dropTarget = nullptr;

    const QStringList selected = selectedSteps();
    const StepNodes nodes(workflow);
    QHash<QString, StepCard*> previous;
    previous.swap(m_cards);
    for (const QString& name : std::as_const(m_layout.order)) {
        StepCard* card = previous.take(name);
        const bool isNew = !card;
        if (isNew) {
            card = new StepCard(name, &m_colors);
            addItem(card);
        }
        card->setPos(m_layout.cards.value(name).topLeft());
        card->setZValue(1);
        card->setOpacity(1.0);
        const engine::OrderedJson* node = nodes.node(name);
        if (!node) {
            card->setAppearance(StepAppearance::forStep(workflow, m_document->catalogue(), name));
            m_lookKeys.remove(name);
        } else {
            const size_t key = lookKey(*node);
            const auto known = m_lookKeys.constFind(name);
            if (!isNew && known != m_lookKeys.constEnd() && *known == key) {
                // The same step as last time: its look stands.
            } else {
                card->setAppearance(StepAppearance::forStep(*node, m_document->catalogue(), name));
                m_lookKeys.insert(name, key);
            }
        }
        card->setStatus(m_statuses.value(name, StepStatus::None));
        card->setProblems(m_problems.value(name));
        m_cards.insert(name, card);
    }
    for (auto it = previous.cbegin(); it != previous.cend(); ++it) {
        m_lookKeys.remove(it.key());
        delete it.value();
    }

    // "+" buttons are reused by position in the list.
    const qsizetype wanted = m_layout.pluses.size();
    while (m_pluses.size() > wanted)
        delete m_pluses.takeLast();
    for (qsizetype i = 0; i < wanted; ++i) {
        if (i < m_pluses.size()) {
            m_pluses[i]->setPlus(m_layout.pluses[i]);
            m_pluses[i]->setDropHighlight(false);
        } else {
            auto* plus = new PlusButton(m_layout.pluses[i], &m_colors);
            addItem(plus);
            m_pluses.append(plus);
        }
    }
    m_backdrop->setLayout(m_layout);

    const QRectF bounds = m_layout.bounds.adjusted(-400, -160, 400, 400);
    setSceneRect(bounds);
    // Keep what was selected, if it still exists (a rename changes the name).
    {
        const QSignalBlocker block(this);
        for (const QString& name : selected) {
            if (StepCard* card = m_cards.value(name))
                card->setSelected(true);
        }
    }
    Q_EMIT selectedStepsChanged(selectedSteps());
    Q_EMIT laidOut();
}

void WorkflowScene::refreshStep(const QString& step)
{
    StepCard* card = m_cards.value(step);
    if (!card || !m_document)
        return;
    m_lookKeys.remove(step);
    card->setAppearance(
        StepAppearance::forStep(m_document->workflow(), m_document->catalogue(), step));
}

QStringList WorkflowScene::selectedSteps() const
{
    QStringList out;
    // In flow order, so copy and delete act top to bottom.
    for (const QString& name : m_layout.order) {
        const StepCard* card = m_cards.value(name);
        if (card && card->isSelected())
            out.append(name);
    }
    return out;
}

void WorkflowScene::selectSteps(const QStringList& steps)
{
    {
        const QSignalBlocker block(this);
        clearSelection();
        for (const QString& name : steps) {
            if (StepCard* card = m_cards.value(name))
                card->setSelected(true);
        }
    }
    Q_EMIT selectedStepsChanged(selectedSteps());
}

InsertionPoint WorkflowScene::insertionPointAfterSelection() const
{
    const QStringList selected = selectedSteps();
    const engine::Workflow& wf = m_document->workflow();
    if (wf.triggerNames().isEmpty())
        return {true, {}, {}, {}};
    if (!selected.isEmpty() && !wf.isTrigger(selected.last())) {
        const QString last = selected.last();
        return {false, wf.parentOf(last), wf.branchOf(last), last};
    }
    if (!selected.isEmpty() && wf.isTrigger(selected.last()))
        return {false, {}, {}, {}};
    const QStringList top = wf.children(QString(), QString());
    return {false, {}, {}, top.isEmpty() ? QString() : top.last()};
}

void WorkflowScene::setStepStatus(const QString& step, StepStatus status)
{
    if (status == StepStatus::None)
        m_statuses.remove(step);
    else
        m_statuses.insert(step, status);
    if (StepCard* card = m_cards.value(step))
        card->setStatus(status);
}

StepStatus WorkflowScene::stepStatus(const QString& step) const
{
    return m_statuses.value(step, StepStatus::None);
}

void WorkflowScene::clearStepStatuses()
{
    m_statuses.clear();
    for (StepCard* card : std::as_const(m_cards))
        card->setStatus(StepStatus::None);
}

bool WorkflowScene::prefetchIcons(qreal deviceScale) const
{
    // A handful of connectors however many steps: each icon is asked once.
    QSet<QString> icons;
    for (const StepCard* card : m_cards)
        icons.insert(card->appearance().icon);
    bool asked = false;
    for (const QString& icon : std::as_const(icons))
        asked = IconCache::prefetchPaint(icon, StepCard::iconRect().width(), deviceScale) || asked;
    return asked;
}

bool WorkflowScene::askFaces(const QRectF& visible, const QTransform& sceneToDevice,
                             qreal levelOfDetail, QPainter::RenderHints hints)
{
    bool asked = false;
    for (StepCard* card : std::as_const(m_cards)) {
        if (card->sceneBoundingRect().intersects(visible)) {
            card->askFace(sceneToDevice, levelOfDetail, hints);
            asked = true;
        }
    }
    for (PlusButton* plus : std::as_const(m_pluses)) {
        if (plus->sceneBoundingRect().intersects(visible)) {
            plus->askFace(sceneToDevice, levelOfDetail, hints);
            asked = true;
        }
    }
    return asked;
}

void WorkflowScene::setProblems(const QHash<QString, QStringList>& problems)
{
    m_problems = problems;
    for (auto it = m_cards.cbegin(); it != m_cards.cend(); ++it)
        it.value()->setProblems(problems.value(it.key()));
}

void WorkflowScene::requestInsert(const InsertionPoint& point, const QPoint& screenPos)
{
    Q_EMIT insertRequested(point, screenPos);
}

void WorkflowScene::requestAddCase(const QString& switchStep)
{
    std::optional<QString> value;
    if (m_casePrompt) {
        value = m_casePrompt(switchStep);
    } else {
        bool ok = false;
        const QWidget* view = views().isEmpty() ? nullptr : views().first();
        const QString text =
            QInputDialog::getText(view ? view->window() : nullptr, tr("Add a case"),
                                  tr("The value %1 compares with for this case:").arg(switchStep),
                                  QLineEdit::Normal, QString(), &ok);
        if (ok)
            value = text;
    }
    if (!value)
        return;
    const engine::Result<QString> added = m_document->addSwitchCase(switchStep, *value);
    if (!added)
        Q_EMIT message(added.error().message);
}

void WorkflowScene::requestRemoveCase(const QString& switchStep, const QString& caseName)
{
    const engine::Status removed = m_document->removeSwitchCase(switchStep, caseName);
    if (!removed)
        Q_EMIT message(removed.error().message);
}

void WorkflowScene::requestInsertMenu(const InsertionPoint& point, const QPoint& screenPos)
{
    auto* menu = new QMenu(views().isEmpty() ? nullptr : views().first());
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Add an action"), this,
                    [this, point, screenPos] { Q_EMIT insertRequested(point, screenPos); });
    if (!point.trigger && !point.after.isEmpty() &&
        isSignalConnected(QMetaMethod::fromSignal(&WorkflowScene::parallelInsertRequested))) {
        InsertionPoint parallel = point;
        parallel.parallel = true;
        menu->addAction(tr("Add a parallel branch"), this, [this, parallel, screenPos] {
            Q_EMIT parallelInsertRequested(parallel, screenPos);
        });
    }
    menu->popup(screenPos);
}

void WorkflowScene::activateStep(const QString& step)
{
    Q_EMIT stepActivated(step);
}

bool WorkflowScene::canMove(const QString& step) const
{
    return m_document && m_document->workflow().contains(step) &&
           !m_document->workflow().isTrigger(step);
}

PlusButton* WorkflowScene::dropTargetFor(const StepCard* card) const
{
    // The "+" nearest to the top centre of the dragged card, if close enough,
    // and not inside the dragged step itself.
    const QPointF probe = card->pos() + QPointF(FlowLayout::CardWidth / 2, 0);
    const engine::Workflow& wf = m_document->workflow();
    PlusButton* best = nullptr;
    qreal bestDistance = 90;
    for (PlusButton* plus : m_pluses) {
        const FlowLayout::Plus& p = plus->plus();
        if (p.point.trigger || p.kind == FlowLayout::Plus::Kind::AddCase ||
            p.kind == FlowLayout::Plus::Kind::RemoveCase)
            continue;
        bool inside = false;
        for (QString parent = p.point.parent; !parent.isEmpty(); parent = wf.parentOf(parent))
            inside = inside || parent == card->name();
        if (inside || p.point.after == card->name())
            continue;
        const qreal distance = QLineF(probe, p.rect.center()).length();
        if (distance < bestDistance) {
            bestDistance = distance;
            best = plus;
        }
    }
    return best;
}

void WorkflowScene::cardDragMoved(StepCard* card, const QPointF& delta)
{
    card->setPos(m_layout.cards.value(card->name()).topLeft() + delta);
    card->setZValue(10);
    card->setDropHighlight(true);
    PlusButton* target = dropTargetFor(card);
    if (target != m_dropTarget) {
        if (m_dropTarget)
            m_dropTarget->setDropHighlight(false);
        m_dropTarget = target;
        if (m_dropTarget)
            m_dropTarget->setDropHighlight(true);
    }
}

void WorkflowScene::cardDragFinished(StepCard* card)
{
    PlusButton* target = m_dropTarget;
    const QString name = card->name();
    if (target) {
        const InsertionPoint point = target->plus().point;
        const engine::Status moved =
            m_document->moveStep(name, point.parent, point.branch, point.after);
        if (!moved)
            Q_EMIT message(moved.error().message);
    }
    // A successful move re-laid out already; a refused or empty one snaps back.
    StepCard* still = m_cards.value(name);
    if (!still || still->pos() != m_layout.cards.value(name).topLeft() || still->zValue() > 1)
        relayout();
}

} // namespace designer
