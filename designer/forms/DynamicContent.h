#pragma once

#include <QList>
#include <QString>

namespace engine {
class Catalogue;
class Workflow;
} // namespace engine

namespace designer {

// The outputs a step may use (dynamic content): those of the trigger and of
// the steps that run before it, from their operations' output schemas, each
// with the token to insert ("triggerBody()?['Email']", {step} filled in).
class DynamicContent
{
public:
    struct Item
    {
        QString displayName;
        QString description;
        QString type;
        QString expression; // without "@{...}"
    };
    struct Group
    {
        QString step;  // the step's name in the definition
        QString title; // "When a Lead is created"
        QString icon;
        QList<Item> items;
    };

    // Groups for `step`: the trigger first, then earlier actions in run
    // order. Steps of unknown operations offer their body and outputs.
    static QList<Group> availableTo(const engine::Workflow& workflow,
                                    const engine::Catalogue& catalogue, const QString& step);
    // "Send_welcome_email" -> "Send welcome email", as Logic Apps shows names.
    static QString title(const QString& stepName);
};

} // namespace designer
