#pragma once

#include "designer/canvas/InsertionPoint.h"

#include <QHash>
#include <QLineF>
#include <QList>
#include <QRectF>
#include <QString>

namespace engine {
class Workflow;
}

namespace designer {

// Where everything on the canvas goes, computed from the workflow alone: a
// vertical flow with the trigger first and actions in run-after order, the
// branches of If/Switch side by side and container bodies in frames. Steps
// that run after the same step are parallel lanes side by side, joined again
// above the step that runs after them all. Pure
// geometry, so it is tested and timed without a scene.
class FlowLayout
{
public:
    static constexpr qreal CardWidth = 340;
    static constexpr qreal CardHeight = 60;
    static constexpr qreal Gap = 56;        // between a card and the next
    static constexpr qreal PlusRadius = 11; // the round "+" on a line
    static constexpr qreal FramePadding = 20;
    static constexpr qreal ColumnGap = 32;
    static constexpr qreal LabelHeight = 30;
    static constexpr qreal BranchDrop = 28; // card bottom to its branches
    static constexpr qreal EndLine = 26;    // line to the last "+" of a branch
    static constexpr qreal NewStepHeight = 34;
    static constexpr qreal NewStepWidth = 132;
    static constexpr qreal ForkDrop = 24;      // fork bar to the top of each parallel lane
    static constexpr qreal AddCaseWidth = 104; // the "+ Add case" pill of a Switch
    static constexpr qreal AddCaseHeight = 26;

    struct Plus
    {
        enum class Kind
        {
            OnLine,      // between two steps
            EndOfBranch, // under the last step of a branch (or an empty one)
            NewStep,     // the "+ New step" pill under the whole flow
            Trigger,     // the prompt to choose a trigger
            AddCase,     // "+ Add case" on a Switch (point.parent is the Switch)
            RemoveCase,  // the "x" on a case's label (point.parent, point.branch "cases.X")
        };
        InsertionPoint point;
        QRectF rect;
        Kind kind = Kind::OnLine;
    };
    struct Frame
    {
        QString container;
        QRectF rect;
    };
    struct Label
    {
        QString text;
        QPointF center;
    };

    // Cards by step name, in drawing order.
    QList<QString> order;
    QHash<QString, QRectF> cards;
    QList<Plus> pluses;
    QList<Frame> frames;
    QList<Label> labels;
    QList<QLineF> lines;      // plain connector segments
    QList<QPointF> arrowTips; // where a line meets the top of a card
    QRectF bounds;

    static FlowLayout compute(const engine::Workflow& workflow);
    // A branch's label as shown ("True", "False", "Case X", "Default"); empty
    // for loop and scope bodies.
    static QString branchLabel(const QString& containerType, const QString& branch);
};

} // namespace designer
