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
    // Read once: the window sets it on each widget it styles.
    static const QString sheet = [] {
        QFile file(QStringLiteral(":/style.qss"));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }();
    return sheet;
}

} // namespace resources
