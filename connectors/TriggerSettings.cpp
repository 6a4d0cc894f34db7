// Whether a workflow's trigger is switched off, as Logic Apps keeps it: apart
// from TriggerHost's serving (and from the network), so the designer's run
// actions read it without the host.
#include "connectors/TriggerHost.h"
#include "engine/connections/AppSettings.h"
#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"

namespace connectors {

namespace {

bool isDisabled(const QJsonValue& state)
{
    return state.toString().compare(QLatin1String("Disabled"), Qt::CaseInsensitive) == 0;
}

} // namespace

// Read from the file's tree: the designer asks on every change, and the whole
// file as a QJsonObject would cost as much as reading it.
bool TriggerHost::workflowDisabled(const engine::Workflow& workflow)
{
    const auto stateOf = [](const engine::OrderedJson* object) {
        const engine::OrderedJson* state = object ? object->find(QStringLiteral("state")) : nullptr;
        return state ? QJsonValue(state->toString()) : QJsonValue();
    };
    const engine::OrderedJson& root = workflow.rootTree();
    return isDisabled(stateOf(&root)) ||
           isDisabled(stateOf(root.find(QStringLiteral("properties"))));
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
