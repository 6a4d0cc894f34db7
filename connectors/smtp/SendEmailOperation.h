#pragma once

#include "engine/catalogue/Operation.h"

namespace connectors::smtp {

// The catalogue entry of SMTP "Send email": its form (every field of the
// managed connector's V1-V3 plus Reply-To), its outputs, and the four ways it
// is written in WDL. New steps use the built-in ServiceProvider shape that
// Logic Apps Standard runs (/serviceProviders/Smtp, operationId sendEmail);
// steps read in a managed ApiConnection shape (/SendEmail, /SendEmailV2,
// /SendEmailV3) keep it.
class SendEmailOperation
{
public:
    static QString id() { return QStringLiteral("smtp.sendEmail"); }
    static QString serviceProviderId() { return QStringLiteral("/serviceProviders/Smtp"); }
    static engine::Operation create();
};

} // namespace connectors::smtp
