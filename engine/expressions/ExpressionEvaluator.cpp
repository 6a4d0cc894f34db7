#include "engine/expressions/ExpressionEvaluator.h"

#include "engine/expressions/EvaluationContext.h"
#include "engine/expressions/ExpressionFunctions.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace engine {

QString ExpressionEvaluator::snippet(const ExpressionNode& node) const
{
    QString text = m_source.mid(node.start, node.end - node.start);
    if (text.size() > 80)
        text = text.left(77) + QStringLiteral("...");
    return text;
}

Result<ExpressionValue> ExpressionEvaluator::evaluate(const ExpressionNode& node) const
{
    switch (node.kind) {
    case ExpressionNode::Kind::Literal:
        return ExpressionValue(node.literal, node.isFloat);
    case ExpressionNode::Kind::Call:
        return call(node);
    case ExpressionNode::Kind::Property: {
        auto target = evaluate(*node.args[0]);
        if (!target)
            return target;
        return member(node, *target, node.name);
    }
    case ExpressionNode::Kind::Index: {
        auto target = evaluate(*node.args[0]);
        if (!target)
            return target;
        auto key = evaluate(*node.args[1]);
        if (!key)
            return key;
        return index(node, *target, *key);
    }
    }
    return ExpressionValue();
}

Result<ExpressionValue> ExpressionEvaluator::call(const ExpressionNode& node) const
{
    using Lazy = ExpressionFunctions::Lazy;
    const ExpressionFunctions::Function& f = ExpressionFunctions::at(node.function);
    const auto notBoolean = [&](int i, const ExpressionValue& v) {
        return Result<ExpressionValue>::failure(
            QString(),
            tr("%1: argument %2 %3 is not true or false").arg(f.name).arg(i + 1).arg(v.display()));
    };
    // Arguments not needed for the answer are not evaluated, so that
    // if(empty(x), 'none', first(x)) does not fail on an empty x.
    switch (f.lazy) {
    case Lazy::If: {
        auto condition = evaluate(*node.args[0]);
        if (!condition)
            return condition;
        if (!condition->json.isBool())
            return notBoolean(0, *condition);
        return evaluate(*node.args[condition->json.toBool() ? 1 : 2]);
    }
    case Lazy::And:
    case Lazy::Or: {
        const bool isAnd = f.lazy == Lazy::And;
        for (size_t i = 0; i < node.args.size(); ++i) {
            auto v = evaluate(*node.args[i]);
            if (!v)
                return v;
            if (!v->json.isBool())
                return notBoolean(int(i), *v);
            if (v->json.toBool() != isAnd)
                return ExpressionValue(!isAnd);
        }
        return ExpressionValue(isAnd);
    }
    case Lazy::Coalesce:
        for (const ExpressionNodePtr& arg : node.args) {
            auto v = evaluate(*arg);
            if (!v)
                return v;
            if (!v->isNull())
                return v;
        }
        return ExpressionValue(QJsonValue());
    case Lazy::No:
        break;
    }

    QList<ExpressionValue> args;
    args.reserve(qsizetype(node.args.size()));
    for (const ExpressionNodePtr& arg : node.args) {
        auto v = evaluate(*arg);
        if (!v)
            return v;
        args.append(std::move(*v));
    }
    return f.impl(ExpressionFunctions::Call{m_context, f.name, args});
}

Result<ExpressionValue> ExpressionEvaluator::member(const ExpressionNode& node,
                                                    const ExpressionValue& target,
                                                    const QString& name) const
{
    if (target.isNull()) {
        if (node.nullSafe)
            return ExpressionValue(QJsonValue());
        return Result<ExpressionValue>::failure(
            QString(), tr("%1: property '%2' cannot be selected because the value is null "
                          "(write ?['%2'] to allow null)")
                           .arg(snippet(node), name));
    }
    if (!target.json.isObject())
        return Result<ExpressionValue>::failure(
            QString(), tr("%1: property '%2' cannot be selected from a value of type %3")
                           .arg(snippet(node), name, target.typeName()));
    const QJsonObject object = target.json.toObject();
    auto it = object.constFind(name);
    if (it == object.constEnd()) {
        for (it = object.constBegin(); it != object.constEnd(); ++it) {
            if (it.key().compare(name, Qt::CaseInsensitive) == 0)
                break;
        }
    }
    if (it != object.constEnd())
        return ExpressionValue(it.value());
    if (node.nullSafe)
        return ExpressionValue(QJsonValue());
    QStringList keys = object.keys();
    if (keys.size() > 20) {
        keys = keys.mid(0, 20);
        keys.append(QStringLiteral("..."));
    }
    return Result<ExpressionValue>::failure(
        QString(), tr("%1: property '%2' doesn't exist, available properties are '%3'")
                       .arg(snippet(node), name, keys.join(QStringLiteral(", "))));
}

Result<ExpressionValue> ExpressionEvaluator::index(const ExpressionNode& node,
                                                   const ExpressionValue& target,
                                                   const ExpressionValue& key) const
{
    if (key.json.isString())
        return member(node, target, key.json.toString());
    if (target.isNull() && node.nullSafe)
        return ExpressionValue(QJsonValue());
    if (!key.isInteger())
        return Result<ExpressionValue>::failure(
            QString(), tr("%1: the index %2 is not a property name or a whole number")
                           .arg(snippet(node), key.display()));
    if (!target.json.isArray())
        return Result<ExpressionValue>::failure(
            QString(), tr("%1: a value of type %2 cannot be indexed by number")
                           .arg(snippet(node), target.typeName()));
    const QJsonArray array = target.json.toArray();
    const qint64 i = key.json.toInteger();
    if (i < 0 || i >= array.size()) {
        if (node.nullSafe)
            return ExpressionValue(QJsonValue());
        return Result<ExpressionValue>::failure(
            QString(), tr("%1: index %2 is out of range for an array of %3 items")
                           .arg(snippet(node))
                           .arg(i)
                           .arg(array.size()));
    }
    return ExpressionValue(array.at(i));
}

} // namespace engine
