#include "engine/runtime/RunContext.h"

namespace engine {

QString RunContext::actionKey(const QString& name)
{
    QString key = name.toLower();
    key.replace(QLatin1Char(' '), QLatin1Char('_'));
    return key;
}

void RunContext::setParameter(const QString& name, const QJsonValue& value)
{
    m_parameters.insert(name.toLower(), value);
}

void RunContext::setActionRecord(const QString& name, const QJsonObject& record,
                                 const RepetitionP& repetition)
{
    const QString key = actionKey(name);
    if (repetition)
        repetition->actions.insert(key, record);
    m_actions.insert(key, record);
}

bool RunContext::hasVariable(const QString& name) const
{
    return m_variables.contains(name.toLower());
}

QString RunContext::variableType(const QString& name) const
{
    return m_variables.value(name.toLower()).type;
}

void RunContext::declareVariable(const QString& name, const QString& type, const QJsonValue& value)
{
    m_variables.insert(name.toLower(), Variable{type, value});
}

void RunContext::setVariable(const QString& name, const QJsonValue& value)
{
    auto it = m_variables.find(name.toLower());
    if (it != m_variables.end())
        it->value = value;
}

void RunContext::setResult(const QString& scope, const QJsonArray& records)
{
    m_results.insert(actionKey(scope), records);
}

std::optional<QJsonObject> RunContext::action(const QString& name) const
{
    const QString key = actionKey(name);
    for (const Repetition* r = m_repetition.get(); r; r = r->outer.get()) {
        auto found = r->actions.constFind(key);
        if (found != r->actions.cend())
            return *found;
    }
    auto it = m_actions.constFind(key);
    if (it == m_actions.cend())
        return std::nullopt;
    return *it;
}

std::optional<QJsonValue> RunContext::variable(const QString& name) const
{
    auto it = m_variables.constFind(name.toLower());
    if (it == m_variables.cend())
        return std::nullopt;
    return it->value;
}

std::optional<QJsonValue> RunContext::parameter(const QString& name) const
{
    auto it = m_parameters.constFind(name.toLower());
    if (it == m_parameters.cend())
        return std::nullopt;
    return *it;
}

std::optional<QString> RunContext::appSetting(const QString& name) const
{
    return m_appSettings.value(name);
}

std::optional<QJsonValue> RunContext::item(const QString& loopName) const
{
    // item() is the innermost Foreach's; Until loops have no item.
    const QString key = actionKey(loopName);
    for (const Repetition* r = m_repetition.get(); r; r = r->outer.get()) {
        if (r->item.isUndefined())
            continue;
        if (loopName.isEmpty() || actionKey(r->loop) == key)
            return r->item;
    }
    return std::nullopt;
}

std::optional<int> RunContext::iterationIndex(const QString& loopName) const
{
    const QString key = actionKey(loopName);
    for (const Repetition* r = m_repetition.get(); r; r = r->outer.get()) {
        if (loopName.isEmpty() || actionKey(r->loop) == key)
            return r->index;
    }
    return std::nullopt;
}

std::optional<QJsonArray> RunContext::result(const QString& scopeName) const
{
    auto it = m_results.constFind(actionKey(scopeName));
    if (it == m_results.cend())
        return std::nullopt;
    return *it;
}

} // namespace engine
