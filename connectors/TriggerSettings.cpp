// Whether a workflow's trigger is switched off, as Logic Apps keeps it: apart
// from TriggerHost's serving (and from the network), so the designer's run
// actions read it without the host.
#include "connectors/TriggerHost.h"
#include "engine/connections/AppSettings.h"
#include "engine/workflow/Workflow.h"

namespace connectors {

namespace {

bool isDisabled(const QJsonValue& state)
{
    return state.toString().compare(QLatin1String("Disabled"), Qt::CaseInsensitive) == 0;
}

} // namespace

bool TriggerHost::workflowDisabled(const engine::Workflow& workflow)
{
    const QJsonObject root = workflow.root();
    return isDisabled(root.value(QStringLiteral("state"))) ||
           isDisabled(
               root.value(QStringLiteral("properties")).toObject().value(QStringLiteral("state")));
}

bool TriggerHost::triggerDisabled(const QJsonObject& trigger)
{
    return isDisabled(trigger.value(QStringLiteral("state"))) ||
           trigger.value(QStringLiteral("disabled")).toBool(false);
}

QString TriggerHost::flowStateSetting(const QString& workflowName)
{
    return QStringLiteral("Workflows.%1.FlowState").arg(workflowName);
}

bool TriggerHost::flowStateDisabled(const QString& workflowName,
                                    const engine::AppSettings& settings)
{
    const auto flow = settings.value(flowStateSetting(workflowName));
    return flow && isDisabled(*flow);
}

} // namespace connectors
