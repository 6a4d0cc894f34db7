#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

namespace testsupport {

// A throw-away PKI made with openssl for TLS tests: a CA and a server
// certificate for localhost / 127.0.0.1 signed by it, plus a self-signed
// certificate for another name (for "mismatched/untrusted" cases). Files
// live in a QTemporaryDir removed with the object.
class TestCertificates
{
public:
    TestCertificates();
    // Runs openssl; false with `error` set when that failed.
    bool generate(QString* error = nullptr);

    QString caFile() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QString serverCertFile() const { return m_dir.filePath(QStringLiteral("server.pem")); }
    QString serverKeyFile() const { return m_dir.filePath(QStringLiteral("server.key")); }
    // Self-signed, CN/SAN "other.invalid": neither trusted nor matching.
    QString otherCertFile() const { return m_dir.filePath(QStringLiteral("other.pem")); }
    QString otherKeyFile() const { return m_dir.filePath(QStringLiteral("other.key")); }

    QSslCertificate serverCertificate() const;
    QSslKey serverKey() const;
    QSslCertificate caCertificate() const;
    // Hex SHA-256 of the server certificate (DER), as a pin.
    QString serverSha256() const;
    QString dir() const { return m_dir.path(); }

private:
    QTemporaryDir m_dir;
};

} // namespace testsupport
