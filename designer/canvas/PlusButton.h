#pragma once

#include "designer/canvas/FlowLayout.h"

#include <QGraphicsItem>
#include <QPainter>

namespace designer {

struct CanvasColors;

// The round "+" on a line (and the "+ New step" pill, and the prompt to pick
// a trigger): clicking it asks for an operation to insert at its place. While
// a card is dragged, the nearest one lights up as the drop target. The same
// item draws a Switch's "+ Add case" pill and the "x" that deletes a case.
class PlusButton : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };

    PlusButton(const FlowLayout::Plus& plus, const CanvasColors* colors);

    int type() const override { return Type; }
    const FlowLayout::Plus& plus() const { return m_plus; }
    void setPlus(const FlowLayout::Plus& plus);
    void setDropHighlight(bool on);
    bool dropHighlight() const { return m_drop; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    // Has the button's look drawn ahead for its first paint (ItemFaces).
    void askFace(const QTransform& sceneToDevice, qreal levelOfDetail, QPainter::RenderHints hints);

    // What a button's look depends on, besides the canvas' colours.
    struct PlusLook
    {
        FlowLayout::Plus::Kind kind = FlowLayout::Plus::Kind::OnLine;
        QSizeF size;
        bool hover = false;
        bool drop = false;
    };

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override;

private:
    PlusLook plusLook() const;
    QString faceKey(const PlusLook& look) const;

    FlowLayout::Plus m_plus;
    const CanvasColors* m_colors;
    bool m_hover = false;
    bool m_drop = false;
    QString m_askedFace;
};

} // namespace designer
