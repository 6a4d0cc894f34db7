#pragma once

#include "engine/core/Clock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace engine {

// What an expression can see while it is evaluated: the run so far. The
// runtime implements it over a run; the designer and tests over fixed data.
class EvaluationContext
{
public:
    virtual ~EvaluationContext() = default;

    // trigger(): {"inputs","outputs":{"headers","body"},"startTime",...}.
    virtual QJsonObject trigger() const = 0;
    // triggerOutputs(): the trigger's outputs ({"headers":..,"body":..}).
    virtual QJsonObject triggerOutputs() const
    {
        return trigger().value(QStringLiteral("outputs")).toObject();
    }
    // actions('name'): the action's record {"name","inputs","outputs","status","code",...};
    // nullopt when no such action ran. Names are matched as Logic Apps does
    // (spaces and underscores are the same; case-insensitive).
    virtual std::optional<QJsonObject> action(const QString& name) const = 0;
    // variables('name')
    virtual std::optional<QJsonValue> variable(const QString& name) const = 0;
    // parameters('name'): the workflow parameter's value.
    virtual std::optional<QJsonValue> parameter(const QString& name) const = 0;
    // appsetting('NAME'): from the environment or local.settings.json.
    virtual std::optional<QString> appSetting(const QString& name) const = 0;
    // items('loop'): the current item of the named Foreach; item() with an empty
    // name: the innermost one.
    virtual std::optional<QJsonValue> item(const QString& loopName) const = 0;
    // iterationIndexes('loop'): the index (from 0) of the current repetition of
    // the named Until or Foreach loop around the action; nullopt outside it.
    virtual std::optional<int> iterationIndex(const QString& loopName) const
    {
        Q_UNUSED(loopName);
        return std::nullopt;
    }
    // result('scope'): the records of the actions inside a scope.
    virtual std::optional<QJsonArray> result(const QString& scopeName) const = 0;
    // workflow(): {"name","run":{"name"}}
    virtual QJsonObject workflow() const { return {}; }
    // action(): the record of the action whose inputs are being evaluated
    // (Until conditions, retries); nullopt where there is none.
    virtual std::optional<QJsonObject> currentAction() const { return std::nullopt; }

    virtual const Clock& clock() const { return Clock::system(); }
};

} // namespace engine
