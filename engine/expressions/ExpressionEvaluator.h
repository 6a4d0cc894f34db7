#pragma once

#include "engine/core/Result.h"
#include "engine/expressions/ExpressionNode.h"
#include "engine/expressions/ExpressionValue.h"

#include <QCoreApplication>

namespace engine {

class EvaluationContext;

// Walks a parsed expression against the run it belongs to. Property access
// is case-insensitive (exact match first); a missing property is an error
// naming it unless the access is null-safe ('?').
class ExpressionEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(ExpressionEvaluator)

public:
    // `source` is the text the nodes were parsed from, quoted in errors.
    ExpressionEvaluator(const EvaluationContext& context, const QString& source)
        : m_context(context), m_source(source)
    {}

    Result<ExpressionValue> evaluate(const ExpressionNode& node) const;

private:
    Result<ExpressionValue> call(const ExpressionNode& node) const;
    Result<ExpressionValue> member(const ExpressionNode& node, const ExpressionValue& target,
                                   const QString& name) const;
    Result<ExpressionValue> index(const ExpressionNode& node, const ExpressionValue& target,
                                  const ExpressionValue& index) const;
    QString snippet(const ExpressionNode& node) const;

    const EvaluationContext& m_context;
    const QString& m_source;
};

} // namespace engine
