#pragma once

#include <QHash>
#include <QIcon>
#include <QProxyStyle>
#include <QStyleOptionSlider>

namespace designer {

// The platform's style with the designer's touches, in code rather than a
// style sheet (a style sheet makes every widget under it polish, measure and
// paint through its rule matching, and must be set again when the desktop
// switches between light and dark):
// - its own icons for the buttons Qt draws itself: dock close and float, the
//   tool and menu bar overflow, a line edit's clear button and the problem
//   severities. They are SVG, so they stay sharp at any scale and match the
//   tool bar's icons; the platform's are bitmaps, and reading the first of
//   those makes Qt load and ask every image-format plugin;
// - roomier dock titles, and a flat tool bar with airier buttons;
// - flat scroll bars over Fusion: a plain groove and handle, filled with
//   solid colours. Fusion's gradients and translucent rules over a bar's
//   length are blended row by row, and the raster engine hands a blend that
//   tall to the global thread pool: the canvas's first frame had to start
//   the pool's threads for its scroll bar.
class AppStyle : public QProxyStyle
{
public:
    // `baseKey` names the style to build on (QStyleFactory), e.g. the
    // application's current one, so a -style option keeps working.
    explicit AppStyle(const QString& baseKey);

    QIcon standardIcon(StandardPixmap icon, const QStyleOption* option = nullptr,
                       const QWidget* widget = nullptr) const override;
    int pixelMetric(PixelMetric metric, const QStyleOption* option = nullptr,
                    const QWidget* widget = nullptr) const override;
    QSize sizeFromContents(ContentsType type, const QStyleOption* option, const QSize& size,
                           const QWidget* widget) const override;
    void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                     const QWidget* widget = nullptr) const override;
    void drawComplexControl(ComplexControl control, const QStyleOptionComplex* option,
                            QPainter* painter, const QWidget* widget = nullptr) const override;

private:
    QIcon ownIcon(StandardPixmap icon) const;
    void drawFlatScrollBar(const QStyleOptionSlider& bar, QPainter* painter,
                           const QWidget* widget) const;

    // Fusion's scroll bars are drawn flat, as its tool bar is; a platform
    // style keeps its own.
    bool m_flatScrollBars = false;

    mutable QHash<int, QIcon> m_icons;
};

} // namespace designer
