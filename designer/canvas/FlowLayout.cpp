#include "designer/canvas/FlowLayout.h"

#include "designer/canvas/StepNodes.h"
#include "engine/workflow/Workflow.h"

#include <QCoreApplication>
#include <QSizeF>

namespace designer {

namespace {

// Measures first (bottom-up sizes, memoised), then places top-down, so each
// step is visited twice whatever the nesting.
class Builder
{
public:
    Builder(const engine::Workflow& workflow, FlowLayout& out)
        : m_wf(workflow), m_out(out), m_nodes(workflow)
    {}

    // Workflow::branches() finds the step from the top each time; most steps
    // are plain cards, which the walk above tells apart at once.
    QStringList branches(const QString& name)
    {
        if (!m_nodes.mayHaveBranches(name))
            return {};
        if (const auto it = m_branches.constFind(name); it != m_branches.constEnd())
            return *it;
        return *m_branches.insert(name, m_wf.branches(name));
    }

    QSizeF nodeSize(const QString& name)
    {
        if (const auto it = m_nodeSizes.constFind(name); it != m_nodeSizes.constEnd())
            return *it;
        QSizeF size(FlowLayout::CardWidth, FlowLayout::CardHeight);
        const QStringList branches = this->branches(name);
        if (!branches.isEmpty()) {
            qreal columnsWidth = 0;
            qreal columnsHeight = 0;
            for (const QString& branch : branches) {
                const QSizeF column = columnSize(name, branch);
                columnsWidth += column.width();
                columnsHeight = qMax(columnsHeight, column.height());
            }
            columnsWidth += FlowLayout::ColumnGap * qreal(branches.size() - 1);
            size.setWidth(qMax(FlowLayout::CardWidth, columnsWidth) + 2 * FlowLayout::FramePadding);
            size.setHeight(FlowLayout::FramePadding + FlowLayout::CardHeight +
                           FlowLayout::BranchDrop + columnsHeight + FlowLayout::FramePadding);
        }
        m_nodeSizes.insert(name, size);
        return size;
    }

    QSizeF columnSize(const QString& parent, const QString& branch)
    {
        const QStringList kids = m_wf.children(parent, branch);
        qreal width = FlowLayout::CardWidth;
        qreal height = FlowLayout::LabelHeight;
        for (const QString& kid : kids) {
            const QSizeF size = nodeSize(kid);
            width = qMax(width, size.width());
            height += FlowLayout::Gap + size.height();
        }
        height += FlowLayout::EndLine + 2 * FlowLayout::PlusRadius;
        return {width, height};
    }

    // A card, or a container's frame with its card on top; returns its bottom.
    qreal placeNode(const QString& name, qreal centerX, qreal top)
    {
        const QSizeF size = nodeSize(name);
        const QStringList branches = this->branches(name);
        if (branches.isEmpty()) {
            addCard(name, QRectF(centerX - FlowLayout::CardWidth / 2, top, FlowLayout::CardWidth,
                                 FlowLayout::CardHeight));
            return top + FlowLayout::CardHeight;
        }
        m_out.frames.append(
            {name, QRectF(centerX - size.width() / 2, top, size.width(), size.height())});
        const qreal cardTop = top + FlowLayout::FramePadding;
        addCard(name, QRectF(centerX - FlowLayout::CardWidth / 2, cardTop, FlowLayout::CardWidth,
                             FlowLayout::CardHeight));
        const qreal cardBottom = cardTop + FlowLayout::CardHeight;
        const qreal columnsTop = cardBottom + FlowLayout::BranchDrop;

        QList<QSizeF> sizes;
        qreal columnsWidth = FlowLayout::ColumnGap * qreal(branches.size() - 1);
        for (const QString& branch : branches) {
            sizes.append(columnSize(name, branch));
            columnsWidth += sizes.last().width();
        }
        // Branch lines: down from the card, across, and down into each column.
        const qreal midY = cardBottom + FlowLayout::BranchDrop / 2;
        m_out.lines.append(QLineF(centerX, cardBottom, centerX, midY));
        qreal x = centerX - columnsWidth / 2;
        QList<qreal> centers;
        const QString type = m_wf.stepType(name);
        for (qsizetype i = 0; i < branches.size(); ++i) {
            const qreal columnCenter = x + sizes[i].width() / 2;
            centers.append(columnCenter);
            m_out.lines.append(QLineF(columnCenter, midY, columnCenter, columnsTop));
            placeColumn(name, branches[i], FlowLayout::branchLabel(type, branches[i]), columnCenter,
                        columnsTop);
            x += sizes[i].width() + FlowLayout::ColumnGap;
        }
        if (centers.size() > 1)
            m_out.lines.append(QLineF(centers.first(), midY, centers.last(), midY));
        return top + size.height();
    }

    // A branch: its label, then step after step with a "+" on each line, and a
    // last "+" under the end.
    void placeColumn(const QString& parent, const QString& branch, const QString& label,
                     qreal centerX, qreal top)
    {
        qreal y = top;
        if (!label.isEmpty())
            m_out.labels.append({label, QPointF(centerX, top + FlowLayout::LabelHeight / 2)});
        m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::LabelHeight));
        y += FlowLayout::LabelHeight;
        QString previous;
        const QStringList kids = m_wf.children(parent, branch);
        for (const QString& kid : kids) {
            addLink(centerX, y, {false, parent, branch, previous});
            y = placeNode(kid, centerX, y + FlowLayout::Gap);
            previous = kid;
        }
        m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::EndLine));
        addPlus(FlowLayout::Plus::Kind::EndOfBranch,
                QRectF(centerX - FlowLayout::PlusRadius, y + FlowLayout::EndLine,
                       2 * FlowLayout::PlusRadius, 2 * FlowLayout::PlusRadius),
                {false, parent, branch, previous});
    }

    void placeTopLevel()
    {
        const qreal centerX = 0;
        qreal y = 0;
        const QStringList triggers = m_wf.triggerNames();
        const QRectF first(centerX - FlowLayout::CardWidth / 2, y, FlowLayout::CardWidth,
                           FlowLayout::CardHeight);
        if (triggers.isEmpty()) {
            addPlus(FlowLayout::Plus::Kind::Trigger, first, {true, {}, {}, {}});
            y += FlowLayout::CardHeight;
        }
        for (const QString& trigger : triggers) {
            if (y > 0)
                y += FlowLayout::Gap / 2;
            addCard(trigger, QRectF(centerX - FlowLayout::CardWidth / 2, y, FlowLayout::CardWidth,
                                    FlowLayout::CardHeight));
            y += FlowLayout::CardHeight;
        }
        QString previous;
        const QStringList actions = m_wf.children(QString(), QString());
        for (const QString& action : actions) {
            addLink(centerX, y, {false, {}, {}, previous});
            y = placeNode(action, centerX, y + FlowLayout::Gap);
            previous = action;
        }
        if (!triggers.isEmpty() || !actions.isEmpty()) {
            m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::EndLine));
            addPlus(FlowLayout::Plus::Kind::NewStep,
                    QRectF(centerX - FlowLayout::NewStepWidth / 2, y + FlowLayout::EndLine,
                           FlowLayout::NewStepWidth, FlowLayout::NewStepHeight),
                    {false, {}, {}, previous});
        }
    }

private:
    void addCard(const QString& name, const QRectF& rect)
    {
        m_out.order.append(name);
        m_out.cards.insert(name, rect);
        m_out.bounds |= rect;
    }

    // A line of Gap length from `top` with a "+" in its middle and an arrow
    // into the card below.
    void addLink(qreal x, qreal top, const InsertionPoint& point)
    {
        const qreal bottom = top + FlowLayout::Gap;
        m_out.lines.append(QLineF(x, top, x, bottom));
        m_out.arrowTips.append(QPointF(x, bottom));
        const qreal mid = (top + bottom) / 2;
        addPlus(FlowLayout::Plus::Kind::OnLine,
                QRectF(x - FlowLayout::PlusRadius, mid - FlowLayout::PlusRadius,
                       2 * FlowLayout::PlusRadius, 2 * FlowLayout::PlusRadius),
                point);
    }

    void addPlus(FlowLayout::Plus::Kind kind, const QRectF& rect, const InsertionPoint& point)
    {
        FlowLayout::Plus plus;
        plus.kind = kind;
        plus.rect = rect;
        plus.point = point;
        m_out.pluses.append(plus);
        m_out.bounds |= rect;
    }

    const engine::Workflow& m_wf;
    FlowLayout& m_out;
    QHash<QString, QSizeF> m_nodeSizes;
    StepNodes m_nodes;
    QHash<QString, QStringList> m_branches;
};

} // namespace

FlowLayout FlowLayout::compute(const engine::Workflow& workflow)
{
    FlowLayout layout;
    Builder builder(workflow, layout);
    builder.placeTopLevel();
    for (const Frame& frame : std::as_const(layout.frames))
        layout.bounds |= frame.rect;
    return layout;
}

QString FlowLayout::branchLabel(const QString& containerType, const QString& branch)
{
    if (containerType.compare(QLatin1String("If"), Qt::CaseInsensitive) == 0) {
        if (branch == QLatin1String("actions"))
            return QCoreApplication::translate("designer::FlowLayout", "True");
        if (branch == QLatin1String("else"))
            return QCoreApplication::translate("designer::FlowLayout", "False");
    }
    if (branch == QLatin1String("default"))
        return QCoreApplication::translate("designer::FlowLayout", "Default");
    if (branch.startsWith(QLatin1String("cases.")))
        return branch.mid(6);
    return {};
}

} // namespace designer
