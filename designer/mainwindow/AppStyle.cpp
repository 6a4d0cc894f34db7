#include "designer/mainwindow/AppStyle.h"

#include "designer/canvas/IconCache.h"
#include "resources/Resources.h"

namespace designer {

AppStyle::AppStyle(const QString& baseKey) : QProxyStyle(baseKey) {}

QIcon AppStyle::standardIcon(StandardPixmap icon, const QStyleOption* option,
                             const QWidget* widget) const
{
    if (QIcon own = ownIcon(icon); !own.isNull())
        return own;
    return QProxyStyle::standardIcon(icon, option, widget);
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
