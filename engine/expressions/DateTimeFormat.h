#pragma once

#include "engine/core/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
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

    // Text written in a .NET custom format ("dd/MM/yyyy HH:mm", "d MMMM yyyy",
    // "yyyyMMddTHHmmssK"; "o", "s" and "u" too), month and day names in
    // `locale`'s language. nullopt when the text does not fit the format; an
    // error when the format itself is wrong.
    static Result<std::optional<Timestamp>> parseExact(const QString& text, const QString& format,
                                                       const QLocale& locale);
    // parse(), then the dates and times `locale` writes ("20/10/2014" in
    // fr-FR, "20.10.2014 13:45" in de-DE, "20 octobre 2014").
    static std::optional<Timestamp> parseLocale(const QString& text, const QLocale& locale);

    // A standard (one letter) or custom .NET format; an error explains an
    // invalid format.
    static Result<QString> format(const Timestamp& time, const QString& format);

    // Years .NET can represent.
    static bool inRange(const QDateTime& utc);
};

} // namespace engine
