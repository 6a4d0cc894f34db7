#include "engine/runtime/RetryPolicy.h"

#include "engine/catalogue/Job.h"
#include "engine/runtime/IsoDuration.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace engine {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::RetryPolicy", text);
}

constexpr int kMaxCount = 90;               // Logic Apps' limit on retries
constexpr qint64 kMinIntervalMs = 5000;     // PT5S
constexpr qint64 kMaxIntervalMs = 86400000; // P1D

Result<qint64> interval(const QJsonObject& o, const QString& key, bool required, qint64 fallback)
{
    const QString field = QStringLiteral("retryPolicy.") + key;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return Result<qint64>::failure(field, tr("is required for this retry policy type"));
        return fallback;
    }
    if (!v.isString())
        return Result<qint64>::failure(field, tr("must be an ISO 8601 duration such as PT10S"));
    Result<qint64> ms = IsoDuration::parseMs(v.toString(), field);
    if (!ms)
        return ms;
    if (*ms < kMinIntervalMs || *ms > kMaxIntervalMs)
        return Result<qint64>::failure(
            field, tr("\"%1\" is outside the allowed range PT5S to P1D").arg(v.toString()));
    return ms;
}

} // namespace

RetryPolicy RetryPolicy::defaultPolicy()
{
    RetryPolicy p;
    p.m_type = Type::Exponential;
    p.m_count = 4;
    p.m_intervalMs = 7500;
    p.m_minimumMs = 5000;
    p.m_maximumMs = 45000;
    return p;
}

RetryPolicy RetryPolicy::none()
{
    return RetryPolicy();
}

Result<RetryPolicy> RetryPolicy::fromJson(const QJsonValue& json)
{
    if (json.isUndefined() || json.isNull())
        return defaultPolicy();
    if (!json.isObject())
        return Result<RetryPolicy>::failure(QStringLiteral("retryPolicy"),
                                            tr("must be an object with a \"type\""));
    const QJsonObject o = json.toObject();
    const QString type = o.value(QStringLiteral("type")).toString().trimmed().toLower();
    if (type == QLatin1String("default") || (type.isEmpty() && o.isEmpty()))
        return defaultPolicy();
    if (type == QLatin1String("none"))
        return none();
    if (type != QLatin1String("fixed") && type != QLatin1String("exponential"))
        return Result<RetryPolicy>::failure(
            QStringLiteral("retryPolicy.type"),
            tr("\"%1\" is not a retry policy type; use default, none, fixed or exponential")
                .arg(o.value(QStringLiteral("type")).toVariant().toString()));

    RetryPolicy p;
    p.m_type = type == QLatin1String("fixed") ? Type::Fixed : Type::Exponential;
    const QJsonValue count = o.value(QStringLiteral("count"));
    if (count.isUndefined() || count.isNull())
        return Result<RetryPolicy>::failure(QStringLiteral("retryPolicy.count"),
                                            tr("is required for this retry policy type"));
    const double c = count.isString() ? count.toString().toDouble() : count.toDouble(-1);
    if (c != std::floor(c) || c < 1 || c > kMaxCount)
        return Result<RetryPolicy>::failure(QStringLiteral("retryPolicy.count"),
                                            tr("must be a whole number from 1 to 90"));
    p.m_count = static_cast<int>(c);

    Result<qint64> iv = interval(o, QStringLiteral("interval"), true, 0);
    if (!iv)
        return iv.error();
    p.m_intervalMs = *iv;
    if (p.m_type == Type::Exponential) {
        Result<qint64> mn = interval(o, QStringLiteral("minimumInterval"), false, kMinIntervalMs);
        if (!mn)
            return mn.error();
        Result<qint64> mx = interval(o, QStringLiteral("maximumInterval"), false, kMaxIntervalMs);
        if (!mx)
            return mx.error();
        if (*mn > *mx)
            return Result<RetryPolicy>::failure(QStringLiteral("retryPolicy.minimumInterval"),
                                                tr("is longer than maximumInterval"));
        p.m_minimumMs = *mn;
        p.m_maximumMs = *mx;
    } else {
        p.m_minimumMs = p.m_maximumMs = p.m_intervalMs;
    }
    return p;
}

qint64 RetryPolicy::delayMs(int retry, double unit) const
{
    if (m_type == Type::None || retry < 1)
        return 0;
    if (m_type == Type::Fixed)
        return m_intervalMs;
    unit = std::clamp(unit, 0.0, 1.0);
    // Retry n waits between interval·2^(n-2) and interval·2^(n-1), clamped to
    // [minimum, maximum]; retry 1 between the minimum and one interval.
    const int exp = std::min(retry - 1, 40);
    const double high = std::min(std::ldexp(double(m_intervalMs), exp), double(m_maximumMs));
    const double lowRaw = retry == 1 ? 0.0 : std::ldexp(double(m_intervalMs), exp - 1);
    const double low = std::min(std::max(lowRaw, double(m_minimumMs)), double(m_maximumMs));
    const double top = std::max(high, low);
    return static_cast<qint64>(std::llround(low + (top - low) * unit));
}

bool RetryPolicy::shouldRetry(const StepOutcome& outcome, int retriesDone) const
{
    if (m_type == Type::None || retriesDone >= m_count)
        return false;
    if (outcome.status == StepOutcome::Status::Succeeded ||
        outcome.status == StepOutcome::Status::Cancelled)
        return false;
    // Invalid input and permanent refusals never get better by trying again.
    if (!outcome.transient || outcome.code == 400)
        return false;
    return true;
}

} // namespace engine
