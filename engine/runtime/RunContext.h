#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/expressions/EvaluationContext.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <memory>

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
    // One repetition of a Foreach or Until loop. Repetitions of a Foreach may
    // run side by side, so each keeps its own item, index and the records of
    // the actions that ran in it: outputs('x') inside a repetition means that
    // repetition's x, as in Logic Apps.
    struct Repetition
    {
        QString loop; // the loop action's name
        int index = 0;
        QJsonValue item = QJsonValue(QJsonValue::Undefined); // Foreach only
        const void* owner = nullptr; // identifies the loop's run, for ordering
        std::shared_ptr<Repetition> outer;
        QHash<QString, QJsonObject> actions; // by actionKey()
    };
    using RepetitionP = std::shared_ptr<Repetition>;

    explicit RunContext(const Clock& clock) : m_clock(&clock) {}

    void setTrigger(const QJsonObject& record) { m_trigger = record; }
    void setWorkflow(const QJsonObject& workflow) { m_workflow = workflow; }
    void setParameter(const QString& name, const QJsonValue& value);
    // The environment, then local.settings.json Values.
    void setAppSettings(const AppSettings& settings) { m_appSettings = settings; }
    // Records the action in its repetition (when inside a loop) and for the run.
    void setActionRecord(const QString& name, const QJsonObject& record,
                         const RepetitionP& repetition = {});
    void setCurrentAction(const std::optional<QJsonObject>& record) { m_current = record; }

    // Variables: declared once with a type (InitializeVariable), then set.
    bool hasVariable(const QString& name) const;
    QString variableType(const QString& name) const;
    void declareVariable(const QString& name, const QString& type, const QJsonValue& value);
    void setVariable(const QString& name, const QJsonValue& value);

    // The repetition whose actions are being evaluated (null outside loops):
    // items(), iterationIndexes() and actions seen inside it follow from it.
    void setRepetition(const RepetitionP& repetition) { m_repetition = repetition; }
    void setResult(const QString& scope, const QJsonArray& records);

    QJsonObject trigger() const override { return m_trigger; }
    std::optional<QJsonObject> action(const QString& name) const override;
    std::optional<QJsonValue> variable(const QString& name) const override;
    std::optional<QJsonValue> parameter(const QString& name) const override;
    std::optional<QString> appSetting(const QString& name) const override;
    std::optional<QJsonValue> item(const QString& loopName) const override;
    std::optional<int> iterationIndex(const QString& loopName) const override;
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
    RepetitionP m_repetition;
    QHash<QString, QJsonArray> m_results;
    std::optional<QJsonObject> m_current;
};

} // namespace engine
