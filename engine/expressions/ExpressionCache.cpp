#include "engine/expressions/ExpressionCache.h"

#include "engine/expressions/ExpressionParser.h"

#include <QMutexLocker>

namespace engine {

ExpressionCache& ExpressionCache::instance()
{
    static ExpressionCache cache;
    return cache;
}

Result<Expression> ExpressionCache::get(const QString& text)
{
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_entries.constFind(text);
        if (it != m_entries.constEnd())
            return it.value();
    }
    // Parsed outside the lock; two threads racing on one text both parse it,
    // which is harmless.
    Result<Expression> parsed = ExpressionParser::parse(text);
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() >= Capacity)
        m_entries.clear();
    m_entries.insert(text, parsed);
    return parsed;
}

void ExpressionCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
}

int ExpressionCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

} // namespace engine
