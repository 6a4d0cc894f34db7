#pragma once

#include "engine/core/Result.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace engine {

// Numbers as formatNumber() writes them: .NET numeric format strings, both
// the standard ones ("C2", "N0", "F3", "P1", "D5", "E2", "G", "X", "R") and
// custom ones ("0.00", "#,##0.00", "0.0%", "#,##0,,", "0.00E+00",
// "positive;negative;zero" sections, quoted and escaped literals), with the
// separators and currency of a locale ("en-US" when none is given).
class NumberFormat
{
    Q_DECLARE_TR_FUNCTIONS(NumberFormat)

public:
    // `isInteger`: the value is a whole number of the language (D and X accept only those).
    // Errors name what is wrong with the format; field "format".
    static Result<QString> format(double value, bool isInteger, const QString& format,
                                  const QLocale& locale);

    // "en-US", "de-de", "is-IS", "fr" -> the locale; an error when no such locale is known.
    static Result<QLocale> locale(const QString& name);

private:
    static Result<QString> standard(double value, bool isInteger, QChar specifier, int precision,
                                    const QLocale& locale);
    static Result<QString> custom(double value, const QString& format, const QLocale& locale);
};

} // namespace engine
