#pragma once

#include <QPixmap>
#include <QString>

class QPainter;
class QRectF;

namespace designer {

// SVG icons rendered once per size and device pixel ratio, so cards paint
// pixmaps instead of parsing SVG on every frame.
class IconCache
{
public:
    // Draws `svgPath` into `target` (item coordinates) at the scale the painter
    // has (its world transform), crisp at any zoom.
    static void paint(QPainter* painter, const QRectF& target, const QString& svgPath);
    static QPixmap pixmap(const QString& svgPath, int pixelSize);
};

} // namespace designer
