#pragma once

#include "engine/core/Result.h"
#include "engine/workflow/OrderedJson.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVarLengthArray>
#include <vector>

namespace engine {

class Catalogue;

// One run-after edge: this step runs after `action` ends in one of `statuses`
// (Succeeded, Failed, Skipped, TimedOut; compared case-insensitively).
struct RunAfter
{
    QString action;
    QStringList statuses;

    friend bool operator==(const RunAfter&, const RunAfter&) = default;
};

// A Logic Apps workflow definition (WDL) as read from one file, with the
// wrapper it came in. Every step keeps its original JSON and the key order of
// the file, so unknown types and keys survive, and an edit changes only the
// keys it touches. Steps are addressed by name (unique in a definition).
//
// Nested actions: a container's children sit in a branch —
//   If: "actions", "else"; Switch: "cases.<case>", "default";
//   Foreach/Scope/Until (any step with an "actions" object): "actions".
// Top-level actions have parent "" and branch "".
class Workflow
{
public:
    // The shape of the file around the definition.
    enum class Wrapper
    {
        Bare,        // the definition object itself ($schema, triggers, actions)
        CodeView,    // {"definition":..., "parameters":{"$connections":...}}
        Standard,    // Logic Apps Standard workflow.json {"definition":..., "kind":...}
        ArmResource, // {"properties":{"definition":...}}: gallery template, raw resource export
        ArmTemplate, // deployment template, resources[i].properties.definition
    };

    // A new, empty Logic Apps Standard workflow (kind Stateful).
    Workflow();

    // Reads a workflow in any of the wrappers, with or without a UTF-8 BOM.
    // Fails with line/column for malformed JSON, and with "not a workflow
    // definition" for connections.json and connection templates.
    static Result<Workflow> parse(const QByteArray& text);
    static Result<Workflow> load(const QString& path);
    // The same wrapper, BOM, indentation and line ends it was read with.
    QByteArray serialize() const;
    Status save(const QString& path) const; // through QSaveFile

    Wrapper wrapper() const { return m_wrapper; }
    static QString wrapperName(Wrapper wrapper);
    // Standard: the folder name (set by load); ARM: the resource's "name";
    // otherwise what setName gave. Not written to the file for Standard.
    QString name() const { return m_name; }
    void setName(const QString& name) { m_name = name; }
    // Standard: "Stateful"/"Stateless"; empty for the other wrappers.
    QString kind() const;

    // The whole file and the definition, as plain JSON (keys sorted).
    QJsonObject root() const { return m_root.toObject(); }
    QJsonObject definition() const;
    // Replaces the definition (code view), keeping the key order of what stays.
    Status setDefinition(const QJsonObject& definition);
    // The ordered trees, for writers that need the file's key order.
    const OrderedJson& rootTree() const { return m_root; }
    const OrderedJson* definitionTree() const;

    // definition.parameters
    QJsonObject parameters() const;
    // The $connections parameter's value (managed API connections by
    // reference name), wherever the wrapper keeps it; empty when none.
    QJsonObject connectionReferences() const;

    // Steps
    QStringList triggerNames() const;
    QStringList actionNames() const; // depth-first, in run order per branch
    bool contains(const QString& name) const;
    bool isTrigger(const QString& name) const;
    QJsonObject stepJson(const QString& name) const;
    // Replaces the step's JSON; keys it had keep their place.
    Status setStepJson(const QString& name, const QJsonObject& step);
    // The step's value as read (it may not even be an object); null when unknown.
    const OrderedJson* stepTree(const QString& name) const { return stepNode(name); }
    // The step's "type" as written ("ApiConnection", "If", ...).
    QString stepType(const QString& name) const;

    // Nesting
    QString parentOf(const QString& name) const; // "" at top level
    QString branchOf(const QString& name) const; // "" at top level
    // The branches a container has ("actions", "else", "cases.X", "default").
    QStringList branches(const QString& parent) const;
    // The children of one branch, in run-after order (file order among ties).
    QStringList children(const QString& parent, const QString& branch) const;
    bool isContainer(const QString& name) const;

    // Run-after
    QList<RunAfter> runAfter(const QString& name) const;
    Status setRunAfter(const QString& name, const QList<RunAfter>& edges);
    // Steps in the same branch that run after `name`.
    QStringList successors(const QString& name) const;

    // Structure edits; each keeps the run-after chain connected.
    // Inserts `name` after `afterName` (empty: first in the branch); whatever
    // ran after `afterName` now runs after `name`.
    Status insertAction(const QString& name, const QJsonObject& step, const QString& parent,
                        const QString& branch, const QString& afterName);
    // Adds `name` in `parent`'s `branch` running after `afterName` (empty: at
    // the start) beside the steps that already do: a parallel branch. Nothing
    // else changes.
    Status insertParallelAction(const QString& name, const QJsonObject& step, const QString& parent,
                                const QString& branch, const QString& afterName);
    // Switch cases: adds an empty case comparing with `value` (text or number),
    // named `caseName` or, when empty, "Case", "Case 2"...; returns its name.
    Result<QString> addSwitchCase(const QString& step, const QJsonValue& value,
                                  const QString& caseName = {});
    // Removes a case and the actions in it.
    Status removeSwitchCase(const QString& step, const QString& caseName);
    // Removes an action (and its children); its successors inherit its run-after.
    Status removeAction(const QString& name);
    // Renames a trigger or action; updates run-after and expression references.
    Status renameStep(const QString& oldName, const QString& newName);
    Status addTrigger(const QString& name, const QJsonObject& trigger);
    Status removeTrigger(const QString& name);
    // `base` when free, else "base_2", "base_3"...
    QString uniqueName(const QString& base) const;

    // Catalogue-aware access to a canonical property ("To", "Attachments") of
    // a step through its WDL shape, touching only that key. An undefined value
    // removes the key.
    QJsonValue property(const QString& step, const QString& key, const Catalogue& catalogue) const;
    Status setProperty(const QString& step, const QString& key, const QJsonValue& value,
                       const Catalogue& catalogue);

    // Names that occur more than once (in different containers or as
    // repeated JSON keys); the validator reports them.
    QStringList duplicateNames() const { return m_duplicates; }
    // The JSON path of a step, e.g. "actions.Scope.actions.Send_email".
    QString jsonPath(const QString& name) const;

private:
    struct StepLocation
    {
        bool trigger = false;
        QStringList path; // keys from the definition object to the step object
        // Where each key of `path` sat among its object's members when indexed,
        // so a step is found without scanning thousands of siblings; checked
        // against the key, so an edit that moved members falls back to a scan.
        QVarLengthArray<int, 6> slots; // inline: no allocation per step
        QString parent;
        QString branch;
    };

    OrderedJson m_root;
    OrderedJson::Format m_format;
    Wrapper m_wrapper = Wrapper::Standard;
    QStringList m_definitionPath; // keys from the root to the definition
    int m_resourceIndex = -1;     // ArmTemplate: which resources[] item
    QString m_name;
    QHash<QString, StepLocation> m_index;
    QStringList m_triggerOrder;
    QStringList m_duplicates;

    OrderedJson* definitionNode();
    OrderedJson* node(const QStringList& path);
    const OrderedJson* node(const QStringList& path) const;
    OrderedJson* stepNode(const QString& name);
    const OrderedJson* stepNode(const QString& name) const;
    const OrderedJson* locate(const StepLocation& location) const;
    // The object holding `parent`'s `branch` (the top-level actions for ""), if any.
    const OrderedJson* branchNode(const QString& parent, const QString& branch) const;
    QStringList branchPath(const QString& parent, const QString& branch) const;
    Status insert(const QString& name, const QJsonObject& step, const QString& parent,
                  const QString& branch, const QString& afterName, bool rewire);
    void reindex();
    void indexActions(const OrderedJson& container, const StepLocation& at, const QString& parent,
                      const QString& branch);
    void collectActions(const QString& parent, const QString& branch, QStringList& out) const;
    void rewriteReferences(const QString& oldName, const QString& newName);
};

} // namespace engine
