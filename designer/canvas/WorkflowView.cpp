#include "designer/canvas/WorkflowView.h"

#include "designer/canvas/StepCard.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/document/WorkflowDocument.h"

#include <QGestureEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QNativeGestureEvent>
#include <QPinchGesture>
#include <QScrollBar>
#include <QWheelEvent>
#include <cmath>

namespace designer {

WorkflowView::WorkflowView(WorkflowScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), m_scene(scene)
{
    setObjectName(QStringLiteral("workflowView"));
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlag(DontAdjustForAntialiasing);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->grabGesture(Qt::PinchGesture);
    m_scene->setPalette(palette());
    connect(m_scene, &WorkflowScene::message, this, &WorkflowView::message);
}

qreal WorkflowView::zoom() const
{
    return transform().m11();
}

void WorkflowView::setZoom(qreal zoom)
{
    zoom = qBound(MinZoom, zoom, MaxZoom);
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    setTransform(QTransform::fromScale(zoom, zoom));
    Q_EMIT zoomChanged(zoom);
}

void WorkflowView::zoomBy(qreal factor)
{
    setZoom(zoom() * factor);
}

void WorkflowView::zoomIn()
{
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    zoomBy(1.25);
    setTransformationAnchor(anchor);
}

void WorkflowView::zoomOut()
{
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    zoomBy(1 / 1.25);
    setTransformationAnchor(anchor);
}

void WorkflowView::resetZoom()
{
    setZoom(1.0);
}

void WorkflowView::fitAll()
{
    const QRectF bounds = m_scene->flowLayout().bounds.adjusted(-40, -40, 40, 40);
    if (bounds.isEmpty())
        return;
    const QSizeF area = viewport()->size();
    const qreal zoom =
        qMin(1.0, qMin(area.width() / bounds.width(), area.height() / bounds.height()));
    setZoom(zoom);
    centerOn(bounds.center());
}

void WorkflowView::showTop()
{
    const QRectF bounds = m_scene->flowLayout().bounds;
    const qreal visibleHeight = viewport()->height() / zoom();
    centerOn(QPointF(bounds.center().x(), bounds.top() - 40 + visibleHeight / 2));
}

void WorkflowView::ensureStepVisible(const QString& step)
{
    if (const StepCard* card = m_scene->card(step))
        ensureVisible(card->sceneBoundingRect(), 60, 60);
}

namespace {

bool isWhole(qreal value)
{
    return std::abs(value - std::round(value)) < 1e-9;
}

} // namespace

void WorkflowView::drawBackground(QPainter* painter, const QRectF& rect)
{
    const CanvasColors& c = m_scene->colors();
    // Dots every 20 units, thinned out when zoomed out so they never crowd.
    qreal spacing = 20;
    const qreal z = zoom();
    while (spacing * z < 14)
        spacing *= 2;
    // Each dot a small square filled in device pixels: solid integer
    // rectangles are the raster engine's fastest path, where round wide
    // points are stroked one by one (a few thousand per frame at 1:1). A
    // dot's left edge at x is round(x - size / 2) after the view's transform.
    const QTransform toDevice = painter->worldTransform();
    const qreal size = 2.0;
    const qreal step = spacing * toDevice.m11();
    const QPointF origin = toDevice.map(QPointF(0, 0));
    if (toDevice.type() <= QTransform::TxScale && isWhole(step) && isWhole(origin.x()) &&
        isWhole(origin.y())) {
        // Dots a whole number of pixels apart, from a whole pixel (1:1, 2:1)
        // are one tile repeated: the background and its dots in one fill.
        // The tile is a few hundred pixels wide, so that a row of the fill is
        // a few copies, and opaque when the background is, so that a
        // copy is a plain memory copy rather than a blend.
        const int side = int(std::round(step));
        const int width = side * std::max(1, 512 / side);
        if (m_dotTile.height() != side || m_dotTile.width() != width ||
            m_dotTileColors != std::pair(c.background, c.dot)) {
            m_dotTile = QImage(width, side,
                               c.background.alpha() == 255 && c.dot.alpha() == 255
                                   ? QImage::Format_RGB32
                                   : QImage::Format_ARGB32_Premultiplied);
            QPainter tile(&m_dotTile);
            tile.fillRect(m_dotTile.rect(), c.background);
            for (int x = 0; x < width; x += side)
                tile.fillRect(QRect(x, 0, int(size), int(size)), c.dot);
            m_dotTileColors = {c.background, c.dot};
        }
        QBrush dots(m_dotTile);
        dots.setTransform(QTransform::fromTranslate(origin.x() - size / 2, origin.y() - size / 2));
        painter->save();
        painter->resetTransform();
        painter->setRenderHint(QPainter::Antialiasing, false);
        // The raster engine splits a fill of more than about a hundred rows
        // into parts for the global thread pool and waits for them. On the
        // first frame that starts the pool's threads, and on any frame the
        // hand-off costs more than these row copies, so the fill goes in
        // bands short enough to stay on this thread.
        const QRect target = toDevice.mapRect(rect).toAlignedRect();
        const int band = std::max(1, int(48 / painter->device()->devicePixelRatio()));
        for (int y = target.top(); y <= target.bottom(); y += band)
            painter->fillRect(
                QRect(target.left(), y, target.width(), std::min(band, target.bottom() + 1 - y)),
                dots);
        painter->restore();
        return;
    }
    painter->fillRect(rect, c.background);
    const qreal left = std::floor(rect.left() / spacing) * spacing;
    const qreal top = std::floor(rect.top() / spacing) * spacing;
    QVarLengthArray<QRectF, 4096> dots;
    for (qreal y = top; y <= rect.bottom(); y += spacing) {
        for (qreal x = left; x <= rect.right(); x += spacing) {
            const QPointF at = toDevice.map(QPointF(x, y));
            dots.append(
                QRectF(std::round(at.x() - size / 2), std::round(at.y() - size / 2), size, size));
        }
    }
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    painter->setBrush(c.dot);
    painter->drawRects(dots.constData(), int(dots.size()));
    painter->restore();
}

void WorkflowView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        zoomBy(std::pow(1.15, steps));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void WorkflowView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat() && !m_nameEditor) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
        switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            return;
        case Qt::Key_Minus:
            zoomOut();
            return;
        default:
            break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void WorkflowView::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat() && m_spaceHeld) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void WorkflowView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panLast = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void WorkflowView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panLast;
        m_panLast = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void WorkflowView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

bool WorkflowView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::NativeGesture) {
        auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomBy(1.0 + gesture->value());
            return true;
        }
    }
    if (event->type() == QEvent::Gesture) {
        auto* gestureEvent = static_cast<QGestureEvent*>(event);
        if (auto* pinch = static_cast<QPinchGesture*>(gestureEvent->gesture(Qt::PinchGesture))) {
            if (pinch->changeFlags() & QPinchGesture::ScaleFactorChanged)
                zoomBy(pinch->scaleFactor());
            gestureEvent->accept(pinch);
            return true;
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void WorkflowView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_scene->setPalette(palette());
        resetCachedContent();
        viewport()->update();
    }
    QGraphicsView::changeEvent(event);
}

void WorkflowView::editStepName(const QString& step)
{
    StepCard* card = m_scene->card(step);
    if (!card)
        return;
    cancelNameEdit();
    ensureStepVisible(step);
    m_editedStep = step;
    auto* editor = new QLineEdit(viewport());
    editor->setObjectName(QStringLiteral("stepNameEditor"));
    editor->setText(card->appearance().title);
    editor->selectAll();
    const QRect area =
        mapFromScene(card->mapToScene(StepCard::nameRect().adjusted(-4, -3, 4, 3))).boundingRect();
    editor->setGeometry(area);
    editor->installEventFilter(this);
    connect(editor, &QLineEdit::returnPressed, this, &WorkflowView::commitNameEdit);
    m_nameEditor = editor;
    editor->show();
    editor->setFocus(Qt::OtherFocusReason);
}

void WorkflowView::commitNameEdit()
{
    if (!m_nameEditor)
        return;
    const QString text = m_nameEditor->text();
    const QString step = m_editedStep;
    cancelNameEdit();
    const engine::Status renamed = m_scene->document()->renameStep(step, text);
    if (!renamed)
        Q_EMIT message(renamed.error().message);
    setFocus(Qt::OtherFocusReason);
}

void WorkflowView::cancelNameEdit()
{
    if (!m_nameEditor)
        return;
    QLineEdit* editor = m_nameEditor;
    m_nameEditor = nullptr;
    editor->removeEventFilter(this);
    editor->hide();
    editor->deleteLater();
    m_editedStep.clear();
}

bool WorkflowView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_nameEditor) {
        if (event->type() == QEvent::KeyPress &&
            static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            cancelNameEdit();
            setFocus(Qt::OtherFocusReason);
            return true;
        }
        if (event->type() == QEvent::FocusOut) {
            // Clicking elsewhere keeps what was typed, as in a file manager.
            QMetaObject::invokeMethod(this, &WorkflowView::commitNameEdit, Qt::QueuedConnection);
        }
    }
    return QGraphicsView::eventFilter(watched, event);
}

} // namespace designer
