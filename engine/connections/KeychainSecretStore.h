#pragma once

#include "engine/connections/SecretStore.h"

namespace engine {

// Secrets in the operating system's keychain (Secret Service, macOS
// Keychain, Windows Credential Manager) through QtKeychain. QtKeychain's jobs
// are asynchronous; each call here runs its job to the end in a local event
// loop, so callers get a plain result. Errors say when no keychain is
// available, rather than failing silently.
class KeychainSecretStore : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("Logic Designer"));
    Result<QString> read(const QString& key) const override;
    Status write(const QString& key, const QString& value) override;
    Status remove(const QString& key) override;
    QString name() const override;

private:
    QString m_service;
};

} // namespace engine
