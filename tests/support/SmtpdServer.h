#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace testsupport {

// One message as aiosmtpd received it.
struct ReceivedMessage
{
    QString mailFrom;
    QStringList rcptTos;
    QStringList mailOptions;
    QStringList rcptOptions;
    bool tls = false;
    bool authenticated = false;
    QByteArray data; // DATA bytes as received (dot-unstuffed by the server)
    QString emlPath; // file holding `data`, for Python checks
};

// Starts Debian's python3 aiosmtpd (tests/support/smtpd_server.py) on
// 127.0.0.1, port 0, and reads what it stored. The server stops with the
// object.
class SmtpdServer
{
public:
    struct Options
    {
        QString certFile; // with keyFile: STARTTLS offered (or implicit TLS)
        QString keyFile;
        bool implicitTls = false;
        bool requireStartTls = false;
        QString user; // with password: AUTH PLAIN/LOGIN required to relay
        QString password;
        bool authPlaintext = false; // allow AUTH before TLS
        qint64 sizeLimit = 0;
        bool pipelining = false; // offer PIPELINING (RFC 2920)
        QString refusePrefix;    // 550 for recipients whose address starts with it
    };

    SmtpdServer();
    ~SmtpdServer();

    bool start(const Options& options, QString* error = nullptr);
    void stop();
    quint16 port() const { return m_port; }
    QString maildir() const { return m_dir.path(); }
    // Messages stored so far, in arrival order.
    QList<ReceivedMessage> messages() const;
    // Waits (spinning the event loop) until `count` messages arrived.
    bool waitForMessages(int count, int timeoutMs = 10000) const;
    // The server's stderr so far, for failure messages.
    QString log();

private:
    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QByteArray m_stderr;
};

} // namespace testsupport
