#pragma once

#include "connectors/smtp/ConnectionReport.h"
#include "connectors/smtp/SmtpSettings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <memory>
#include <optional>

namespace connectors::smtp {

class SmtpSession;
class LoginJob;
struct SessionError;

// The interactive connection test: DNS -> TCP -> greeting -> EHLO -> TLS ->
// AUTH -> optional MAIL/RCPT probe ended by RSET (never DATA) -> QUIT.
// Emits every transcript line as it happens (secrets shown as ****) and
// ends with a ConnectionReport that explains failures in plain language.
// startAutoDetect() tries several port/TLS pairs (by default 465/implicit
// TLS, 587/STARTTLS and 25/STARTTLS) and reports which of them work.
class ConnectionTest : public QObject
{
    Q_OBJECT
public:
    // One port/TLS pair auto-detect tries.
    struct Candidate
    {
        quint16 port = 0;
        SmtpSettings::TlsMode tlsMode = SmtpSettings::TlsMode::StartTls;
    };

    explicit ConnectionTest(const SmtpSettings& settings, QObject* parent = nullptr);
    ~ConnectionTest() override;

    // Probe one recipient with MAIL FROM:<sender> / RCPT TO:<recipient>.
    void setProbe(const QString& sender, const QString& recipient);
    void start();
    // Tries every candidate in turn (on the settings' host, with its
    // credentials and trust) and records each outcome in `attempts`, in
    // candidate order. The report itself is the first candidate that worked,
    // or the last failure when none did.
    void startAutoDetect(const QList<Candidate>& candidates);
    void startAutoDetect() { startAutoDetect(standardCandidates()); }
    // RFC 8314 3.3 order: 465 implicit TLS, 587 STARTTLS, 25 STARTTLS.
    static QList<Candidate> standardCandidates();
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
    QList<Candidate> m_candidates;
    QJsonArray m_attempts;
    std::optional<ConnectionReport> m_firstWorking;
    ConnectionReport m_lastFailure;
    std::unique_ptr<ConnectionTest> m_child;
};

} // namespace connectors::smtp
