#include "designer/document/WorkflowDocument.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/workflow/OrderedJson.h"
#include "engine/workflow/Workflow.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>
#include <QUuid>
#include <optional>

Q_LOGGING_CATEGORY(lcDocument, "logicapp.designer.document")

namespace designer {

namespace {

// Undo command ids: consecutive property edits of one field merge.
constexpr int PropertyCommandId = 0x4c41;

QString recoveryDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/recovery");
}

QString lockPathFor(const QString& recoveryFile)
{
    QString base = recoveryFile;
    base.chop(int(qstrlen(".json")));
    return base + QStringLiteral(".lock");
}

// A step name as Logic Apps writes it: spaces become underscores.
QString toStepName(const QString& text)
{
    QString name = text.trimmed();
    name.replace(QLatin1Char(' '), QLatin1Char('_'));
    return name;
}

engine::Status fail(const QString& field, const QString& message)
{
    return engine::Status::failure(field, message);
}

} // namespace

// One structural edit. It holds the workflow on the side of the edit the
// document is not on, and undo and redo swap it with the document's: the
// whole file, unknown fields included, and no file to write or read. Commands
// away from the stack's index keep it as the file it saves to, a compact
// string instead of a tree of nodes (compact()).
class SnapshotCommand : public QUndoCommand
{
public:
    SnapshotCommand(WorkflowDocument* document, const QString& text, engine::Workflow before)
        : QUndoCommand(text), m_document(document), m_tree(std::move(before))
    {}
    void undo() override { swap(); }
    void redo() override
    {
        // The edit was already made when the command was pushed.
        if (m_pushed) {
            m_pushed = false;
            return;
        }
        swap();
    }
    // What the command holds, as a file rather than a tree; the same workflow
    // either way, hence const.
    void compact() const
    {
        if (!m_tree)
            return;
        m_file = m_tree->serialize();
        m_tree.reset();
    }
    // And back: as a tree, ready to swap. False when the file does not read.
    bool expand() const
    {
        if (m_tree)
            return true;
        engine::Result<engine::Workflow> parsed = engine::Workflow::parse(m_file);
        if (!parsed) {
            // The file is our own output; failing to read it is a bug.
            qCCritical(lcDocument) << "cannot restore snapshot:" << parsed.error().toString();
            return false;
        }
        m_tree = std::move(parsed).value();
        m_file.clear();
        return true;
    }
    bool holdsTree() const { return m_tree.has_value(); }

private:
    void swap()
    {
        if (expand())
            m_document->swapWorkflow(*m_tree);
    }

    WorkflowDocument* m_document;
    mutable std::optional<engine::Workflow> m_tree;
    mutable QByteArray m_file;
    bool m_pushed = true;
};

// An edit of one step's JSON (a form field, or the step as a whole).
class StepJsonCommand : public QUndoCommand
{
public:
    StepJsonCommand(WorkflowDocument* document, const QString& text, QString step, QString key,
                    QJsonObject before, QJsonObject after)
        : QUndoCommand(text), m_document(document), m_step(std::move(step)), m_key(std::move(key)),
          m_before(std::move(before)), m_after(std::move(after))
    {}
    int id() const override { return m_key.isEmpty() ? -1 : PropertyCommandId; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const StepJsonCommand*>(other);
        if (next->m_step != m_step || next->m_key != m_key)
            return false;
        m_after = next->m_after;
        return true;
    }
    void undo() override { m_document->applyStepJson(m_step, m_before); }
    void redo() override
    {
        if (m_pushed) {
            m_pushed = false;
            return;
        }
        m_document->applyStepJson(m_step, m_after);
    }

private:
    WorkflowDocument* m_document;
    QString m_step;
    QString m_key;
    QJsonObject m_before;
    QJsonObject m_after;
    bool m_pushed = true;
};

QString WorkflowDocument::clipboardMimeType()
{
    return QStringLiteral("application/x-logicapp-steps+json");
}

WorkflowDocument::WorkflowDocument(const engine::Catalogue& catalogue, QObject* parent)
    : QObject(parent), m_catalogue(catalogue), m_workflow(std::make_unique<engine::Workflow>()),
      m_undo(new QUndoStack(this)), m_compactTimer(new QTimer(this))
{
    // Once edits pause, older snapshots are kept as files (compactUndoHistory).
    m_compactTimer->setSingleShot(true);
    m_compactTimer->setInterval(500);
    connect(m_compactTimer, &QTimer::timeout, this, &WorkflowDocument::compactUndoHistory);
    connect(m_undo, &QUndoStack::indexChanged, m_compactTimer, qOverload<>(&QTimer::start));
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this] { Q_EMIT modifiedChanged(isModified()); });
}

WorkflowDocument::~WorkflowDocument()
{
    // A clean close leaves nothing to recover.
    discardRecovery();
}

QString WorkflowDocument::displayName() const
{
    if (!m_workflow->name().isEmpty())
        return m_workflow->name();
    if (!m_path.isEmpty())
        return QFileInfo(m_path).completeBaseName();
    return tr("Untitled");
}

bool WorkflowDocument::isModified() const
{
    return m_forcedModified || !m_undo->isClean();
}

QString WorkflowDocument::connectionsPath() const
{
    if (m_path.isEmpty())
        return {};
    const QFileInfo info(m_path);
    QDir dir = info.absoluteDir();
    // Standard projects keep connections.json next to the workflow folders.
    if (info.fileName().compare(QStringLiteral("workflow.json"), Qt::CaseInsensitive) == 0)
        dir.cdUp();
    return dir.filePath(QStringLiteral("connections.json"));
}

QString WorkflowDocument::standardPath(const QString& projectDir, const QString& name)
{
    return QDir(projectDir).filePath(name + QStringLiteral("/workflow.json"));
}

void WorkflowDocument::replaceWorkflow(engine::Workflow workflow, const QString& path)
{
    *m_workflow = std::move(workflow);
    m_path = path;
    m_undo->clear();
    m_undo->setClean();
    setForcedModified(false);
    Q_EMIT fileChanged();
    Q_EMIT stepsChanged();
    Q_EMIT changed();
    Q_EMIT loaded();
}

void WorkflowDocument::setForcedModified(bool modified)
{
    const bool was = isModified();
    m_forcedModified = modified;
    if (was != isModified())
        Q_EMIT modifiedChanged(isModified());
}

void WorkflowDocument::newWorkflow()
{
    discardRecovery();
    replaceWorkflow(engine::Workflow(), QString());
}

engine::Status WorkflowDocument::open(const QString& path)
{
    engine::Result<engine::Workflow> loaded = engine::Workflow::load(path);
    if (!loaded)
        return loaded.error();
    discardRecovery();
    replaceWorkflow(std::move(loaded).value(), QFileInfo(path).absoluteFilePath());
    qCInfo(lcDocument) << "opened" << m_path;
    return engine::success();
}

engine::Status WorkflowDocument::save()
{
    if (m_path.isEmpty())
        return fail(QString(), tr("This workflow has no file yet; use Save As to choose one."));
    return saveAs(m_path);
}

engine::Status WorkflowDocument::saveAs(const QString& path)
{
    if (path.isEmpty())
        return fail(QString(), tr("No file name given."));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(QString(), tr("Cannot create the folder %1.").arg(info.absolutePath()));
    if (const engine::Status saved = m_workflow->save(info.absoluteFilePath()); !saved)
        return saved;

    const bool renamed = m_path != info.absoluteFilePath();
    m_path = info.absoluteFilePath();
    if (m_workflow->wrapper() == engine::Workflow::Wrapper::Standard &&
        info.fileName().compare(QStringLiteral("workflow.json"), Qt::CaseInsensitive) == 0)
        m_workflow->setName(info.absoluteDir().dirName());

    // A Standard workflow finds its connections in connections.json beside its
    // folder; start one so that the project opens in Logic Apps tooling too.
    const QString connections = connectionsPath();
    if (m_workflow->wrapper() == engine::Workflow::Wrapper::Standard &&
        !QFile::exists(connections)) {
        QSaveFile file(connections);
        if (file.open(QIODevice::WriteOnly)) {
            file.write("{\n  \"managedApiConnections\": {},\n  \"serviceProviderConnections\": "
                       "{}\n}\n");
            if (!file.commit())
                qCWarning(lcDocument) << "could not write" << connections << file.errorString();
        }
    }

    m_undo->setClean();
    setForcedModified(false);
    discardRecovery();
    if (renamed)
        Q_EMIT fileChanged();
    qCInfo(lcDocument) << "saved" << m_path;
    return engine::success();
}

engine::Status WorkflowDocument::revert()
{
    if (m_path.isEmpty()) {
        newWorkflow();
        return engine::success();
    }
    return open(m_path);
}

QString WorkflowDocument::recoveryPath() const
{
    return m_recoveryFile;
}

engine::Status WorkflowDocument::writeRecovery()
{
    if (!isModified()) {
        discardRecovery();
        return engine::success();
    }
    if (m_recoveryFile.isEmpty()) {
        if (!QDir().mkpath(recoveryDir()))
            return fail(QString(), tr("Cannot create the recovery folder %1.").arg(recoveryDir()));
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_recoveryFile = recoveryDir() + QLatin1Char('/') + id + QStringLiteral(".json");
        // The lock tells other windows this file is alive; a crash leaves a
        // stale lock, which is how pendingRecoveries() finds it.
        m_recoveryLock = std::make_unique<QLockFile>(lockPathFor(m_recoveryFile));
        m_recoveryLock->setStaleLockTime(0);
        if (!m_recoveryLock->tryLock(0))
            qCWarning(lcDocument) << "could not lock" << m_recoveryLock->error();
    }
    QJsonObject record;
    record.insert(QStringLiteral("filePath"), m_path);
    record.insert(QStringLiteral("name"), m_workflow->name());
    record.insert(QStringLiteral("workflow"), QString::fromUtf8(m_workflow->serialize()));
    QSaveFile file(m_recoveryFile);
    if (!file.open(QIODevice::WriteOnly))
        return fail(
            QString(),
            tr("Cannot write the recovery file %1: %2").arg(m_recoveryFile, file.errorString()));
    file.write(QJsonDocument(record).toJson(QJsonDocument::Compact));
    if (!file.commit())
        return fail(
            QString(),
            tr("Cannot write the recovery file %1: %2").arg(m_recoveryFile, file.errorString()));
    return engine::success();
}

void WorkflowDocument::discardRecovery()
{
    if (m_recoveryFile.isEmpty())
        return;
    QFile::remove(m_recoveryFile);
    if (m_recoveryLock)
        m_recoveryLock->unlock();
    m_recoveryLock.reset();
    m_recoveryFile.clear();
}

QStringList WorkflowDocument::pendingRecoveries()
{
    QStringList pending;
    const QDir dir(recoveryDir());
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time);
    for (const QFileInfo& info : files) {
        QLockFile lock(lockPathFor(info.absoluteFilePath()));
        lock.setStaleLockTime(0);
        // A live window holds its lock; a crashed one left it stale.
        if (lock.tryLock(0)) {
            lock.unlock();
            pending.append(info.absoluteFilePath());
        }
    }
    return pending;
}

engine::Status WorkflowDocument::restoreRecovery(const QString& recoveryFile)
{
    QFile file(recoveryFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(
            QString(),
            tr("Cannot read the recovery file %1: %2").arg(recoveryFile, file.errorString()));
    const QJsonObject record = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    engine::Result<engine::Workflow> parsed =
        engine::Workflow::parse(record.value(QStringLiteral("workflow")).toString().toUtf8());
    if (!parsed)
        return parsed.error();
    engine::Workflow workflow = std::move(parsed).value();
    workflow.setName(record.value(QStringLiteral("name")).toString());
    discardRecovery();
    replaceWorkflow(std::move(workflow), record.value(QStringLiteral("filePath")).toString());
    QFile::remove(recoveryFile);
    QFile::remove(lockPathFor(recoveryFile));
    setForcedModified(true);
    return engine::success();
}

QString WorkflowDocument::operationId(const QString& step) const
{
    const engine::Catalogue::Match match = m_catalogue.recognise(m_workflow->stepJson(step));
    return match.operation ? match.operation->id : QString();
}

QJsonValue WorkflowDocument::property(const QString& step, const QString& key) const
{
    return m_workflow->property(step, key, m_catalogue);
}

QJsonObject WorkflowDocument::stepJson(const QString& step) const
{
    return m_workflow->stepJson(step);
}

void WorkflowDocument::swapWorkflow(engine::Workflow& other)
{
    // The name is the document's (its folder or file), not the snapshot's.
    const QString name = m_workflow->name();
    std::swap(*m_workflow, other);
    m_workflow->setName(name);
    Q_EMIT stepsChanged();
    Q_EMIT changed();
}

void WorkflowDocument::compactUndoHistory()
{
    // The commands one undo or one redo away hold trees, read ahead from their
    // files if need be, so the next undo or redo is a swap.
    const int index = m_undo->index();
    for (int i = 0; i < m_undo->count(); ++i) {
        const auto* snapshot = dynamic_cast<const SnapshotCommand*>(m_undo->command(i));
        if (!snapshot)
            continue;
        if (i == index - 1 || i == index)
            snapshot->expand();
        else
            snapshot->compact();
    }
}

int WorkflowDocument::undoTreesHeld() const
{
    int held = 0;
    for (int i = 0; i < m_undo->count(); ++i) {
        const auto* snapshot = dynamic_cast<const SnapshotCommand*>(m_undo->command(i));
        held += snapshot && snapshot->holdsTree() ? 1 : 0;
    }
    return held;
}

void WorkflowDocument::applyStepJson(const QString& step, const QJsonObject& json)
{
    if (const engine::Status set = m_workflow->setStepJson(step, json); !set) {
        qCCritical(lcDocument) << "cannot restore step" << step << set.error().toString();
        return;
    }
    Q_EMIT stepChanged(step);
    Q_EMIT changed();
}

engine::Status
WorkflowDocument::editStructure(const QString& text,
                                const std::function<engine::Status(engine::Workflow&)>& edit)
{
    engine::Workflow copy = *m_workflow;
    if (const engine::Status done = edit(copy); !done)
        return done;
    // Trees that differ almost always differ early (a member more or less);
    // equal ones are compared as files too, which tell "1.0" from "1".
    if (copy.rootTree() == m_workflow->rootTree() && copy.serialize() == m_workflow->serialize())
        return engine::success();
    copy.setName(m_workflow->name());
    std::swap(*m_workflow, copy);
    m_undo->push(new SnapshotCommand(this, text, std::move(copy)));
    Q_EMIT stepsChanged();
    Q_EMIT changed();
    return engine::success();
}

engine::Status WorkflowDocument::setProperty(const QString& step, const QString& key,
                                             const QJsonValue& value)
{
    if (!m_workflow->contains(step))
        return fail(step, tr("There is no step named \"%1\".").arg(step));
    QJsonObject before = m_workflow->stepJson(step);
    // Workflow::setProperty checks everything before it writes the step, so a
    // refused edit leaves the workflow as it was (no copy to fall back on).
    if (const engine::Status set = m_workflow->setProperty(step, key, value, m_catalogue); !set)
        return set;
    QJsonObject after = m_workflow->stepJson(step);
    if (before == after)
        return engine::success();
    m_undo->push(new StepJsonCommand(this, tr("Edit %1 of %2").arg(key, step), step, key,
                                     std::move(before), std::move(after)));
    Q_EMIT stepChanged(step);
    Q_EMIT changed();
    return engine::success();
}

engine::Status WorkflowDocument::setStepJson(const QString& step, const QJsonObject& json)
{
    if (!m_workflow->contains(step))
        return fail(step, tr("There is no step named \"%1\".").arg(step));
    QJsonObject before = m_workflow->stepJson(step);
    if (before == json)
        return engine::success();
    if (const engine::Status set = m_workflow->setStepJson(step, json); !set)
        return set;
    m_undo->push(new StepJsonCommand(this, tr("Edit %1").arg(step), step, QString(),
                                     std::move(before), m_workflow->stepJson(step)));
    Q_EMIT stepChanged(step);
    Q_EMIT changed();
    return engine::success();
}

engine::Result<QString> WorkflowDocument::insertStep(const QString& operationId,
                                                     const QString& parent, const QString& branch,
                                                     const QString& after, bool parallel)
{
    const engine::Operation* operation = m_catalogue.find(operationId);
    if (!operation)
        return engine::Result<QString>::failure(QStringLiteral("operation"),
                                                tr("Unknown operation \"%1\".").arg(operationId));
    if (!operation->newStep)
        return engine::Result<QString>::failure(
            QStringLiteral("operation"),
            tr("\"%1\" cannot be added from the designer yet.").arg(operation->displayName));
    const QJsonObject json = operation->newStep();
    const QString name = m_workflow->uniqueName(toStepName(operation->displayName));
    engine::Status done = editStructure(tr("Add %1").arg(name), [&](engine::Workflow& wf) {
        if (operation->isTrigger()) {
            const QStringList triggers = wf.triggerNames();
            if (!triggers.isEmpty())
                return fail(QStringLiteral("triggers"),
                            tr("The workflow already starts with \"%1\"; delete it to use "
                               "another trigger.")
                                .arg(triggers.first()));
            return wf.addTrigger(name, json);
        }
        return parallel ? wf.insertParallelAction(name, json, parent, branch, after)
                        : wf.insertAction(name, json, parent, branch, after);
    });
    if (!done)
        return done.error();
    return name;
}

engine::Result<QString> WorkflowDocument::addSwitchCase(const QString& switchStep,
                                                        const QJsonValue& value)
{
    QString added;
    const engine::Status done =
        editStructure(tr("Add a case to %1").arg(switchStep), [&](engine::Workflow& wf) {
            engine::Result<QString> name = wf.addSwitchCase(switchStep, value);
            if (!name)
                return engine::Status(name.error());
            added = name.value();
            return engine::success();
        });
    if (!done)
        return done.error();
    return added;
}

engine::Status WorkflowDocument::removeSwitchCase(const QString& switchStep,
                                                  const QString& caseName)
{
    return editStructure(
        tr("Delete %1 of %2").arg(caseName, switchStep),
        [&](engine::Workflow& wf) { return wf.removeSwitchCase(switchStep, caseName); });
}

engine::Status WorkflowDocument::removeSteps(const QStringList& names)
{
    if (names.isEmpty())
        return engine::success();
    const QString text = names.size() == 1 ? tr("Delete %1").arg(names.first())
                                           : tr("Delete %n steps", nullptr, int(names.size()));
    return editStructure(text, [&](engine::Workflow& wf) {
        for (const QString& name : names) {
            // Children go with their container.
            if (!wf.contains(name))
                continue;
            const engine::Status removed =
                wf.isTrigger(name) ? wf.removeTrigger(name) : wf.removeAction(name);
            if (!removed)
                return removed;
        }
        return engine::success();
    });
}

engine::Status WorkflowDocument::renameStep(const QString& oldName, const QString& newName)
{
    const QString name = toStepName(newName);
    if (name.isEmpty())
        return fail(oldName, tr("A step needs a name."));
    if (name == oldName)
        return engine::success();
    if (m_workflow->contains(name))
        return fail(oldName, tr("There is already a step named \"%1\".").arg(name));
    return editStructure(tr("Rename %1 to %2").arg(oldName, name),
                         [&](engine::Workflow& wf) { return wf.renameStep(oldName, name); });
}

engine::Status WorkflowDocument::moveStep(const QString& name, const QString& parent,
                                          const QString& branch, const QString& after)
{
    if (!m_workflow->contains(name) || m_workflow->isTrigger(name))
        return fail(name, tr("Only actions can be moved."));
    if (after == name)
        return engine::success();
    // A container cannot move into itself.
    for (QString p = parent; !p.isEmpty(); p = m_workflow->parentOf(p)) {
        if (p == name)
            return fail(name, tr("A step cannot be moved inside itself."));
    }
    return editStructure(tr("Move %1").arg(name), [&](engine::Workflow& wf) {
        const QJsonObject json = wf.stepJson(name);
        if (const engine::Status removed = wf.removeAction(name); !removed)
            return removed;
        return wf.insertAction(name, json, parent, branch, after);
    });
}

QByteArray WorkflowDocument::copySteps(const QStringList& names) const
{
    QJsonObject triggers;
    QJsonObject actions;
    for (const QString& name : names) {
        if (!m_workflow->contains(name))
            continue;
        bool insideCopied = false;
        for (QString p = m_workflow->parentOf(name); !p.isEmpty(); p = m_workflow->parentOf(p))
            insideCopied = insideCopied || names.contains(p);
        if (insideCopied)
            continue;
        if (m_workflow->isTrigger(name))
            triggers.insert(name, m_workflow->stepJson(name));
        else
            actions.insert(name, m_workflow->stepJson(name));
    }
    QJsonObject root;
    if (!triggers.isEmpty())
        root.insert(QStringLiteral("triggers"), triggers);
    if (!actions.isEmpty())
        root.insert(QStringLiteral("actions"), actions);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

engine::Result<QStringList> WorkflowDocument::pasteSteps(const QByteArray& json,
                                                         const QString& parent,
                                                         const QString& branch,
                                                         const QString& after)
{
    using R = engine::Result<QStringList>;
    engine::Result<engine::OrderedJson> parsed = engine::OrderedJson::parse(json);
    if (!parsed)
        return R::failure(
            QStringLiteral("clipboard"),
            tr("The clipboard does not hold workflow steps: %1").arg(parsed.error().toString()));
    const engine::OrderedJson& root = parsed.value();
    if (!root.isObject())
        return R::failure(QStringLiteral("clipboard"),
                          tr("The clipboard does not hold workflow steps."));

    const engine::OrderedJson* triggerSet = root.find(QStringLiteral("triggers"));
    const engine::OrderedJson* actionSet = root.find(QStringLiteral("actions"));
    const bool grouped =
        (triggerSet && triggerSet->isObject()) || (actionSet && actionSet->isObject());
    // Bare {"name": {"type": ...}} is taken as actions too.
    if (!grouped)
        actionSet = &root;

    // Actions in run order: each after the ones it ran after, file order otherwise.
    QList<std::pair<QString, QJsonObject>> pending;
    if (actionSet && actionSet->isObject()) {
        for (const engine::OrderedJson::Member& m : actionSet->members()) {
            if (!m.value.isObject())
                return R::failure(m.key, tr("\"%1\" is not a step.").arg(m.key));
            pending.append({m.key, m.value.toObject()});
        }
    }
    QStringList pendingNames;
    for (const auto& p : pending)
        pendingNames.append(p.first);
    QList<std::pair<QString, QJsonObject>> ordered;
    QStringList placed;
    while (!pending.isEmpty()) {
        qsizetype pick = 0;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            const QJsonObject runAfter =
                pending[i].second.value(QStringLiteral("runAfter")).toObject();
            bool ready = true;
            for (auto it = runAfter.begin(); it != runAfter.end(); ++it)
                ready = ready && (!pendingNames.contains(it.key()) || placed.contains(it.key()));
            if (ready) {
                pick = i;
                break;
            }
        }
        placed.append(pending[pick].first);
        ordered.append(pending.takeAt(pick));
    }

    QStringList added;
    engine::Status done = editStructure(tr("Paste"), [&](engine::Workflow& wf) {
        if (triggerSet && triggerSet->isObject() && wf.triggerNames().isEmpty()) {
            for (const engine::OrderedJson::Member& m : triggerSet->members()) {
                const QString name = wf.uniqueName(m.key);
                if (const engine::Status s = wf.addTrigger(name, m.value.toObject()); !s)
                    return s;
                added.append(name);
                break; // one trigger per workflow
            }
        }
        QString previous = after;
        for (const auto& [key, step] : ordered) {
            const QString name = wf.uniqueName(key);
            if (const engine::Status s = wf.insertAction(name, step, parent, branch, previous); !s)
                return s;
            added.append(name);
            previous = name;
        }
        if (added.isEmpty())
            return fail(QStringLiteral("clipboard"), tr("There is nothing to paste here."));
        return engine::success();
    });
    if (!done)
        return done.error();
    return added;
}

QByteArray WorkflowDocument::definitionJson() const
{
    const engine::OrderedJson* definition = m_workflow->definitionTree();
    if (!definition)
        return "{}\n";
    engine::OrderedJson::Format format;
    format.finalNewline = true;
    return definition->serialize(format);
}

engine::Status WorkflowDocument::setDefinitionJson(const QByteArray& json)
{
    engine::Result<engine::OrderedJson> parsed = engine::OrderedJson::parse(json);
    if (!parsed)
        return parsed.error();
    QJsonObject definition = parsed->toObject();
    if (!parsed->isObject())
        return fail(QStringLiteral("definition"), tr("The definition must be a JSON object."));
    // A whole workflow.json pasted into the code view: take its definition.
    if (definition.value(QStringLiteral("definition")).isObject() &&
        !definition.contains(QStringLiteral("triggers")) &&
        !definition.contains(QStringLiteral("actions")))
        definition = definition.value(QStringLiteral("definition")).toObject();
    for (const QString& key : {QStringLiteral("triggers"), QStringLiteral("actions")}) {
        if (definition.contains(key) && !definition.value(key).isObject())
            return fail(key, tr("\"%1\" must be an object of steps by name.").arg(key));
    }
    return editStructure(tr("Edit code"),
                         [&](engine::Workflow& wf) { return wf.setDefinition(definition); });
}

} // namespace designer
