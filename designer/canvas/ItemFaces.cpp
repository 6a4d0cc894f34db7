#include "designer/canvas/ItemFaces.h"

#include "designer/canvas/RenderAhead.h"

#include <QImage>
#include <cmath>

namespace designer {

namespace {

// Never destroyed: a rendering thread may outlive main().
RenderAhead& ahead()
{
    static auto* state = new RenderAhead;
    return *state;
}

// Where an item sits on a device: its scale, and how far past a whole device
// pixel its origin falls (0 <= phase < 1). Equal placements draw the same
// pixels wherever they are, a whole number of pixels apart.
struct Placement
{
    qreal scale = 0;
    QPointF phase;

    static std::optional<Placement> of(const QTransform& toDevice)
    {
        const qreal scale = toDevice.m11();
        if (toDevice.type() > QTransform::TxScale || scale <= 0 ||
            !qFuzzyCompare(scale, toDevice.m22()))
            return std::nullopt;
        // In steps of 1/1024 pixel: what a repeated transform gives back.
        const auto phase = [](qreal at) {
            const qreal fraction = std::round((at - std::floor(at)) * 1024) / 1024;
            return fraction >= 1 ? 0.0 : fraction;
        };
        return Placement{scale, QPointF(phase(toDevice.dx()), phase(toDevice.dy()))};
    }

    // The device pixels `bounds` (item coordinates) cover, from the whole
    // pixel before the item's origin.
    QRect pixels(const QRectF& bounds) const
    {
        const int left = int(std::floor(phase.x() + bounds.left() * scale));
        const int top = int(std::floor(phase.y() + bounds.top() * scale));
        const int right = int(std::ceil(phase.x() + bounds.right() * scale));
        const int bottom = int(std::ceil(phase.y() + bounds.bottom() * scale));
        return QRect(QPoint(left, top), QPoint(right - 1, bottom - 1));
    }

    QString key(const QString& look, QPainter::RenderHints hints) const
    {
        return look + QStringLiteral("@%1+%2,%3/%4")
                          .arg(scale, 0, 'g', 17)
                          .arg(phase.x())
                          .arg(phase.y())
                          .arg(int(hints));
    }
};

// Main thread only.
int drawnCount = 0;

} // namespace

QString ItemFaces::ask(const QString& look, const QRectF& bounds, const QTransform& toDevice,
                       qreal levelOfDetail, QPainter::RenderHints hints, Paint paint)
{
    const std::optional<Placement> placement = Placement::of(toDevice);
    if (!placement)
        return {};
    const QRect pixels = placement->pixels(bounds);
    if (pixels.isEmpty())
        return {};
    const QString key = placement->key(look, hints);
    ahead().ask(key, [pixels, at = *placement, levelOfDetail, hints, paint = std::move(paint)] {
        QImage image(pixels.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHints(hints);
        painter.translate(at.phase.x() - pixels.left(), at.phase.y() - pixels.top());
        painter.scale(at.scale, at.scale);
        paint(&painter, levelOfDetail);
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
    // To the device's pixels, from where the painter's device sits (a
    // widget in its window) and at its pixel ratio.
    const std::optional<Placement> placement = Placement::of(painter->deviceTransform());
    if (!placement || painter->opacity() < 1.0 ||
        asked != placement->key(look, painter->renderHints()))
        return false;
    const QRect pixels = placement->pixels(bounds);
    if (pixels.size() != image->size())
        return false;
    // The image's first pixel is the whole device pixel `pixels` says, in
    // the painter's logical coordinates.
    const QTransform world = painter->worldTransform();
    const qreal ratio = painter->device()->devicePixelRatioF();
    painter->save();
    painter->resetTransform();
    image->setDevicePixelRatio(ratio);
    painter->drawImage(QPointF(world.dx() + (pixels.left() - placement->phase.x()) / ratio,
                               world.dy() + (pixels.top() - placement->phase.y()) / ratio),
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
