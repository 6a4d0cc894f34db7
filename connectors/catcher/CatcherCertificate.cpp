#include "connectors/catcher/CatcherCertificate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>

namespace connectors::catcher {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::catcher::CatcherCertificate", text);
}

} // namespace

engine::Result<CatcherCertificate> CatcherCertificate::ensure(const QString& dir,
                                                              const QString& hostName)
{
    using R = engine::Result<CatcherCertificate>;
    const QString tls = dir + QStringLiteral("/tls");
    const QString certPath = tls + QStringLiteral("/cert.pem");
    const QString keyPath = tls + QStringLiteral("/key.pem");
    if (!QFile::exists(certPath) || !QFile::exists(keyPath)) {
        if (!QDir().mkpath(tls))
            return R::failure(QStringLiteral("dir"), tr("cannot create %1").arg(tls), 500);
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-days"), QStringLiteral("3650"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=") + hostName, QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=DNS:%1,IP:127.0.0.1").arg(hostName),
                       QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0)
            return R::failure(
                QString(),
                tr("could not make a certificate with openssl: %1")
                    .arg(QString::fromLocal8Bit(openssl.readAllStandardError()).trimmed()),
                500);
        QFile::setPermissions(keyPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    QFile certFile(certPath), keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return R::failure(QString(), tr("cannot read the certificate in %1").arg(tls), 500);
    CatcherCertificate out;
    out.certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
    out.key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
    if (out.certificate.isNull() || out.key.isNull())
        return R::failure(QString(), tr("the certificate in %1 is not readable").arg(tls), 500);
    return out;
}

} // namespace connectors::catcher
