#pragma once

#include "connectors/smtp/SmtpSession.h"

#include <QObject>

namespace connectors::smtp {

// Opens a session up to the point where mail can be sent: greeting, EHLO
// (HELO fallback), STARTTLS and a fresh EHLO, AUTH. Fails closed: no
// STARTTLS offered, a refused STARTTLS or a failed handshake stop the
// session; credentials never go out unencrypted unless allowed.
class LoginJob : public QObject
{
    Q_OBJECT
public:
    enum class Stage
    {
        Greeting,
        Ehlo,
        Tls,
        Auth,
        Ready
    };
    Q_ENUM(Stage)

    LoginJob(SmtpSession* session, QObject* parent = nullptr);
    void start();
    QString chosenMechanism() const { return m_mechanism; }

Q_SIGNALS:
    void stageStarted(connectors::smtp::LoginJob::Stage stage);
    void done();

private:
    void greeting(const SmtpReply& reply);
    void ehlo(bool afterTls);
    void helo();
    void capabilitiesKnown(bool afterTls);
    void startTls();
    void authenticate();
    void authPlain();
    void authLogin();
    void authCramMd5();
    void authXOAuth2();
    void authResult(const SmtpReply& reply);
    void fail(SendResult::Failure failure, int code, const QString& message,
              const SmtpReply& reply = {}, bool transient = false, const QString& field = {});

    SmtpSession* m_session;
    QString m_mechanism;
};

} // namespace connectors::smtp
