#include "engine/workflow/Validator.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Workflow.h"

namespace engine {

QString Problem::toString() const
{
    if (jsonPath.isEmpty())
        return message;
    return jsonPath + QLatin1String(": ") + message;
}

QList<Problem> Validator::validate(const Workflow& workflow, const Catalogue& catalogue)
{
    QList<Problem> problems;
    (void)catalogue;
    for (const QString& name : workflow.duplicateNames())
        problems.append(
            {name, QString(), workflow.jsonPath(name),
             QStringLiteral("the name \"%1\" is used by more than one step").arg(name)});
    return problems;
}

} // namespace engine
