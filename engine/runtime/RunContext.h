#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/expressions/EvaluationContext.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace engine {

// What expressions see while one run goes: the trigger, the records of the
// actions that ran, variables, parameters, app settings, the items of the
// enclosing Foreach loops, the results of scopes, the workflow and the
// clock. The executor updates it as steps finish. It holds real values
// (later steps need them); redaction happens when records leave the run.
//
// Names are matched as Logic Apps does: actions without regard to case, with
// spaces and underscores alike; variables, parameters and loops without
// regard to case.
class RunContext final : public EvaluationContext
{
public:
    explicit RunContext(const Clock& clock) : m_clock(&clock) {}

    void setTrigger(const QJsonObject& record) { m_trigger = record; }
    void setWorkflow(const QJsonObject& workflow) { m_workflow = workflow; }
    void setParameter(const QString& name, const QJsonValue& value);
    // The environment, then local.settings.json Values.
    void setAppSettings(const AppSettings& settings) { m_appSettings = settings; }
    void setActionRecord(const QString& name, const QJsonObject& record);
    void setCurrentAction(const std::optional<QJsonObject>& record) { m_current = record; }

    // Variables: declared once with a type (InitializeVariable), then set.
    bool hasVariable(const QString& name) const;
    QString variableType(const QString& name) const;
    void declareVariable(const QString& name, const QString& type, const QJsonValue& value);
    void setVariable(const QString& name, const QJsonValue& value);

    // The current item of the Foreach `loop`, innermost last.
    void pushItem(const QString& loop, const QJsonValue& value);
    void popItem();
    void setResult(const QString& scope, const QJsonArray& records);

    QJsonObject trigger() const override { return m_trigger; }
    std::optional<QJsonObject> action(const QString& name) const override;
    std::optional<QJsonValue> variable(const QString& name) const override;
    std::optional<QJsonValue> parameter(const QString& name) const override;
    std::optional<QString> appSetting(const QString& name) const override;
    std::optional<QJsonValue> item(const QString& loopName) const override;
    std::optional<QJsonArray> result(const QString& scopeName) const override;
    QJsonObject workflow() const override { return m_workflow; }
    std::optional<QJsonObject> currentAction() const override { return m_current; }
    const Clock& clock() const override { return *m_clock; }

    // "Send email" and "send_Email" are the same action.
    static QString actionKey(const QString& name);

private:
    struct Variable
    {
        QString type;
        QJsonValue value;
    };

    const Clock* m_clock;
    QJsonObject m_trigger;
    QJsonObject m_workflow;
    QHash<QString, QJsonValue> m_parameters;
    AppSettings m_appSettings;
    QHash<QString, QJsonObject> m_actions;
    QHash<QString, Variable> m_variables;
    QList<QPair<QString, QJsonValue>> m_items;
    QHash<QString, QJsonArray> m_results;
    std::optional<QJsonObject> m_current;
};

} // namespace engine
