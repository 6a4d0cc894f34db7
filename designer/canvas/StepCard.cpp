#include "designer/canvas/StepCard.h"

#include "designer/canvas/CanvasColors.h"
#include "designer/canvas/FlowLayout.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/ItemFaces.h"
#include "designer/canvas/WorkflowScene.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>
#include <utility>

namespace designer {

namespace {

constexpr qreal W = FlowLayout::CardWidth;
constexpr qreal H = FlowLayout::CardHeight;
constexpr qreal Radius = 8;
constexpr qreal Strip = 4;
constexpr qreal IconSize = 30;
constexpr qreal TextLeft = 58;
constexpr qreal BadgeRadius = 9;

QFont titleFont()
{
    QFont f = QApplication::font();
    f.setPixelSize(14);
    f.setWeight(QFont::DemiBold);
    return f;
}

QFont operationFont()
{
    QFont f = QApplication::font();
    f.setPixelSize(12);
    return f;
}

// From this level of detail on a card shows its texts and icon.
constexpr qreal TextLod = 0.45;

StepCard::CardTexts elidedTexts(const StepAppearance& look)
{
    const qreal width = W - TextLeft - 40;
    return {QFontMetricsF(titleFont()).elidedText(look.title, Qt::ElideRight, width),
            QFontMetricsF(operationFont()).elidedText(look.operation, Qt::ElideRight, width)};
}

void paintBadge(QPainter* painter, const QPointF& center, StepStatus status, bool hasProblems)
{
    QColor fill;
    switch (status) {
    case StepStatus::Running:
        fill = QColor(0x0078d4);
        break;
    case StepStatus::Succeeded:
        fill = QColor(0x16a34a);
        break;
    case StepStatus::Failed:
        fill = QColor(0xdc2626);
        break;
    case StepStatus::Skipped:
        fill = QColor(0x9ca3af);
        break;
    case StepStatus::None:
        if (!hasProblems)
            return;
        fill = QColor(0xd97706);
        break;
    }
    const qreal r = BadgeRadius;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen glyph(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    if (status == StepStatus::Running) {
        painter->setPen(QPen(fill, 2.5, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        painter->drawArc(QRectF(center.x() - r + 1, center.y() - r + 1, 2 * r - 2, 2 * r - 2),
                         90 * 16, -270 * 16);
        painter->restore();
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawEllipse(center, r, r);
    painter->setPen(glyph);
    const qreal x = center.x();
    const qreal y = center.y();
    switch (status) {
    case StepStatus::Succeeded:
        painter->drawPolyline(
            QPolygonF({QPointF(x - 4, y), QPointF(x - 1, y + 3), QPointF(x + 4.5, y - 3.5)}));
        break;
    case StepStatus::Failed:
        painter->drawLine(QPointF(x - 3.5, y - 3.5), QPointF(x + 3.5, y + 3.5));
        painter->drawLine(QPointF(x + 3.5, y - 3.5), QPointF(x - 3.5, y + 3.5));
        break;
    case StepStatus::Skipped:
        painter->drawLine(QPointF(x - 4, y), QPointF(x + 4, y));
        break;
    default: // a problem: "!"
        painter->drawLine(QPointF(x, y - 4.5), QPointF(x, y + 1));
        painter->drawPoint(QPointF(x, y + 4.5));
        break;
    }
    painter->restore();
}

// Draws a card in item coordinates; `texts` are needed from TextLod on. Uses nothing but its
// arguments, so any thread may draw one.
void paintCard(QPainter* painter, const StepCard::CardLook& card, const CanvasColors& c, qreal lod,
               const StepCard::CardTexts& texts)
{
    const QRectF bounds(0, 0, W, H);

    // Far out a card is a coloured block: no text, no antialiasing.
    if (lod < 0.2) {
        painter->fillRect(bounds, card.selected ? c.selection : c.cardFill);
        painter->fillRect(QRectF(0, 0, W, 12), card.look.color);
        if (card.hasProblems || card.status == StepStatus::Failed)
            painter->fillRect(QRectF(W - 40, 20, 40, 40), QColor(0xd97706));
        return;
    }

    painter->setRenderHint(QPainter::Antialiasing, true);
    QPainterPath shape;
    shape.addRoundedRect(bounds, Radius, Radius);
    painter->fillPath(shape, c.cardFill);

    // The connector's strip along the top, inside the rounded corners.
    QPainterPath strip;
    strip.addRoundedRect(QRectF(0, 0, W, Strip + Radius), Radius, Radius);
    strip = strip.intersected([] {
        QPainterPath top;
        top.addRect(QRectF(0, 0, W, Strip));
        return top;
    }());
    painter->fillPath(strip, card.look.color);

    QPen border(card.selected ? c.selection : c.cardBorder, card.selected ? 2.0 : 1.0);
    if (!card.look.known && !card.selected)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(shape);

    const QRectF iconRect = StepCard::iconRect();
    if (lod < TextLod) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(card.look.color);
        painter->drawRoundedRect(iconRect, 6, 6);
        painter->fillRect(QRectF(TextLeft, 18, 160, 8), c.text);
        painter->fillRect(QRectF(TextLeft, 34, 110, 6), c.subtext);
    } else {
        if (!card.look.icon.isEmpty())
            IconCache::paint(painter, iconRect, card.look.icon);
        painter->setPen(c.text);
        painter->setFont(titleFont());
        painter->drawText(QRectF(TextLeft, 12, W - TextLeft - 36, 20),
                          Qt::AlignLeft | Qt::AlignVCenter, texts.title);
        painter->setPen(c.subtext);
        painter->setFont(operationFont());
        painter->drawText(QRectF(TextLeft, 32, W - TextLeft - 36, 18),
                          Qt::AlignLeft | Qt::AlignVCenter, texts.operation);
    }
    paintBadge(painter, QPointF(W - 22, H / 2 + Strip / 2), card.status, card.hasProblems);
}

} // namespace

StepCard::StepCard(const QString& name, const CanvasColors* colors) : m_name(name), m_colors(colors)
{
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(false);
    setCursor(Qt::PointingHandCursor);
}

QRectF StepCard::nameRect()
{
    return QRectF(TextLeft, 12, W - TextLeft - 36, 20);
}

QRectF StepCard::iconRect()
{
    return QRectF(14, (H - IconSize) / 2 + Strip / 2, IconSize, IconSize);
}

QRectF StepCard::boundingRect() const
{
    return QRectF(-3, -3, W + 6, H + 6);
}

void StepCard::setAppearance(const StepAppearance& appearance)
{
    // Re-layouts hand every card its look again.
    if (appearance == m_look && m_hasLook)
        return;
    m_look = appearance;
    m_hasLook = true;
    // Elided when first drawn: measuring text is the dearest part of a card,
    // and of thousands only the few on screen are ever drawn with text.
    m_texts.reset();
    updateToolTip();
    update();
}

void StepCard::setStatus(StepStatus status)
{
    if (m_status == status)
        return;
    m_status = status;
    update();
}

void StepCard::setProblems(const QStringList& problems)
{
    if (m_problems == problems)
        return;
    m_problems = problems;
    updateToolTip();
    update();
}

void StepCard::updateToolTip()
{
    QString tip = m_look.title + QLatin1Char('\n') + m_look.operation;
    if (!m_look.known)
        tip += QLatin1Char('\n') +
               QCoreApplication::translate("designer::StepCard",
                                           "Not a known operation; kept as written.");
    for (const QString& problem : m_problems)
        tip += QStringLiteral("\n\u26a0 ") + problem;
    setToolTip(tip);
}

void StepCard::setDropHighlight(bool on)
{
    setOpacity(on ? 0.75 : 1.0);
}

void StepCard::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const CardLook card = cardLook();
    if (!m_askedFace.isEmpty() && ItemFaces::draw(painter, std::exchange(m_askedFace, QString()),
                                                  faceKey(card), boundingRect()))
        return;
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod >= TextLod && !m_texts)
        m_texts = elidedTexts(m_look);
    paintCard(painter, card, *m_colors, lod, m_texts.value_or(CardTexts{}));
}

void StepCard::askFace(const QTransform& sceneToDevice, qreal levelOfDetail,
                       QPainter::RenderHints hints)
{
    const CardLook card = cardLook();
    m_askedFace = ItemFaces::ask(
        faceKey(card), boundingRect(), sceneTransform() * sceneToDevice, levelOfDetail, hints,
        [card, colors = *m_colors](QPainter* painter, qreal lod) {
            paintCard(painter, card, colors, lod,
                      lod >= TextLod ? elidedTexts(card.look) : StepCard::CardTexts{});
        });
}

StepCard::CardLook StepCard::cardLook() const
{
    return {m_look, m_status, !m_problems.isEmpty(), isSelected()};
}

QString StepCard::faceKey(const CardLook& card) const
{
    const QChar sep(QChar::LineFeed);
    return QStringLiteral("card") + sep + card.look.title + sep + card.look.operation + sep +
           card.look.icon + sep + QString::number(card.look.color.rgba(), 16) + sep +
           QString::number(int(card.look.known)) + QString::number(int(card.status)) +
           QString::number(int(card.hasProblems)) + QString::number(int(card.selected)) + sep +
           m_colors->key();
}

void StepCard::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    QGraphicsItem::mousePressEvent(event);
    m_pressPos = event->scenePos();
    m_dragging = false;
}

void StepCard::mouseMoveEvent(QGraphicsSceneMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    auto* workflowScene = static_cast<WorkflowScene*>(scene());
    if (!m_dragging) {
        const QPointF screenDelta = event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton);
        if (screenDelta.manhattanLength() < QApplication::startDragDistance())
            return;
        // Triggers stay first.
        if (!workflowScene->canMove(m_name))
            return;
        m_dragging = true;
    }
    workflowScene->cardDragMoved(this, event->scenePos() - m_pressPos);
}

void StepCard::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_dragging) {
        m_dragging = false;
        static_cast<WorkflowScene*>(scene())->cardDragFinished(this);
        return;
    }
    QGraphicsItem::mouseReleaseEvent(event);
}

void StepCard::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    QGraphicsItem::mouseDoubleClickEvent(event);
    static_cast<WorkflowScene*>(scene())->activateStep(m_name);
}

} // namespace designer
