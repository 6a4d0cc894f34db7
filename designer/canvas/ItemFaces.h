#pragma once

#include <QPainter>
#include <QRectF>
#include <QString>
#include <QTransform>
#include <functional>

namespace designer {

// The first frame's cards and buttons, drawn ahead on another thread while
// the window is still being built: the frame then draws each as one image
// instead of shaping and rasterizing its text itself (the fonts a card uses
// cost more to set up the first time than the rest of the canvas to draw).
//
// An item asks with a key that names everything its look depends on, and a
// function that draws that look with nothing but its arguments (any thread).
// On its first paint it hands back what it asked for; the image is drawn
// only when the look is still the same and the painter draws at the scale
// it was made for, a whole number of device pixels from where it was placed,
// at full opacity: then it is the same, pixel for pixel, as drawing the item
// there. Otherwise the item draws itself, as it would have without asking.
class ItemFaces
{
public:
    // Draws a look in item coordinates at the given level of detail.
    using Paint = std::function<void(QPainter* painter, qreal levelOfDetail)>;

    // Asks for `look` drawn by `paint` over `bounds` (item coordinates) as
    // `toDevice` will place it on the device's pixels (a scale and a
    // translation: the item's position in the view, the view's in its
    // window, the device pixel ratio), at `levelOfDetail`, with `hints`.
    // Returns the key to hand back to draw(). Main thread only.
    static QString ask(const QString& look, const QRectF& bounds, const QTransform& toDevice,
                       qreal levelOfDetail, QPainter::RenderHints hints, Paint paint);
    // Takes what `asked` (from ask()) names and draws it when it applies to
    // `look` and `painter` (see above); returns whether it drew it. Main
    // thread only.
    static bool draw(QPainter* painter, const QString& asked, const QString& look,
                     const QRectF& bounds);

    // Draws every look asked for that no thread has begun; any thread.
    static void renderAsked();
    // Forgets the looks asked for and not drawn (the first frame is done).
    // Main thread only.
    static void forgetAsked();
    // How many items so far were drawn from images made ahead.
    static int drawnAhead();
};

} // namespace designer
