#include "tests/support/TestCertificates.h"

#include <QFile>
#include <QProcess>

namespace testsupport {

namespace {

bool run(const QString& dir, const QStringList& args, QString* error)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("openssl %1 failed: %2")
                         .arg(args.join(QLatin1Char(' ')), QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

TestCertificates::TestCertificates() = default;

bool TestCertificates::generate(QString* error)
{
    const QString d = m_dir.path();
    QFile ext(m_dir.filePath(QStringLiteral("server.ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("basicConstraints=CA:FALSE\n"
              "keyUsage=digitalSignature,keyEncipherment\n"
              "extendedKeyUsage=serverAuth\n"
              "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    ext.close();
    const QString ec = QStringLiteral("ec");
    const QStringList curve = {QStringLiteral("-pkeyopt"),
                               QStringLiteral("ec_paramgen_curve:P-256")};
    return run(d,
               QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                           QStringLiteral("-newkey"), ec} +
                   curve +
                   QStringList{QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                               QStringLiteral("ca.key"), QStringLiteral("-out"),
                               QStringLiteral("ca.pem"), QStringLiteral("-days"),
                               QStringLiteral("2"), QStringLiteral("-subj"),
                               QStringLiteral("/CN=Logic Designer Test CA")},
               error) &&
           run(d,
               QStringList{QStringLiteral("req"), QStringLiteral("-newkey"), ec} + curve +
                   QStringList{QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                               QStringLiteral("server.key"), QStringLiteral("-out"),
                               QStringLiteral("server.csr"), QStringLiteral("-subj"),
                               QStringLiteral("/CN=localhost")},
               error) &&
           run(d,
               {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                QStringLiteral("server.csr"), QStringLiteral("-CA"), QStringLiteral("ca.pem"),
                QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                QStringLiteral("server.pem"), QStringLiteral("-days"), QStringLiteral("2"),
                QStringLiteral("-extfile"), QStringLiteral("server.ext")},
               error) &&
           run(d,
               QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                           QStringLiteral("-newkey"), ec} +
                   curve +
                   QStringList{QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                               QStringLiteral("other.key"), QStringLiteral("-out"),
                               QStringLiteral("other.pem"), QStringLiteral("-days"),
                               QStringLiteral("2"), QStringLiteral("-subj"),
                               QStringLiteral("/CN=other.invalid"), QStringLiteral("-addext"),
                               QStringLiteral("subjectAltName=DNS:other.invalid")},
               error);
}

QSslCertificate TestCertificates::serverCertificate() const
{
    const auto certs = QSslCertificate::fromData(readFile(serverCertFile()), QSsl::Pem);
    return certs.isEmpty() ? QSslCertificate() : certs.first();
}

QSslKey TestCertificates::serverKey() const
{
    return QSslKey(readFile(serverKeyFile()), QSsl::Ec, QSsl::Pem);
}

QSslCertificate TestCertificates::caCertificate() const
{
    const auto certs = QSslCertificate::fromData(readFile(caFile()), QSsl::Pem);
    return certs.isEmpty() ? QSslCertificate() : certs.first();
}

QString TestCertificates::serverSha256() const
{
    return QString::fromLatin1(serverCertificate().digest(QCryptographicHash::Sha256).toHex());
}

} // namespace testsupport
