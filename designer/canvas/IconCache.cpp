#include "designer/canvas/IconCache.h"

#include <QApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPixmapCache>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>
#include <cmath>
#include <memory>

namespace designer {

namespace {

// Qt's own SVG icon engine parses the file when the icon is made and again
// for every size and mode it draws; this one goes through IconCache.
class SvgIconEngine : public QIconEngine
{
public:
    explicit SvgIconEngine(const QString& path) : m_path(path) {}

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal ratio = painter->device()->devicePixelRatioF();
        QPixmap pix = pixmap(rect.size() * ratio, mode, state);
        pix.setDevicePixelRatio(ratio);
        const QSize shown = pix.deviceIndependentSize().toSize();
        painter->drawPixmap(QRect(rect.topLeft() + QPoint((rect.width() - shown.width()) / 2,
                                                          (rect.height() - shown.height()) / 2),
                                  shown),
                            pix);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State) override
    {
        const int side = qMin(size.width(), size.height());
        if (side <= 0)
            return {};
        QPixmap normal = IconCache::pixmap(m_path, side);
        if (mode == QIcon::Normal || mode == QIcon::Active || !qApp)
            return normal;
        const QString key =
            QStringLiteral("logicapp-icon-mode:%1:%2:%3").arg(m_path).arg(side).arg(int(mode));
        QPixmap derived;
        if (QPixmapCache::find(key, &derived))
            return derived;
        QStyleOption option;
        option.palette = QGuiApplication::palette();
        derived = QApplication::style()->generatedIconPixmap(mode, normal, &option);
        QPixmapCache::insert(key, derived);
        return derived;
    }

    QSize actualSize(const QSize& size, QIcon::Mode, QIcon::State) override
    {
        const int side = qMin(size.width(), size.height());
        return {side, side};
    }

    QIconEngine* clone() const override { return new SvgIconEngine(m_path); }
    QString key() const override { return QStringLiteral("logicapp-svg"); }
    bool isNull() override { return m_path.isEmpty(); }

private:
    QString m_path;
};

} // namespace

QIcon IconCache::icon(const QString& svgPath)
{
    return QIcon(new SvgIconEngine(svgPath));
}

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
