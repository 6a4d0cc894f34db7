#include "designer/mainwindow/AppStyle.h"

#include "designer/canvas/IconCache.h"
#include "resources/Resources.h"

#include <QPainter>
#include <QStyleOption>
#include <QToolBar>

namespace designer {

namespace {

// `from` moved `amount` of the way to `to`, opaque.
QColor mixed(const QColor& from, const QColor& to, qreal amount)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * amount),
                            float(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            float(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

} // namespace

AppStyle::AppStyle(const QString& baseKey) : QProxyStyle(baseKey)
{
    m_flatScrollBars =
        baseStyle()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) == 0;
}

QIcon AppStyle::standardIcon(StandardPixmap icon, const QStyleOption* option,
                             const QWidget* widget) const
{
    if (QIcon own = ownIcon(icon); !own.isNull())
        return own;
    return QProxyStyle::standardIcon(icon, option, widget);
}

int AppStyle::pixelMetric(PixelMetric metric, const QStyleOption* option,
                          const QWidget* widget) const
{
    switch (metric) {
    case PM_DockWidgetTitleMargin:
        return 6;
    case PM_ToolBarItemSpacing:
        return 4;
    case PM_ToolBarItemMargin:
        return 6;
    case PM_ToolBarFrameWidth:
        return 0;
    default:
        return QProxyStyle::pixelMetric(metric, option, widget);
    }
}

QSize AppStyle::sizeFromContents(ContentsType type, const QStyleOption* option, const QSize& size,
                                 const QWidget* widget) const
{
    QSize result = QProxyStyle::sizeFromContents(type, option, size, widget);
    // Tool bar buttons get a little air around their icons.
    if (type == CT_ToolButton && widget && qobject_cast<const QToolBar*>(widget->parentWidget()))
        result += QSize(2, 2);
    return result;
}

void AppStyle::drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                           const QWidget* widget) const
{
    // A flat tool bar: no gradient, no rule under it; it shows the window.
    if (element == CE_ToolBar)
        return;
    QProxyStyle::drawControl(element, option, painter, widget);
}

void AppStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex* option,
                                  QPainter* painter, const QWidget* widget) const
{
    if (control == CC_ScrollBar && m_flatScrollBars) {
        if (const auto* bar = qstyleoption_cast<const QStyleOptionSlider*>(option)) {
            drawFlatScrollBar(*bar, painter, widget);
            return;
        }
    }
    QProxyStyle::drawComplexControl(control, option, painter, widget);
}

void AppStyle::drawFlatScrollBar(const QStyleOptionSlider& bar, QPainter* painter,
                                 const QWidget* widget) const
{
    // Everything here is an opaque rectangle: the raster engine fills those
    // directly, on the painting thread.
    const QColor groove = bar.palette.color(QPalette::Window);
    const QColor ink = bar.palette.color(QPalette::WindowText);
    const bool horizontal = bar.orientation == Qt::Horizontal;
    painter->fillRect(bar.rect, groove);
    // A hairline on the side towards the content, where Fusion draws its own:
    // above a horizontal bar; beside a vertical one, on its left, or on its
    // right when the layout runs right to left (the bar is then left of it).
    const QRect& r = bar.rect;
    const QRect hairline = horizontal ? QRect(r.left(), r.top(), r.width(), 1)
                           : bar.direction == Qt::RightToLeft
                               ? QRect(r.right(), r.top(), 1, r.height())
                               : QRect(r.left(), r.top(), 1, r.height());
    painter->fillRect(hairline, mixed(groove, ink, 0.10));
    // The arrows are Fusion's, small and on the same groove.
    QStyleOptionSlider arrows = bar;
    arrows.subControls &= SC_ScrollBarAddLine | SC_ScrollBarSubLine;
    if (arrows.subControls != SC_None)
        QProxyStyle::drawComplexControl(CC_ScrollBar, &arrows, painter, widget);
    if (!(bar.subControls & SC_ScrollBarSlider) || bar.maximum <= bar.minimum)
        return;
    const bool onHandle = bar.activeSubControls & SC_ScrollBarSlider;
    qreal amount = 0.28;
    if (!(bar.state & State_Enabled))
        amount = 0.14;
    else if (onHandle && (bar.state & State_Sunken))
        amount = 0.52;
    else if (onHandle && (bar.state & State_MouseOver))
        amount = 0.40;
    const QRect handle = proxy()->subControlRect(CC_ScrollBar, &bar, SC_ScrollBarSlider, widget);
    painter->fillRect(horizontal ? handle.adjusted(1, 3, -1, -3) : handle.adjusted(3, 1, -3, -1),
                      mixed(groove, ink, amount));
}

QIcon AppStyle::ownIcon(StandardPixmap icon) const
{
    if (const auto found = m_icons.constFind(icon); found != m_icons.cend())
        return found.value();
    const char* name = nullptr;
    switch (icon) {
    case SP_TitleBarCloseButton:
    case SP_DockWidgetCloseButton:
        name = "ui-close";
        break;
    case SP_TitleBarNormalButton:
        name = "ui-float";
        break;
    case SP_ToolBarHorizontalExtensionButton:
        name = "ui-more";
        break;
    case SP_ToolBarVerticalExtensionButton:
        name = "ui-more-down";
        break;
    case SP_LineEditClearButton:
        name = "ui-clear";
        break;
    case SP_MessageBoxCritical:
        name = "ui-error";
        break;
    case SP_MessageBoxWarning:
        name = "ui-warning";
        break;
    default:
        return {};
    }
    QIcon own = IconCache::icon(resources::icon(QLatin1String(name)));
    m_icons.insert(icon, own);
    return own;
}

} // namespace designer
