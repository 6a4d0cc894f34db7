#include "engine/workflow/Workflow.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/expressions/Expressions.h"
#include "engine/workflow/StepProperties.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>
#include <QSet>
#include <QVarLengthArray>
#include <queue>

namespace engine {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::Workflow", text);
}

const QString kDefinition = QStringLiteral("definition");
const QString kActions = QStringLiteral("actions");
const QString kTriggers = QStringLiteral("triggers");
const QString kRunAfter = QStringLiteral("runAfter");
const QString kProperties = QStringLiteral("properties");
const QString kParameters = QStringLiteral("parameters");
const QString kConnections = QStringLiteral("$connections");

const char* const kSchema =
    "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/"
    "workflowdefinition.json#";

bool looksLikeDefinition(const OrderedJson& o)
{
    if (!o.isObject())
        return false;
    if (o.contains(kTriggers) || o.contains(kActions))
        return true;
    const QString schema = o.value(QStringLiteral("$schema")).toString();
    return schema.contains(QLatin1String("workflowdefinition"), Qt::CaseInsensitive);
}

QString typeName(const OrderedJson& v)
{
    switch (v.type()) {
    case OrderedJson::Type::Undefined:
        return tr("nothing");
    case OrderedJson::Type::Null:
        return tr("null");
    case OrderedJson::Type::Bool:
        return tr("a boolean");
    case OrderedJson::Type::Number:
        return tr("a number");
    case OrderedJson::Type::String:
        return tr("a string");
    case OrderedJson::Type::Array:
        return tr("an array");
    case OrderedJson::Type::Object:
        return tr("an object");
    }
    return QString();
}

Error notAWorkflow(const QString& why)
{
    return Error{QString(), tr("Not a workflow definition: %1").arg(why), 400};
}

} // namespace

Workflow::Workflow()
{
    OrderedJson definition = OrderedJson::object();
    definition.insert(QStringLiteral("$schema"), OrderedJson::fromString(QLatin1String(kSchema)));
    definition.insert(kActions, OrderedJson::object());
    definition.insert(QStringLiteral("contentVersion"),
                      OrderedJson::fromString(QStringLiteral("1.0.0.0")));
    definition.insert(QStringLiteral("outputs"), OrderedJson::object());
    definition.insert(kTriggers, OrderedJson::object());
    m_root = OrderedJson::object();
    m_root.insert(kDefinition, std::move(definition));
    m_root.insert(QStringLiteral("kind"), OrderedJson::fromString(QStringLiteral("Stateful")));
    m_wrapper = Wrapper::Standard;
    m_definitionPath = {kDefinition};
    m_format.finalNewline = true;
}

QString Workflow::wrapperName(Wrapper wrapper)
{
    switch (wrapper) {
    case Wrapper::Bare:
        return tr("definition");
    case Wrapper::CodeView:
        return tr("code view");
    case Wrapper::Standard:
        return tr("Logic Apps Standard workflow.json");
    case Wrapper::ArmResource:
        return tr("template resource");
    case Wrapper::ArmTemplate:
        return tr("ARM template");
    }
    return QString();
}

Result<Workflow> Workflow::parse(const QByteArray& text)
{
    Workflow w;
    Result<OrderedJson> tree = OrderedJson::parse(text, &w.m_format);
    if (!tree)
        return tree.error();
    w.m_root = std::move(tree.value());
    w.m_definitionPath.clear();
    w.m_resourceIndex = -1;
    w.m_name.clear();
    const OrderedJson& root = w.m_root;
    if (!root.isObject())
        return notAWorkflow(tr("the file holds %1, not a JSON object").arg(typeName(root)));

    if (const OrderedJson* def = root.find(kDefinition)) {
        if (!def->isObject())
            return Error{kDefinition, tr("must be an object, found %1").arg(typeName(*def)), 400};
        w.m_definitionPath = {kDefinition};
        w.m_wrapper = root.contains(QStringLiteral("kind")) ? Wrapper::Standard : Wrapper::CodeView;
    } else if (const OrderedJson* props = root.find(kProperties);
               props && props->isObject() && props->contains(kDefinition)) {
        const OrderedJson* def = props->find(kDefinition);
        if (!def->isObject())
            return Error{QStringLiteral("properties.definition"),
                         tr("must be an object, found %1").arg(typeName(*def)), 400};
        w.m_definitionPath = {kProperties, kDefinition};
        w.m_wrapper = Wrapper::ArmResource;
        w.m_name = root.value(QStringLiteral("name")).toString();
    } else if (const OrderedJson* resources = root.find(QStringLiteral("resources"))) {
        if (resources->isArray()) {
            for (size_t i = 0; i < resources->items().size(); ++i) {
                const OrderedJson& r = resources->items()[i];
                const OrderedJson* p = r.isObject() ? r.find(kProperties) : nullptr;
                if (p && p->isObject() && p->find(kDefinition) &&
                    p->find(kDefinition)->isObject()) {
                    w.m_resourceIndex = int(i);
                    w.m_definitionPath = {kProperties, kDefinition};
                    w.m_wrapper = Wrapper::ArmTemplate;
                    w.m_name = r.value(QStringLiteral("name")).toString();
                    break;
                }
            }
        }
        if (w.m_resourceIndex < 0) {
            QStringList types;
            if (resources->isArray()) {
                for (const OrderedJson& r : resources->items()) {
                    const QString t = r.value(QStringLiteral("type")).toString();
                    if (!t.isEmpty() && !types.contains(t))
                        types.append(t);
                }
            }
            return notAWorkflow(
                types.isEmpty()
                    ? tr("an ARM template without a Microsoft.Logic/workflows resource")
                    : tr("an ARM template of %1 resources, without a Microsoft.Logic/workflows "
                         "definition")
                          .arg(types.join(QLatin1String(", "))));
        }
    } else if (looksLikeDefinition(root)) {
        w.m_wrapper = Wrapper::Bare;
    } else if (root.contains(QStringLiteral("serviceProviderConnections")) ||
               root.contains(QStringLiteral("managedApiConnections")) ||
               root.contains(QStringLiteral("functionConnections"))) {
        return notAWorkflow(tr("this is a connections.json file (connection settings); open it "
                               "as connections"));
    } else {
        return notAWorkflow(tr("no \"definition\", \"triggers\" or \"actions\" at the top level"));
    }

    const OrderedJson* def = w.definitionTree();
    if (!def)
        return notAWorkflow(tr("the definition could not be found"));
    for (const QString& key : {kTriggers, kActions}) {
        const OrderedJson* part = def->find(key);
        if (part && !part->isObject())
            return Error{w.m_wrapper == Wrapper::Bare ? key : QStringLiteral("definition.") + key,
                         tr("must be an object of steps by name, found %1").arg(typeName(*part)),
                         400};
    }
    w.reindex();
    return w;
}

Result<Workflow> Workflow::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{path, tr("cannot open the file: %1").arg(file.errorString()), 404};
    Result<Workflow> w = parse(file.readAll());
    if (!w) {
        Error e = w.error();
        e.message = QDir::toNativeSeparators(path) + QLatin1String(": ") + e.message;
        return e;
    }
    const QFileInfo info(path);
    if (w->m_wrapper == Wrapper::Standard &&
        info.fileName().compare(QLatin1String("workflow.json"), Qt::CaseInsensitive) == 0)
        w->m_name = info.absoluteDir().dirName();
    else if (w->m_name.isEmpty())
        w->m_name = info.completeBaseName();
    return w;
}

QByteArray Workflow::serialize() const
{
    return m_root.serialize(m_format);
}

Status Workflow::save(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{path, tr("cannot write the file: %1").arg(file.errorString()), 500};
    const QByteArray data = serialize();
    if (file.write(data) != data.size() || !file.commit())
        return Error{path, tr("cannot write the file: %1").arg(file.errorString()), 500};
    return success();
}

QString Workflow::kind() const
{
    if (m_wrapper != Wrapper::Standard)
        return QString();
    return m_root.value(QStringLiteral("kind")).toString();
}

const OrderedJson* Workflow::definitionTree() const
{
    const OrderedJson* n = &m_root;
    if (m_resourceIndex >= 0) {
        const OrderedJson* resources = n->find(QStringLiteral("resources"));
        if (!resources || !resources->isArray() ||
            size_t(m_resourceIndex) >= resources->items().size())
            return nullptr;
        n = &resources->items()[size_t(m_resourceIndex)];
    }
    for (const QString& key : m_definitionPath) {
        n = n->find(key);
        if (!n)
            return nullptr;
    }
    return n;
}

OrderedJson* Workflow::definitionNode()
{
    return const_cast<OrderedJson*>(std::as_const(*this).definitionTree());
}

const OrderedJson* Workflow::node(const QStringList& path) const
{
    const OrderedJson* n = definitionTree();
    for (const QString& key : path) {
        if (!n || !n->isObject())
            return nullptr;
        n = n->find(key);
    }
    return n;
}

OrderedJson* Workflow::node(const QStringList& path)
{
    return const_cast<OrderedJson*>(std::as_const(*this).node(path));
}

QJsonObject Workflow::definition() const
{
    const OrderedJson* d = definitionTree();
    return d ? d->toObject() : QJsonObject();
}

Status Workflow::setDefinition(const QJsonObject& definition)
{
    for (const QString& key : {kTriggers, kActions}) {
        if (definition.contains(key) && !definition.value(key).isObject())
            return Error{key, tr("must be an object of steps by name"), 400};
    }
    OrderedJson* d = definitionNode();
    if (!d)
        return Error{kDefinition, tr("the definition could not be found"), 500};
    d->merge(definition);
    reindex();
    return success();
}

QJsonObject Workflow::parameters() const
{
    const OrderedJson* p = node({kParameters});
    return p ? p->toObject() : QJsonObject();
}

QJsonObject Workflow::connectionReferences() const
{
    const OrderedJson* holder = nullptr;
    switch (m_wrapper) {
    case Wrapper::CodeView:
        holder = &m_root;
        break;
    case Wrapper::ArmResource:
        holder = m_root.find(kProperties);
        break;
    case Wrapper::ArmTemplate: {
        const OrderedJson* resources = m_root.find(QStringLiteral("resources"));
        if (resources && resources->isArray() && m_resourceIndex >= 0 &&
            size_t(m_resourceIndex) < resources->items().size())
            holder = resources->items()[size_t(m_resourceIndex)].find(kProperties);
        break;
    }
    case Wrapper::Bare:
    case Wrapper::Standard:
        break;
    }
    if (!holder || !holder->isObject())
        return {};
    const QJsonObject params = holder->value(kParameters).toObject();
    return params.value(kConnections).toObject().value(QStringLiteral("value")).toObject();
}

void Workflow::reindex()
{
    m_index.clear();
    m_triggerOrder.clear();
    m_duplicates.clear();
    const OrderedJson* def = definitionTree();
    if (!def || !def->isObject())
        return;
    if (const int t = def->indexOf(kTriggers);
        t >= 0 && def->members()[size_t(t)].value.isObject()) {
        const std::vector<OrderedJson::Member>& triggers =
            def->members()[size_t(t)].value.members();
        for (size_t i = 0; i < triggers.size(); ++i) {
            const QString& key = triggers[i].key;
            if (m_index.contains(key)) {
                if (!m_duplicates.contains(key))
                    m_duplicates.append(key);
                continue;
            }
            StepLocation loc;
            loc.trigger = true;
            loc.path = {kTriggers, key};
            loc.slots = {t, int(i)};
            m_index.insert(key, loc);
            m_triggerOrder.append(key);
        }
    }
    if (const int a = def->indexOf(kActions);
        a >= 0 && def->members()[size_t(a)].value.isObject()) {
        StepLocation top;
        top.path = {kActions};
        top.slots = {a};
        indexActions(def->members()[size_t(a)].value, top, QString(), QString());
    }
}

namespace {

// Steps one level down from `from` (an object) to its member `key`, noting
// where the member sits; null when there is no such member.
const OrderedJson* descend(const OrderedJson& from, const QString& key, QStringList& path,
                           QVarLengthArray<int, 6>& slots)
{
    if (!from.isObject())
        return nullptr;
    const int i = from.indexOf(key);
    if (i < 0)
        return nullptr;
    path.append(key);
    slots.push_back(i);
    return &from.members()[size_t(i)].value;
}

} // namespace

void Workflow::indexActions(const OrderedJson& container, const StepLocation& at,
                            const QString& parent, const QString& branch)
{
    const std::vector<OrderedJson::Member>& members = container.members();
    for (size_t i = 0; i < members.size(); ++i) {
        const OrderedJson::Member& m = members[i];
        if (m_index.contains(m.key)) {
            if (!m_duplicates.contains(m.key))
                m_duplicates.append(m.key);
            continue;
        }
        StepLocation loc;
        loc.path = at.path;
        loc.path.append(m.key);
        loc.slots = at.slots;
        loc.slots.push_back(int(i));
        loc.parent = parent;
        loc.branch = branch;
        m_index.insert(m.key, loc);
        if (!m.value.isObject())
            continue;
        // Indexes the actions object under `keys` from `from` (at `base`).
        const auto indexBranch = [&](const OrderedJson& from, const StepLocation& base,
                                     std::initializer_list<QString> keys, const QString& name) {
            // Most steps have no nested actions: look before copying anything.
            if (!from.contains(*keys.begin()))
                return;
            StepLocation inner;
            inner.path = base.path;
            inner.slots = base.slots;
            const OrderedJson* n = &from;
            for (const QString& key : keys) {
                n = descend(*n, key, inner.path, inner.slots);
                if (!n)
                    return;
            }
            if (n->isObject())
                indexActions(*n, inner, m.key, name);
        };
        indexBranch(m.value, loc, {kActions}, kActions);
        for (const QString& b : {QStringLiteral("else"), QStringLiteral("default")})
            indexBranch(m.value, loc, {b, kActions}, b);
        if (const int ci = m.value.indexOf(QStringLiteral("cases"));
            ci >= 0 && m.value.members()[size_t(ci)].value.isObject()) {
            const std::vector<OrderedJson::Member>& cases =
                m.value.members()[size_t(ci)].value.members();
            for (size_t k = 0; k < cases.size(); ++k) {
                if (!cases[k].value.isObject())
                    continue;
                StepLocation caseAt;
                caseAt.path = loc.path;
                caseAt.path << QStringLiteral("cases") << cases[k].key;
                caseAt.slots = loc.slots;
                caseAt.slots.push_back(ci);
                // A repeated case name resolves to its first case, as a lookup by name does.
                caseAt.slots.push_back(m.value.members()[size_t(ci)].value.indexOf(cases[k].key));
                indexBranch(cases[k].value, caseAt, {kActions},
                            QStringLiteral("cases.") + cases[k].key);
            }
        }
    }
}

const OrderedJson* Workflow::locate(const StepLocation& location) const
{
    const OrderedJson* n = definitionTree();
    for (qsizetype i = 0; i < location.path.size(); ++i) {
        if (!n || !n->isObject())
            return nullptr;
        const QString& key = location.path.at(i);
        const std::vector<OrderedJson::Member>& members = n->members();
        const size_t slot = size_t(location.slots[i]);
        if (slot < members.size() && members[slot].key == key)
            n = &members[slot].value;
        else
            n = n->find(key);
    }
    return n;
}

const OrderedJson* Workflow::stepNode(const QString& name) const
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return nullptr;
    return locate(*it);
}

OrderedJson* Workflow::stepNode(const QString& name)
{
    return const_cast<OrderedJson*>(std::as_const(*this).stepNode(name));
}

QStringList Workflow::triggerNames() const
{
    return m_triggerOrder;
}

QStringList Workflow::actionNames() const
{
    QStringList out;
    collectActions(QString(), QString(), out);
    return out;
}

void Workflow::collectActions(const QString& parent, const QString& branch, QStringList& out) const
{
    for (const QString& name : children(parent, branch)) {
        out.append(name);
        for (const QString& b : branches(name))
            collectActions(name, b, out);
    }
}

bool Workflow::contains(const QString& name) const
{
    return m_index.contains(name);
}

bool Workflow::isTrigger(const QString& name) const
{
    const auto it = m_index.constFind(name);
    return it != m_index.constEnd() && it->trigger;
}

QJsonObject Workflow::stepJson(const QString& name) const
{
    const OrderedJson* n = stepNode(name);
    return n ? n->toObject() : QJsonObject();
}

Status Workflow::setStepJson(const QString& name, const QJsonObject& step)
{
    OrderedJson* n = stepNode(name);
    if (!n)
        return Error{name, tr("there is no step named \"%1\"").arg(name), 404};
    if (!n->isObject())
        *n = OrderedJson::object();
    n->merge(step);
    reindex();
    return success();
}

QString Workflow::stepType(const QString& name) const
{
    const OrderedJson* n = stepNode(name);
    return n ? n->value(QStringLiteral("type")).toString() : QString();
}

QString Workflow::parentOf(const QString& name) const
{
    return m_index.value(name).parent;
}

QString Workflow::branchOf(const QString& name) const
{
    return m_index.value(name).branch;
}

QStringList Workflow::branches(const QString& parent) const
{
    QStringList out;
    const OrderedJson* n = stepNode(parent);
    if (!n || !n->isObject() || isTrigger(parent))
        return out;
    const QString type = n->value(QStringLiteral("type")).toString();
    const bool isIf = type.compare(QLatin1String("If"), Qt::CaseInsensitive) == 0;
    const bool isSwitch = type.compare(QLatin1String("Switch"), Qt::CaseInsensitive) == 0;
    if (n->find(kActions) && n->find(kActions)->isObject())
        out.append(kActions);
    else if (isIf ||
             (!isSwitch && (type.compare(QLatin1String("Foreach"), Qt::CaseInsensitive) == 0 ||
                            type.compare(QLatin1String("Scope"), Qt::CaseInsensitive) == 0 ||
                            type.compare(QLatin1String("Until"), Qt::CaseInsensitive) == 0)))
        out.append(kActions);
    if (isIf || n->find(QStringLiteral("else")))
        out.append(QStringLiteral("else"));
    if (const OrderedJson* cases = n->find(QStringLiteral("cases")); cases && cases->isObject()) {
        for (const OrderedJson::Member& c : cases->members())
            out.append(QStringLiteral("cases.") + c.key);
    }
    if (isSwitch || n->find(QStringLiteral("default")))
        out.append(QStringLiteral("default"));
    return out;
}

bool Workflow::isContainer(const QString& name) const
{
    return !branches(name).isEmpty();
}

QStringList Workflow::branchPath(const QString& parent, const QString& branch) const
{
    if (parent.isEmpty())
        return {kActions};
    const auto it = m_index.constFind(parent);
    if (it == m_index.constEnd())
        return {};
    QStringList path = it->path;
    if (branch == kActions)
        path.append(kActions);
    else if (branch == QLatin1String("else") || branch == QLatin1String("default"))
        path << branch << kActions;
    else if (branch.startsWith(QLatin1String("cases.")))
        path << QStringLiteral("cases") << branch.mid(6) << kActions;
    else
        return {};
    return path;
}

const OrderedJson* Workflow::branchNode(const QString& parent, const QString& branch) const
{
    // The same walk as node(branchPath(...)), starting at the indexed parent.
    if (parent.isEmpty()) {
        const OrderedJson* d = definitionTree();
        return d && d->isObject() ? d->find(kActions) : nullptr;
    }
    const auto it = m_index.constFind(parent);
    if (it == m_index.constEnd())
        return nullptr;
    QStringList keys;
    if (branch == kActions)
        keys = {kActions};
    else if (branch == QLatin1String("else") || branch == QLatin1String("default"))
        keys = {branch, kActions};
    else if (branch.startsWith(QLatin1String("cases.")))
        keys = {QStringLiteral("cases"), branch.mid(6), kActions};
    else
        return nullptr;
    const OrderedJson* n = locate(*it);
    for (const QString& key : keys) {
        if (!n || !n->isObject())
            return nullptr;
        n = n->find(key);
    }
    return n;
}

QStringList Workflow::children(const QString& parent, const QString& branch) const
{
    const OrderedJson* container = branchNode(parent, branch);
    if (!container || !container->isObject())
        return {};
    // Kahn's algorithm over run-after edges within the branch; among steps that
    // are ready, the one written first goes first, so unrelated steps keep the
    // file's order. Steps caught in a cycle follow in file order.
    QStringList names;
    std::vector<const OrderedJson*> steps;
    QHash<QString, int> position;
    position.reserve(qsizetype(container->members().size()));
    names.reserve(qsizetype(container->members().size()));
    for (const OrderedJson::Member& m : container->members()) {
        // A name used again here (a duplicate) belongs to its first place;
        // listing it twice would make walks of the tree loop.
        const auto loc = m_index.constFind(m.key);
        if (position.contains(m.key) || loc == m_index.constEnd() || loc->trigger ||
            loc->parent != parent || loc->branch != branch)
            continue;
        position.insert(m.key, int(names.size()));
        names.append(m.key);
        steps.push_back(&m.value);
    }
    const int n = int(names.size());
    std::vector<int> indegree(static_cast<size_t>(n), 0);
    std::vector<std::vector<int>> next(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
        const OrderedJson* step = steps[size_t(i)];
        const OrderedJson* ra = step->isObject() ? step->find(kRunAfter) : nullptr;
        if (!ra || !ra->isObject())
            continue;
        // A step runs after a handful of others: a list beats a set here.
        QVarLengthArray<int, 8> seen;
        for (const OrderedJson::Member& e : ra->members()) {
            const auto p = position.constFind(e.key);
            if (p == position.constEnd() || *p == i || seen.contains(*p))
                continue;
            seen.append(*p);
            next[size_t(*p)].push_back(i);
            ++indegree[size_t(i)];
        }
    }
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < n; ++i) {
        if (indegree[size_t(i)] == 0)
            ready.push(i);
    }
    QStringList out;
    out.reserve(n);
    std::vector<bool> done(static_cast<size_t>(n), false);
    while (!ready.empty()) {
        const int i = ready.top();
        ready.pop();
        done[size_t(i)] = true;
        out.append(names.at(i));
        for (int j : next[size_t(i)]) {
            if (--indegree[size_t(j)] == 0)
                ready.push(j);
        }
    }
    for (int i = 0; i < n; ++i) {
        if (!done[size_t(i)])
            out.append(names.at(i));
    }
    return out;
}

QList<RunAfter> Workflow::runAfter(const QString& name) const
{
    QList<RunAfter> out;
    const OrderedJson* n = stepNode(name);
    const OrderedJson* ra = n && n->isObject() ? n->find(kRunAfter) : nullptr;
    if (!ra || !ra->isObject())
        return out;
    for (const OrderedJson::Member& m : ra->members()) {
        RunAfter edge;
        edge.action = m.key;
        if (m.value.isArray()) {
            for (const OrderedJson& s : m.value.items())
                edge.statuses.append(s.toString());
        }
        out.append(edge);
    }
    return out;
}

Status Workflow::setRunAfter(const QString& name, const QList<RunAfter>& edges)
{
    OrderedJson* n = stepNode(name);
    if (!n || !n->isObject())
        return Error{name, tr("there is no step named \"%1\"").arg(name), 404};
    if (isTrigger(name))
        return Error{name, tr("a trigger has no run-after"), 400};
    // Keep the order the edges were given in, not QJsonObject's.
    OrderedJson fresh = OrderedJson::object();
    for (const RunAfter& e : edges) {
        OrderedJson statuses = OrderedJson::array();
        if (const OrderedJson* old = n->find(kRunAfter); old && old->find(e.action))
            statuses = *old->find(e.action);
        statuses.merge(QJsonArray::fromStringList(e.statuses));
        fresh.insert(e.action, statuses);
    }
    if (OrderedJson* old = n->find(kRunAfter))
        *old = fresh;
    else
        n->insert(kRunAfter, fresh);
    return success();
}

QStringList Workflow::successors(const QString& name) const
{
    QStringList out;
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd() || it->trigger)
        return out;
    for (const QString& sibling : children(it->parent, it->branch)) {
        for (const RunAfter& e : runAfter(sibling)) {
            if (e.action == name) {
                out.append(sibling);
                break;
            }
        }
    }
    return out;
}

Status Workflow::insertAction(const QString& name, const QJsonObject& step, const QString& parent,
                              const QString& branch, const QString& afterName)
{
    return insert(name, step, parent, branch, afterName, true);
}

Status Workflow::insertParallelAction(const QString& name, const QJsonObject& step,
                                      const QString& parent, const QString& branch,
                                      const QString& afterName)
{
    return insert(name, step, parent, branch, afterName, false);
}

Status Workflow::insert(const QString& name, const QJsonObject& step, const QString& parent,
                        const QString& branch, const QString& afterName, bool rewire)
{
    if (name.trimmed().isEmpty())
        return Error{QStringLiteral("name"), tr("a step needs a name"), 400};
    if (contains(name))
        return Error{QStringLiteral("name"), tr("a step named \"%1\" already exists").arg(name),
                     400};
    if (!parent.isEmpty()) {
        if (!contains(parent) || isTrigger(parent))
            return Error{QStringLiteral("parent"),
                         tr("there is no action named \"%1\"").arg(parent), 404};
        if (!branches(parent).contains(branch) && !branch.startsWith(QLatin1String("cases.")))
            return Error{QStringLiteral("branch"),
                         tr("\"%1\" has no branch \"%2\"").arg(parent, branch), 400};
    } else if (!branch.isEmpty()) {
        return Error{QStringLiteral("branch"), tr("top-level actions have no branch"), 400};
    }
    const QStringList siblings = children(parent, branch);
    if (!afterName.isEmpty() && !siblings.contains(afterName))
        return Error{QStringLiteral("after"), tr("\"%1\" is not in the same branch").arg(afterName),
                     400};

    // Make sure the branch's container exists (an If's "else", a new case).
    const QStringList path = branchPath(parent, branch);
    if (path.isEmpty())
        return Error{QStringLiteral("branch"), tr("unknown branch \"%1\"").arg(branch), 400};
    OrderedJson* n = definitionNode();
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (!n->isObject())
            *n = OrderedJson::object();
        OrderedJson* child = n->find(path.at(i));
        if (!child) {
            OrderedJson fresh = OrderedJson::object();
            if (i >= 1 && path.at(i - 1) == QLatin1String("cases"))
                fresh.insert(QStringLiteral("case"), OrderedJson::fromString(path.at(i)));
            n->insert(path.at(i), fresh);
            child = n->find(path.at(i));
        }
        n = child;
    }
    if (!n->isObject())
        *n = OrderedJson::object();

    QStringList followers;
    for (const QString& s : rewire ? siblings : QStringList()) {
        const QList<RunAfter> edges = runAfter(s);
        const bool follows = afterName.isEmpty()
                                 ? edges.isEmpty()
                                 : std::any_of(edges.begin(), edges.end(), [&](const RunAfter& e) {
                                       return e.action == afterName;
                                   });
        if (follows)
            followers.append(s);
    }

    OrderedJson newStep = OrderedJson::fromJson(step);
    if (!newStep.isObject())
        newStep = OrderedJson::object();
    OrderedJson ra = OrderedJson::object();
    if (!afterName.isEmpty()) {
        OrderedJson statuses = OrderedJson::array();
        statuses.items().push_back(OrderedJson::fromString(QStringLiteral("Succeeded")));
        ra.insert(afterName, statuses);
    }
    newStep.insert(kRunAfter, ra);
    int at = afterName.isEmpty() ? 0 : n->indexOf(afterName) + 1;
    if (!rewire) {
        // A parallel branch goes after the branches that are there already
        // (in the file, which orders steps that are ready together).
        for (const QString& s : siblings) {
            const QList<RunAfter> edges = runAfter(s);
            const bool alongside =
                afterName.isEmpty()
                    ? edges.isEmpty()
                    : std::any_of(edges.begin(), edges.end(),
                                  [&](const RunAfter& e) { return e.action == afterName; });
            if (alongside)
                at = std::max(at, n->indexOf(s) + 1);
        }
    }
    n->insertAt(at, name, std::move(newStep));

    for (const QString& f : followers) {
        OrderedJson* fs = n->find(f);
        if (!fs || !fs->isObject())
            continue;
        OrderedJson* fra = fs->find(kRunAfter);
        if (!fra || !fra->isObject()) {
            fs->insert(kRunAfter, OrderedJson::object());
            fra = fs->find(kRunAfter);
        }
        if (afterName.isEmpty()) {
            OrderedJson statuses = OrderedJson::array();
            statuses.items().push_back(OrderedJson::fromString(QStringLiteral("Succeeded")));
            fra->insert(name, statuses);
        } else {
            fra->renameKey(afterName, name);
        }
    }
    reindex();
    return success();
}

Result<QString> Workflow::addSwitchCase(const QString& step, const QJsonValue& value,
                                        const QString& caseName)
{
    OrderedJson* n = stepNode(step);
    if (!n || !n->isObject() || isTrigger(step))
        return Error{step, tr("there is no action named \"%1\"").arg(step), 404};
    if (n->value(QStringLiteral("type"))
            .toString()
            .compare(QLatin1String("Switch"), Qt::CaseInsensitive) != 0)
        return Error{step, tr("\"%1\" is not a Switch").arg(step), 400};
    if (value.isUndefined() || value.isObject() || value.isArray())
        return Error{QStringLiteral("case"), tr("a case compares with a text or a number"), 400};
    OrderedJson* cases = n->find(QStringLiteral("cases"));
    if (cases && !cases->isObject())
        return Error{QStringLiteral("cases"), tr("must be an object of cases by name"), 400};
    // Logic Apps names new cases "Case", "Case 2", "Case 3"...
    QString name = caseName;
    if (name.isEmpty()) {
        name = QStringLiteral("Case");
        for (int i = 2; cases && cases->contains(name); ++i)
            name = QStringLiteral("Case %1").arg(i);
    } else if (cases && cases->contains(name)) {
        return Error{QStringLiteral("case"), tr("the Switch already has a case \"%1\"").arg(name),
                     400};
    }
    OrderedJson fresh = OrderedJson::object();
    fresh.insert(QStringLiteral("case"), OrderedJson::fromJson(value));
    fresh.insert(kActions, OrderedJson::object());
    if (!cases) {
        // Where Logic Apps writes it: before "default" when there is one.
        const int at = n->indexOf(QStringLiteral("default"));
        n->insertAt(at < 0 ? int(n->members().size()) : at, QStringLiteral("cases"),
                    OrderedJson::object());
        cases = n->find(QStringLiteral("cases"));
    }
    cases->insert(name, std::move(fresh));
    reindex();
    return name;
}

Status Workflow::removeSwitchCase(const QString& step, const QString& caseName)
{
    OrderedJson* n = stepNode(step);
    OrderedJson* cases = n && n->isObject() ? n->find(QStringLiteral("cases")) : nullptr;
    if (!cases || !cases->isObject() || !cases->contains(caseName))
        return Error{QStringLiteral("case"), tr("\"%1\" has no case \"%2\"").arg(step, caseName),
                     404};
    cases->remove(caseName);
    reindex();
    return success();
}

Status Workflow::removeAction(const QString& name)
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd() || it->trigger)
        return Error{name, tr("there is no action named \"%1\"").arg(name), 404};
    const StepLocation loc = *it;
    const QList<RunAfter> inherited = runAfter(name);
    const QStringList followers = successors(name);
    OrderedJson* container = node(loc.path.mid(0, loc.path.size() - 1));
    if (!container)
        return Error{name, tr("the action's container could not be found"), 500};
    for (const QString& f : followers) {
        OrderedJson* fs = container->find(f);
        OrderedJson* fra = fs ? fs->find(kRunAfter) : nullptr;
        if (!fra || !fra->isObject())
            continue;
        const int at = fra->indexOf(name);
        fra->remove(name);
        int offset = 0;
        for (const RunAfter& e : inherited) {
            if (fra->contains(e.action) || e.action == f)
                continue;
            OrderedJson statuses = OrderedJson::array();
            for (const QString& s : e.statuses)
                statuses.items().push_back(OrderedJson::fromString(s));
            fra->insertAt(at + offset++, e.action, statuses);
        }
    }
    container->remove(name);
    reindex();
    return success();
}

Status Workflow::renameStep(const QString& oldName, const QString& newName)
{
    const auto it = m_index.constFind(oldName);
    if (it == m_index.constEnd())
        return Error{oldName, tr("there is no step named \"%1\"").arg(oldName), 404};
    if (newName.trimmed().isEmpty())
        return Error{QStringLiteral("name"), tr("a step needs a name"), 400};
    if (oldName == newName)
        return success();
    if (contains(newName))
        return Error{QStringLiteral("name"), tr("a step named \"%1\" already exists").arg(newName),
                     400};
    const StepLocation loc = *it;
    OrderedJson* container = node(loc.path.mid(0, loc.path.size() - 1));
    if (!container)
        return Error{oldName, tr("the step's container could not be found"), 500};
    if (!loc.trigger) {
        for (const QString& f : successors(oldName)) {
            if (OrderedJson* fs = container->find(f)) {
                if (OrderedJson* fra = fs->find(kRunAfter))
                    fra->renameKey(oldName, newName);
            }
        }
        rewriteReferences(oldName, newName);
    }
    container->renameKey(oldName, newName);
    reindex();
    return success();
}

namespace {

void renameInTree(OrderedJson& n, const QString& oldName, const QString& newName)
{
    switch (n.type()) {
    case OrderedJson::Type::String: {
        const QString s = n.toString();
        const QString r = isExpression(s) ? renameActionReferences(s, oldName, newName) : s;
        if (r != s)
            n = OrderedJson::fromString(r);
        break;
    }
    case OrderedJson::Type::Array:
        for (OrderedJson& item : n.items())
            renameInTree(item, oldName, newName);
        break;
    case OrderedJson::Type::Object:
        for (OrderedJson::Member& m : n.members())
            renameInTree(m.value, oldName, newName);
        break;
    default:
        break;
    }
}

} // namespace

void Workflow::rewriteReferences(const QString& oldName, const QString& newName)
{
    if (OrderedJson* def = definitionNode())
        renameInTree(*def, oldName, newName);
}

Status Workflow::addTrigger(const QString& name, const QJsonObject& trigger)
{
    if (name.trimmed().isEmpty())
        return Error{QStringLiteral("name"), tr("a step needs a name"), 400};
    if (contains(name))
        return Error{QStringLiteral("name"), tr("a step named \"%1\" already exists").arg(name),
                     400};
    OrderedJson* def = definitionNode();
    if (!def)
        return Error{kDefinition, tr("the definition could not be found"), 500};
    OrderedJson* triggers = def->find(kTriggers);
    if (!triggers) {
        def->insert(kTriggers, OrderedJson::object());
        triggers = def->find(kTriggers);
    }
    if (!triggers->isObject())
        return Error{kTriggers, tr("must be an object of steps by name"), 400};
    triggers->insert(name, OrderedJson::fromJson(trigger));
    reindex();
    return success();
}

Status Workflow::removeTrigger(const QString& name)
{
    if (!isTrigger(name))
        return Error{name, tr("there is no trigger named \"%1\"").arg(name), 404};
    if (OrderedJson* triggers = node({kTriggers}))
        triggers->remove(name);
    reindex();
    return success();
}

QString Workflow::uniqueName(const QString& base) const
{
    if (!contains(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = base + QLatin1Char('_') + QString::number(i);
        if (!contains(candidate))
            return candidate;
    }
}

QJsonValue Workflow::property(const QString& step, const QString& key,
                              const Catalogue& catalogue) const
{
    const QJsonObject json = stepJson(step);
    const Catalogue::Match match = catalogue.recognise(json);
    if (!match.shape)
        return QJsonValue(QJsonValue::Undefined);
    return StepProperties::read(json, *match.shape, key);
}

Status Workflow::setProperty(const QString& step, const QString& key, const QJsonValue& value,
                             const Catalogue& catalogue)
{
    if (!contains(step))
        return Error{step, tr("there is no step named \"%1\"").arg(step), 404};
    const QJsonObject json = stepJson(step);
    const Catalogue::Match match = catalogue.recognise(json);
    if (!match.shape)
        return Error{
            step,
            tr("the operation of \"%1\" is not known, so \"%2\" cannot be set").arg(step, key),
            400};
    if (!match.shape->propertyPaths.contains(key))
        return Error{key, tr("%1 has no property \"%2\"").arg(match.operation->displayName, key),
                     400};
    return setStepJson(step, StepProperties::write(json, *match.shape, key, value));
}

QString Workflow::jsonPath(const QString& name) const
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return QString();
    return it->path.join(QLatin1Char('.'));
}

} // namespace engine
