#pragma once

#include "designer/canvas/FlowLayout.h"

#include <QGraphicsItem>

namespace designer {

struct CanvasColors;

// Everything behind the cards in one item: container frames, branch labels,
// connector lines and their arrows. One item instead of thousands, painting
// only what is exposed.
class FlowBackdrop : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 3
    };

    explicit FlowBackdrop(const CanvasColors* colors);
    int type() const override { return Type; }
    void setLayout(const FlowLayout& layout);

    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    const CanvasColors* m_colors;
    QList<FlowLayout::Frame> m_frames;
    QList<FlowLayout::Label> m_labels;
    QList<QLineF> m_lines;
    QList<QPointF> m_arrows;
    QRectF m_bounds;
};

} // namespace designer
