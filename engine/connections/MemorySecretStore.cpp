#include "engine/connections/MemorySecretStore.h"

#include <QCoreApplication>

namespace engine {

Result<QString> MemorySecretStore::read(const QString& key) const
{
    const auto it = m_values.constFind(key);
    if (it == m_values.constEnd())
        return Error{
            key, QCoreApplication::translate("engine::MemorySecretStore", "no secret is stored"),
            404};
    return *it;
}

Status MemorySecretStore::write(const QString& key, const QString& value)
{
    if (key.isEmpty())
        return Error{
            QStringLiteral("key"),
            QCoreApplication::translate("engine::MemorySecretStore", "a secret needs a key"), 400};
    m_values.insert(key, value);
    return success();
}

Status MemorySecretStore::remove(const QString& key)
{
    m_values.remove(key);
    return success();
}

QString MemorySecretStore::name() const
{
    return QCoreApplication::translate("engine::MemorySecretStore", "memory");
}

} // namespace engine
