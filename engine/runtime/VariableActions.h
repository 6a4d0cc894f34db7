#pragma once

#include "engine/core/Result.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace engine {

class RunContext;

// The variable actions of a run: InitializeVariable, SetVariable,
// IncrementVariable, DecrementVariable, AppendToArrayVariable and
// AppendToStringVariable. Each checks its evaluated inputs against the
// variables' declared types, then changes them all or nothing; an error
// names the input at fault ("inputs.variables[1].type", "inputs.value").
class VariableActions
{
    Q_DECLARE_TR_FUNCTIONS(VariableActions)

public:
    // Whether `type` (a step type in lower case) is one of them.
    static bool handles(const QString& type);
    // Runs the action on `context`'s variables. The outputs Logic Apps shows:
    // {"body":{"name","value"}} for a change, nothing (undefined) for InitializeVariable.
    static Result<QJsonValue> apply(const QString& type, const QJsonValue& inputs,
                                    RunContext& context);

    // The type name used in messages, as Logic Apps names variable types.
    static QString typeOf(const QJsonValue& value);
    // A value as text, as AppendToStringVariable and Switch cases compare it.
    static QString textOf(const QJsonValue& value);

private:
    static Result<QJsonValue> initialize(const QJsonValue& inputs, RunContext& context);
    static Result<QJsonValue> change(const QString& type, const QJsonValue& inputs,
                                     RunContext& context);
};

} // namespace engine
