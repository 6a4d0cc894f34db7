#pragma once

#include "connectors/catcher/Maildir.h"

#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>

namespace connectors::catcher {

// The built-in local mail catcher: an SMTP server on 127.0.0.1 that accepts any
// mail and stores each message as an .eml file in a Maildir, so a workflow can
// send without a real mail server and the designer can show what was sent.
class MailCatcher : public QTcpServer
{
    Q_OBJECT
public:
    struct Options
    {
        quint16 port = 2525;               // 0: any free port
        QString dir;                       // the Maildir; empty: Maildir::defaultRoot()
        bool startTls = false;             // offer STARTTLS with a certificate made on first start
        qint64 maxSize = 50 * 1024 * 1024; // SIZE (RFC 1870)
        QString hostName = QStringLiteral("localhost");
    };

    explicit MailCatcher(Options options, QObject* parent = nullptr);
    ~MailCatcher() override;

    // Listens on 127.0.0.1 only; false with lastError() when it cannot.
    bool start();
    QString lastError() const { return m_error.isEmpty() ? errorString() : m_error; }
    const Options& options() const { return m_options; }
    const Maildir& maildir() const { return m_maildir; }
    // The certificate offered with STARTTLS (null until start() with startTls).
    QSslCertificate certificate() const { return m_certificate; }
    int sessionCount() const { return m_sessions; }

Q_SIGNALS:
    void messageStored(const QString& path);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class SmtpSession;
    Options m_options;
    Maildir m_maildir;
    QSslCertificate m_certificate;
    QSslKey m_key;
    int m_sessions = 0;
    QString m_error;
};

} // namespace connectors::catcher
