#include "designer/canvas/PlusButton.h"

#include "designer/canvas/CanvasColors.h"
#include "designer/canvas/ItemFaces.h"
#include "designer/canvas/WorkflowScene.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <utility>

namespace designer {

namespace {

// Draws a button in item coordinates. Uses nothing but its arguments, so any
// thread may draw one.
void paintPlus(QPainter* painter, const PlusButton::PlusLook& look, const CanvasColors& c,
               qreal lod)
{
    const QRectF r(QPointF(0, 0), look.size);
    const bool small = look.kind == FlowLayout::Plus::Kind::OnLine ||
                       look.kind == FlowLayout::Plus::Kind::EndOfBranch;
    if (small && lod < 0.35 && !look.drop)
        return;
    painter->setRenderHint(QPainter::Antialiasing, lod >= 0.2);
    const QColor accent = (look.hover || look.drop) ? c.selection : c.plusBorder;
    QPen pen(accent, look.drop ? 2.0 : 1.2);

    if (look.kind == FlowLayout::Plus::Kind::Trigger) {
        pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(look.hover ? c.cardFill : c.background);
        painter->drawRoundedRect(r, 8, 8);
        if (lod < 0.45)
            return;
        painter->setPen(QPen(c.selection, 2.0, Qt::SolidLine, Qt::RoundCap));
        const QPointF center(28, r.height() / 2);
        painter->drawLine(center - QPointF(7, 0), center + QPointF(7, 0));
        painter->drawLine(center - QPointF(0, 7), center + QPointF(0, 7));
        QFont f = QApplication::font();
        f.setPixelSize(14);
        f.setWeight(QFont::DemiBold);
        painter->setFont(f);
        painter->setPen(c.text);
        painter->drawText(QRectF(52, 10, r.width() - 60, 22), Qt::AlignLeft | Qt::AlignVCenter,
                          QCoreApplication::translate("designer::PlusButton", "Choose a trigger"));
        f.setPixelSize(12);
        f.setWeight(QFont::Normal);
        painter->setFont(f);
        painter->setPen(c.subtext);
        painter->drawText(QRectF(52, 30, r.width() - 60, 18), Qt::AlignLeft | Qt::AlignVCenter,
                          QCoreApplication::translate("designer::PlusButton",
                                                      "What starts this workflow? A schedule, a "
                                                      "request, a new record…"));
        return;
    }

    if (look.kind == FlowLayout::Plus::Kind::AddCase) {
        painter->setPen(pen);
        painter->setBrush(look.hover ? c.cardFill : c.plusFill);
        painter->drawRoundedRect(r, r.height() / 2, r.height() / 2);
        if (lod < 0.45)
            return;
        QFont f = QApplication::font();
        f.setPixelSize(12);
        f.setWeight(QFont::DemiBold);
        painter->setFont(f);
        painter->setPen(look.hover ? c.selection : c.plusGlyph);
        painter->drawText(r, Qt::AlignCenter,
                          QCoreApplication::translate("designer::PlusButton", "+  Add case"));
        return;
    }

    if (look.kind == FlowLayout::Plus::Kind::RemoveCase) {
        if (lod < 0.45)
            return;
        painter->setPen(Qt::NoPen);
        painter->setBrush(look.hover ? c.selection : c.plusFill);
        painter->drawEllipse(r);
        const QPointF center = r.center();
        painter->setPen(
            QPen(look.hover ? QColor(Qt::white) : c.plusGlyph, 1.4, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(center + QPointF(-3, -3), center + QPointF(3, 3));
        painter->drawLine(center + QPointF(-3, 3), center + QPointF(3, -3));
        return;
    }

    if (look.kind == FlowLayout::Plus::Kind::NewStep) {
        painter->setPen(pen);
        painter->setBrush(look.drop ? c.selection.lighter(180) : c.plusFill);
        painter->drawRoundedRect(r, r.height() / 2, r.height() / 2);
        if (lod < 0.45)
            return;
        QFont f = QApplication::font();
        f.setPixelSize(14);
        f.setWeight(QFont::DemiBold);
        painter->setFont(f);
        painter->setPen(look.hover ? c.selection : c.plusGlyph);
        painter->drawText(r, Qt::AlignCenter,
                          QCoreApplication::translate("designer::PlusButton", "+  New step"));
        return;
    }

    painter->setPen(pen);
    painter->setBrush(look.drop ? c.selection : c.plusFill);
    painter->drawEllipse(r);
    const QPointF center = r.center();
    painter->setPen(QPen(look.drop ? QColor(Qt::white) : (look.hover ? c.selection : c.plusGlyph),
                         1.6, Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(center - QPointF(4.5, 0), center + QPointF(4.5, 0));
    painter->drawLine(center - QPointF(0, 4.5), center + QPointF(0, 4.5));
}

} // namespace

PlusButton::PlusButton(const FlowLayout::Plus& plus, const CanvasColors* colors) : m_colors(colors)
{
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setZValue(2);
    setPlus(plus);
}

void PlusButton::setPlus(const FlowLayout::Plus& plus)
{
    if (plus.rect.size() != m_plus.rect.size())
        prepareGeometryChange();
    m_plus = plus;
    setPos(plus.rect.topLeft());
    QString tip;
    switch (plus.kind) {
    case FlowLayout::Plus::Kind::Trigger:
        tip = QCoreApplication::translate("designer::PlusButton",
                                          "Choose the trigger that starts the workflow");
        break;
    case FlowLayout::Plus::Kind::NewStep:
        tip = QCoreApplication::translate("designer::PlusButton", "Add a step at the end");
        break;
    case FlowLayout::Plus::Kind::AddCase:
        tip = QCoreApplication::translate("designer::PlusButton", "Add a case to %1")
                  .arg(plus.point.parent);
        break;
    case FlowLayout::Plus::Kind::RemoveCase:
        tip = QCoreApplication::translate("designer::PlusButton", "Delete %1 and its actions")
                  .arg(plus.point.branch.mid(6));
        break;
    default:
        tip = QCoreApplication::translate("designer::PlusButton", "Insert a step here");
        break;
    }
    setToolTip(tip);
    update();
}

void PlusButton::setDropHighlight(bool on)
{
    if (m_drop == on)
        return;
    m_drop = on;
    update();
}

QRectF PlusButton::boundingRect() const
{
    return QRectF(QPointF(-2, -2), m_plus.rect.size() + QSizeF(4, 4));
}

void PlusButton::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const PlusLook look = plusLook();
    if (!m_askedFace.isEmpty() && ItemFaces::draw(painter, std::exchange(m_askedFace, QString()),
                                                  faceKey(look), boundingRect()))
        return;
    paintPlus(painter, look, *m_colors,
              option->levelOfDetailFromTransform(painter->worldTransform()));
}

void PlusButton::askFace(const QTransform& sceneToDevice, qreal levelOfDetail,
                         QPainter::RenderHints hints)
{
    const PlusLook look = plusLook();
    m_askedFace = ItemFaces::ask(faceKey(look), boundingRect(), sceneTransform() * sceneToDevice,
                                 levelOfDetail, hints,
                                 [look, colors = *m_colors](QPainter* painter, qreal lod) {
                                     paintPlus(painter, look, colors, lod);
                                 });
}

PlusButton::PlusLook PlusButton::plusLook() const
{
    return {m_plus.kind, m_plus.rect.size(), m_hover, m_drop};
}

QString PlusButton::faceKey(const PlusLook& look) const
{
    return QStringLiteral("plus %1 %2x%3 %4%5 ")
               .arg(int(look.kind))
               .arg(look.size.width(), 0, 'g', 17)
               .arg(look.size.height(), 0, 'g', 17)
               .arg(int(look.hover))
               .arg(int(look.drop)) +
           m_colors->key();
}

void PlusButton::hoverEnterEvent(QGraphicsSceneHoverEvent*)
{
    m_hover = true;
    update();
}

void PlusButton::hoverLeaveEvent(QGraphicsSceneHoverEvent*)
{
    m_hover = false;
    update();
}

void PlusButton::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    event->accept();
}

void PlusButton::contextMenuEvent(QGraphicsSceneContextMenuEvent* event)
{
    if (m_plus.kind != FlowLayout::Plus::Kind::OnLine &&
        m_plus.kind != FlowLayout::Plus::Kind::EndOfBranch &&
        m_plus.kind != FlowLayout::Plus::Kind::NewStep) {
        event->ignore();
        return;
    }
    event->accept();
    static_cast<WorkflowScene*>(scene())->requestInsertMenu(m_plus.point, event->screenPos());
}

void PlusButton::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    if (!boundingRect().contains(event->pos()))
        return;
    QPoint screen = event->screenPos();
    if (event->widget()) {
        // Open the search just under the button.
        if (auto* view = qobject_cast<QGraphicsView*>(event->widget()->parentWidget()))
            screen = view->viewport()->mapToGlobal(
                view->mapFromScene(mapToScene(QPointF(0, m_plus.rect.height() + 4))));
    }
    auto* workflowScene = static_cast<WorkflowScene*>(scene());
    switch (m_plus.kind) {
    case FlowLayout::Plus::Kind::AddCase:
        workflowScene->requestAddCase(m_plus.point.parent);
        return;
    case FlowLayout::Plus::Kind::RemoveCase:
        workflowScene->requestRemoveCase(m_plus.point.parent, m_plus.point.branch.mid(6));
        return;
    default:
        workflowScene->requestInsert(m_plus.point, screen);
    }
}

} // namespace designer
