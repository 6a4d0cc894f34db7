#pragma once

#include "engine/core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

class QLockFile;
class QTimer;
class QUndoStack;

namespace engine {
class Catalogue;
class Workflow;
} // namespace engine

namespace designer {

// The workflow open in one window: the model, its file, its dirty state and the
// undo stack. Views (canvas, forms, problems, code view) draw it and edit it
// only through the methods below; every edit is one QUndoCommand. A field
// edit stores the step's JSON before and after; a structural edit stores the
// whole workflow on the other side of it (as a tree near the stack's index,
// as the file further away), so undo restores exactly what was there,
// unknown fields included.
class WorkflowDocument : public QObject
{
    Q_OBJECT
public:
    // MIME type of steps on the clipboard (the text is WDL JSON as well, so it
    // pastes into other editors and between windows).
    static QString clipboardMimeType();

    explicit WorkflowDocument(const engine::Catalogue& catalogue, QObject* parent = nullptr);
    ~WorkflowDocument() override;

    const engine::Catalogue& catalogue() const { return m_catalogue; }
    const engine::Workflow& workflow() const { return *m_workflow; }
    QUndoStack* undoStack() const { return m_undo; }
    // Structural edits more than one undo or redo away keep their workflow as
    // a file; the next undo's and the next redo's are read back into trees.
    // Runs by itself half a second after the last edit, undo or redo.
    void compactUndoHistory();
    // How many undo commands hold a whole workflow as a tree (at most two
    // once compacted).
    int undoTreesHeld() const;

    // Files. A new document has no path; saving it asks for one (saveAs).
    QString filePath() const { return m_path; }
    // The workflow's name: its folder for a Standard workflow.json, the file's
    // base name otherwise, "Untitled" for a new one.
    QString displayName() const;
    bool isNew() const { return m_path.isEmpty(); }
    bool isModified() const;
    // connections.json that belongs to this workflow (beside its folder for a
    // Standard workflow, beside the file otherwise); empty for a new document.
    QString connectionsPath() const;

    // Replaces the document with an empty Standard workflow (no trigger yet).
    void newWorkflow();
    engine::Status open(const QString& path);
    // Saves in the wrapper the file came in.
    engine::Status save();
    // Saves to `path` and makes it the document's file. A new workflow is
    // written as Standard {definition, kind}; connections.json is created
    // beside its folder when missing.
    engine::Status saveAs(const QString& path);
    // Re-reads the file, dropping unsaved edits (and the undo history).
    engine::Status revert();
    // Where a new workflow called `name` lives in a Standard project `dir`:
    // <dir>/<name>/workflow.json.
    static QString standardPath(const QString& projectDir, const QString& name);

    // Crash recovery: the unsaved state is written to a recovery file now and
    // then (autosave), removed on save and on a clean close.
    QString recoveryPath() const;
    engine::Status writeRecovery();
    void discardRecovery();
    // Recovery files left behind by windows that did not close cleanly.
    static QStringList pendingRecoveries();
    // Opens a recovery file: the workflow as it was, modified, bound to the
    // file it came from (if any).
    engine::Status restoreRecovery(const QString& recoveryFile);

    // Reading through the catalogue.
    QString operationId(const QString& step) const; // empty for unknown types
    QJsonValue property(const QString& step, const QString& key) const;
    QJsonObject stepJson(const QString& step) const;

    // Edits. Each is one undo step (setProperty merges consecutive edits of
    // the same field of the same step, so typing is one step). They fail with
    // an Error naming the step or field and change nothing.
    engine::Status setProperty(const QString& step, const QString& key, const QJsonValue& value);
    engine::Status setStepJson(const QString& step, const QJsonObject& json);
    // Adds a new step of the catalogue's operation: a trigger (parent etc.
    // ignored), or an action in `parent`'s `branch` (empty: top level) after
    // `after` (empty: first in the branch), rewiring run-after. Returns the
    // new step's name.
    // With `parallel`, the new action runs after `after` beside the steps that
    // already do (a parallel branch) and nothing is rewired.
    engine::Result<QString> insertStep(const QString& operationId, const QString& parent = {},
                                       const QString& branch = {}, const QString& after = {},
                                       bool parallel = false);
    // Switch cases (one undo step each): a new empty case comparing with
    // `value`, named "Case", "Case 2"...; returns its name. Removing a case
    // removes the actions in it.
    engine::Result<QString> addSwitchCase(const QString& switchStep, const QJsonValue& value);
    engine::Status removeSwitchCase(const QString& switchStep, const QString& caseName);
    engine::Status removeSteps(const QStringList& names);
    // Renames a step and every reference to it (run-after, expressions).
    engine::Status renameStep(const QString& oldName, const QString& newName);
    // Moves an action (with its body) to `parent`'s `branch` after `after`.
    engine::Status moveStep(const QString& name, const QString& parent, const QString& branch,
                            const QString& after);
    // Steps as WDL JSON ({"triggers":{..},"actions":{..}}) for the clipboard.
    QByteArray copySteps(const QStringList& names) const;
    // Inserts steps copied by copySteps (or any {"actions":{..}} JSON),
    // renaming them where names are taken. Returns the new names.
    engine::Result<QStringList> pasteSteps(const QByteArray& json, const QString& parent = {},
                                           const QString& branch = {}, const QString& after = {});

    // Code view: the whole file as formatted JSON, and replacing it (one undo
    // step). Invalid JSON is reported with line and column and not applied.
    QByteArray definitionJson() const;
    engine::Status setDefinitionJson(const QByteArray& json);

Q_SIGNALS:
    // Anything changed (edits, undo, open).
    void changed();
    // One step's JSON changed; the set of steps and their order did not.
    void stepChanged(const QString& step);
    // Steps were added, removed, renamed or moved (or a new file was loaded).
    void stepsChanged();
    // Another workflow replaced this one (open, new, revert, recovery), after
    // changed(): whatever was worked out from the old one is stale.
    void loaded();
    // Path or name changed.
    void fileChanged();
    void modifiedChanged(bool modified);

private:
    friend class SnapshotCommand;
    friend class StepJsonCommand;
    // Used by the undo commands.
    // Makes `other` the document's workflow and leaves the document's in it.
    void swapWorkflow(engine::Workflow& other);
    void applyStepJson(const QString& step, const QJsonObject& json);
    // Runs `edit` on a copy of the workflow and, when it changed something,
    // pushes one command holding the workflow before.
    engine::Status editStructure(const QString& text,
                                 const std::function<engine::Status(engine::Workflow&)>& edit);
    void replaceWorkflow(engine::Workflow workflow, const QString& path);
    void setForcedModified(bool modified);

    const engine::Catalogue& m_catalogue;
    std::unique_ptr<engine::Workflow> m_workflow;
    QUndoStack* m_undo = nullptr;
    QTimer* m_compactTimer = nullptr;
    QString m_path;
    bool m_forcedModified = false; // restored from a recovery file
    QString m_recoveryFile;
    std::unique_ptr<QLockFile> m_recoveryLock;
};

} // namespace designer
