#pragma once

#include "engine/core/Result.h"

#include <QSslCertificate>
#include <QSslKey>

namespace connectors::catcher {

// The self-signed certificate the catcher offers with STARTTLS: made once with
// openssl in <dir>/tls and reused, so a client can pin it.
class CatcherCertificate
{
public:
    QSslCertificate certificate;
    QSslKey key;

    static engine::Result<CatcherCertificate> ensure(const QString& dir, const QString& hostName);
};

} // namespace connectors::catcher
