#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QStringList>
#include <QTcpServer>
#include <deque>
#include <memory>
#include <vector>

class QSslSocket;

namespace testsupport {

// An in-process SMTP server that plays a script, one per connection, for
// the faults a real server will not make (in the style of ksmtp's
// fakeserver). Listens on 127.0.0.1, port 0. Script lines:
//   "S: text"  send text + CRLF
//   "R: text"  send raw text, C escapes \r \n \\ (no CRLF added)
//   "C: text"  expect this client line ("C: *" any line)
//   "D"        read message content up to the "." line, keep it (data())
//   "W: ms"    wait
//   "T"        start TLS as the server (needs setCertificate)
//   "X"        close the connection
//   "P"        stay silent until the client closes
// A mismatch is recorded (failure()) and the connection closed.
class ScriptedSmtpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit ScriptedSmtpServer(QObject* parent = nullptr);
    ~ScriptedSmtpServer() override;

    bool start(); // listen on 127.0.0.1:0
    quint16 port() const { return serverPort(); }

    // The script for the next connection (call several times for several).
    void addScript(const QStringList& lines);
    void setCertificate(const QSslCertificate& cert, const QSslKey& key);

    // Every script played to its end, no mismatch.
    bool allDone() const;
    QString failure() const { return m_failure; }
    // Lines received from clients (content excluded), in order.
    QStringList clientLines() const { return m_clientLines; }
    // Raw message contents received by "D" steps (dot-stuffed, CRLF, no terminator).
    QList<QByteArray> data() const { return m_data; }
    int connectionCount() const { return m_connections; }
    // True once every connection of the played scripts was closed.
    bool allClosed() const { return m_open == 0; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Conn;
    void step(Conn* c);
    void fail(Conn* c, const QString& why);

    std::vector<std::unique_ptr<Conn>> m_conns;
    std::deque<QStringList> m_scripts;
    QSslCertificate m_cert;
    QSslKey m_key;
    QString m_failure;
    QStringList m_clientLines;
    QList<QByteArray> m_data;
    int m_connections = 0;
    int m_finishedScripts = 0;
    int m_totalScripts = 0;
    int m_open = 0;
};

} // namespace testsupport
