#include "connectors/smtp/SmtpReply.h"

namespace connectors::smtp {

QString SmtpReply::text() const
{
    return lines.join(QLatin1Char(' ')).trimmed();
}

QString SmtpReply::toString() const
{
    QString out = QString::number(code);
    if (!enhancedStatus.isEmpty())
        out += QLatin1Char(' ') + enhancedStatus;
    const QString t = text();
    if (!t.isEmpty())
        out += QLatin1Char(' ') + t;
    return out;
}

} // namespace connectors::smtp
