#include "engine/expressions/DateTimeFormat.h"

#include <QRegularExpression>
#include <array>

namespace engine {
namespace {

const std::array<const char*, 12> MonthNames = {"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};
const std::array<const char*, 7> DayNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

// A small cursor over the text being parsed.
class Scanner
{
public:
    explicit Scanner(const QString& text) : m_text(text) {}
    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar current() const { return atEnd() ? QChar() : m_text.at(m_pos); }
    bool take(QChar c)
    {
        if (current() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Exactly `min`..`max` digits.
    bool digits(int min, int max, int* value, int* count = nullptr)
    {
        int n = 0;
        int v = 0;
        while (n < max && !atEnd() && current().isDigit() && current().unicode() < 128) {
            v = v * 10 + (current().unicode() - '0');
            ++m_pos;
            ++n;
        }
        if (count)
            *count = n;
        *value = v;
        return n >= min;
    }
    void skipDigits()
    {
        while (!atEnd() && current().unicode() >= '0' && current().unicode() <= '9')
            ++m_pos;
    }
    void skipSpace()
    {
        while (!atEnd() && current().isSpace())
            ++m_pos;
    }
    QString rest() const { return m_text.mid(m_pos); }

private:
    const QString& m_text;
    int m_pos = 0;
};

std::optional<DateTimeFormat::Timestamp> build(int year, int month, int day, int hour, int minute,
                                               int second, int ticks, bool hasZone,
                                               int offsetSeconds)
{
    const QDate date(year, month, day);
    if (year < 1 || !date.isValid())
        return std::nullopt;
    if (hour == 24 && minute == 0 && second == 0 && ticks == 0)
        return std::nullopt;
    const QTime time(hour, minute, second, ticks / 10000);
    if (!time.isValid())
        return std::nullopt;
    DateTimeFormat::Timestamp t;
    t.utc = QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
    t.subMillis = ticks % 10000;
    t.hasZone = hasZone;
    if (!DateTimeFormat::inRange(t.utc))
        return std::nullopt;
    return t;
}

std::optional<DateTimeFormat::Timestamp> parseIso(const QString& text)
{
    Scanner s(text);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ticks = 0;
    if (!s.digits(4, 4, &year) || !s.take(QLatin1Char('-')) || !s.digits(2, 2, &month) ||
        !s.take(QLatin1Char('-')) || !s.digits(2, 2, &day))
        return std::nullopt;
    bool hasZone = false;
    int offset = 0;
    if (s.take(QLatin1Char('T')) || s.take(QLatin1Char('t')) || s.take(QLatin1Char(' '))) {
        if (!s.digits(2, 2, &hour) || !s.take(QLatin1Char(':')) || !s.digits(2, 2, &minute))
            return std::nullopt;
        if (s.take(QLatin1Char(':'))) {
            if (!s.digits(2, 2, &second))
                return std::nullopt;
            if (s.take(QLatin1Char('.')) || s.take(QLatin1Char(','))) {
                int count = 0;
                if (!s.digits(1, 7, &ticks, &count))
                    return std::nullopt;
                for (int i = count; i < 7; ++i)
                    ticks *= 10;
                s.skipDigits(); // precision beyond 100 ns is dropped, as .NET does
            }
        }
    }
    s.skipSpace();
    if (s.take(QLatin1Char('Z')) || s.take(QLatin1Char('z'))) {
        hasZone = true;
    } else if (s.current() == QLatin1Char('+') || s.current() == QLatin1Char('-')) {
        const int sign = s.current() == QLatin1Char('-') ? -1 : 1;
        s.take(s.current());
        int oh = 0, om = 0;
        if (!s.digits(2, 2, &oh))
            return std::nullopt;
        s.take(QLatin1Char(':'));
        if (!s.atEnd() && !s.digits(2, 2, &om))
            return std::nullopt;
        if (oh > 14 || om > 59)
            return std::nullopt;
        hasZone = true;
        offset = sign * (oh * 3600 + om * 60);
    }
    if (!s.atEnd())
        return std::nullopt;
    return build(year, month, day, hour, minute, second, ticks, hasZone, offset);
}

std::optional<DateTimeFormat::Timestamp> parseUs(const QString& text)
{
    Scanner s(text);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!s.digits(1, 2, &month) || !s.take(QLatin1Char('/')) || !s.digits(1, 2, &day) ||
        !s.take(QLatin1Char('/')) || !s.digits(4, 4, &year))
        return std::nullopt;
    s.skipSpace();
    if (!s.atEnd()) {
        if (!s.digits(1, 2, &hour) || !s.take(QLatin1Char(':')) || !s.digits(2, 2, &minute))
            return std::nullopt;
        if (s.take(QLatin1Char(':')) && !s.digits(2, 2, &second))
            return std::nullopt;
        s.skipSpace();
        const QString suffix = s.rest().toUpper();
        if (suffix == QLatin1String("AM") || suffix == QLatin1String("PM")) {
            if (hour < 1 || hour > 12)
                return std::nullopt;
            hour = hour % 12 + (suffix == QLatin1String("PM") ? 12 : 0);
        } else if (!suffix.isEmpty()) {
            return std::nullopt;
        }
    }
    return build(year, month, day, hour, minute, second, 0, false, 0);
}

QString pad(qint64 value, int width)
{
    return QStringLiteral("%1").arg(value, width, 10, QLatin1Char('0'));
}

int runLength(const QString& f, int i)
{
    int n = 1;
    while (i + n < f.size() && f.at(i + n) == f.at(i))
        ++n;
    return n;
}

// The en-US expansions of the one-letter standard formats.
QString standardPattern(QChar c, bool hasZone)
{
    switch (c.unicode()) {
    case 'd':
        return QStringLiteral("M/d/yyyy");
    case 'D':
        return QStringLiteral("dddd, MMMM d, yyyy");
    case 'f':
        return QStringLiteral("dddd, MMMM d, yyyy h:mm tt");
    case 'F':
        return QStringLiteral("dddd, MMMM d, yyyy h:mm:ss tt");
    case 'g':
        return QStringLiteral("M/d/yyyy h:mm tt");
    case 'G':
        return QStringLiteral("M/d/yyyy h:mm:ss tt");
    case 'm':
    case 'M':
        return QStringLiteral("MMMM d");
    case 'o':
    case 'O':
        return hasZone ? QStringLiteral("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'")
                       : QStringLiteral("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff");
    case 'r':
    case 'R':
        return QStringLiteral("ddd, dd MMM yyyy HH':'mm':'ss 'GMT'");
    case 's':
        return QStringLiteral("yyyy'-'MM'-'dd'T'HH':'mm':'ss");
    case 't':
        return QStringLiteral("h:mm tt");
    case 'T':
        return QStringLiteral("h:mm:ss tt");
    case 'u':
        return QStringLiteral("yyyy'-'MM'-'dd HH':'mm':'ss'Z'");
    case 'U':
        return QStringLiteral("dddd, MMMM d, yyyy h:mm:ss tt");
    case 'y':
    case 'Y':
        return QStringLiteral("MMMM yyyy");
    default:
        return QString();
    }
}

} // namespace

bool DateTimeFormat::inRange(const QDateTime& utc)
{
    if (!utc.isValid())
        return false;
    const int year = utc.date().year();
    return year >= 1 && year <= 9999;
}

std::optional<DateTimeFormat::Timestamp> DateTimeFormat::parse(const QString& input)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    if (auto t = parseIso(text))
        return t;
    if (auto t = parseUs(text))
        return t;
    const QDateTime rfc = QDateTime::fromString(text, Qt::RFC2822Date);
    if (rfc.isValid() && inRange(rfc.toUTC()))
        return Timestamp{rfc.toUTC(), 0, true};
    return std::nullopt;
}

namespace {

// Matches one of `names` (longest first, case-insensitive) at the scanner's
// place in `text`; returns its 1-based number.
int takeName(const QString& text, int* pos, const QStringList& names)
{
    int best = 0;
    qsizetype bestLength = 0;
    for (int i = 0; i < names.size(); ++i) {
        const QString& n = names.at(i);
        if (n.size() > bestLength &&
            text.mid(*pos, n.size()).compare(n, Qt::CaseInsensitive) == 0) {
            best = i + 1;
            bestLength = n.size();
        }
    }
    *pos += int(bestLength);
    return best;
}

// Reads 1..max digits (exactly `exact` when given) at *pos.
bool takeNumber(const QString& text, int* pos, int minDigits, int maxDigits, int* value,
                int* count = nullptr)
{
    int n = 0;
    int v = 0;
    while (n < maxDigits && *pos < text.size() && text.at(*pos).unicode() >= '0' &&
           text.at(*pos).unicode() <= '9') {
        v = v * 10 + (text.at(*pos).unicode() - '0');
        ++*pos;
        ++n;
    }
    if (count)
        *count = n;
    *value = v;
    return n >= minDigits;
}

} // namespace

Result<std::optional<DateTimeFormat::Timestamp>>
DateTimeFormat::parseExact(const QString& text, const QString& formatText, const QLocale& locale)
{
    using Out = Result<std::optional<Timestamp>>;
    if (formatText.size() == 1) {
        // Standard round-trip and sortable formats are ISO 8601; others depend on a culture.
        const QChar c = formatText.at(0);
        if (c == QLatin1Char('o') || c == QLatin1Char('O') || c == QLatin1Char('s') ||
            c == QLatin1Char('u'))
            return Out(parse(text));
        return Error{QStringLiteral("format"),
                     tr("'%1' is not a format to read dates with; use o, s, u or a custom format "
                        "such as dd/MM/yyyy HH:mm")
                         .arg(formatText),
                     400};
    }
    QStringList months, shortMonths, days, shortDays;
    for (int i = 1; i <= 12; ++i) {
        months.append(locale.monthName(i, QLocale::LongFormat));
        shortMonths.append(locale.monthName(i, QLocale::ShortFormat));
    }
    for (int i = 1; i <= 7; ++i) {
        days.append(locale.dayName(i, QLocale::LongFormat));
        shortDays.append(locale.dayName(i, QLocale::ShortFormat));
    }
    int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, ticks = 0;
    int pm = -1; // -1: no AM/PM designator
    bool twelveHour = false;
    bool hasZone = false;
    int offset = 0;
    int pos = 0;
    const QString& f = formatText;
    const auto fail = [] { return Out(std::optional<Timestamp>()); };
    for (int i = 0; i < f.size();) {
        const QChar c = f.at(i);
        int run = 1;
        while (i + run < f.size() && f.at(i + run) == c)
            ++run;
        const int minDigits = run == 1 ? 1 : 2;
        switch (c.unicode()) {
        case 'd':
            if (run <= 2) {
                if (!takeNumber(text, &pos, minDigits, 2, &day))
                    return fail();
            } else if (!takeName(text, &pos, run == 3 ? shortDays : days)) {
                return fail();
            }
            break;
        case 'M':
            if (run <= 2) {
                if (!takeNumber(text, &pos, minDigits, 2, &month))
                    return fail();
            } else if (!(month = takeName(text, &pos, run == 3 ? shortMonths : months))) {
                return fail();
            }
            break;
        case 'y': {
            int count = 0;
            if (!takeNumber(text, &pos, run <= 2 ? 1 : run, run <= 2 ? 2 : 4, &year, &count))
                return fail();
            if (run <= 2) // .NET's two-digit year window: 00-29 -> 20xx, 30-99 -> 19xx
                year += year < 30 ? 2000 : 1900;
            break;
        }
        case 'H':
        case 'h':
            if (!takeNumber(text, &pos, minDigits, 2, &hour))
                return fail();
            twelveHour = c == QLatin1Char('h');
            break;
        case 'm':
            if (!takeNumber(text, &pos, minDigits, 2, &minute))
                return fail();
            break;
        case 's':
            if (!takeNumber(text, &pos, minDigits, 2, &second))
                return fail();
            break;
        case 'f':
        case 'F': {
            if (run > 7)
                return Error{QStringLiteral("format"), tr("at most 7 digits of a second (fffffff)"),
                             400};
            int count = 0;
            if (!takeNumber(text, &pos, c == QLatin1Char('f') ? run : 0, run, &ticks, &count))
                return fail();
            for (int k = count; k < 7; ++k)
                ticks *= 10;
            break;
        }
        case 't': {
            const QString am = locale.amText().isEmpty() ? QStringLiteral("AM") : locale.amText();
            const QString pmText =
                locale.pmText().isEmpty() ? QStringLiteral("PM") : locale.pmText();
            const int which = takeName(
                text, &pos, {run == 1 ? am.left(1) : am, run == 1 ? pmText.left(1) : pmText});
            if (!which)
                return fail();
            pm = which == 2 ? 1 : 0;
            break;
        }
        case 'K':
        case 'z': {
            if (pos < text.size() && (text.at(pos) == QLatin1Char('Z'))) {
                ++pos;
                hasZone = true;
                break;
            }
            if (pos >= text.size() ||
                (text.at(pos) != QLatin1Char('+') && text.at(pos) != QLatin1Char('-'))) {
                if (c == QLatin1Char('K'))
                    break; // K allows no zone at all
                return fail();
            }
            const int sign = text.at(pos) == QLatin1Char('-') ? -1 : 1;
            ++pos;
            int oh = 0, om = 0;
            if (!takeNumber(text, &pos, 1, 2, &oh))
                return fail();
            if (pos < text.size() && text.at(pos) == QLatin1Char(':'))
                ++pos;
            takeNumber(text, &pos, 0, 2, &om);
            if (oh > 14 || om > 59)
                return fail();
            hasZone = true;
            offset = sign * (oh * 3600 + om * 60);
            break;
        }
        case '\\':
        case '\'':
        case '"': {
            QString literal;
            if (c == QLatin1Char('\\')) {
                literal = i + 1 < f.size() ? QString(f.at(i + 1)) : QString();
                run = 2;
            } else {
                const qsizetype end = f.indexOf(c, i + 1);
                const qsizetype stop = end < 0 ? f.size() : end;
                literal = f.mid(i + 1, stop - i - 1);
                run = int(stop - i + 1);
            }
            if (text.mid(pos, literal.size()) != literal)
                return fail();
            pos += int(literal.size());
            break;
        }
        default:
            // Separators and other characters stand for themselves, one each.
            run = 1;
            if (pos >= text.size() || text.at(pos) != c) {
                if (!c.isSpace())
                    return fail();
            } else {
                ++pos;
            }
            break;
        }
        i += run;
    }
    if (pos != text.size())
        return fail();
    if (pm >= 0 || twelveHour) {
        if (hour < 1 || hour > 12)
            return fail();
        hour = hour % 12 + (pm == 1 ? 12 : 0);
    }
    return Out(build(year, month, day, hour, minute, second, ticks, hasZone, offset));
}

std::optional<DateTimeFormat::Timestamp> DateTimeFormat::parseLocale(const QString& input,
                                                                     const QLocale& locale)
{
    const QString text = input.trimmed();
    if (auto t = parseIso(text))
        return t;
    if (locale.language() == QLocale::English && locale.territory() == QLocale::UnitedStates) {
        if (auto t = parse(text))
            return t;
    }
    // Numeric dates in the order the locale writes them (day, month, year...),
    // with any separator, then an optional time.
    const QString shortFormat = locale.dateFormat(QLocale::ShortFormat);
    QList<std::pair<qsizetype, QChar>> order;
    for (QChar part : {QLatin1Char('d'), QLatin1Char('M'), QLatin1Char('y')}) {
        const qsizetype at = shortFormat.indexOf(part);
        if (at < 0)
            return std::nullopt;
        order.append({at, part});
    }
    std::sort(order.begin(), order.end());
    static const QRegularExpression numeric(QStringLiteral(
        R"(^(\d{1,4})[./\- ]+(\d{1,2})[./\- ]+(\d{1,4})\.?(?:[ T,]+(\d{1,2})[:.h](\d{2}))"
        R"((?:[:.](\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$)"));
    const auto m = numeric.match(text);
    if (m.hasMatch()) {
        int year = 0, month = 0, day = 0;
        for (int k = 0; k < 3; ++k) {
            const int value = m.captured(k + 1).toInt();
            const QChar part = order.at(k).second;
            if (part == QLatin1Char('d'))
                day = value;
            else if (part == QLatin1Char('M'))
                month = value;
            else
                year = m.captured(k + 1).size() <= 2 ? value + (value < 30 ? 2000 : 1900) : value;
        }
        int hour = m.captured(4).toInt();
        const QString ampm = m.captured(7).toLower();
        if (!ampm.isEmpty()) {
            if (hour < 1 || hour > 12)
                return std::nullopt;
            hour = hour % 12 + (ampm.startsWith(QLatin1Char('p')) ? 12 : 0);
        }
        return build(year, month, day, hour, m.captured(5).toInt(), m.captured(6).toInt(), 0, false,
                     0);
    }
    // Dates with month names, as the locale writes them in full or short.
    for (const QLocale::FormatType type : {QLocale::LongFormat, QLocale::ShortFormat}) {
        const QDateTime dt = locale.toDateTime(text, type);
        if (dt.isValid())
            return build(dt.date().year(), dt.date().month(), dt.date().day(), dt.time().hour(),
                         dt.time().minute(), dt.time().second(), dt.time().msec() * 10000, false,
                         0);
        const QDate d = locale.toDate(text, type);
        if (d.isValid())
            return build(d.year(), d.month(), d.day(), 0, 0, 0, 0, false, 0);
    }
    return std::nullopt;
}

Result<QString> DateTimeFormat::format(const Timestamp& time, const QString& formatText)
{
    QString f = formatText;
    if (f.isEmpty())
        f = QStringLiteral("o");
    if (f.size() == 1) {
        f = standardPattern(f.at(0), time.hasZone);
        if (f.isEmpty())
            return Result<QString>::failure(
                QString(), tr("'%1' is not a standard date and time format").arg(formatText));
    }

    const QDate date = time.utc.date();
    const QTime clock = time.utc.time();
    const qint64 fraction = qint64(clock.msec()) * 10000 + time.subMillis; // 7 digits
    const QString fraction7 = pad(fraction, 7);

    QString out;
    out.reserve(f.size() * 2);
    for (int i = 0; i < f.size();) {
        const QChar c = f.at(i);
        const int n = runLength(f, i);
        switch (c.unicode()) {
        case 'd':
            if (n == 1)
                out += QString::number(date.day());
            else if (n == 2)
                out += pad(date.day(), 2);
            else if (n == 3)
                out += QString::fromLatin1(DayNames[date.dayOfWeek() - 1]).left(3);
            else
                out += QString::fromLatin1(DayNames[date.dayOfWeek() - 1]);
            i += n;
            break;
        case 'f':
        case 'F': {
            if (n > 7)
                return Result<QString>::failure(QString(),
                                                tr("more than 7 '%1' in a date format").arg(c));
            QString digits = fraction7.left(n);
            if (c == QLatin1Char('F')) {
                while (digits.endsWith(QLatin1Char('0')))
                    digits.chop(1);
                // .NET drops the decimal point too when nothing follows it.
                if (digits.isEmpty() && out.endsWith(QLatin1Char('.')))
                    out.chop(1);
            }
            out += digits;
            i += n;
            break;
        }
        case 'g':
            out += QStringLiteral("A.D.");
            i += n;
            break;
        case 'h': {
            int h = clock.hour() % 12;
            if (h == 0)
                h = 12;
            out += n == 1 ? QString::number(h) : pad(h, 2);
            i += n;
            break;
        }
        case 'H':
            out += n == 1 ? QString::number(clock.hour()) : pad(clock.hour(), 2);
            i += n;
            break;
        case 'K':
            if (time.hasZone)
                out += QLatin1Char('Z');
            i += n;
            break;
        case 'm':
            out += n == 1 ? QString::number(clock.minute()) : pad(clock.minute(), 2);
            i += n;
            break;
        case 'M':
            if (n == 1)
                out += QString::number(date.month());
            else if (n == 2)
                out += pad(date.month(), 2);
            else if (n == 3)
                out += QString::fromLatin1(MonthNames[date.month() - 1]).left(3);
            else
                out += QString::fromLatin1(MonthNames[date.month() - 1]);
            i += n;
            break;
        case 's':
            out += n == 1 ? QString::number(clock.second()) : pad(clock.second(), 2);
            i += n;
            break;
        case 't': {
            const bool pm = clock.hour() >= 12;
            out += n == 1 ? QString(pm ? QStringLiteral("P") : QStringLiteral("A"))
                          : QString(pm ? QStringLiteral("PM") : QStringLiteral("AM"));
            i += n;
            break;
        }
        case 'y':
            if (n == 1)
                out += QString::number(date.year() % 100);
            else if (n == 2)
                out += pad(date.year() % 100, 2);
            else
                out += pad(date.year(), n);
            i += n;
            break;
        case 'z':
            // Timestamps are UTC here, so the offset is always zero.
            out += n == 1   ? QStringLiteral("+0")
                   : n == 2 ? QStringLiteral("+00")
                            : QStringLiteral("+00:00");
            i += n;
            break;
        case ':':
        case '/':
            out += c;
            ++i;
            break;
        case '\'':
        case '"': {
            const int close = f.indexOf(c, i + 1);
            if (close < 0)
                return Result<QString>::failure(
                    QString(),
                    tr("the quote at position %1 of the date format is not closed").arg(i + 1));
            out += f.mid(i + 1, close - i - 1);
            i = close + 1;
            break;
        }
        case '\\':
            if (i + 1 >= f.size())
                return Result<QString>::failure(QString(),
                                                tr("the date format ends with a lone '\\'"));
            out += f.at(i + 1);
            i += 2;
            break;
        case '%': {
            // "%d": one custom specifier standing alone.
            if (i + 1 >= f.size() || f.at(i + 1) == QLatin1Char('%'))
                return Result<QString>::failure(
                    QString(), tr("'%' in a date format must precede a specifier"));
            Timestamp copy = time;
            auto one = format(copy, f.mid(i + 1, 1) + QStringLiteral("\\ "));
            if (!one)
                return one;
            out += one->chopped(1);
            i += 2;
            break;
        }
        default:
            out += c;
            ++i;
            break;
        }
    }
    return out;
}

} // namespace engine
