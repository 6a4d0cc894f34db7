#pragma once

#include "engine/core/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>

namespace engine {

// Timestamps as the expression language reads and writes them: ISO 8601 in,
// .NET date and time format strings out ("o", "yyyy-MM-dd", "dddd", ...),
// with the en-US names Logic Apps uses. Values are kept in UTC; a timestamp
// read without a zone keeps printing without one, as .NET does for
// DateTimeKind.Unspecified.
class DateTimeFormat
{
    Q_DECLARE_TR_FUNCTIONS(DateTimeFormat)

public:
    struct Timestamp
    {
        QDateTime utc;     // millisecond precision
        int subMillis = 0; // 100 ns ticks below the millisecond, 0..9999
        bool hasZone = true;
    };

    // ISO 8601 ("2026-01-05", "2026-01-05T09:00:00.1234567Z", "...+02:00"),
    // US dates ("03/15/2018 13:00:00") and RFC 1123 ("Mon, 05 Jan 2026 09:00:00 GMT").
    static std::optional<Timestamp> parse(const QString& text);

    // A standard (one letter) or custom .NET format; an error explains an
    // invalid format.
    static Result<QString> format(const Timestamp& time, const QString& format);

    // Years .NET can represent.
    static bool inRange(const QDateTime& utc);
};

} // namespace engine
