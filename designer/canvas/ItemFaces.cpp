#include "designer/canvas/ItemFaces.h"

#include "designer/canvas/RenderAhead.h"

#include <QImage>
#include <QThread>
#include <cmath>

namespace designer {

namespace {

// Never destroyed: a rendering thread may outlive main().
RenderAhead& ahead()
{
    static auto* state = new RenderAhead;
    return *state;
}

// The device pixels an item's `bounds` cover at `scale`, relative to the
// item's origin, which sits on a whole device pixel.
QRect devicePixels(const QRectF& bounds, qreal scale)
{
    const int left = int(std::floor(bounds.left() * scale));
    const int top = int(std::floor(bounds.top() * scale));
    const int right = int(std::ceil(bounds.right() * scale));
    const int bottom = int(std::ceil(bounds.bottom() * scale));
    return QRect(QPoint(left, top), QPoint(right - 1, bottom - 1));
}

QString scaleSuffix(qreal scale, QPainter::RenderHints hints)
{
    return QStringLiteral("@%1/%2").arg(scale, 0, 'g', 17).arg(int(hints));
}

// Main thread only.
int drawnCount = 0;

bool isWhole(qreal value)
{
    return std::abs(value - std::round(value)) < 1e-6;
}

} // namespace

QString ItemFaces::ask(const QString& look, const QRectF& bounds, qreal zoom,
                       qreal devicePixelRatio, QPainter::RenderHints hints, Paint paint)
{
    const qreal scale = zoom * devicePixelRatio;
    const QRect pixels = devicePixels(bounds, scale);
    if (pixels.isEmpty())
        return {};
    const QString key = look + scaleSuffix(scale, hints);
    ahead().ask(key, [pixels, scale, zoom, hints, paint = std::move(paint)] {
        QImage image(pixels.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHints(hints);
        painter.translate(-pixels.left(), -pixels.top());
        painter.scale(scale, scale);
        paint(&painter, zoom);
        return image;
    });
    return key;
}

bool ItemFaces::draw(QPainter* painter, const QString& asked, const QString& look,
                     const QRectF& bounds)
{
    std::optional<QImage> image = ahead().take(asked);
    if (!image)
        return false;
    // To device pixels, but for where the painter's device sits on the
    // screen's (a widget in its window), a whole number of pixels.
    const qreal ratio = painter->device()->devicePixelRatioF();
    const QTransform t = painter->worldTransform() * QTransform::fromScale(ratio, ratio);
    const qreal scale = t.m11();
    if (t.type() > QTransform::TxScale || !qFuzzyCompare(scale, t.m22()) || scale <= 0 ||
        !isWhole(t.dx()) || !isWhole(t.dy()) || painter->opacity() < 1.0 ||
        asked != look + scaleSuffix(scale, painter->renderHints()))
        return false;
    const QRect pixels = devicePixels(bounds, scale);
    if (pixels.size() != image->size())
        return false;
    painter->save();
    painter->resetTransform();
    image->setDevicePixelRatio(ratio);
    painter->drawImage(QPointF((std::round(t.dx()) + pixels.left()) / ratio,
                               (std::round(t.dy()) + pixels.top()) / ratio),
                       *image);
    painter->restore();
    ++drawnCount;
    return true;
}

void ItemFaces::renderAsked()
{
    ahead().run();
}

void ItemFaces::forgetAsked()
{
    ahead().clear();
}

int ItemFaces::drawnAhead()
{
    return drawnCount;
}

} // namespace designer
