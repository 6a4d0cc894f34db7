#include "designer/canvas/FlowLayout.h"

#include "designer/canvas/StepNodes.h"
#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"

#include <QCoreApplication>
#include <QSizeF>
#include <algorithm>
#include <memory>
#include <vector>

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
            if (m_wf.stepType(name).compare(QLatin1String("Switch"), Qt::CaseInsensitive) == 0)
                size.rheight() += FlowLayout::AddCaseHeight;
        }
        m_nodeSizes.insert(name, size);
        return size;
    }

    // A branch's steps as a series-parallel flow: steps one after another, and
    // forks where several steps run after the same one (or start the branch
    // together), each lane continuing on its own until the lanes join.
    struct Sequence;
    struct Item
    {
        QString step;                // a step, or (empty) a fork of lanes
        std::vector<Sequence> lanes; // two or more
    };
    struct Sequence
    {
        std::vector<Item> items;
    };

    // Shared pointers: a flow stays where it is while nested ones are added.
    const Sequence& flow(const QString& parent, const QString& branch)
    {
        const QString key = parent + QChar(0) + branch;
        if (const auto it = m_flows.constFind(key); it != m_flows.constEnd())
            return **it;
        return **m_flows.insert(
            key, std::make_shared<const Sequence>(decompose(m_wf.children(parent, branch))));
    }

    Sequence decompose(const QStringList& kids)
    {
        Flow f;
        for (qsizetype i = 0; i < kids.size(); ++i)
            f.position.insert(kids[i], int(i));
        f.preds.resize(size_t(kids.size()));
        f.succs.resize(size_t(kids.size()));
        for (qsizetype i = 0; i < kids.size(); ++i) {
            const auto edge = [&](const QString& action) {
                const auto p = f.position.constFind(action);
                if (p == f.position.constEnd() || *p == i)
                    return;
                auto& preds = f.preds[size_t(i)];
                if (std::find(preds.begin(), preds.end(), *p) == preds.end()) {
                    preds.push_back(*p);
                    f.succs[size_t(*p)].push_back(int(i));
                }
            };
            // The names straight from the step's JSON; the workflow's list
            // of edges (with their statuses) costs allocations per step.
            if (const engine::OrderedJson* node = m_nodes.node(kids[i])) {
                const engine::OrderedJson* ra =
                    node->isObject() ? node->find(QStringLiteral("runAfter")) : nullptr;
                if (ra && ra->isObject()) {
                    for (const engine::OrderedJson::Member& m : ra->members())
                        edge(m.key);
                }
            } else {
                for (const engine::RunAfter& e : m_wf.runAfter(kids[i]))
                    edge(e.action);
            }
        }
        for (auto& s : f.succs)
            std::sort(s.begin(), s.end());
        f.placed.assign(size_t(kids.size()), false);
        f.kids = kids;
        std::vector<int> roots;
        for (qsizetype i = 0; i < kids.size(); ++i) {
            if (f.preds[size_t(i)].empty())
                roots.push_back(int(i));
        }
        std::vector<bool> local(size_t(kids.size()), false);
        std::vector<int> exits;
        Sequence seq = chain(f, roots, local, false, exits);
        // Whatever the flow could not place (cycles) follows, in run order.
        for (qsizetype i = 0; i < kids.size(); ++i) {
            if (!f.placed[size_t(i)])
                seq.items.push_back(Item{kids[i], {}});
        }
        return seq;
    }

private:
    struct Flow
    {
        QStringList kids;
        QHash<QString, int> position;
        std::vector<std::vector<int>> preds;
        std::vector<std::vector<int>> succs;
        std::vector<bool> placed;
    };

    // Places steps from `frontier` on; in a lane (`restrict`), a step joins
    // only when every step it runs after is in the lane, otherwise it is left
    // in `exits` for the lanes' join.
    Sequence chain(Flow& f, std::vector<int> frontier, std::vector<bool>& local, bool restrict,
                   std::vector<int>& exits)
    {
        Sequence seq;
        const auto canPlace = [&](int n) {
            if (f.placed[size_t(n)])
                return false;
            for (int p : f.preds[size_t(n)]) {
                if (!f.placed[size_t(p)] || (restrict && !local[size_t(p)]))
                    return false;
            }
            return true;
        };
        const auto place = [&](int n) {
            f.placed[size_t(n)] = true;
            local[size_t(n)] = true;
        };
        while (true) {
            std::sort(frontier.begin(), frontier.end());
            frontier.erase(std::unique(frontier.begin(), frontier.end()), frontier.end());
            std::vector<int> ready;
            std::vector<int> waiting;
            for (int n : frontier) {
                if (f.placed[size_t(n)])
                    continue;
                (canPlace(n) ? ready : waiting).push_back(n);
            }
            if (ready.empty()) {
                exits.insert(exits.end(), waiting.begin(), waiting.end());
                return seq;
            }
            if (ready.size() == 1) {
                const int n = ready.front();
                place(n);
                seq.items.push_back(Item{f.kids[n], {}});
                frontier = waiting;
                frontier.insert(frontier.end(), f.succs[size_t(n)].begin(),
                                f.succs[size_t(n)].end());
                continue;
            }
            Item fork;
            std::vector<int> next = waiting;
            for (int start : ready) {
                std::vector<bool> laneLocal(f.kids.size(), false);
                place(start);
                laneLocal[size_t(start)] = true;
                std::vector<int> laneExits;
                Sequence lane = chain(f, f.succs[size_t(start)], laneLocal, true, laneExits);
                lane.items.insert(lane.items.begin(), Item{f.kids[start], {}});
                for (size_t i = 0; i < laneLocal.size(); ++i)
                    local[i] = local[i] || laneLocal[i];
                next.insert(next.end(), laneExits.begin(), laneExits.end());
                fork.lanes.push_back(std::move(lane));
            }
            seq.items.push_back(std::move(fork));
            frontier = next;
        }
    }

public:
    QSizeF itemSize(const Item& item)
    {
        if (!item.step.isEmpty())
            return nodeSize(item.step);
        qreal width = FlowLayout::ColumnGap * qreal(item.lanes.size() - 1);
        qreal height = 0;
        for (const Sequence& lane : item.lanes) {
            const QSizeF size = laneSize(lane);
            width += size.width();
            height = qMax(height, size.height());
        }
        // Down to the lanes, the lanes, and each lane's "+" down to the join.
        return {width, FlowLayout::ForkDrop + height + FlowLayout::Gap};
    }

    // A lane: its first item right at the top, the others a link apart.
    QSizeF laneSize(const Sequence& lane)
    {
        qreal width = FlowLayout::CardWidth;
        qreal height = 0;
        for (size_t i = 0; i < lane.items.size(); ++i) {
            const QSizeF size = itemSize(lane.items[i]);
            width = qMax(width, size.width());
            height += (i ? FlowLayout::Gap : 0) + size.height();
        }
        return {width, height};
    }

    QSizeF columnSize(const QString& parent, const QString& branch)
    {
        const Sequence& seq = flow(parent, branch);
        qreal width = FlowLayout::CardWidth;
        qreal height = FlowLayout::LabelHeight;
        for (const Item& item : seq.items) {
            const QSizeF size = itemSize(item);
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
        const QRectF frame(centerX - size.width() / 2, top, size.width(), size.height());
        m_out.frames.append({name, frame});
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
        const bool isSwitch = type.compare(QLatin1String("Switch"), Qt::CaseInsensitive) == 0;
        for (qsizetype i = 0; i < branches.size(); ++i) {
            const qreal columnCenter = x + sizes[i].width() / 2;
            centers.append(columnCenter);
            m_out.lines.append(QLineF(columnCenter, midY, columnCenter, columnsTop));
            placeColumn(name, branches[i], FlowLayout::branchLabel(type, branches[i]), columnCenter,
                        columnsTop);
            if (isSwitch && branches[i].startsWith(QLatin1String("cases."))) {
                // A small "x" just right of the case's label deletes the case;
                // the label's width is estimated (geometry needs no fonts).
                const qreal r = FlowLayout::PlusRadius - 2;
                const qreal labelHalf =
                    (7.5 * qreal(FlowLayout::branchLabel(type, branches[i]).size()) + 20) / 2;
                addPlus(FlowLayout::Plus::Kind::RemoveCase,
                        QRectF(columnCenter + labelHalf + 6,
                               columnsTop + FlowLayout::LabelHeight / 2 - r, 2 * r, 2 * r),
                        {false, name, branches[i], {}});
            }
            x += sizes[i].width() + FlowLayout::ColumnGap;
        }
        if (centers.size() > 1)
            m_out.lines.append(QLineF(centers.first(), midY, centers.last(), midY));
        if (isSwitch) {
            // "+ Add case" in the frame's bottom right corner, below the columns.
            addPlus(
                FlowLayout::Plus::Kind::AddCase,
                QRectF(frame.right() - FlowLayout::FramePadding - FlowLayout::AddCaseWidth,
                       frame.bottom() - FlowLayout::FramePadding / 2 - FlowLayout::AddCaseHeight,
                       FlowLayout::AddCaseWidth, FlowLayout::AddCaseHeight),
                {false, name, {}, {}});
        }
        return top + size.height();
    }

    // A branch: its label, then its flow with a "+" on each line, and a last
    // "+" under the end.
    void placeColumn(const QString& parent, const QString& branch, const QString& label,
                     qreal centerX, qreal top)
    {
        qreal y = top;
        if (!label.isEmpty())
            m_out.labels.append({label, QPointF(centerX, top + FlowLayout::LabelHeight / 2)});
        m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::LabelHeight));
        y += FlowLayout::LabelHeight;
        QString previous;
        bool joined = false;
        y = placeSequence(flow(parent, branch), parent, branch, centerX, y, false, previous,
                          joined);
        m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::EndLine));
        // Lanes that end the branch have a "+" each; one under them all would
        // only add to the last lane.
        if (joined)
            return;
        addPlus(FlowLayout::Plus::Kind::EndOfBranch,
                QRectF(centerX - FlowLayout::PlusRadius, y + FlowLayout::EndLine,
                       2 * FlowLayout::PlusRadius, 2 * FlowLayout::PlusRadius),
                {false, parent, branch, previous});
    }

    // Places the items of a flow from `y` down and returns the bottom. In a
    // lane the first card sits right at `y`; otherwise each item comes after a
    // link. `previous` is the last step placed, `joined` whether lanes just
    // ended (the next link then has no single step to insert after).
    qreal placeSequence(const Sequence& seq, const QString& parent, const QString& branch,
                        qreal centerX, qreal y, bool lane, QString& previous, bool& joined)
    {
        for (size_t i = 0; i < seq.items.size(); ++i) {
            const Item& item = seq.items[i];
            const bool first = lane && i == 0;
            if (!item.step.isEmpty()) {
                if (!first) {
                    if (joined)
                        addJoinLink(centerX, y);
                    else
                        addLink(centerX, y, {false, parent, branch, previous});
                    y += FlowLayout::Gap;
                }
                y = placeNode(item.step, centerX, y);
                previous = item.step;
                joined = false;
                continue;
            }
            // A fork: a stem (with the "+" that inserts before all lanes), a
            // bar across, and each lane down to its own "+" and the join bar.
            const QSizeF size = itemSize(item);
            const qreal stemTop = y;
            const qreal barY = y + FlowLayout::Gap;
            m_out.lines.append(QLineF(centerX, stemTop, centerX, barY));
            if (!joined && !first)
                addPlus(FlowLayout::Plus::Kind::OnLine,
                        QRectF(centerX - FlowLayout::PlusRadius,
                               stemTop + FlowLayout::Gap / 2 - FlowLayout::PlusRadius,
                               2 * FlowLayout::PlusRadius, 2 * FlowLayout::PlusRadius),
                        {false, parent, branch, previous});
            const qreal laneTop = barY + FlowLayout::ForkDrop;
            const qreal joinY = barY + size.height();
            qreal x = centerX - size.width() / 2;
            QList<qreal> centers;
            QString lastTail;
            for (const Sequence& laneSeq : item.lanes) {
                const QSizeF laneSz = laneSize(laneSeq);
                const qreal laneCenter = x + laneSz.width() / 2;
                centers.append(laneCenter);
                m_out.lines.append(QLineF(laneCenter, barY, laneCenter, laneTop));
                m_out.arrowTips.append(QPointF(laneCenter, laneTop));
                QString tail = previous;
                bool laneJoined = false;
                const qreal bottom = placeSequence(laneSeq, parent, branch, laneCenter, laneTop,
                                                   true, tail, laneJoined);
                m_out.lines.append(QLineF(laneCenter, bottom, laneCenter, joinY));
                if (!laneJoined)
                    addPlus(FlowLayout::Plus::Kind::EndOfBranch,
                            QRectF(laneCenter - FlowLayout::PlusRadius,
                                   bottom + FlowLayout::Gap / 2 - FlowLayout::PlusRadius,
                                   2 * FlowLayout::PlusRadius, 2 * FlowLayout::PlusRadius),
                            {false, parent, branch, tail});
                lastTail = tail;
                x += laneSz.width() + FlowLayout::ColumnGap;
            }
            m_out.lines.append(QLineF(centers.first(), barY, centers.last(), barY));
            m_out.lines.append(QLineF(centers.first(), joinY, centers.last(), joinY));
            y = joinY;
            previous = lastTail;
            joined = true;
        }
        return y;
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
        bool joined = false;
        const Sequence& actions = flow(QString(), QString());
        y = placeSequence(actions, {}, {}, centerX, y, false, previous, joined);
        if (!triggers.isEmpty() || !actions.items.empty()) {
            m_out.lines.append(QLineF(centerX, y, centerX, y + FlowLayout::EndLine));
            addPlus(FlowLayout::Plus::Kind::NewStep,
                    QRectF(centerX - FlowLayout::NewStepWidth / 2, y + FlowLayout::EndLine,
                           FlowLayout::NewStepWidth, FlowLayout::NewStepHeight),
                    {false, {}, {}, previous});
        }
    }

private:
    // The line into a step that runs after lanes that joined: no "+", since
    // there is no one step to insert after.
    void addJoinLink(qreal x, qreal top)
    {
        const qreal bottom = top + FlowLayout::Gap;
        m_out.lines.append(QLineF(x, top, x, bottom));
        m_out.arrowTips.append(QPointF(x, bottom));
    }

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
    QHash<QString, std::shared_ptr<const Sequence>> m_flows;
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
