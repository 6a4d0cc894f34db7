#pragma once

#include "engine/expressions/Expression.h"

#include <QHash>
#include <QMutex>

namespace engine {

// Parsed expressions by their text, shared by every thread, so that a step
// run a thousand times is parsed once. Bounded: when full it starts over.
class ExpressionCache
{
public:
    static ExpressionCache& instance();

    Result<Expression> get(const QString& text);
    void clear();
    int size() const;

    static constexpr int Capacity = 20000;

private:
    mutable QMutex m_mutex;
    QHash<QString, Result<Expression>> m_entries;
};

} // namespace engine
