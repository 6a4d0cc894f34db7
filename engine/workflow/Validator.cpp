#include "engine/workflow/Validator.h"

#include "engine/catalogue/Catalogue.h"
#include "engine/core/JsonText.h"
#include "engine/expressions/Expressions.h"
#include "engine/workflow/StepProperties.h"
#include "engine/workflow/Workflow.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <cmath>
#include <functional>

namespace engine {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::Validator", text);
}

const QStringList& runStatuses()
{
    static const QStringList statuses = {QStringLiteral("Succeeded"), QStringLiteral("Failed"),
                                         QStringLiteral("Skipped"), QStringLiteral("TimedOut")};
    return statuses;
}

QString jsonTypeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return tr("null");
    case QJsonValue::Bool:
        return tr("a boolean");
    case QJsonValue::Double:
        return tr("a number");
    case QJsonValue::String:
        return tr("a string");
    case QJsonValue::Array:
        return tr("an array");
    case QJsonValue::Object:
        return tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return tr("nothing");
}

QString quoted(const QJsonValue& v)
{
    if (v.isString())
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return jsonTypeName(v);
}

bool isExpressionValue(const QJsonValue& v, const QCborValue& asCbor = QCborValue())
{
    return isExpression(v, asCbor);
}

// Whether a value is an empty string, its length read in the container's own
// storage when `asCbor` is a view of it (see JsonText): a base64 attachment
// is not copied to UTF-16 to learn that it is not empty.
bool isEmptyText(const QJsonValue& v, const QCborValue& asCbor)
{
    if (!v.isString())
        return false;
    qint64 size = -1;
    JsonText::forEachUtf8Piece(
        asCbor, [&](qint64 n) { size = n; }, [](const char*, qint64) { return false; });
    return size >= 0 ? size == 0 : v.toString().isEmpty();
}

// Joins a JSON path and a relative one ("a.b" + "[0].c" or "c").
QString joinPath(const QString& base, const QString& rest)
{
    if (rest.isEmpty())
        return base;
    if (base.isEmpty())
        return rest;
    if (rest.startsWith(QLatin1Char('[')))
        return base + rest;
    return base + QLatin1Char('.') + rest;
}

class Checker
{
public:
    Checker(const Workflow& workflow, const Catalogue& catalogue)
        : m_workflow(workflow), m_catalogue(catalogue)
    {}

    QList<Problem> run()
    {
        for (const QString& name : m_workflow.duplicateNames())
            add(name, QString(), m_workflow.jsonPath(name),
                tr("the name \"%1\" is used by more than one step; step names must be unique in a "
                   "workflow")
                    .arg(name));
        if (m_workflow.triggerNames().isEmpty())
            add(QString(), QString(), QStringLiteral("triggers"),
                tr("the workflow has no trigger, so nothing starts it"),
                Problem::Severity::Warning);

        for (const QString& name : m_workflow.triggerNames())
            checkStep(name, true);
        const QStringList actions = m_workflow.actionNames();
        for (const QString& name : actions)
            checkStep(name, false);
        checkCycles(QString(), QString());
        for (const QString& name : actions) {
            for (const QString& branch : m_workflow.branches(name))
                checkCycles(name, branch);
        }
        return m_problems;
    }

private:
    const Workflow& m_workflow;
    const Catalogue& m_catalogue;
    QList<Problem> m_problems;

    void add(const QString& step, const QString& field, const QString& path, const QString& message,
             Problem::Severity severity = Problem::Severity::Error)
    {
        m_problems.append(Problem{step, field, path, message, severity});
    }

    void checkStep(const QString& name, bool trigger)
    {
        const QString path = m_workflow.jsonPath(name);
        const OrderedJson* raw = m_workflow.stepTree(name);
        if (!raw || !raw->isObject()) {
            add(name, QString(), path,
                tr("a step must be a JSON object, found %1")
                    .arg(raw ? jsonTypeName(raw->toJson()) : tr("nothing")));
            return;
        }
        const QJsonObject step = m_workflow.stepJson(name);
        const QJsonValue type = step.value(QLatin1String("type"));
        if (type.isUndefined())
            add(name, QStringLiteral("type"), joinPath(path, QStringLiteral("type")),
                tr("the step has no \"type\""));
        else if (!type.isString() || type.toString().isEmpty())
            add(name, QStringLiteral("type"), joinPath(path, QStringLiteral("type")),
                tr("\"type\" must be a non-empty string, found %1").arg(quoted(type)));

        if (!trigger)
            checkRunAfter(name, step, path);
        else if (step.contains(QLatin1String("runAfter")))
            add(name, QStringLiteral("runAfter"), joinPath(path, QStringLiteral("runAfter")),
                tr("a trigger cannot run after anything"));
        checkContainer(name, step, path);
        checkExpressions(name, step, path);

        const Catalogue::Match match = m_catalogue.recognise(step);
        if (match.operation && match.shape) {
            if (match.operation->isTrigger() != trigger)
                add(name, QString(), path,
                    trigger
                        ? tr("\"%1\" is an action, not a trigger").arg(match.operation->displayName)
                        : tr("\"%1\" is a trigger, not an action")
                              .arg(match.operation->displayName));
            checkProperties(name, step, path, *match.operation, *match.shape);
        }
    }

    void checkRunAfter(const QString& name, const QJsonObject& step, const QString& path)
    {
        const QJsonValue ra = step.value(QLatin1String("runAfter"));
        const QString raPath = joinPath(path, QStringLiteral("runAfter"));
        if (ra.isUndefined())
            return;
        if (!ra.isObject()) {
            add(name, QStringLiteral("runAfter"), raPath,
                tr("must be an object of action names to statuses, found %1")
                    .arg(jsonTypeName(ra)));
            return;
        }
        const auto isSibling = [&](const QString& other) {
            return m_workflow.contains(other) && !m_workflow.isTrigger(other) &&
                   m_workflow.parentOf(other) == m_workflow.parentOf(name) &&
                   m_workflow.branchOf(other) == m_workflow.branchOf(name);
        };
        const QJsonObject edges = ra.toObject();
        for (auto it = edges.begin(); it != edges.end(); ++it) {
            const QString edgePath = joinPath(raPath, it.key());
            if (it.key() == name) {
                add(name, QStringLiteral("runAfter"), edgePath,
                    tr("the action cannot run after itself"));
            } else if (!isSibling(it.key())) {
                if (m_workflow.contains(it.key()))
                    add(name, QStringLiteral("runAfter"), edgePath,
                        m_workflow.isTrigger(it.key())
                            ? tr("runs after \"%1\", which is a trigger; actions that start the "
                                 "run have an empty runAfter")
                                  .arg(it.key())
                            : tr("runs after \"%1\", which is not in the same branch")
                                  .arg(it.key()));
                else
                    add(name, QStringLiteral("runAfter"), edgePath,
                        tr("runs after \"%1\", but there is no action of that name").arg(it.key()));
            }
            if (!it.value().isArray()) {
                add(name, QStringLiteral("runAfter"), edgePath,
                    tr("must be an array of statuses (Succeeded, Failed, Skipped, TimedOut), "
                       "found %1")
                        .arg(jsonTypeName(it.value())));
                continue;
            }
            const QJsonArray statuses = it.value().toArray();
            if (statuses.isEmpty())
                add(name, QStringLiteral("runAfter"), edgePath,
                    tr("lists no status, so the action would never run"));
            for (qsizetype i = 0; i < statuses.size(); ++i) {
                const QJsonValue s = statuses.at(i);
                bool known = false;
                for (const QString& st : runStatuses())
                    known = known ||
                            (s.isString() && s.toString().compare(st, Qt::CaseInsensitive) == 0);
                if (!known)
                    add(name, QStringLiteral("runAfter"),
                        edgePath + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                        tr("%1 is not a run status; use Succeeded, Failed, Skipped or TimedOut")
                            .arg(quoted(s)));
            }
        }
    }

    void checkContainer(const QString& name, const QJsonObject& step, const QString& path)
    {
        const QString type = step.value(QLatin1String("type")).toString();
        const auto is = [&](const char* t) {
            return type.compare(QLatin1String(t), Qt::CaseInsensitive) == 0;
        };
        const auto requireKey = [&](const char* key) {
            if (!step.contains(QLatin1String(key)))
                add(name, QLatin1String(key), joinPath(path, QLatin1String(key)),
                    tr("%1 needs \"%2\"").arg(type, QLatin1String(key)));
        };
        const auto objectOrAbsent = [&](const QString& key, const QJsonValue& v,
                                        const QString& at) {
            if (!v.isUndefined() && !v.isObject())
                add(name, key, at,
                    tr("must be an object of actions by name, found %1").arg(jsonTypeName(v)));
        };
        objectOrAbsent(QStringLiteral("actions"), step.value(QLatin1String("actions")),
                       joinPath(path, QStringLiteral("actions")));
        for (const char* b : {"else", "default"}) {
            const QJsonValue holder = step.value(QLatin1String(b));
            if (holder.isUndefined())
                continue;
            if (!holder.isObject())
                add(name, QLatin1String(b), joinPath(path, QLatin1String(b)),
                    tr("must be an object with \"actions\", found %1").arg(jsonTypeName(holder)));
            else
                objectOrAbsent(QLatin1String(b), holder.toObject().value(QLatin1String("actions")),
                               joinPath(path, QLatin1String(b) + QStringLiteral(".actions")));
        }
        if (is("If") || is("Until")) {
            requireKey("expression");
        } else if (is("Foreach")) {
            requireKey("foreach");
        } else if (is("Switch")) {
            requireKey("expression");
            const QJsonValue cases = step.value(QLatin1String("cases"));
            if (!cases.isUndefined() && !cases.isObject())
                add(name, QStringLiteral("cases"), joinPath(path, QStringLiteral("cases")),
                    tr("must be an object of cases by name, found %1").arg(jsonTypeName(cases)));
            const QJsonObject c = cases.toObject();
            for (auto it = c.begin(); it != c.end(); ++it) {
                const QString casePath = joinPath(path, QStringLiteral("cases.") + it.key());
                if (!it.value().isObject()) {
                    add(name, QStringLiteral("cases"), casePath,
                        tr("a case must be an object, found %1").arg(jsonTypeName(it.value())));
                    continue;
                }
                if (!it.value().toObject().contains(QLatin1String("case")))
                    add(name, QStringLiteral("cases"), casePath,
                        tr("the case has no \"case\" value to compare with"));
                objectOrAbsent(QStringLiteral("cases"),
                               it.value().toObject().value(QLatin1String("actions")),
                               casePath + QStringLiteral(".actions"));
            }
        }
    }

    void checkExpressions(const QString& name, QJsonObject step, const QString& path)
    {
        // Nested actions are checked as steps of their own.
        step.remove(QLatin1String("actions"));
        for (const char* b : {"else", "default"}) {
            QJsonObject holder = step.value(QLatin1String(b)).toObject();
            if (holder.isEmpty())
                continue;
            holder.remove(QLatin1String("actions"));
            step.insert(QLatin1String(b), holder);
        }
        if (step.value(QLatin1String("cases")).isObject()) {
            QJsonObject cases = step.value(QLatin1String("cases")).toObject();
            for (auto it = cases.begin(); it != cases.end(); ++it) {
                QJsonObject c = it.value().toObject();
                c.remove(QLatin1String("actions"));
                it.value() = c;
            }
            step.insert(QLatin1String("cases"), cases);
        }
        for (const Error& e : checkSyntax(QJsonValue(step)))
            add(name, e.field, joinPath(path, e.field), e.message);
    }

    // Where a canonical field ("Attachments[1].ContentData") is in the step.
    static QString fieldPath(const QString& stepPath, const WdlShape& shape, const QString& field)
    {
        static const QRegularExpression itemRe(
            QStringLiteral("^([^\\[.]+)\\[(\\d+)\\](?:\\.(.+))?$"));
        const QRegularExpressionMatch m = itemRe.match(field);
        if (!m.hasMatch())
            return joinPath(stepPath, StepProperties::path(shape, field));
        const QString key = m.captured(1);
        QString out = joinPath(stepPath, StepProperties::path(shape, key)) + QLatin1Char('[') +
                      m.captured(2) + QLatin1Char(']');
        if (!m.captured(3).isEmpty()) {
            const QString item = m.captured(3);
            out += QLatin1Char('.') + shape.itemKeys.value(key).value(item, item);
        }
        return out;
    }

    void checkValue(const QString& step, const QString& field, const QString& path,
                    const PropertySchema& schema, const QJsonValue& value,
                    const QCborValue& asCbor = QCborValue())
    {
        if (value.isUndefined() || value.isNull() || isExpressionValue(value, asCbor))
            return;
        const auto wrong = [&](const QString& expected) {
            add(step, field, path,
                tr("%1 must be %2, found %3")
                    .arg(schema.displayName.isEmpty() ? schema.key : schema.displayName, expected,
                         quoted(value)));
        };
        switch (schema.type) {
        case PropertyType::String:
        case PropertyType::Text:
        case PropertyType::Html:
        case PropertyType::Email:
        case PropertyType::EmailList:
        case PropertyType::Base64:
        case PropertyType::DateTime:
        case PropertyType::Connection:
            if (!value.isString())
                wrong(tr("text"));
            else if (schema.type == PropertyType::DateTime && !value.toString().isEmpty() &&
                     !QDateTime::fromString(value.toString(), Qt::ISODate).isValid() &&
                     !QDateTime::fromString(value.toString(), Qt::ISODateWithMs).isValid())
                add(step, field, path,
                    tr("%1 is not a date and time like 2026-01-31T08:00:00Z").arg(quoted(value)));
            break;
        case PropertyType::Integer:
            if (value.isString()) {
                bool ok = false;
                value.toString().trimmed().toLongLong(&ok);
                if (!ok)
                    wrong(tr("a whole number"));
            } else if (!value.isDouble() || value.toDouble() != std::floor(value.toDouble())) {
                wrong(tr("a whole number"));
            }
            break;
        case PropertyType::Boolean:
            if (value.isString()) {
                const QString s = value.toString().trimmed();
                if (s.compare(QLatin1String("true"), Qt::CaseInsensitive) != 0 &&
                    s.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0)
                    wrong(tr("true or false"));
            } else if (!value.isBool()) {
                wrong(tr("true or false"));
            }
            break;
        case PropertyType::Enum: {
            bool found = false;
            for (const QString& e : schema.enumValues)
                found = found ||
                        (value.isString() && value.toString().compare(e, Qt::CaseInsensitive) == 0);
            if (!found)
                wrong(tr("one of %1").arg(schema.enumValues.join(QLatin1String(", "))));
            break;
        }
        case PropertyType::Array:
            if (!value.isArray()) {
                wrong(tr("a list"));
                break;
            }
            if (!schema.itemProperties.isEmpty()) {
                const QJsonArray items = value.toArray();
                for (qsizetype i = 0; i < items.size(); ++i) {
                    const QString itemField =
                        field + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
                    const QString itemPath =
                        path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
                    if (isExpressionValue(items.at(i)))
                        continue;
                    if (!items.at(i).isObject()) {
                        add(step, itemField, itemPath,
                            tr("each item must be an object, found %1")
                                .arg(jsonTypeName(items.at(i))));
                        continue;
                    }
                    const QJsonObject item = items.at(i).toObject();
                    for (const PropertySchema& p : schema.itemProperties) {
                        QJsonValue v;
                        QCborValue asCbor;
                        JsonText::forEachMember(item, [&](const QString& key,
                                                          const QJsonValue& value,
                                                          const QCborValue& inPlace) {
                            if (key.compare(p.key, Qt::CaseInsensitive) == 0) {
                                v = value;
                                asCbor = inPlace;
                            }
                            return true;
                        });
                        const QString f = itemField + QLatin1Char('.') + p.key;
                        const QString fp =
                            itemPath + QLatin1Char('.') + m_itemKeys.value(p.key, p.key);
                        if (p.required && (v.isUndefined() || v.isNull() || isEmptyText(v, asCbor)))
                            add(step, f, fp, tr("%1 is required").arg(p.displayName));
                        else
                            checkValue(step, f, fp, p, v, asCbor);
                    }
                }
            }
            break;
        case PropertyType::Object:
            if (!value.isObject())
                wrong(tr("an object"));
            break;
        }
    }

    QHash<QString, QString> m_itemKeys;

    void checkProperties(const QString& name, const QJsonObject& step, const QString& path,
                         const Operation& op, const WdlShape& shape)
    {
        const QJsonObject props = StepProperties::readAll(step, op, shape);
        // The operation's hook gets every value that is set; it judges the
        // literal ones and leaves expressions to run time (Operation::validate).
        QJsonObject present;
        for (const PropertySchema& p : op.properties) {
            if (!shape.propertyPaths.contains(p.key))
                continue; // this shape cannot hold it
            const QJsonValue v = props.value(p.key);
            const QString at = joinPath(path, StepProperties::path(shape, p.key));
            const bool missing =
                v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty());
            if (missing) {
                if (p.required && (p.defaultValue.isUndefined() || p.defaultValue.isNull()))
                    add(name, p.key, at, tr("%1 is required").arg(p.displayName));
                continue;
            }
            m_itemKeys = shape.itemKeys.value(p.key);
            checkValue(name, p.key, at, p, v);
            present.insert(p.key, v);
        }
        if (!op.validate)
            return;
        for (const Error& e : op.validate(present)) {
            const QString field = e.field;
            add(name, field, field.isEmpty() ? path : fieldPath(path, shape, field), e.message);
        }
    }

    void checkCycles(const QString& parent, const QString& branch)
    {
        const QStringList names = m_workflow.children(parent, branch);
        const QSet<QString> inBranch(names.begin(), names.end());
        QHash<QString, QStringList> after; // step -> the steps it runs after
        for (const QString& n : names) {
            for (const RunAfter& e : m_workflow.runAfter(n)) {
                if (inBranch.contains(e.action) && e.action != n)
                    after[n].append(e.action);
            }
        }
        // Depth-first search, colouring nodes; a grey node reached again closes a cycle.
        QHash<QString, int> colour;
        QStringList stack;
        QSet<QString> reported;
        std::function<void(const QString&)> visit = [&](const QString& n) {
            colour[n] = 1;
            stack.append(n);
            for (const QString& p : after.value(n)) {
                if (colour.value(p) == 1) {
                    const QStringList cycle = stack.mid(stack.indexOf(p));
                    if (!reported.contains(p)) {
                        for (const QString& c : cycle)
                            reported.insert(c);
                        QStringList shown = cycle;
                        shown.append(p);
                        add(p, QStringLiteral("runAfter"),
                            joinPath(m_workflow.jsonPath(p), QStringLiteral("runAfter")),
                            tr("run-after cycle: %1; none of these actions can ever start")
                                .arg(shown.join(QStringLiteral(" \u2192 "))));
                    }
                } else if (colour.value(p) == 0) {
                    visit(p);
                }
            }
            stack.removeLast();
            colour[n] = 2;
        };
        for (const QString& n : names) {
            if (colour.value(n) == 0)
                visit(n);
        }
    }
};

} // namespace

QString Problem::toString() const
{
    if (jsonPath.isEmpty())
        return message;
    return jsonPath + QLatin1String(": ") + message;
}

QList<Problem> Validator::validate(const Workflow& workflow, const Catalogue& catalogue)
{
    return Checker(workflow, catalogue).run();
}

} // namespace engine
