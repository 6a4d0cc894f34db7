#pragma once

#include <QHash>
#include <QIcon>
#include <QProxyStyle>

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
// - roomier dock titles, and a flat tool bar with airier buttons.
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

private:
    QIcon ownIcon(StandardPixmap icon) const;

    mutable QHash<int, QIcon> m_icons;
};

} // namespace designer
