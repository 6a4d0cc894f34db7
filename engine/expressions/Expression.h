#pragma once

#include "engine/core/Result.h"
#include "engine/expressions/ExpressionNode.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <memory>

namespace engine {

class EvaluationContext;

// A parsed WDL string value: plain text, a whole-value expression ("@expr",
// which keeps the type of its result) or an interpolation ("a @{expr} b",
// always a string). Cheap to copy; parse once, evaluate many times.
class Expression
{
public:
    enum class Kind
    {
        Literal,       // no expression: "text", "@@text" (an escaped '@')
        Value,         // "@expr"
        Interpolation, // "text @{expr} text"
    };
    // One piece of an interpolation (or the only piece of the other kinds):
    // literal text when node is null, an expression otherwise.
    struct Segment
    {
        QString text;
        ExpressionNodePtr node;
    };

    Expression();

    // Parses without the cache. A syntax error reads "column N: expected ...",
    // with N 1-based over the whole text.
    static Result<Expression> parse(const QString& text);
    // Like parse() but shares the parsed form of texts seen before (thread-safe).
    static Result<Expression> cached(const QString& text);

    Kind kind() const;
    const QString& text() const;
    const QList<Segment>& segments() const;
    // Kind::Value: the expression; null otherwise.
    ExpressionNodePtr root() const;
    bool isLiteral() const { return kind() == Kind::Literal; }

    Result<QJsonValue> evaluate(const EvaluationContext& context) const;

private:
    struct Data
    {
        Kind kind = Kind::Literal;
        QString text;
        QList<Segment> segments;
    };
    explicit Expression(std::shared_ptr<const Data> d) : m_d(std::move(d)) {}
    friend class ExpressionParser;

    std::shared_ptr<const Data> m_d;
};

} // namespace engine
