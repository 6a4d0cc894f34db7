#include "designer/canvas/IconCache.h"

#include "designer/canvas/RenderAhead.h"

#include <QApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPixmapCache>
#include <QStyle>
#include <QStyleOption>
#include <QSvgRenderer>
#include <QThread>
#include <cmath>
#include <memory>

namespace designer {

namespace {

QString cacheKey(const QString& svgPath, int pixelSize)
{
    return QStringLiteral("logicapp-icon:") + svgPath + QLatin1Char(':') +
           QString::number(pixelSize);
}

// Renders `svgPath` at `pixelSize`. Each thread parses a file once and keeps
// it: its own, since a renderer is used by one thread only.
QImage render(const QString& svgPath, int pixelSize)
{
    thread_local QHash<QString, std::shared_ptr<QSvgRenderer>> renderers;
    std::shared_ptr<QSvgRenderer>& renderer = renderers[svgPath];
    if (!renderer)
        renderer = std::make_shared<QSvgRenderer>(svgPath);
    QImage image(pixelSize, pixelSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    renderer->render(&p, QRectF(0, 0, pixelSize, pixelSize));
    return image;
}

// The device pixels paint() draws a target `width` wide at `deviceScale`, in
// steps of 8 that keep the cache small while zooming.
int paintSize(qreal width, qreal deviceScale)
{
    return qBound(8, int(std::ceil(width * deviceScale / 8.0)) * 8, 512);
}

// Icons asked for ahead, by cache key. Never destroyed: a rendering thread
// may outlive main().
RenderAhead& ahead()
{
    static auto* state = new RenderAhead;
    return *state;
}

// Set while prefetch() asks an icon for its pixmap: the engine notes what it
// would render instead of rendering it (and whether that was new). Main
// thread only.
bool asking = false;
bool askedNew = false;

bool ask(const QString& svgPath, int pixelSize)
{
    const QString key = cacheKey(svgPath, pixelSize);
    if (QPixmap cached; QPixmapCache::find(key, &cached))
        return false;
    return ahead().ask(key, [svgPath, pixelSize] { return render(svgPath, pixelSize); });
}

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
        if (asking) {
            askedNew = ask(m_path, side);
            return {};
        }
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
    const QString key = cacheKey(svgPath, pixelSize);
    QPixmap pix;
    if (QPixmapCache::find(key, &pix))
        return pix;
    std::optional<QImage> image = ahead().take(key);
    if (!image)
        image = render(svgPath, pixelSize);
    pix = QPixmap::fromImage(std::move(*image));
    QPixmapCache::insert(key, pix);
    return pix;
}

bool IconCache::prefetchPaint(const QString& svgPath, qreal targetWidth, qreal deviceScale)
{
    return !svgPath.isEmpty() && ask(svgPath, paintSize(targetWidth, deviceScale));
}

bool IconCache::prefetch(const QIcon& icon, const QSize& size, qreal devicePixelRatio)
{
    if (icon.isNull())
        return false;
    // The icon's engine is asked for the pixmap it would draw, the way a
    // button asks for it, and notes what that is instead of rendering it.
    asking = true;
    askedNew = false;
    icon.pixmap(size, devicePixelRatio);
    asking = false;
    return askedNew;
}

void IconCache::renderPrefetched()
{
    ahead().run();
}

int IconCache::takenAhead()
{
    return ahead().taken();
}

void IconCache::paint(QPainter* painter, const QRectF& target, const QString& svgPath)
{
    const QTransform& t = painter->worldTransform();
    const qreal scale =
        std::sqrt(t.m11() * t.m11() + t.m12() * t.m12()) * painter->device()->devicePixelRatioF();
    const int size = paintSize(target.width(), scale);
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    if (QThread::currentThread() == QCoreApplication::instance()->thread())
        painter->drawPixmap(target, pixmap(svgPath, size), QRectF(0, 0, size, size));
    else // pixmaps and their cache are the main thread's
        painter->drawImage(target, render(svgPath, size), QRectF(0, 0, size, size));
    painter->restore();
}

} // namespace designer
