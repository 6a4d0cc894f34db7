#pragma once

#include "engine/core/Result.h"

#include <QString>

namespace engine {

// Where passwords and tokens live, by key (the app-setting name a connection
// refers to with @appsetting('KEY')). Never a workflow file, connections.json
// or a log: the stores below keep them in the OS keychain, the process
// environment / local.settings.json, or memory.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The secret; a 404 error when there is none.
    virtual Result<QString> read(const QString& key) const = 0;
    virtual Status write(const QString& key, const QString& value) = 0;
    virtual Status remove(const QString& key) = 0;
    // A short name for messages ("OS keychain").
    virtual QString name() const = 0;
};

} // namespace engine
