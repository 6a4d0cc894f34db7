#include "resources/Resources.h"

#include <QFile>

namespace resources {

QString icon(const QString& name)
{
    return QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
}

QString sampleWorkflow()
{
    return QStringLiteral(":/samples/lead-to-email/workflow.json");
}

QString styleSheet()
{
    QFile file(QStringLiteral(":/style.qss"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace resources
