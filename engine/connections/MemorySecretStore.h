#pragma once

#include "engine/connections/SecretStore.h"

#include <QHash>

namespace engine {

// Secrets held in memory only, for tests and one-off runs.
class MemorySecretStore : public SecretStore
{
public:
    Result<QString> read(const QString& key) const override;
    Status write(const QString& key, const QString& value) override;
    Status remove(const QString& key) override;
    QString name() const override;

private:
    QHash<QString, QString> m_values;
};

} // namespace engine
