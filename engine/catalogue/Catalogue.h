#pragma once

#include "engine/catalogue/Operation.h"

#include <QJsonObject>
#include <QList>
#include <QSet>

namespace engine {

// The registry of operations. Connectors register theirs at start-up
// (connectors::registerAll); the designer, the validator and the runtime
// all read it.
class Catalogue
{
public:
    void add(Operation operation);
    const QList<Operation>& operations() const { return m_operations; }
    const Operation* find(const QString& id) const;

    struct Match
    {
        const Operation* operation = nullptr;
        const WdlShape* shape = nullptr;
    };
    // Which operation and shape a step's JSON is; {nullptr,nullptr} when unknown.
    Match recognise(const QJsonObject& step) const;
    // False when recognise() cannot know a step of this "type": every shape
    // names its type (WdlShape::type) and none is this one. A caller holding
    // the step in another form need not make a QJsonObject of it then.
    bool mayRecognise(const QString& type) const;

private:
    QList<Operation> m_operations;
    QSet<QString> m_types; // the shapes' types, case folded
    bool m_untypedShapes = false;
};

} // namespace engine
