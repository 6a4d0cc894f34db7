#pragma once

#include "engine/core/Result.h"

#include <QString>

namespace engine {

// ISO 8601 durations as WDL writes them in retryPolicy, limit.timeout and
// Until limits ("PT7.5S", "PT1H", "P1D", "P1W"). A month counts 30 days and a
// year 365, as a duration has no calendar to fall back on.
class IsoDuration
{
public:
    // Milliseconds, or an Error naming `field` and what is wrong with the text.
    static Result<qint64> parseMs(const QString& text, const QString& field);
    // "PT1M30S", for messages and for writing durations back.
    static QString format(qint64 ms);
};

} // namespace engine
