#include "resources/Resources.h"

namespace resources {

QString icon(const QString& name)
{
    return QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
}

QString sampleWorkflow()
{
    return QStringLiteral(":/samples/lead-to-email/workflow.json");
}

} // namespace resources
