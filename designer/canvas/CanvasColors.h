#pragma once

#include <QColor>
#include <QString>

class QPalette;

namespace designer {

// The canvas' colours, derived from the application palette so the canvas
// follows light and dark themes.
struct CanvasColors
{
    bool dark = false;
    QColor background;
    QColor dot;
    QColor cardFill;
    QColor cardBorder;
    QColor selection;
    QColor text;
    QColor subtext;
    QColor line;
    QColor plusFill;
    QColor plusBorder;
    QColor plusGlyph;
    QColor frameFill;
    QColor frameBorder;
    QColor labelFill;
    QColor labelText;
    QColor dropTarget;

    static CanvasColors fromPalette(const QPalette& palette);
    // All of the colours in one string, to tell one set from another.
    QString key() const;
};

} // namespace designer
