#pragma once

#include <QHash>
#include <QString>

namespace engine {
class OrderedJson;
class Workflow;
} // namespace engine

namespace designer {

// Every step's JSON node by name, found in one walk of the definition.
// Workflow::stepTree() searches from the top for each name, which costs
// O(steps) a lookup; the canvas reads every step on each re-layout, so it
// takes them all at once. Names written twice are left out (the workflow
// decides which one counts); callers fall back to the workflow for them.
class StepNodes
{
public:
    explicit StepNodes(const engine::Workflow& workflow);

    // Null when the step is not in the walk (duplicated or unknown name).
    const engine::OrderedJson* node(const QString& name) const { return m_nodes.value(name); }
    // False only when the step certainly has no branches (no nested actions
    // and not a container type), so the workflow need not be asked.
    bool mayHaveBranches(const QString& name) const;

private:
    void walkActions(const engine::OrderedJson& container);
    void add(const QString& name, const engine::OrderedJson& node);

    QHash<QString, const engine::OrderedJson*> m_nodes;
    QHash<QString, int> m_seen;
};

} // namespace designer
