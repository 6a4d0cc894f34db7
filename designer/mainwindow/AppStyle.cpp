#include "designer/mainwindow/AppStyle.h"

#include "designer/canvas/IconCache.h"
#include "resources/Resources.h"

#include <QToolBar>

namespace designer {

AppStyle::AppStyle(const QString& baseKey) : QProxyStyle(baseKey) {}

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
