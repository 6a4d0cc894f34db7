#include "engine/expressions/Expressions.h"

#include "engine/core/JsonText.h"
#include "engine/expressions/ExpressionCache.h"
#include "engine/expressions/ExpressionFunctions.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace engine {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::Expressions", text);
}

QString childPath(const QString& path, const QString& key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString indexPath(const QString& path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// Cheap test before looking anything up: most strings are plain text.
bool mayBeExpression(const QString& s)
{
    return !s.isEmpty() && (s.at(0) == QLatin1Char('@') || s.contains(QLatin1String("@{")));
}

// The same test for a string value of a JSON tree. `asCbor` is the value seen
// through a QCborMap/QCborArray sharing the container's storage (see
// JsonText): the octets are read in place, so a large literal (a base64
// attachment) is not copied to UTF-16 just to learn that it holds no '@'.
// '@' and '{' are ASCII, so their UTF-8 octets say what the UTF-16 would.
bool mayBeExpression(const QJsonValue& value, const QCborValue& asCbor)
{
    if (asCbor.isString()) {
        bool first = true;
        bool found = false;
        char last = 0; // the end of the previous piece: "@{" may straddle two
        const bool whole =
            JsonText::forEachUtf8Piece(asCbor, {}, [&](const char* data, qint64 size) {
                if (size <= 0)
                    return true;
                const QByteArrayView piece(data, size);
                found = (first && data[0] == '@') || (last == '@' && data[0] == '{') ||
                        piece.contains(QByteArrayView("@{"));
                first = false;
                last = data[size - 1];
                return !found; // no need to read on
            });
        if (found || whole)
            return found;
    }
    return mayBeExpression(value.toString());
}

Error at(Error e, const QString& path)
{
    if (!path.isEmpty())
        e.field = e.field.isEmpty() ? path : path + QLatin1Char('.') + e.field;
    return e;
}

// Where a value sits in the tree being evaluated; turned into text only
// when there is an error to report, so the common case builds no strings.
struct PathStep
{
    const PathStep* parent = nullptr;
    const QString* key = nullptr; // null: an array index
    qsizetype index = 0;

    QString toString() const
    {
        QString up = parent ? parent->toString() : QString();
        if (!key)
            return indexPath(up, index);
        return childPath(up, *key);
    }
};

// The value with its expressions evaluated; nothing when it holds none.
// Unchanged containers are handed back as they are, shared: a string put into
// a new QJsonObject or QJsonArray is copied (through UTF-16), which for a
// large literal costs several times its size.
using Evaluated = Result<std::optional<QJsonValue>>;

Evaluated evaluateTree(const QJsonValue& value, const QCborValue& asCbor,
                       const EvaluationContext& context, const PathStep* path)
{
    switch (value.type()) {
    case QJsonValue::String: {
        if (!mayBeExpression(value, asCbor))
            return std::optional<QJsonValue>();
        auto r = evaluateString(value.toString(), context);
        if (!r)
            return at(r.error(), path ? path->toString() : QString());
        return std::optional<QJsonValue>(std::move(r).value());
    }
    case QJsonValue::Array: {
        const QJsonArray in = value.toArray();
        std::optional<QJsonArray> out;
        std::optional<Error> error;
        JsonText::forEachItem(in,
                              [&](qsizetype i, const QJsonValue& item, const QCborValue& asCbor) {
                                  const PathStep here{path, nullptr, i};
                                  auto r = evaluateTree(item, asCbor, context, &here);
                                  if (!r) {
                                      error = r.error();
                                      return false;
                                  }
                                  if (r->has_value()) {
                                      if (!out)
                                          out = in;
                                      out->replace(i, **r);
                                  }
                                  return true;
                              });
        if (error)
            return *error;
        if (!out)
            return std::optional<QJsonValue>();
        return std::optional<QJsonValue>(QJsonValue(*out));
    }
    case QJsonValue::Object: {
        const QJsonObject in = value.toObject();
        std::optional<QJsonObject> out;
        std::optional<Error> error;
        JsonText::forEachMember(
            in, [&](const QString& key, const QJsonValue& item, const QCborValue& asCbor) {
                if (!item.isString() && !item.isArray() && !item.isObject())
                    return true;
                const PathStep here{path, &key, 0};
                auto r = evaluateTree(item, asCbor, context, &here);
                if (!r) {
                    error = r.error();
                    return false;
                }
                if (r->has_value()) {
                    if (!out)
                        out = in;
                    out->insert(key, **r);
                }
                return true;
            });
        if (error)
            return *error;
        if (!out)
            return std::optional<QJsonValue>();
        return std::optional<QJsonValue>(QJsonValue(*out));
    }
    default:
        return std::optional<QJsonValue>();
    }
}

void walk(const ExpressionNodePtr& node, const std::function<void(const ExpressionNode&)>& visit)
{
    if (!node)
        return;
    visit(*node);
    for (const ExpressionNodePtr& child : node->args)
        walk(child, visit);
}

void walk(const Expression& e, const std::function<void(const ExpressionNode&)>& visit)
{
    for (const Expression::Segment& s : e.segments())
        walk(s.node, visit);
}

// The functions whose first argument names an action.
bool namesAction(const ExpressionNode& n, bool withLoops)
{
    if (n.kind != ExpressionNode::Kind::Call || n.args.size() != 1 ||
        n.args[0]->kind != ExpressionNode::Kind::Literal || !n.args[0]->literal.isString())
        return false;
    const QString& f = ExpressionFunctions::at(n.function).name;
    return f == QLatin1String("body") || f == QLatin1String("outputs") ||
           f == QLatin1String("actions") || f == QLatin1String("result") ||
           (withLoops && f == QLatin1String("items"));
}

// Action names match as the runtime matches them.
QString actionKey(const QString& name)
{
    QString k = name.toLower();
    k.replace(QLatin1Char(' '), QLatin1Char('_'));
    return k;
}

void collectSyntax(const QJsonValue& value, const QCborValue& asCbor, const QString& path,
                   QList<Error>& out)
{
    if (value.isString()) {
        if (!mayBeExpression(value, asCbor))
            return;
        for (const Error& e : checkSyntax(value.toString()))
            out.append(at(e, path));
    } else if (value.isArray()) {
        JsonText::forEachItem(value.toArray(),
                              [&](qsizetype i, const QJsonValue& v, const QCborValue& c) {
                                  collectSyntax(v, c, indexPath(path, i), out);
                                  return true;
                              });
    } else if (value.isObject()) {
        JsonText::forEachMember(value.toObject(),
                                [&](const QString& key, const QJsonValue& v, const QCborValue& c) {
                                    collectSyntax(v, c, childPath(path, key), out);
                                    return true;
                                });
    }
}

void collectReferences(const QJsonValue& value, const QCborValue& asCbor, QStringList& out)
{
    if (value.isString()) {
        if (!mayBeExpression(value, asCbor))
            return;
        for (const QString& name : referencedActions(value.toString())) {
            if (!out.contains(name))
                out.append(name);
        }
    } else if (value.isArray()) {
        JsonText::forEachItem(value.toArray(),
                              [&](qsizetype, const QJsonValue& v, const QCborValue& c) {
                                  collectReferences(v, c, out);
                                  return true;
                              });
    } else if (value.isObject()) {
        JsonText::forEachMember(value.toObject(),
                                [&](const QString&, const QJsonValue& v, const QCborValue& c) {
                                    collectReferences(v, c, out);
                                    return true;
                                });
    }
}

Result<bool> condition(const QJsonValue& c, const EvaluationContext& context, const QString& path);

Result<bool> conditionList(const QJsonValue& operands, bool isAnd, const EvaluationContext& context,
                           const QString& path)
{
    if (!operands.isArray() || operands.toArray().isEmpty())
        return Result<bool>::failure(
            path, tr("'%1' needs a non-empty array of conditions")
                      .arg(isAnd ? QStringLiteral("and") : QStringLiteral("or")));
    const QJsonArray list = operands.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto r = condition(list.at(i), context, indexPath(path, i));
        if (!r)
            return r;
        if (*r != isAnd)
            return !isAnd;
    }
    return isAnd;
}

Result<bool> condition(const QJsonValue& c, const EvaluationContext& context, const QString& path)
{
    if (c.isBool())
        return c.toBool();
    if (c.isString()) {
        auto r = evaluateString(c.toString(), context);
        if (!r)
            return at(r.error(), path);
        // "@{equals(a, b)}" interpolates to "True"/"False"; take it as meant.
        if (r->isString()) {
            const QString text = r->toString();
            if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
                return true;
            if (text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
                return false;
        }
        if (!r->isBool())
            return Result<bool>::failure(
                path,
                tr("the condition gave %1, not true or false").arg(ExpressionValue(*r).display()));
        return r->toBool();
    }
    if (!c.isObject())
        return Result<bool>::failure(path, tr("a condition must be an object, an expression or a "
                                              "boolean, not %1")
                                               .arg(ExpressionValue(c).display()));
    const QJsonObject o = c.toObject();
    if (o.size() != 1)
        return Result<bool>::failure(
            path, tr("a condition object needs exactly one operator, found %1 keys").arg(o.size()));
    const QString op = o.constBegin().key();
    const QString lower = op.toLower();
    const QJsonValue operands = o.constBegin().value();
    const QString here = childPath(path, op);
    if (lower == QLatin1String("and") || lower == QLatin1String("or"))
        return conditionList(operands, lower == QLatin1String("and"), context, here);
    if (lower == QLatin1String("not")) {
        auto r = condition(operands, context, here);
        if (!r)
            return r;
        return !*r;
    }
    static const QStringList comparisons = {
        QStringLiteral("equals"),          QStringLiteral("greater"),
        QStringLiteral("greaterorequals"), QStringLiteral("less"),
        QStringLiteral("lessorequals"),    QStringLiteral("contains"),
        QStringLiteral("startswith"),      QStringLiteral("endswith")};
    if (!comparisons.contains(lower))
        return Result<bool>::failure(
            path, tr("'%1' is not a condition operator (use and, or, not, equals, greater, "
                     "greaterOrEquals, less, lessOrEquals, contains, startsWith or endsWith)")
                      .arg(op));
    if (!operands.isArray())
        return Result<bool>::failure(here, tr("'%1' needs an array of two operands").arg(op));
    const QJsonArray list = operands.toArray();
    QList<ExpressionValue> args;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const PathStep root{nullptr, &here, 0};
        const PathStep step{&root, nullptr, i};
        auto v = evaluateTree(list.at(i), QCborValue(), context, &step);
        if (!v)
            return v.error();
        args.append(ExpressionValue(v->value_or(list.at(i))));
    }
    auto r = ExpressionFunctions::call(ExpressionFunctions::find(lower), args, context);
    if (!r)
        return at(r.error(), here);
    return r->json.toBool();
}

} // namespace

Result<Expression> parseExpression(const QString& text)
{
    return Expression::cached(text);
}

Result<QJsonValue> evaluateValue(const QJsonValue& value, const EvaluationContext& context)
{
    auto r = evaluateTree(value, QCborValue(), context, nullptr);
    if (!r)
        return r.error();
    return r->value_or(value);
}

Result<QJsonValue> evaluateString(const QString& text, const EvaluationContext& context)
{
    if (!mayBeExpression(text))
        return QJsonValue(text);
    auto e = Expression::cached(text);
    if (!e)
        return e.error();
    return e->evaluate(context);
}

Result<bool> evaluateCondition(const QJsonValue& c, const EvaluationContext& context)
{
    return condition(c, context, QString());
}

QList<Error> checkSyntax(const QString& text)
{
    if (!mayBeExpression(text))
        return {};
    auto e = Expression::cached(text);
    if (!e)
        return {e.error()};
    return {};
}

QList<Error> checkSyntax(const QJsonValue& value)
{
    QList<Error> out;
    collectSyntax(value, QCborValue(), QString(), out);
    return out;
}

bool isExpression(const QString& text)
{
    const qsizetype n = text.size();
    if (n >= 2 && text.at(0) == QLatin1Char('@'))
        return text.at(1) != QLatin1Char('@');
    for (qsizetype i = 0; i + 1 < n; ++i) {
        if (text.at(i) != QLatin1Char('@'))
            continue;
        if (text.at(i + 1) == QLatin1Char('{'))
            return true;
        if (text.at(i + 1) == QLatin1Char('@') && i + 2 < n && text.at(i + 2) == QLatin1Char('{'))
            i += 2; // "@@{" is an escaped, literal "@{"
    }
    return false;
}

bool isExpression(const QJsonValue& value, const QCborValue& asCbor)
{
    if (!value.isString())
        return false;
    // An expression starts with '@' or holds "@{", so text without either is
    // plain: with a view of the storage, that is learnt without a copy.
    // Without one, the text is looked at once.
    if (asCbor.isString() && !mayBeExpression(value, asCbor))
        return false;
    return isExpression(value.toString());
}

QStringList referencedActions(const QString& text)
{
    QStringList out;
    if (!mayBeExpression(text))
        return out;
    auto e = Expression::cached(text);
    if (!e)
        return out;
    walk(*e, [&](const ExpressionNode& n) {
        if (namesAction(n, false)) {
            const QString name = n.args[0]->literal.toString();
            if (!out.contains(name))
                out.append(name);
        }
    });
    return out;
}

QStringList referencedActions(const QJsonValue& value)
{
    QStringList out;
    collectReferences(value, QCborValue(), out);
    return out;
}

QString renameActionReferences(const QString& text, const QString& oldName, const QString& newName)
{
    if (!mayBeExpression(text))
        return text;
    auto e = Expression::cached(text);
    if (!e)
        return text;
    const QString key = actionKey(oldName);
    std::vector<std::pair<int, int>> spans;
    walk(*e, [&](const ExpressionNode& n) {
        if (namesAction(n, true) && actionKey(n.args[0]->literal.toString()) == key)
            spans.emplace_back(n.args[0]->start, n.args[0]->end);
    });
    if (spans.empty())
        return text;
    // Expressions name actions with underscores for spaces, as Logic Apps writes them.
    QString written = newName;
    written.replace(QLatin1Char(' '), QLatin1Char('_'));
    written.replace(QLatin1Char('\''), QLatin1String("''"));
    const QString literal = QLatin1Char('\'') + written + QLatin1Char('\'');
    std::sort(spans.begin(), spans.end());
    QString out = text;
    for (auto it = spans.rbegin(); it != spans.rend(); ++it)
        out.replace(it->first, it->second - it->first, literal);
    return out;
}

QJsonValue renameActionReferences(const QJsonValue& value, const QString& oldName,
                                  const QString& newName)
{
    if (value.isString())
        return renameActionReferences(value.toString(), oldName, newName);
    if (value.isArray()) {
        QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            a[i] = renameActionReferences(a.at(i), oldName, newName);
        return a;
    }
    if (value.isObject()) {
        QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = renameActionReferences(it.value(), oldName, newName);
        return o;
    }
    return value;
}

QStringList expressionFunctionNames()
{
    return ExpressionFunctions::names();
}

} // namespace engine
