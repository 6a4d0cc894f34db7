#include "engine/expressions/Expression.h"

#include "engine/expressions/EvaluationContext.h"
#include "engine/expressions/ExpressionCache.h"
#include "engine/expressions/ExpressionEvaluator.h"
#include "engine/expressions/ExpressionParser.h"

namespace engine {

Expression::Expression() : m_d(std::make_shared<const Data>()) {}

Result<Expression> Expression::parse(const QString& text)
{
    return ExpressionParser::parse(text);
}

Result<Expression> Expression::cached(const QString& text)
{
    return ExpressionCache::instance().get(text);
}

Expression::Kind Expression::kind() const
{
    return m_d->kind;
}

const QString& Expression::text() const
{
    return m_d->text;
}

const QList<Expression::Segment>& Expression::segments() const
{
    return m_d->segments;
}

ExpressionNodePtr Expression::root() const
{
    return m_d->kind == Kind::Value ? m_d->segments.first().node : nullptr;
}

Result<QJsonValue> Expression::evaluate(const EvaluationContext& context) const
{
    switch (m_d->kind) {
    case Kind::Literal:
        return QJsonValue(m_d->segments.isEmpty() ? m_d->text : m_d->segments.first().text);
    case Kind::Value: {
        ExpressionEvaluator evaluator(context, m_d->text);
        auto v = evaluator.evaluate(*m_d->segments.first().node);
        if (!v)
            return v.error();
        return v->json.isUndefined() ? QJsonValue() : v->json;
    }
    case Kind::Interpolation: {
        ExpressionEvaluator evaluator(context, m_d->text);
        QString out;
        for (const Segment& s : m_d->segments) {
            if (!s.node) {
                out += s.text;
                continue;
            }
            auto v = evaluator.evaluate(*s.node);
            if (!v)
                return v.error();
            out += v->toText();
        }
        return QJsonValue(out);
    }
    }
    return QJsonValue();
}

} // namespace engine
