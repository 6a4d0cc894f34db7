#pragma once

#include "engine/catalogue/ConnectionTester.h"

#include <QJsonObject>
#include <QPointer>
#include <QWidget>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace designer {

// Runs a connector's connection test (engine::ConnectionTester) in the
// background and shows it live: the transcript (direction, milliseconds,
// line, secrets already redacted by the tester), the TLS details and the
// verdict with its diagnosis. Nothing here blocks: the tester is
// asynchronous, the view only listens.
class ConnectionTestView : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionTestView(QWidget* parent = nullptr);
    ~ConnectionTestView() override;

    // Starts a test of `connection` (parameters with the real password);
    // a test still running is cancelled first. False when the connector has
    // no test (the view says so).
    bool start(const QString& connector, const QJsonObject& connection);
    void cancel();
    bool isRunning() const { return m_tester != nullptr; }

    // What is shown, for tests and screenshots.
    QString verdict() const;
    QString diagnosis() const;
    QString tlsSummary() const;
    int transcriptLines() const;
    QString transcriptText() const;
    QTreeWidget* transcript() const { return m_transcript; }

Q_SIGNALS:
    void finished(const engine::ConnectionTestOutcome& outcome);

private:
    void addLine(const QJsonObject& entry);
    void onFinished(const engine::ConnectionTestOutcome& outcome);
    void setVerdict(const QString& text, const QString& colour);

    std::unique_ptr<engine::ConnectionTester> m_tester;
    QLabel* m_verdict = nullptr;
    QLabel* m_diagnosis = nullptr;
    QLabel* m_tls = nullptr;
    QLabel* m_stage = nullptr;
    QProgressBar* m_busy = nullptr;
    QPushButton* m_cancel = nullptr;
    QTreeWidget* m_transcript = nullptr;
};

} // namespace designer
