#pragma once

#include "engine/core/Result.h"

#include <QJsonValue>
#include <QString>

namespace engine {

struct StepOutcome;

// A step's retryPolicy as Logic Apps defines it: `default` (exponential, up to
// 4 retries, interval 7.5 s, each wait between 5 and 45 s), `none`, `fixed`
// (count, interval) and `exponential` (count, interval, minimumInterval,
// maximumInterval), intervals in ISO 8601. Only transient failures are retried
// (connect errors, timeouts, 4xx SMTP replies, 421) — never invalid input or a
// permanent (5xx) refusal.
class RetryPolicy
{
public:
    enum class Type
    {
        None,
        Fixed,
        Exponential
    };

    // What applies when a step has no retryPolicy.
    static RetryPolicy defaultPolicy();
    static RetryPolicy none();
    // From the step's `retryPolicy` object (undefined or null → default). Errors
    // name the field ("retryPolicy.interval") and what is wrong.
    static Result<RetryPolicy> fromJson(const QJsonValue& json);

    Type type() const { return m_type; }
    int count() const { return m_count; }
    qint64 intervalMs() const { return m_intervalMs; }
    qint64 minimumIntervalMs() const { return m_minimumMs; }
    qint64 maximumIntervalMs() const { return m_maximumMs; }

    // The wait before retry number `retry` (1-based). Exponential waits are
    // drawn from the range Logic Apps documents for that retry,
    // [max(interval·2^(n-2), minimum), min(interval·2^(n-1), maximum)] (the
    // first retry starts at the minimum); `unit` in [0, 1] picks the point in
    // that range, so the caller injects the randomness.
    qint64 delayMs(int retry, double unit) const;
    // Whether a step that ended with `outcome` after `retriesDone` retries is
    // tried again.
    bool shouldRetry(const StepOutcome& outcome, int retriesDone) const;

private:
    Type m_type = Type::None;
    int m_count = 0;
    qint64 m_intervalMs = 0;
    qint64 m_minimumMs = 0;
    qint64 m_maximumMs = 0;
};

} // namespace engine
