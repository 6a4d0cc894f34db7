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
class IconCache
{
public:
    // Draws `svgPath` into `target` (item coordinates) at the scale the painter
    // has (its world transform), crisp at any zoom.
    static void paint(QPainter* painter, const QRectF& target, const QString& svgPath);
    static QPixmap pixmap(const QString& svgPath, int pixelSize);
    // A QIcon drawn from `svgPath` through this cache: sharp at any size and
    // scale, parsed when first drawn rather than when made. Disabled and
    // other modes are derived from it by the application's style.
    static QIcon icon(const QString& svgPath);
};

} // namespace designer
