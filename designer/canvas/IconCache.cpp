#include "designer/canvas/IconCache.h"

#include <QHash>
#include <QPainter>
#include <QPixmapCache>
#include <QSvgRenderer>
#include <cmath>
#include <memory>

namespace designer {

QPixmap IconCache::pixmap(const QString& svgPath, int pixelSize)
{
    const QString key =
        QStringLiteral("logicapp-icon:") + svgPath + QLatin1Char(':') + QString::number(pixelSize);
    QPixmap pix;
    if (QPixmapCache::find(key, &pix))
        return pix;
    static QHash<QString, std::shared_ptr<QSvgRenderer>> renderers;
    std::shared_ptr<QSvgRenderer>& renderer = renderers[svgPath];
    if (!renderer)
        renderer = std::make_shared<QSvgRenderer>(svgPath);
    QImage image(pixelSize, pixelSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        renderer->render(&p, QRectF(0, 0, pixelSize, pixelSize));
    }
    pix = QPixmap::fromImage(image);
    QPixmapCache::insert(key, pix);
    return pix;
}

void IconCache::paint(QPainter* painter, const QRectF& target, const QString& svgPath)
{
    const QTransform& t = painter->worldTransform();
    const qreal scale =
        std::sqrt(t.m11() * t.m11() + t.m12() * t.m12()) * painter->device()->devicePixelRatioF();
    // Sizes in steps of 8 device pixels keep the cache small while zooming.
    int size = int(std::ceil(target.width() * scale / 8.0)) * 8;
    size = qBound(8, size, 512);
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawPixmap(target, pixmap(svgPath, size), QRectF(0, 0, size, size));
    painter->restore();
}

} // namespace designer
