#pragma once

#include "designer/canvas/CanvasColors.h"
#include "designer/canvas/FlowLayout.h"
#include "designer/canvas/InsertionPoint.h"
#include "designer/canvas/StepStatus.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPainter>
#include <QPointer>
#include <functional>
#include <optional>

namespace designer {

class FlowBackdrop;
class PlusButton;
class StepCard;
class WorkflowDocument;

// The canvas' scene: draws a WorkflowDocument it does not own, keeps one card
// per step (reused across edits, so a change re-lays out without rebuilding),
// and turns clicks and drags into document edits or requests for the window.
class WorkflowScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit WorkflowScene(WorkflowDocument* document, QObject* parent = nullptr);
    ~WorkflowScene() override;

    WorkflowDocument* document() const { return m_document; }
    const CanvasColors& colors() const { return m_colors; }
    void setPalette(const QPalette& palette);

    const FlowLayout& flowLayout() const { return m_layout; }
    // Steps in drawing order (trigger first, depth-first).
    QStringList steps() const { return m_layout.order; }
    StepCard* card(const QString& step) const { return m_cards.value(step); }
    QList<PlusButton*> plusButtons() const { return m_pluses; }

    QStringList selectedSteps() const;
    void selectSteps(const QStringList& steps);
    // Where a paste or Ctrl+F insert goes: after the (last) selected step,
    // else at the end of the flow.
    InsertionPoint insertionPointAfterSelection() const;

    // Live run status (from the runtime) and validation problems per step.
    void setStepStatus(const QString& step, StepStatus status);
    StepStatus stepStatus(const QString& step) const;
    void clearStepStatuses();
    // Asks the icon cache ahead for the cards' icons as drawn at
    // `deviceScale` (the view's scale times the device pixel ratio); whether
    // something new was asked for.
    bool prefetchIcons(qreal deviceScale) const;
    // Has the cards and buttons in `visible` (scene coordinates) drawn ahead
    // for the first frame (ItemFaces), placed on the device's pixels by
    // `sceneToDevice`; returns whether it asked for any.
    bool askFaces(const QRectF& visible, const QTransform& sceneToDevice, qreal levelOfDetail,
                  QPainter::RenderHints hints);
    void setProblems(const QHash<QString, QStringList>& problems);

    // Asks for the value a new Switch case compares with; nullopt cancels.
    // The default opens an input dialog; tests and scripts replace it.
    using CaseValuePrompt = std::function<std::optional<QString>(const QString& switchStep)>;
    void setCaseValuePrompt(CaseValuePrompt prompt) { m_casePrompt = std::move(prompt); }

    // Called by the items.
    void requestInsert(const InsertionPoint& point, const QPoint& screenPos);
    // "+ Add case" and a case's "x" (each one undo step).
    void requestAddCase(const QString& switchStep);
    void requestRemoveCase(const QString& switchStep, const QString& caseName);
    // The menu of a "+" (right click): insert here, or add a parallel branch.
    void requestInsertMenu(const InsertionPoint& point, const QPoint& screenPos);
    void activateStep(const QString& step);
    bool canMove(const QString& step) const;
    void cardDragMoved(StepCard* card, const QPointF& delta);
    void cardDragFinished(StepCard* card);

public Q_SLOTS:
    // Rebuilds the layout from the document (cards are reused by name).
    void relayout();

Q_SIGNALS:
    // A "+" was clicked: the window opens the operation search there.
    void insertRequested(const designer::InsertionPoint& point, const QPoint& screenPos);
    // "Add a parallel branch" was chosen on a "+": the same, with point.parallel
    // set (the menu offers it only when something handles this signal).
    void parallelInsertRequested(const designer::InsertionPoint& point, const QPoint& screenPos);
    // A card was double-clicked.
    void stepActivated(const QString& step);
    void selectedStepsChanged(const QStringList& steps);
    void laidOut();
    // A message for the status bar (e.g. why a drop was refused).
    void message(const QString& text);

private:
    void refreshStep(const QString& step);
    PlusButton* dropTargetFor(const StepCard* card) const;

    WorkflowDocument* m_document;
    CanvasColors m_colors;
    FlowLayout m_layout;
    FlowBackdrop* m_backdrop = nullptr;
    QHash<QString, StepCard*> m_cards;
    QHash<QString, size_t> m_lookKeys; // what each card's look was made from
    QList<PlusButton*> m_pluses;
    QHash<QString, StepStatus> m_statuses;
    QHash<QString, QStringList> m_problems;
    PlusButton* m_dropTarget = nullptr;
    CaseValuePrompt m_casePrompt;
};

} // namespace designer
