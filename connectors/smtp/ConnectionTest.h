#pragma once

#include "connectors/smtp/ConnectionReport.h"
#include "connectors/smtp/SmtpSettings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace connectors::smtp {

class SmtpSession;
class LoginJob;
struct SessionError;

// The interactive connection test: DNS -> TCP -> greeting -> EHLO -> TLS ->
// AUTH -> optional MAIL/RCPT probe ended by RSET (never DATA) -> QUIT.
// Emits every transcript line as it happens (secrets shown as ****) and
// ends with a ConnectionReport that explains failures in plain language.
// autoDetect() tries 465/implicit TLS, 587/STARTTLS and 25/STARTTLS.
class ConnectionTest : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionTest(const SmtpSettings& settings, QObject* parent = nullptr);
    ~ConnectionTest() override;

    // Probe one recipient with MAIL FROM:<sender> / RCPT TO:<recipient>.
    void setProbe(const QString& sender, const QString& recipient);
    void start();
    // Tries the usual port/TLS pairs in turn; the report is the first that
    // worked (or the last failure), with every attempt in `attempts`.
    void startAutoDetect();
    void cancel();

    bool isFinished() const { return m_finished; }
    const ConnectionReport& report() const { return m_report; }

    // Plain-language explanation and fix for a failed test.
    static QString diagnose(const ConnectionReport& report);

Q_SIGNALS:
    void stageStarted(const QString& stage);
    void transcriptLine(const QJsonObject& entry);
    void finished();

private:
    void beginStage(const QString& name);
    void endStage(bool ok, const QString& detail = {});
    void lookedUp(const QStringList& addresses, const QString& error);
    void connectSession();
    void captureTls();
    void loggedIn();
    void probe();
    void quit();
    void onFailed(const SessionError& error);
    void complete();
    void nextAutoDetect();

    SmtpSettings m_settings;
    ConnectionReport m_report;
    QElapsedTimer m_clock;
    SmtpSession* m_session = nullptr;
    LoginJob* m_login = nullptr;
    QString m_probeSender;
    QString m_probeRecipient;
    QString m_currentStage;
    int m_lookupId = -1;
    bool m_finished = false;
    bool m_autoDetect = false;
    int m_autoIndex = 0;
    QJsonArray m_attempts;
    std::unique_ptr<ConnectionTest> m_child;
};

} // namespace connectors::smtp
