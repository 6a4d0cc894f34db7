#pragma once

#include <QIcon>
#include <QPixmap>
#include <QString>

class QPainter;
class QRectF;

namespace designer {

// SVG icons parsed once and rendered once per size and device pixel ratio, so
// cards paint pixmaps instead of parsing SVG on every frame, and the window's
// icons (tool bar, menus, docks) cost one parse each however many buttons,
// sizes and modes show them.
//
// Icons the first frame will show can be asked for ahead (prefetch) and
// rendered on another thread (renderPrefetched) while the window is still
// being built; the frame then finds them ready. An icon asked for ahead that
// no thread has started on is rendered when it is first needed, as any other.
class IconCache
{
public:
    // Draws `svgPath` into `target` (item coordinates) at the scale the painter
    // has (its world transform), crisp at any zoom. From another thread than
    // the main one it renders the icon without the cache, which is the main
    // thread's (as pixmaps are).
    static void paint(QPainter* painter, const QRectF& target, const QString& svgPath);
    static QPixmap pixmap(const QString& svgPath, int pixelSize);
    // A QIcon drawn from `svgPath` through this cache: sharp at any size and
    // scale, parsed when first drawn rather than when made. Disabled and
    // other modes are derived from it by the application's style.
    static QIcon icon(const QString& svgPath);

    // Asks ahead for what paint() will draw of `svgPath` into a target
    // `targetWidth` wide at `deviceScale` (world scale times device pixel
    // ratio), or what `icon` (one made by icon(); others are left alone) will
    // draw at `size` and `devicePixelRatio`. Main thread only. Returns
    // whether something new was asked for.
    static bool prefetchPaint(const QString& svgPath, qreal targetWidth, qreal deviceScale);
    static bool prefetch(const QIcon& icon, const QSize& size, qreal devicePixelRatio);
    // Renders every icon asked for ahead that nothing has started on; safe
    // from any thread.
    static void renderPrefetched();
    // How many pixmaps so far came rendered ahead by another thread.
    static int takenAhead();
};

} // namespace designer
