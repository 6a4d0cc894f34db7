#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/connections/SecretStore.h"

namespace engine {

// Secrets from app settings: the environment, then local.settings.json
// Values (the CLI's way, as in Logic Apps Standard). Read-only: we never write
// a password into a file.
class EnvironmentSecretStore : public SecretStore
{
public:
    explicit EnvironmentSecretStore(AppSettings settings = AppSettings());
    Result<QString> read(const QString& key) const override;
    Status write(const QString& key, const QString& value) override;
    Status remove(const QString& key) override;
    QString name() const override;

private:
    AppSettings m_settings;
};

} // namespace engine
