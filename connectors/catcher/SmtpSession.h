#pragma once

#include "connectors/catcher/Maildir.h"

#include <QObject>
#include <QSslSocket>
#include <QStringList>
#include <QTimer>
#include <memory>

namespace connectors::catcher {

class MailCatcher;

// One SMTP conversation of the catcher (RFC 5321 server side). Lines are read
// from a buffer so pipelined commands (RFC 2920) are answered in order; the
// message is streamed to a Maildir delivery as it arrives, never held whole.
class SmtpSession : public QObject
{
    Q_OBJECT
public:
    SmtpSession(QSslSocket* socket, MailCatcher* catcher);
    ~SmtpSession() override;

private:
    enum class State
    {
        Command,
        Data,
        Closing
    };

    void onReadyRead();
    void processBuffer();
    void command(const QByteArray& line);
    void dataLine(const QByteArray& line, bool complete);
    void finishData();
    void reply(const QByteArray& text);
    void resetTransaction();
    void close();

    void ehlo(const QByteArray& argument, bool extended);
    void mailFrom(const QByteArray& argument);
    void rcptTo(const QByteArray& argument);
    void data();
    void startTls();

    QSslSocket* m_socket;
    MailCatcher* m_catcher;
    QByteArray m_buffer;
    State m_state = State::Command;
    bool m_greeted = false;
    bool m_discardLine = false; // the rest of an over-long command line
    bool m_midLine = false;     // a DATA line split across reads
    int m_errors = 0;
    QString m_from;
    QStringList m_recipients;
    std::unique_ptr<Maildir::Delivery> m_delivery;
    bool m_tooBig = false;
    bool m_writeFailed = false;
    QTimer m_idle;
};

} // namespace connectors::catcher
