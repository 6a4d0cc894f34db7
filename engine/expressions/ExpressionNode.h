#pragma once

#include <QJsonValue>
#include <QString>
#include <memory>
#include <vector>

namespace engine {

struct ExpressionNode;
using ExpressionNodePtr = std::shared_ptr<const ExpressionNode>;

// One node of a parsed expression: a literal, a function call, or a property
// or index access on another node. Immutable once parsed, so parsed
// expressions can be cached and shared between threads.
struct ExpressionNode
{
    enum class Kind
    {
        Literal,
        Call,
        Property,
        Index
    };

    Kind kind = Kind::Literal;
    // Offsets into the source text, [start, end), for error messages and for
    // rewriting string literals in place (renaming action references).
    int start = 0;
    int end = 0;

    // Literal
    QJsonValue literal;
    bool isFloat = false; // a number written with a fraction or exponent

    // Call: the function name as written and its index in the function table.
    // Property: the property name.
    QString name;
    int function = -1;

    // Call: the arguments. Property: {target}. Index: {target, index}.
    std::vector<ExpressionNodePtr> args;

    // Property/Index written with '?' (null when the target or member is missing).
    bool nullSafe = false;
};

} // namespace engine
