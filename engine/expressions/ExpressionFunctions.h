#pragma once

#include "engine/core/Result.h"
#include "engine/expressions/ExpressionValue.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace engine {

class EvaluationContext;

// The functions of the expression language: their names, how many arguments
// each takes and what each does. Names are matched without regard to case.
class ExpressionFunctions
{
    Q_DECLARE_TR_FUNCTIONS(ExpressionFunctions)

public:
    // Functions whose arguments are evaluated only as far as needed; the
    // evaluator runs these itself.
    enum class Lazy
    {
        No,
        If,
        And,
        Or,
        Coalesce
    };

    struct Call
    {
        const EvaluationContext& context;
        const QString& name; // the canonical spelling, for messages
        const QList<ExpressionValue>& args;
    };
    using Impl = Result<ExpressionValue> (*)(const Call&);

    struct Function
    {
        QString name;
        int minArgs = 0;
        int maxArgs = 0; // -1: any number
        Impl impl = nullptr;
        Lazy lazy = Lazy::No;
    };

    // Index of the function, or -1 when there is none of that name.
    static int find(QStringView name);
    static const Function& at(int index);
    static QStringList names();

    // Checks the count and runs a non-lazy function (object-form conditions).
    static Result<ExpressionValue> call(int index, const QList<ExpressionValue>& args,
                                        const EvaluationContext& context);

    // "concat expects at least 1 argument, got 0"; empty when the count fits.
    static QString arityProblem(int index, int given);
};

} // namespace engine
