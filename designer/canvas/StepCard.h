#pragma once

#include "designer/canvas/StepAppearance.h"
#include "designer/canvas/StepStatus.h"

#include <QGraphicsItem>
#include <QPainter>
#include <QStringList>
#include <optional>

namespace designer {

struct CanvasColors;

// One step on the canvas: a card with a coloured strip, the connector icon,
// the step's name in bold, the operation in grey and a status badge. Paints
// less as the zoom goes down (level of detail) so thousands stay smooth.
class StepCard : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };

    StepCard(const QString& name, const CanvasColors* colors);

    int type() const override { return Type; }
    QString name() const { return m_name; }
    void setName(const QString& name) { m_name = name; }

    void setAppearance(const StepAppearance& appearance);
    const StepAppearance& appearance() const { return m_look; }
    void setStatus(StepStatus status);
    StepStatus status() const { return m_status; }
    void setProblems(const QStringList& problems);
    const QStringList& problems() const { return m_problems; }
    void setDropHighlight(bool on);

    // Where the name is drawn (for inline renaming) and the connector's icon,
    // in item coordinates.
    static QRectF nameRect();
    static QRectF iconRect();

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    // Has the card's look drawn ahead for its first paint (ItemFaces).
    void askFace(const QTransform& sceneToDevice, qreal levelOfDetail, QPainter::RenderHints hints);

    // What a card's look depends on, besides the canvas' colours.
    struct CardLook
    {
        StepAppearance look;
        StepStatus status = StepStatus::None;
        bool hasProblems = false;
        bool selected = false;
    };
    // The name and the operation as drawn: elided to fit.
    struct CardTexts
    {
        QString title;
        QString operation;
    };

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    CardLook cardLook() const;
    QString faceKey(const CardLook& card) const;
    void updateToolTip();

    QString m_name;
    const CanvasColors* m_colors;
    StepAppearance m_look;
    bool m_hasLook = false;
    std::optional<CardTexts> m_texts; // elided when first drawn with text
    QString m_askedFace;
    StepStatus m_status = StepStatus::None;
    QStringList m_problems;
    bool m_dragging = false;
    QPointF m_pressPos;
};

} // namespace designer
