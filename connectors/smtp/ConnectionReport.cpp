#include "connectors/smtp/ConnectionReport.h"

namespace connectors::smtp {

QJsonObject ConnectionReport::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("ok"), ok);
    o.insert(QStringLiteral("host"), host);
    o.insert(QStringLiteral("port"), port);
    o.insert(QStringLiteral("tlsMode"), tlsMode);
    if (!ok) {
        o.insert(QStringLiteral("failure"), SendResult::failureName(failure));
        o.insert(QStringLiteral("failedStage"), failedStage);
        o.insert(QStringLiteral("error"), error);
    }
    if (!diagnosis.isEmpty())
        o.insert(QStringLiteral("diagnosis"), diagnosis);
    o.insert(QStringLiteral("addresses"), QJsonArray::fromStringList(addresses));
    QJsonArray st;
    for (const Stage& s : stages)
        st.append(QJsonObject{{QStringLiteral("stage"), s.name},
                              {QStringLiteral("ok"), s.ok},
                              {QStringLiteral("ms"), s.ms},
                              {QStringLiteral("detail"), s.detail}});
    o.insert(QStringLiteral("stages"), st);
    if (!tlsProtocol.isEmpty() || !chain.isEmpty()) {
        QJsonArray certs;
        for (const Certificate& c : chain)
            certs.append(
                QJsonObject{{QStringLiteral("subject"), c.subject},
                            {QStringLiteral("issuer"), c.issuer},
                            {QStringLiteral("notBefore"), c.notBefore.toString(Qt::ISODate)},
                            {QStringLiteral("notAfter"), c.notAfter.toString(Qt::ISODate)},
                            {QStringLiteral("sha256"), c.sha256},
                            {QStringLiteral("names"), QJsonArray::fromStringList(c.names)}});
        o.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("protocol"), tlsProtocol},
                                                    {QStringLiteral("cipher"), cipher},
                                                    {QStringLiteral("verification"), verification},
                                                    {QStringLiteral("trusted"), certificateTrusted},
                                                    {QStringLiteral("chain"), certs}});
    }
    if (capabilitiesKnown) {
        QJsonObject caps{
            {QStringLiteral("esmtp"), capabilities.esmtp},
            {QStringLiteral("pipelining"), capabilities.pipelining},
            {QStringLiteral("8bitmime"), capabilities.eightBitMime},
            {QStringLiteral("smtputf8"), capabilities.smtpUtf8},
            {QStringLiteral("dsn"), capabilities.dsn},
            {QStringLiteral("starttls"), capabilities.startTls},
            {QStringLiteral("enhancedStatusCodes"), capabilities.enhancedStatusCodes},
            {QStringLiteral("maxSize"), capabilities.maxSize},
            {QStringLiteral("auth"), QJsonArray::fromStringList(capabilities.authMechanisms)},
            {QStringLiteral("keywords"), QJsonArray::fromStringList(capabilities.keywords)}};
        o.insert(QStringLiteral("capabilities"), caps);
    }
    if (!authMechanism.isEmpty())
        o.insert(QStringLiteral("authMechanism"), authMechanism);
    if (!probe.isEmpty()) {
        QJsonArray p;
        for (const RecipientOutcome& r : probe)
            p.append(QJsonObject{{QStringLiteral("address"), r.address},
                                 {QStringLiteral("smtpCode"), r.smtpCode},
                                 {QStringLiteral("reply"), r.reply},
                                 {QStringLiteral("accepted"), r.accepted}});
        o.insert(QStringLiteral("probe"), p);
    }
    if (lastReply.code)
        o.insert(QStringLiteral("lastReply"), lastReply.toString());
    o.insert(QStringLiteral("transcript"), transcript);
    if (!attempts.isEmpty())
        o.insert(QStringLiteral("attempts"), attempts);
    return o;
}

} // namespace connectors::smtp
