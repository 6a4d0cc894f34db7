#include "engine/catalogue/Catalogue.h"

namespace engine {

const PropertySchema* Operation::property(const QString& key) const
{
    for (const PropertySchema& p : properties) {
        if (p.key.compare(key, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

void Catalogue::add(Operation operation)
{
    for (const WdlShape& shape : operation.shapes) {
        if (shape.type.isEmpty())
            m_untypedShapes = true;
        else
            m_types.insert(shape.type.toCaseFolded());
    }
    m_operations.append(std::move(operation));
}

const Operation* Catalogue::find(const QString& id) const
{
    for (const Operation& op : m_operations) {
        if (op.id == id)
            return &op;
    }
    return nullptr;
}

Catalogue::Match Catalogue::recognise(const QJsonObject& step) const
{
    // Not a string: empty, which no shape's type is.
    const QString type = step.value(QLatin1String("type")).toString();
    for (const Operation& op : m_operations) {
        for (const WdlShape& shape : op.shapes) {
            if (shape.type.isEmpty()) {
                if (shape.matches && shape.matches(step))
                    return {&op, &shape};
            } else if (shape.type.compare(type, Qt::CaseInsensitive) == 0 &&
                       (!shape.matches || shape.matches(step))) {
                return {&op, &shape};
            }
        }
    }
    return {};
}

bool Catalogue::mayRecognise(const QString& type) const
{
    return m_untypedShapes || m_types.contains(type.toCaseFolded());
}

} // namespace engine
