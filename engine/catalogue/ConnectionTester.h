#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace engine {

// What a connection test found: the verdict a person reads first, the
// diagnosis that says how to fix it, the TLS details and the whole dialogue.
struct ConnectionTestOutcome
{
    bool ok = false;
    int code = 0;        // HTTP-like status as in StepOutcome (200, 401, 403, 500...)
    QString failedStage; // "connect", "tls", "greeting", "ehlo", "auth"; empty when ok
    QString verdict;     // one line: "Connected with STARTTLS (TLS 1.3), logged in"
    QString diagnosis;   // plain words and the fix; empty when ok
    QJsonObject tls; // {"protocol","cipher","subject","issuer","expires","verified","errors":[..]}
    QJsonArray transcript; // entries {"dir":"C"|"S"|"i","ms":N,"line":"..."}, secrets redacted
};

// A staged check of one connection's settings (reach the server, TLS, log in)
// that a connector offers, so that the designer can test a connection while
// knowing the connector only through the catalogue. Runs asynchronously on
// the thread that owns it; emits finished() exactly once; deleting it cancels.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    // `connection`: the connection's parameters (connections.json
    // parameterValues, secrets already resolved: "password" is the real one).
    using Factory = std::function<std::unique_ptr<ConnectionTester>(const QJsonObject& connection)>;

    using QObject::QObject;
    ~ConnectionTester() override = default;

    virtual void start() = 0;
    virtual void cancel() = 0;

    // Connectors register their tester once at start-up, by connector id ("smtp").
    static void registerFactory(const QString& connector, Factory factory);
    static bool has(const QString& connector);
    // Null when the connector has no tester.
    static std::unique_ptr<ConnectionTester> create(const QString& connector,
                                                    const QJsonObject& connection);

Q_SIGNALS:
    // One transcript entry as it happens ({"dir","ms","line"}, redacted).
    void transcriptLine(const QJsonObject& entry);
    // The stage now running ("connect", "tls", "ehlo", "auth").
    void stageChanged(const QString& stage);
    void finished(const engine::ConnectionTestOutcome& outcome);
};

} // namespace engine

Q_DECLARE_METATYPE(engine::ConnectionTestOutcome)
