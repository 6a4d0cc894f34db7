#pragma once

#include "engine/connections/AppSettings.h"
#include "engine/core/Clock.h"
#include "engine/core/Result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <functional>

namespace engine {

class Catalogue;
class SecretStore;
class TimerSource;

// What an Executor needs from the program around it. Everything is used from
// the executor's thread; whatever is shared with other threads (catalogue,
// clock, resolver) must be safe to read from there.
struct RunEnvironment
{
    const Catalogue* catalogue = nullptr;
    const Clock* clock = &Clock::system();
    // Waiting (retries, timeouts). Null: a QtTimerSource in the executor's thread.
    TimerSource* timers = nullptr;
    SecretStore* secrets = nullptr;
    // The connection a step uses (connections.json entry with secrets
    // resolved), given the step's JSON; an empty object when the step uses
    // none, an Error naming the connection when it cannot be resolved.
    std::function<Result<QJsonObject>(const QJsonObject& step)> connectionFor;
    // What appsetting() reads: the environment, then local.settings.json Values.
    AppSettings appSettings;
    // A whole run's limit; 0: none.
    qint64 runTimeoutMs = 0;
    // Where in a retry's allowed range its wait falls, in [0, 1]. Null: random.
    std::function<double()> retryJitter;
};

} // namespace engine
