#pragma once

#include "engine/expressions/EvaluationContext.h"

#include <QHash>

namespace engine {

// An EvaluationContext over fixed data, set piece by piece: for tests, the
// designer's preview of an expression and anything else evaluating outside
// a run. Action, variable, parameter and loop names are matched as the
// runtime matches them (case-insensitive; spaces and underscores alike for
// actions).
class StaticContext : public EvaluationContext
{
public:
    StaticContext() = default;

    // The whole trigger record ({"outputs":{"headers","body"}, ...}).
    void setTrigger(const QJsonObject& trigger) { m_trigger = trigger; }
    // Shorthand: a trigger whose outputs.body is `body`.
    void setTriggerBody(const QJsonValue& body);
    // The record of an action that ran ({"outputs":{"body"}, "status", ...}).
    void setAction(const QString& name, const QJsonObject& record);
    // Shorthand: an action that succeeded with outputs.body = `body`.
    void setActionBody(const QString& name, const QJsonValue& body);
    void removeAction(const QString& name);
    void setVariable(const QString& name, const QJsonValue& value);
    void setParameter(const QString& name, const QJsonValue& value);
    void setAppSetting(const QString& name, const QString& value);
    // The current item of the Foreach `loopName`; the last one set is the
    // innermost, which item() returns.
    void setItem(const QString& loopName, const QJsonValue& value);
    // The current repetition's index of the Until or Foreach `loopName`.
    void setIterationIndex(const QString& loopName, int index);
    void setResult(const QString& scopeName, const QJsonArray& records);
    void setWorkflow(const QJsonObject& workflow) { m_workflow = workflow; }
    void setCurrentAction(const QJsonObject& record) { m_currentAction = record; }
    // Not owned; must outlive the context. nullptr: the system clock.
    void setClock(const Clock* clock) { m_clock = clock; }

    QJsonObject trigger() const override { return m_trigger; }
    std::optional<QJsonObject> action(const QString& name) const override;
    std::optional<QJsonValue> variable(const QString& name) const override;
    std::optional<QJsonValue> parameter(const QString& name) const override;
    std::optional<QString> appSetting(const QString& name) const override;
    std::optional<QJsonValue> item(const QString& loopName) const override;
    std::optional<int> iterationIndex(const QString& loopName) const override;
    std::optional<QJsonArray> result(const QString& scopeName) const override;
    QJsonObject workflow() const override { return m_workflow; }
    std::optional<QJsonObject> currentAction() const override { return m_currentAction; }
    const Clock& clock() const override { return m_clock ? *m_clock : Clock::system(); }

    static QString actionKey(const QString& name);

private:
    QJsonObject m_trigger;
    QHash<QString, QJsonObject> m_actions;
    QHash<QString, QJsonValue> m_variables;
    QHash<QString, QJsonValue> m_parameters;
    QHash<QString, QString> m_appSettings;
    QHash<QString, QJsonValue> m_items;
    QString m_innermostLoop;
    QHash<QString, int> m_iterationIndexes;
    QHash<QString, QJsonArray> m_results;
    QJsonObject m_workflow;
    std::optional<QJsonObject> m_currentAction;
    const Clock* m_clock = nullptr;
};

} // namespace engine
