#pragma once

#include "connectors/request/HttpRequest.h"
#include "connectors/request/RequestServer.h"
#include "engine/catalogue/Job.h"

#include <QJsonObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace connectors::request {

// "When a HTTP request is received" (type Request, kind Http). Listens through
// a RequestServer at /api/<workflow>/triggers/<trigger>/invoke[/<relativePath>]
// and accepts a request only with the workflow's secret `sig` in the query,
// the configured method and, when the trigger has a schema, a JSON body that
// conforms to it. By default it fires and answers 202 with a run id; a
// responder (set by whoever runs the workflow) can answer instead, e.g. with
// the output of the workflow's Response action.
class RequestTrigger : public engine::TriggerSource
{
    Q_OBJECT
    Q_PROPERTY(QString workflowName READ workflowName WRITE setWorkflowName)
    Q_PROPERTY(QString stateDirectory READ stateDirectory WRITE setStateDirectory)
public:
    using Respond = std::function<void(const HttpResponse&)>;
    // Receives the trigger outputs of an accepted request and must call
    // `respond` exactly once.
    using Responder = std::function<void(const QJsonObject& triggerOutputs, Respond respond)>;

    explicit RequestTrigger(QObject* parent = nullptr);
    ~RequestTrigger() override;

    bool start(const QJsonObject& trigger, const engine::JobContext& context,
               QString* errorMessage) override;
    void stop() override;

    void setServer(RequestServer* server) { m_server = server; }
    void setResponder(Responder responder) { m_responder = std::move(responder); }
    QString workflowName() const { return m_workflow; }
    void setWorkflowName(const QString& name) { m_workflow = name; }
    // Where the secret is kept between runs (<dir>/<workflow>.<trigger>.sig).
    QString stateDirectory() const { return m_stateDir; }
    void setStateDirectory(const QString& dir) { m_stateDir = dir; }
    // The secret; made and stored on start() when not set.
    void setSignature(const QString& sig) { m_sig = sig; }
    QString signature() const { return m_sig; }

    // The path without the relative path: /api/<workflow>/triggers/<trigger>/invoke
    QString basePath() const;
    // The full URL to call, with its sig.
    QString callbackUrl() const;
    QByteArray method() const { return m_method; }

    // Whether the path is this trigger's; fills the relative path parameters.
    bool matchesPath(const QString& path, QJsonObject* parameters) const;
    // Handles a request routed here (sig and method are checked here too).
    void handle(const HttpRequest& request, const QJsonObject& pathParameters, Respond respond);

    // Constant-time comparison, so the time taken does not leak the secret.
    static bool sameSecret(const QByteArray& given, const QByteArray& expected);

private:
    QPointer<RequestServer> m_server;
    Responder m_responder;
    QString m_workflow;
    QString m_trigger;
    QString m_stateDir;
    QString m_sig;
    QByteArray m_method;        // empty: any
    QStringList m_relativePath; // segments, "{name}" for parameters
    std::optional<QJsonObject> m_schema;
    bool m_running = false;
};

} // namespace connectors::request
