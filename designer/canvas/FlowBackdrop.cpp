#include "designer/canvas/FlowBackdrop.h"

#include "designer/canvas/CanvasColors.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace designer {

FlowBackdrop::FlowBackdrop(const CanvasColors* colors) : m_colors(colors)
{
    setFlag(ItemUsesExtendedStyleOption);
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
}

void FlowBackdrop::setLayout(const FlowLayout& layout)
{
    prepareGeometryChange();
    m_frames = layout.frames;
    m_labels = layout.labels;
    m_lines = layout.lines;
    m_arrows = layout.arrowTips;
    m_bounds = layout.bounds.adjusted(-10, -10, 10, 10);
    update();
}

void FlowBackdrop::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect.adjusted(-8, -8, 8, 8);
    const CanvasColors& c = *m_colors;
    const bool fine = lod >= 0.3;
    painter->setRenderHint(QPainter::Antialiasing, fine);

    for (const FlowLayout::Frame& frame : std::as_const(m_frames)) {
        if (!frame.rect.intersects(exposed))
            continue;
        painter->setPen(QPen(c.frameBorder, 1.0, fine ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(c.frameFill);
        if (fine)
            painter->drawRoundedRect(frame.rect, 12, 12);
        else
            painter->drawRect(frame.rect);
    }

    painter->setPen(QPen(c.line, 1.4, Qt::SolidLine, Qt::FlatCap));
    QVarLengthArray<QLineF, 256> visible;
    for (const QLineF& line : std::as_const(m_lines)) {
        const QRectF box = QRectF(line.p1(), line.p2()).normalized().adjusted(-1, -1, 1, 1);
        if (box.intersects(exposed))
            visible.append(line);
    }
    painter->drawLines(visible.constData(), int(visible.size()));

    if (fine) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(c.line);
        for (const QPointF& tip : std::as_const(m_arrows)) {
            if (!exposed.contains(tip))
                continue;
            const QPointF arrow[3] = {tip, tip + QPointF(-4.5, -7), tip + QPointF(4.5, -7)};
            painter->drawPolygon(arrow, 3);
        }
    }

    if (lod < 0.45)
        return;
    QFont f = QApplication::font();
    f.setPixelSize(12);
    f.setWeight(QFont::DemiBold);
    painter->setFont(f);
    const QFontMetricsF metrics(f);
    for (const FlowLayout::Label& label : std::as_const(m_labels)) {
        const qreal w = metrics.horizontalAdvance(label.text) + 20;
        const QRectF pill(label.center.x() - w / 2, label.center.y() - 11, w, 22);
        if (!pill.intersects(exposed))
            continue;
        painter->setPen(Qt::NoPen);
        painter->setBrush(c.labelFill);
        painter->drawRoundedRect(pill, 11, 11);
        painter->setPen(c.labelText);
        painter->drawText(pill, Qt::AlignCenter, label.text);
    }
}

} // namespace designer
