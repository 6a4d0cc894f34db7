#include "engine/expressions/StaticContext.h"

namespace engine {

QString StaticContext::actionKey(const QString& name)
{
    QString k = name.toLower();
    k.replace(QLatin1Char(' '), QLatin1Char('_'));
    return k;
}

void StaticContext::setTriggerBody(const QJsonValue& body)
{
    QJsonObject outputs = m_trigger.value(QStringLiteral("outputs")).toObject();
    outputs.insert(QStringLiteral("body"), body);
    m_trigger.insert(QStringLiteral("outputs"), outputs);
}

void StaticContext::setAction(const QString& name, const QJsonObject& record)
{
    m_actions.insert(actionKey(name), record);
}

void StaticContext::setActionBody(const QString& name, const QJsonValue& body)
{
    QJsonObject outputs;
    outputs.insert(QStringLiteral("body"), body);
    QJsonObject record;
    record.insert(QStringLiteral("name"), name);
    record.insert(QStringLiteral("status"), QStringLiteral("Succeeded"));
    record.insert(QStringLiteral("outputs"), outputs);
    setAction(name, record);
}

void StaticContext::removeAction(const QString& name)
{
    m_actions.remove(actionKey(name));
}

void StaticContext::setVariable(const QString& name, const QJsonValue& value)
{
    m_variables.insert(name.toLower(), value);
}

void StaticContext::setParameter(const QString& name, const QJsonValue& value)
{
    m_parameters.insert(name.toLower(), value);
}

void StaticContext::setAppSetting(const QString& name, const QString& value)
{
    m_appSettings.insert(name, value);
}

void StaticContext::setIterationIndex(const QString& loopName, int index)
{
    m_iterationIndexes.insert(actionKey(loopName), index);
}

std::optional<int> StaticContext::iterationIndex(const QString& loopName) const
{
    auto it = m_iterationIndexes.constFind(actionKey(loopName));
    if (it == m_iterationIndexes.cend())
        return std::nullopt;
    return *it;
}

void StaticContext::setItem(const QString& loopName, const QJsonValue& value)
{
    m_items.insert(actionKey(loopName), value);
    m_innermostLoop = actionKey(loopName);
}

void StaticContext::setResult(const QString& scopeName, const QJsonArray& records)
{
    m_results.insert(actionKey(scopeName), records);
}

std::optional<QJsonObject> StaticContext::action(const QString& name) const
{
    auto it = m_actions.constFind(actionKey(name));
    if (it == m_actions.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonValue> StaticContext::variable(const QString& name) const
{
    auto it = m_variables.constFind(name.toLower());
    if (it == m_variables.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonValue> StaticContext::parameter(const QString& name) const
{
    auto it = m_parameters.constFind(name.toLower());
    if (it == m_parameters.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QString> StaticContext::appSetting(const QString& name) const
{
    // App settings are environment variables, whose names are case-sensitive.
    auto it = m_appSettings.constFind(name);
    if (it == m_appSettings.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonValue> StaticContext::item(const QString& loopName) const
{
    const QString key = loopName.isEmpty() ? m_innermostLoop : actionKey(loopName);
    auto it = m_items.constFind(key);
    if (key.isEmpty() || it == m_items.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QJsonArray> StaticContext::result(const QString& scopeName) const
{
    auto it = m_results.constFind(actionKey(scopeName));
    if (it == m_results.constEnd())
        return std::nullopt;
    return it.value();
}

} // namespace engine
