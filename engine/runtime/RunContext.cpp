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

void RunContext::setActionRecord(const QString& name, const QJsonObject& record)
{
    m_actions.insert(actionKey(name), record);
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

void RunContext::pushItem(const QString& loop, const QJsonValue& value)
{
    m_items.append({loop.toLower(), value});
}

void RunContext::popItem()
{
    if (!m_items.isEmpty())
        m_items.removeLast();
}

void RunContext::setResult(const QString& scope, const QJsonArray& records)
{
    m_results.insert(actionKey(scope), records);
}

std::optional<QJsonObject> RunContext::action(const QString& name) const
{
    auto it = m_actions.constFind(actionKey(name));
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
    if (m_items.isEmpty())
        return std::nullopt;
    if (loopName.isEmpty())
        return m_items.last().second;
    const QString key = loopName.toLower();
    const QString alt = actionKey(loopName);
    for (auto it = m_items.crbegin(); it != m_items.crend(); ++it) {
        if (it->first == key || actionKey(it->first) == alt)
            return it->second;
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
