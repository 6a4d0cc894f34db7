#include "connectors/smtp/SmtpConnectionTester.h"

#include "connectors/smtp/ConnectionTest.h"
#include "connectors/smtp/SmtpSettings.h"
#include "engine/catalogue/ConnectionTester.h"

namespace connectors::smtp {
namespace {

class SmtpTester : public engine::ConnectionTester
{
public:
    explicit SmtpTester(const QJsonObject& connection) : m_connection(connection) {}

    void start() override
    {
        auto settings = connectors::smtp::SmtpSettings::fromConnection(m_connection);
        if (!settings.ok()) {
            engine::ConnectionTestOutcome outcome;
            outcome.code = 400;
            outcome.failedStage = QStringLiteral("settings");
            outcome.verdict = settings.error().toString();
            Q_EMIT finished(outcome);
            return;
        }
        m_test = std::make_unique<connectors::smtp::ConnectionTest>(settings.value());
        connect(m_test.get(), &connectors::smtp::ConnectionTest::transcriptLine, this,
                &engine::ConnectionTester::transcriptLine);
        connect(m_test.get(), &connectors::smtp::ConnectionTest::stageStarted, this,
                &engine::ConnectionTester::stageChanged);
        connect(m_test.get(), &connectors::smtp::ConnectionTest::finished, this, [this] {
            const connectors::smtp::ConnectionReport& r = m_test->report();
            engine::ConnectionTestOutcome outcome;
            outcome.ok = r.ok;
            outcome.code = r.ok ? 200 : 500;
            outcome.failedStage = r.failedStage;
            outcome.verdict = r.ok ? QStringLiteral("Connected to %1:%2 (%3)%4")
                                         .arg(r.host)
                                         .arg(r.port)
                                         .arg(r.tlsMode, r.authMechanism.isEmpty()
                                                             ? QString()
                                                             : QStringLiteral(", logged in with ") +
                                                                   r.authMechanism)
                                   : r.error;
            outcome.diagnosis = r.diagnosis;
            if (!r.tlsProtocol.isEmpty()) {
                outcome.tls.insert(QStringLiteral("protocol"), r.tlsProtocol);
                outcome.tls.insert(QStringLiteral("cipher"), r.cipher);
                outcome.tls.insert(QStringLiteral("verified"), r.certificateTrusted);
                if (!r.chain.isEmpty()) {
                    outcome.tls.insert(QStringLiteral("subject"), r.chain.first().subject);
                    outcome.tls.insert(QStringLiteral("issuer"), r.chain.first().issuer);
                    outcome.tls.insert(QStringLiteral("expires"),
                                       r.chain.first().notAfter.toString(Qt::ISODate));
                }
            }
            outcome.transcript = r.transcript;
            Q_EMIT finished(outcome);
        });
        m_test->start();
    }

    void cancel() override
    {
        if (m_test)
            m_test->cancel();
    }

private:
    QJsonObject m_connection;
    std::unique_ptr<connectors::smtp::ConnectionTest> m_test;
};

} // namespace

void registerConnectionTester()
{
    engine::ConnectionTester::registerFactory(
        QStringLiteral("smtp"), [](const QJsonObject& connection) {
            return std::unique_ptr<engine::ConnectionTester>(new SmtpTester(connection));
        });
}

} // namespace connectors::smtp
