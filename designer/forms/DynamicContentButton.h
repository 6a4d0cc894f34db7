#pragma once

#include "designer/forms/DynamicContent.h"

#include <QToolButton>
#include <functional>

class QMenu;

namespace designer {

// The small button beside a field that lists the outputs of the trigger and
// earlier steps; choosing one inserts its token into the field.
class DynamicContentButton : public QToolButton
{
    Q_OBJECT
public:
    explicit DynamicContentButton(std::function<QList<DynamicContent::Group>()> source,
                                  QWidget* parent = nullptr);

    // The menu as it is now (rebuilt each time it opens), for tests.
    QMenu* buildMenu();

Q_SIGNALS:
    void tokenChosen(const QString& expression);

private:
    std::function<QList<DynamicContent::Group>()> m_source;
    QMenu* m_menu = nullptr;
};

} // namespace designer
