#pragma once

#include "designer/forms/DynamicContent.h"

#include <QStringList>
#include <functional>

namespace designer {

// What the editors of one form need from around them: the dynamic content
// the step may use and the connections it may pick. Filled by StepForm.
struct FormContext
{
    std::function<QList<DynamicContent::Group>()> dynamicContent;
    // Connection names for one connector ("smtp"); display names beside them.
    std::function<QList<std::pair<QString, QString>>(const QString& connector)> connections;
    QString connector; // the operation's connector
};

} // namespace designer
