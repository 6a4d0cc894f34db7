#include "designer/canvas/StepNodes.h"

#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"

namespace designer {

namespace {

const engine::OrderedJson* objectAt(const engine::OrderedJson& parent, const QString& key)
{
    const engine::OrderedJson* child = parent.isObject() ? parent.find(key) : nullptr;
    return child && child->isObject() ? child : nullptr;
}

} // namespace

StepNodes::StepNodes(const engine::Workflow& workflow)
{
    const engine::OrderedJson* definition = workflow.definitionTree();
    if (!definition || !definition->isObject())
        return;
    if (const engine::OrderedJson* triggers = objectAt(*definition, QStringLiteral("triggers"))) {
        for (const engine::OrderedJson::Member& m : triggers->members())
            add(m.key, m.value);
    }
    if (const engine::OrderedJson* actions = objectAt(*definition, QStringLiteral("actions")))
        walkActions(*actions);
    // A name written more than once: which one is the step is the workflow's
    // call, so leave it to Workflow::stepTree().
    for (auto it = m_seen.cbegin(); it != m_seen.cend(); ++it) {
        if (it.value() > 1)
            m_nodes.remove(it.key());
    }
}

void StepNodes::add(const QString& name, const engine::OrderedJson& node)
{
    if (++m_seen[name] == 1)
        m_nodes.insert(name, &node);
}

void StepNodes::walkActions(const engine::OrderedJson& container)
{
    // The places WDL nests actions: "actions" (If, Foreach, Until, Scope),
    // "else.actions", "cases.<case>.actions" and "default.actions".
    for (const engine::OrderedJson::Member& m : container.members()) {
        add(m.key, m.value);
        const engine::OrderedJson& step = m.value;
        if (const engine::OrderedJson* nested = objectAt(step, QStringLiteral("actions")))
            walkActions(*nested);
        for (const QString& branch : {QStringLiteral("else"), QStringLiteral("default")}) {
            if (const engine::OrderedJson* b = objectAt(step, branch)) {
                if (const engine::OrderedJson* nested = objectAt(*b, QStringLiteral("actions")))
                    walkActions(*nested);
            }
        }
        if (const engine::OrderedJson* cases = objectAt(step, QStringLiteral("cases"))) {
            for (const engine::OrderedJson::Member& c : cases->members()) {
                if (const engine::OrderedJson* nested =
                        objectAt(c.value, QStringLiteral("actions")))
                    walkActions(*nested);
            }
        }
    }
}

bool StepNodes::mayHaveBranches(const QString& name) const
{
    const engine::OrderedJson* step = node(name);
    if (!step)
        return true;
    if (!step->isObject())
        return false;
    // One pass over the step's keys, comparing without making strings: this
    // runs for every step on every re-layout.
    const engine::OrderedJson* type = nullptr;
    for (const engine::OrderedJson::Member& m : step->members()) {
        if (m.key == QLatin1String("actions") || m.key == QLatin1String("else") ||
            m.key == QLatin1String("cases") || m.key == QLatin1String("default"))
            return true;
        if (!type && m.key == QLatin1String("type"))
            type = &m.value;
    }
    if (!type)
        return false;
    const QString typeName = type->toString();
    for (const char* container : {"If", "Switch", "Foreach", "Until", "Scope"}) {
        if (typeName.compare(QLatin1String(container), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace designer
