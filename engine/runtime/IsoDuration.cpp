#include "engine/runtime/IsoDuration.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <cmath>

namespace engine {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::IsoDuration", text);
}

} // namespace

Result<qint64> IsoDuration::parseMs(const QString& text, const QString& field)
{
    const QString t = text.trimmed().toUpper();
    const auto bad = [&] {
        return Result<qint64>::failure(
            field, tr("\"%1\" is not an ISO 8601 duration (write e.g. PT30S, PT5M, PT1H or P1D)")
                       .arg(text));
    };
    if (t.size() < 3 || t.front() != QLatin1Char('P'))
        return bad();
    double total = 0;
    bool inTime = false;
    bool any = false;
    QString number;
    for (qsizetype i = 1; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char(',')) {
            number.append(c == QLatin1Char(',') ? QLatin1Char('.') : c);
            continue;
        }
        if (c == QLatin1Char('T')) {
            if (inTime || !number.isEmpty())
                return bad();
            inTime = true;
            continue;
        }
        if (number.isEmpty())
            return bad();
        bool ok = false;
        const double n = number.toDouble(&ok);
        if (!ok || n < 0)
            return bad();
        number.clear();
        double unitSeconds = 0;
        switch (c.unicode()) {
        case 'Y':
            unitSeconds = inTime ? -1 : 365.0 * 86400;
            break;
        case 'M':
            unitSeconds = inTime ? 60 : 30.0 * 86400;
            break;
        case 'W':
            unitSeconds = inTime ? -1 : 7.0 * 86400;
            break;
        case 'D':
            unitSeconds = inTime ? -1 : 86400;
            break;
        case 'H':
            unitSeconds = inTime ? 3600 : -1;
            break;
        case 'S':
            unitSeconds = inTime ? 1 : -1;
            break;
        default:
            unitSeconds = -1;
        }
        if (unitSeconds < 0)
            return bad();
        total += n * unitSeconds;
        any = true;
    }
    if (!any || !number.isEmpty())
        return bad();
    const double ms = std::round(total * 1000.0);
    if (ms > 9.0e15)
        return bad();
    return static_cast<qint64>(ms);
}

QString IsoDuration::format(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("PT0S");
    QString out = QStringLiteral("P");
    const qint64 days = ms / 86400000;
    ms %= 86400000;
    if (days > 0)
        out += QString::number(days) + QLatin1Char('D');
    if (ms == 0)
        return out;
    out += QLatin1Char('T');
    const qint64 hours = ms / 3600000;
    ms %= 3600000;
    const qint64 minutes = ms / 60000;
    ms %= 60000;
    if (hours > 0)
        out += QString::number(hours) + QLatin1Char('H');
    if (minutes > 0)
        out += QString::number(minutes) + QLatin1Char('M');
    if (ms > 0) {
        if (ms % 1000 == 0)
            out += QString::number(ms / 1000) + QLatin1Char('S');
        else
            out += QString::number(ms / 1000.0, 'f', 3)
                       .remove(QRegularExpression(QStringLiteral("0+$"))) +
                   QLatin1Char('S');
    }
    return out;
}

} // namespace engine
