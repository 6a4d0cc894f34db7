#include "designer/forms/DynamicContentButton.h"

#include "designer/canvas/IconCache.h"
#include "resources/Resources.h"

#include <QIcon>
#include <QMenu>

namespace designer {

DynamicContentButton::DynamicContentButton(std::function<QList<DynamicContent::Group>()> source,
                                           QWidget* parent)
    : QToolButton(parent), m_source(std::move(source))
{
    setObjectName(QStringLiteral("dynamicContentButton"));
    setText(QStringLiteral("{ }"));
    setToolTip(tr("Insert dynamic content from the trigger and earlier steps"));
    setAutoRaise(true);
    setFocusPolicy(Qt::NoFocus); // keeps the field's cursor where the token goes
    setPopupMode(QToolButton::InstantPopup);
    setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0; }"));
    m_menu = new QMenu(this);
    setMenu(m_menu);
    connect(m_menu, &QMenu::aboutToShow, this, &DynamicContentButton::buildMenu);
}

QMenu* DynamicContentButton::buildMenu()
{
    m_menu->clear();
    const QList<DynamicContent::Group> groups =
        m_source ? m_source() : QList<DynamicContent::Group>();
    bool any = false;
    for (const DynamicContent::Group& group : groups) {
        if (group.items.isEmpty())
            continue;
        m_menu->addSection(IconCache::icon(group.icon), group.title);
        for (const DynamicContent::Item& item : group.items) {
            QAction* action = m_menu->addAction(item.displayName);
            action->setToolTip(item.description + QStringLiteral("\n@{") + item.expression +
                               QLatin1Char('}'));
            action->setData(item.expression);
            const QString expression = item.expression;
            connect(action, &QAction::triggered, this,
                    [this, expression] { Q_EMIT tokenChosen(expression); });
            any = true;
        }
    }
    if (!any) {
        QAction* none = m_menu->addAction(tr("No earlier step has outputs to use"));
        none->setEnabled(false);
    }
    m_menu->setToolTipsVisible(true);
    return m_menu;
}

} // namespace designer
