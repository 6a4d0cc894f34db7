#include "connectors/smtp/SmtpCapabilities.h"

namespace connectors::smtp {

SmtpCapabilities SmtpCapabilities::fromEhlo(const SmtpReply& reply)
{
    SmtpCapabilities caps;
    caps.esmtp = true;
    // RFC 5321 4.1.1.1: the first line is the server's name and greeting;
    // every further line is one "ehlo-keyword *(SP ehlo-param)".
    for (qsizetype i = 1; i < reply.lines.size(); ++i) {
        const QString line = reply.lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        caps.keywords.append(line);
        QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QString keyword = words.takeFirst().toUpper();
        // Legacy "AUTH=LOGIN PLAIN" (pre-RFC 4954 servers).
        if (keyword.startsWith(QLatin1String("AUTH="))) {
            words.prepend(keyword.mid(5));
            keyword = QStringLiteral("AUTH");
        }
        if (keyword == QLatin1String("PIPELINING")) {
            caps.pipelining = true;
        } else if (keyword == QLatin1String("8BITMIME")) {
            caps.eightBitMime = true;
        } else if (keyword == QLatin1String("SMTPUTF8")) {
            caps.smtpUtf8 = true;
        } else if (keyword == QLatin1String("DSN")) {
            caps.dsn = true;
        } else if (keyword == QLatin1String("STARTTLS")) {
            caps.startTls = true;
        } else if (keyword == QLatin1String("ENHANCEDSTATUSCODES")) {
            caps.enhancedStatusCodes = true;
        } else if (keyword == QLatin1String("CHUNKING")) {
            caps.chunking = true;
        } else if (keyword == QLatin1String("SIZE")) {
            caps.sizeAdvertised = true;
            bool ok = false;
            const qint64 n = words.isEmpty() ? 0 : words.first().toLongLong(&ok);
            caps.maxSize = ok && n > 0 ? n : 0; // RFC 1870 4: 0 or absent = no fixed limit
        } else if (keyword == QLatin1String("AUTH")) {
            for (const QString& w : std::as_const(words)) {
                const QString mech = w.toUpper();
                if (!mech.isEmpty() && !caps.authMechanisms.contains(mech))
                    caps.authMechanisms.append(mech);
            }
        }
    }
    return caps;
}

bool SmtpCapabilities::supportsAuth(const QString& mechanism) const
{
    return authMechanisms.contains(mechanism.toUpper());
}

} // namespace connectors::smtp
