#include "designer/forms/DynamicContent.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/Workflow.h"

#include <QCoreApplication>

namespace designer {
namespace {

QString quoted(QString name)
{
    // WDL string literal: a quote is doubled.
    return name.replace(QLatin1Char('\''), QStringLiteral("''"));
}

DynamicContent::Group groupOf(const engine::Workflow& workflow, const engine::Catalogue& catalogue,
                              const QString& step)
{
    DynamicContent::Group group;
    group.step = step;
    group.title = DynamicContent::title(step);
    const bool trigger = workflow.isTrigger(step);
    const auto match = catalogue.recognise(workflow.stepJson(step));
    const QString name = quoted(step);
    if (match.operation) {
        group.icon = match.operation->icon;
        for (const engine::OutputSchema& out : match.operation->outputs) {
            QString expression = out.expression;
            expression.replace(QStringLiteral("{step}"), name);
            group.items.append({out.displayName, out.description, out.type, expression});
        }
    } else {
        const auto tr = [](const char* text) {
            return QCoreApplication::translate("designer::DynamicContent", text);
        };
        if (trigger) {
            group.items.append({tr("Body"), tr("The trigger's body"), QStringLiteral("object"),
                                QStringLiteral("triggerBody()")});
            group.items.append({tr("Outputs"), tr("Everything the trigger produced"),
                                QStringLiteral("object"), QStringLiteral("triggerOutputs()")});
        } else {
            group.items.append({tr("Body"), tr("The step's body"), QStringLiteral("object"),
                                QStringLiteral("body('%1')").arg(name)});
            group.items.append({tr("Outputs"), tr("Everything the step produced"),
                                QStringLiteral("object"),
                                QStringLiteral("outputs('%1')").arg(name)});
        }
    }
    return group;
}

} // namespace

QString DynamicContent::title(const QString& stepName)
{
    QString t = stepName;
    t.replace(QLatin1Char('_'), QLatin1Char(' '));
    return t;
}

QList<DynamicContent::Group> DynamicContent::availableTo(const engine::Workflow& workflow,
                                                         const engine::Catalogue& catalogue,
                                                         const QString& step)
{
    QList<Group> groups;
    if (workflow.isTrigger(step))
        return groups; // a trigger sees nothing before it
    for (const QString& trigger : workflow.triggerNames())
        groups.append(groupOf(workflow, catalogue, trigger));
    // Earlier in run order, but not the step's own container chain (a
    // container's outputs exist only after its body ran).
    QStringList ancestors;
    for (QString p = workflow.parentOf(step); !p.isEmpty(); p = workflow.parentOf(p))
        ancestors.append(p);
    for (const QString& action : workflow.actionNames()) {
        if (action == step)
            break;
        if (ancestors.contains(action))
            continue;
        Group g = groupOf(workflow, catalogue, action);
        if (!g.items.isEmpty())
            groups.append(std::move(g));
    }
    return groups;
}

} // namespace designer
