#include "engine/expressions/NumberFormat.h"

#include <QList>
#include <QRegularExpression>
#include <cmath>
#include <limits>

namespace engine {
namespace {

Error formatError(const QString& message)
{
    return Error{QStringLiteral("format"), message, 400};
}

// Digits of |value| rounded to `decimals` places, as "123" and "45"; an
// integer part of "0" comes back empty so that '#' shows nothing for it.
std::pair<QString, QString> fixedDigits(double absValue, int decimals)
{
    const QString text = QString::number(absValue, 'f', decimals);
    const qsizetype point = text.indexOf(QLatin1Char('.'));
    QString whole = point < 0 ? text : text.left(point);
    const QString fraction = point < 0 ? QString() : text.mid(point + 1);
    if (whole == QLatin1String("0"))
        whole.clear();
    return {whole, fraction};
}

QString grouped(const QString& digits, const QString& separator)
{
    QString out;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        out += digits.at(i);
        const qsizetype left = digits.size() - 1 - i;
        if (left > 0 && left % 3 == 0)
            out += separator;
    }
    return out;
}

bool allZero(const QString& digits)
{
    for (QChar c : digits) {
        if (c != QLatin1Char('0'))
            return false;
    }
    return true;
}

// Splits a custom format into its ';' sections, leaving quoted and escaped ones alone.
QStringList sections(const QString& format)
{
    QStringList out{QString()};
    QChar quote;
    for (qsizetype i = 0; i < format.size(); ++i) {
        const QChar c = format.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\\') && i + 1 < format.size()) {
            out.last() += c;
            out.last() += format.at(++i);
            continue;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char(';')) {
            out.append(QString());
            continue;
        }
        out.last() += c;
    }
    return out;
}

struct Token
{
    enum Kind
    {
        Zero,
        Hash,
        Point,
        Group,
        Percent,
        PerMille,
        Exponent,
        Literal
    } kind;
    QString text;       // Literal: the text; Exponent: "E" or "e"
    bool plus = false;  // Exponent: always show the sign
    int expDigits = 0;  // Exponent: at least this many digits
    bool scale = false; // Group: divides by 1000 instead of grouping
};

struct Section
{
    QList<Token> tokens;
    int intPlaceholders = 0;
    int firstIntZero = -1; // index among the integer placeholders
    int fracPlaceholders = 0;
    int lastFracZero = -1;
    bool grouping = false;
    int scales = 0;
    int percents = 0;
    int perMilles = 0;
    bool exponent = false;
    bool hasPoint = false;
};

Section analyse(const QString& text)
{
    Section s;
    bool afterPoint = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\')) {
            if (i + 1 < text.size())
                s.tokens.append(Token{Token::Literal, QString(text.at(++i))});
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            const qsizetype end = text.indexOf(c, i + 1);
            const qsizetype stop = end < 0 ? text.size() : end;
            s.tokens.append(Token{Token::Literal, text.mid(i + 1, stop - i - 1)});
            i = stop;
        } else if (c == QLatin1Char('0') || c == QLatin1Char('#')) {
            const bool zero = c == QLatin1Char('0');
            if (afterPoint) {
                if (zero)
                    s.lastFracZero = s.fracPlaceholders;
                ++s.fracPlaceholders;
            } else {
                if (zero && s.firstIntZero < 0)
                    s.firstIntZero = s.intPlaceholders;
                ++s.intPlaceholders;
            }
            s.tokens.append(Token{zero ? Token::Zero : Token::Hash, {}});
        } else if (c == QLatin1Char('.')) {
            if (!afterPoint) {
                afterPoint = true;
                s.hasPoint = true;
                s.tokens.append(Token{Token::Point, {}});
            }
        } else if (c == QLatin1Char(',')) {
            if (!afterPoint)
                s.tokens.append(Token{Token::Group, {}});
        } else if (c == QLatin1Char('%')) {
            ++s.percents;
            s.tokens.append(Token{Token::Percent, {}});
        } else if (c == QChar(0x2030)) {
            ++s.perMilles;
            s.tokens.append(Token{Token::PerMille, {}});
        } else if ((c == QLatin1Char('E') || c == QLatin1Char('e')) && !s.exponent) {
            qsizetype j = i + 1;
            bool plus = false;
            if (j < text.size() &&
                (text.at(j) == QLatin1Char('+') || text.at(j) == QLatin1Char('-'))) {
                plus = text.at(j) == QLatin1Char('+');
                ++j;
            }
            int digits = 0;
            while (j + digits < text.size() && text.at(j + digits) == QLatin1Char('0'))
                ++digits;
            if (digits == 0) {
                s.tokens.append(Token{Token::Literal, QString(c)});
                continue;
            }
            Token t{Token::Exponent, QString(c)};
            t.plus = plus;
            t.expDigits = digits;
            s.tokens.append(t);
            s.exponent = true;
            afterPoint = true; // placeholders after the exponent belong to it
            i = j + digits - 1;
        } else {
            s.tokens.append(Token{Token::Literal, QString(c)});
        }
    }
    // A ',' with a digit placeholder after it in the integer part groups;
    // one with none (right before the point or the end) divides by 1000.
    bool digitAfter = false;
    for (qsizetype i = s.tokens.size() - 1; i >= 0; --i) {
        Token& t = s.tokens[i];
        if (t.kind == Token::Point || t.kind == Token::Exponent) {
            digitAfter = false;
        } else if (t.kind == Token::Zero || t.kind == Token::Hash) {
            digitAfter = true;
        } else if (t.kind == Token::Group) {
            bool digitBefore = false;
            for (qsizetype k = 0; k < i && !digitBefore; ++k)
                digitBefore =
                    s.tokens.at(k).kind == Token::Zero || s.tokens.at(k).kind == Token::Hash;
            if (digitAfter && digitBefore)
                s.grouping = true;
            else if (digitBefore) {
                t.scale = true;
                ++s.scales;
            }
        }
    }
    return s;
}

struct Digits
{
    QString whole;
    QString fraction;
    int exponent = 0;
};

Digits digitsFor(const Section& s, double absValue)
{
    Digits d;
    const int decimals = s.fracPlaceholders;
    if (s.exponent) {
        const int mantissaDigits = std::max(1, s.intPlaceholders);
        if (absValue > 0) {
            d.exponent = int(std::floor(std::log10(absValue))) - (mantissaDigits - 1);
            auto [w, f] = fixedDigits(absValue / std::pow(10.0, d.exponent), decimals);
            if (w.size() > mantissaDigits) { // 9.99 rounded up to 10.0
                ++d.exponent;
                std::tie(w, f) = fixedDigits(absValue / std::pow(10.0, d.exponent), decimals);
            }
            d.whole = w;
            d.fraction = f;
        } else {
            d.fraction = QString(decimals, QLatin1Char('0'));
        }
    } else {
        std::tie(d.whole, d.fraction) = fixedDigits(absValue, decimals);
    }
    return d;
}

QString render(const Section& s, const Digits& digits, const QLocale& locale)
{
    QString whole = digits.whole;
    const int minWhole = s.firstIntZero < 0 ? 0 : s.intPlaceholders - s.firstIntZero;
    if (whole.size() < minWhole)
        whole = QString(minWhole - whole.size(), QLatin1Char('0')) + whole;
    QString fraction = digits.fraction;
    while (fraction.size() > s.lastFracZero + 1 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);

    const QString groupSep = locale.groupSeparator();
    const auto wholeDigits = [&](qsizetype from, qsizetype to) { // [from, to]
        QString out;
        for (qsizetype i = std::max<qsizetype>(from, 0); i <= to; ++i) {
            out += whole.at(i);
            const qsizetype left = whole.size() - 1 - i;
            if (s.grouping && left > 0 && left % 3 == 0)
                out += groupSep;
        }
        return out;
    };

    QString out;
    int intIndex = 0;
    int fracIndex = 0;
    bool afterPoint = false;
    bool wholeDone = false;
    for (const Token& t : s.tokens) {
        switch (t.kind) {
        case Token::Zero:
        case Token::Hash:
            if (afterPoint) {
                if (fracIndex < fraction.size())
                    out += fraction.at(fracIndex);
                ++fracIndex;
            } else {
                const qsizetype at = whole.size() - s.intPlaceholders + intIndex;
                if (intIndex == 0)
                    out += wholeDigits(0, at);
                else if (at >= 0)
                    out += wholeDigits(at, at);
                ++intIndex;
                wholeDone = true;
            }
            break;
        case Token::Point:
            if (!wholeDone) {
                out += wholeDigits(0, whole.size() - 1);
                wholeDone = true;
            }
            afterPoint = true;
            if (!fraction.isEmpty())
                out += locale.decimalPoint();
            break;
        case Token::Group:
            break;
        case Token::Percent:
            out += locale.percent();
            break;
        case Token::PerMille:
            out += QChar(0x2030);
            break;
        case Token::Exponent: {
            afterPoint = true;
            out += t.text;
            if (digits.exponent < 0)
                out += locale.negativeSign();
            else if (t.plus)
                out += locale.positiveSign();
            const QString e = QString::number(std::abs(digits.exponent));
            out += QString(std::max<qsizetype>(0, t.expDigits - e.size()), QLatin1Char('0')) + e;
            break;
        }
        case Token::Literal:
            out += t.text;
            break;
        }
    }
    return out;
}

} // namespace

Result<QLocale> NumberFormat::locale(const QString& name)
{
    if (name.isEmpty())
        return QLocale(QLocale::English, QLocale::UnitedStates);
    QString qtName = name;
    qtName.replace(QLatin1Char('-'), QLatin1Char('_'));
    const QLocale l(qtName);
    if (l.language() == QLocale::C && name.compare(QLatin1String("c"), Qt::CaseInsensitive) != 0)
        return Error{QStringLiteral("locale"),
                     tr("'%1' is not a known locale (use a name such as en-US or de-DE)").arg(name),
                     400};
    return l;
}

Result<QString> NumberFormat::format(double value, bool isInteger, const QString& format,
                                     const QLocale& locale)
{
    static const QRegularExpression standardSpec(QStringLiteral("^([A-Za-z])(\\d{0,2})$"));
    if (format.isEmpty())
        return standard(value, isInteger, QLatin1Char('G'), -1, locale);
    const auto m = standardSpec.match(format);
    if (m.hasMatch())
        return standard(value, isInteger, m.captured(1).at(0),
                        m.captured(2).isEmpty() ? -1 : m.captured(2).toInt(), locale);
    return custom(value, format, locale);
}

Result<QString> NumberFormat::standard(double value, bool isInteger, QChar specifier, int precision,
                                       const QLocale& locale)
{
    const bool negative = value < 0;
    const double absValue = std::fabs(value);
    const auto sign = [&](const QString& digits) {
        return (negative &&
                !allZero(QString(digits).remove(QRegularExpression(QStringLiteral("\\D")))))
                   ? locale.negativeSign() + digits
                   : digits;
    };
    const auto fixed = [&](double v, int decimals, bool group) {
        auto [whole, fraction] = fixedDigits(v, decimals);
        if (whole.isEmpty())
            whole = QStringLiteral("0");
        QString out = group ? grouped(whole, locale.groupSeparator()) : whole;
        if (!fraction.isEmpty())
            out += locale.decimalPoint() + fraction;
        return out;
    };
    switch (specifier.toUpper().unicode()) {
    case 'C': {
        const int decimals = precision < 0 ? 2 : precision;
        // Rounds first so that a value that rounds to zero shows no sign.
        const double rounded = QString::number(value, 'f', decimals).toDouble();
        return locale.toCurrencyString(rounded == 0 ? 0.0 : rounded, locale.currencySymbol(),
                                       decimals);
    }
    case 'D': {
        if (!isInteger || absValue > 9e18)
            return formatError(tr("the format D is for whole numbers only"));
        QString digits = QString::number(qint64(absValue));
        if (precision > digits.size())
            digits = QString(precision - digits.size(), QLatin1Char('0')) + digits;
        return negative ? locale.negativeSign() + digits : digits;
    }
    case 'E': {
        const int decimals = precision < 0 ? 6 : precision;
        const QString text = QString::number(absValue, 'e', decimals); // "1.234568e+03"
        const qsizetype e = text.indexOf(QLatin1Char('e'));
        QString mantissa = text.left(e);
        mantissa.replace(QLatin1Char('.'), locale.decimalPoint());
        const int exponent = text.mid(e + 1).toInt();
        const QString expDigits =
            QString::number(std::abs(exponent)).rightJustified(3, QLatin1Char('0'));
        return sign(mantissa + specifier +
                    (exponent < 0 ? locale.negativeSign() : locale.positiveSign()) + expDigits);
    }
    case 'F':
        return sign(fixed(absValue, precision < 0 ? 2 : precision, false));
    case 'N':
        return sign(fixed(absValue, precision < 0 ? 2 : precision, true));
    case 'P': {
        QString text = fixed(absValue * 100, precision < 0 ? 2 : precision, true);
        // en-US writes 12.50%; most other languages put a no-break space before the sign.
        text += (locale.language() == QLocale::English ? QString() : QString(QChar(0x00A0))) +
                locale.percent();
        return sign(text);
    }
    case 'G':
    case 'R': {
        QString text = QString::number(absValue, 'g',
                                       precision <= 0 ? QLocale::FloatingPointShortest : precision);
        text.replace(QLatin1Char('e'),
                     specifier.isUpper() ? QStringLiteral("E") : QStringLiteral("e"));
        text.replace(QLatin1Char('.'), locale.decimalPoint());
        return sign(text);
    }
    case 'X': {
        if (!isInteger || std::fabs(value) > 9e18)
            return formatError(tr("the format X is for whole numbers only"));
        const qint64 n = qint64(value);
        // Negative numbers in two's complement, as .NET writes an Int32 or Int64.
        const quint64 bits = (n < 0 && n >= std::numeric_limits<qint32>::min())
                                 ? quint64(quint32(qint32(n)))
                                 : quint64(n);
        QString digits = QString::number(bits, 16);
        if (specifier.isUpper())
            digits = digits.toUpper();
        if (precision > digits.size())
            digits = QString(precision - digits.size(), QLatin1Char('0')) + digits;
        return digits;
    }
    default:
        return formatError(tr("'%1' is not a number format; use C, D, E, F, G, N, P, R or X, or a "
                              "custom format such as 0.00 or #,##0")
                               .arg(specifier));
    }
}

Result<QString> NumberFormat::custom(double value, const QString& format, const QLocale& locale)
{
    const QStringList parts = sections(format);
    if (parts.size() > 3)
        return formatError(tr("a number format has at most three sections separated by ';'"));
    const bool negative = value < 0;
    const double absValue = std::fabs(value);

    // The negative section, when there is one (and not empty), carries its own sign.
    const bool ownNegative = negative && parts.size() > 1 && !parts.at(1).isEmpty();
    const Section section = analyse(ownNegative ? parts.at(1) : parts.first());
    const double scaled = absValue * std::pow(100.0, section.percents) *
                          std::pow(1000.0, section.perMilles) / std::pow(1000.0, section.scales);
    const Digits digits = digitsFor(section, scaled);
    const bool zero = allZero(digits.whole) && allZero(digits.fraction);
    if (zero && parts.size() > 2 && !parts.at(2).isEmpty()) {
        const Section zeroSection = analyse(parts.at(2));
        return render(zeroSection, digitsFor(zeroSection, 0.0), locale);
    }
    QString out = render(section, digits, locale);
    if (negative && !ownNegative && !zero)
        out = locale.negativeSign() + out;
    return out;
}

} // namespace engine
