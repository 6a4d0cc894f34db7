#include "designer/canvas/CanvasColors.h"

#include <QPalette>

namespace designer {

CanvasColors CanvasColors::fromPalette(const QPalette& palette)
{
    CanvasColors c;
    c.dark = palette.color(QPalette::Window).lightness() < 128;
    c.selection = palette.color(QPalette::Highlight);
    if (c.dark) {
        c.background = QColor(0x1b1d21);
        c.dot = QColor(0x3a3e45);
        c.cardFill = QColor(0x2a2d33);
        c.cardBorder = QColor(0x41454d);
        c.text = QColor(0xe8eaed);
        c.subtext = QColor(0x9aa0a8);
        c.line = QColor(0x6b717b);
        c.plusFill = QColor(0x2a2d33);
        c.plusBorder = QColor(0x6b717b);
        c.plusGlyph = QColor(0xc8ccd2);
        c.frameFill = QColor(255, 255, 255, 10);
        c.frameBorder = QColor(0x41454d);
        c.labelFill = QColor(0x33363d);
        c.labelText = QColor(0xc8ccd2);
    } else {
        c.background = QColor(0xf5f6f8);
        c.dot = QColor(0xd3d7dd);
        c.cardFill = QColor(0xffffff);
        c.cardBorder = QColor(0xd9dde3);
        c.text = QColor(0x1f2328);
        c.subtext = QColor(0x6b7280);
        c.line = QColor(0x9aa1ab);
        c.plusFill = QColor(0xffffff);
        c.plusBorder = QColor(0xa9b0ba);
        c.plusGlyph = QColor(0x4b5563);
        c.frameFill = QColor(0, 90, 180, 10);
        c.frameBorder = QColor(0xd0d6de);
        c.labelFill = QColor(0xe8ebef);
        c.labelText = QColor(0x4b5563);
    }
    c.dropTarget = c.selection;
    return c;
}

QString CanvasColors::key() const
{
    QString key = dark ? QStringLiteral("dark") : QStringLiteral("light");
    for (const QColor* color :
         {&background, &dot, &cardFill, &cardBorder, &selection, &text, &subtext, &line, &plusFill,
          &plusBorder, &plusGlyph, &frameFill, &frameBorder, &labelFill, &labelText, &dropTarget})
        key += QLatin1Char(' ') + QString::number(quint64(color->rgba64()), 16);
    return key;
}

} // namespace designer
