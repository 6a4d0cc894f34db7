#include "connectors/TriggerHost.h"

#include "connectors/request/HttpRequest.h"
#include "connectors/request/RequestTrigger.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/catalogue/Job.h"
#include "engine/connections/AppSettings.h"
#include "engine/runtime/Executor.h"
#include "engine/runtime/RunSetup.h"
#include "engine/workflow/Workflow.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace connectors {
namespace {

// The Response action's answer as an HTTP response.
request::HttpResponse toHttp(const QJsonObject& response)
{
    request::HttpResponse r;
    r.status = response.value(QStringLiteral("statusCode")).toInt(200);
    const QJsonObject headers = response.value(QStringLiteral("headers")).toObject();
    bool hasType = false;
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        hasType =
            hasType || it.key().compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
        r.headers.append(
            std::make_pair(it.key().toLatin1(), it.value().toVariant().toString().toUtf8()));
    }
    const QJsonValue body = response.value(QStringLiteral("body"));
    if (body.isString()) {
        r.body = body.toString().toUtf8();
        if (!hasType)
            r.headers.append(std::make_pair(QByteArray("Content-Type"),
                                            QByteArray("text/plain; charset=utf-8")));
    } else if (!body.isUndefined() && !body.isNull()) {
        r.body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        if (!hasType)
            r.headers.append(std::make_pair(QByteArray("Content-Type"),
                                            QByteArray("application/json; charset=utf-8")));
    }
    return r;
}

// Whether any action, however deeply nested, is a Response: then an HTTP
// request waits for it instead of getting 202 at once.
bool hasResponseAction(const engine::Workflow& workflow)
{
    const QStringList actions = workflow.actionNames(); // nested ones too
    return std::any_of(actions.cbegin(), actions.cend(), [&](const QString& name) {
        return workflow.stepJson(name)
                   .value(QStringLiteral("type"))
                   .toString()
                   .compare(QLatin1String("Response"), Qt::CaseInsensitive) == 0;
    });
}

} // namespace

TriggerHost::TriggerHost(Environment environment, request::RequestServer* http, QObject* parent)
    : QObject(parent), m_env(std::move(environment)), m_http(http)
{}

TriggerHost::~TriggerHost()
{
    stopAll();
}

int TriggerHost::serve(const engine::Workflow& workflow, const QString& path, const QString& name)
{
    if (workflowDisabled(workflow)) {
        Q_EMIT triggerSkipped(name, {}, tr("the workflow is disabled"));
        return 0;
    }
    const QJsonObject definition = workflow.definition();
    const QJsonObject triggers = definition.value(QStringLiteral("triggers")).toObject();
    int started = 0;
    for (auto it = triggers.constBegin(); it != triggers.constEnd(); ++it) {
        const QString triggerName = it.key();
        const QJsonObject triggerJson = it.value().toObject();
        if (triggerDisabled(triggerJson)) {
            Q_EMIT triggerSkipped(name, triggerName, tr("the trigger is disabled"));
            continue;
        }
        const engine::Catalogue::Match match = m_env.catalogue->recognise(triggerJson);
        if (!match.operation || !match.operation->createTrigger) {
            Q_EMIT triggerSkipped(name, triggerName,
                                  tr("%1 triggers fire only when run by hand")
                                      .arg(triggerJson.value(QStringLiteral("type")).toString()));
            continue;
        }
        std::unique_ptr<engine::TriggerSource> source = match.operation->createTrigger();
        source->setProperty("workflowName", name);
        if (!m_env.stateDirectory.isEmpty())
            source->setProperty("stateDirectory", m_env.stateDirectory);
        engine::JobContext context;
        context.stepName = triggerName;
        context.secrets = m_env.secrets;
        if (m_env.connectionFor) {
            auto connection = m_env.connectionFor(triggerJson);
            if (!connection) {
                Q_EMIT triggerFailed(name, triggerName, connection.error().toString());
                continue;
            }
            context.connection = *connection;
        }

        engine::Executor* executor = m_env.executor;
        const engine::Workflow snapshot = workflow;
        const std::function<QString(const QJsonObject&)> startRun =
            [this, executor, snapshot, path, name, triggerName,
             prepare = m_env.prepareRun](const QJsonObject& outputs) {
                engine::RunRequest request =
                    engine::RunSetup::request(snapshot, path, outputs, triggerName);
                if (prepare)
                    prepare(request);
                const QString id = executor->start(std::move(request));
                Q_EMIT runStarted(name, triggerName, id);
                return id;
            };
        if (qobject_cast<request::RequestTrigger*>(source.get())) {
            if (!m_http) {
                Q_EMIT triggerFailed(name, triggerName, tr("no HTTP server for request triggers"));
                continue;
            }
            answerRequests(source.get(), workflow, startRun);
        } else {
            connect(source.get(), &engine::TriggerSource::fired, this,
                    [startRun](const QJsonObject& outputs) { startRun(outputs); });
        }
        connect(source.get(), &engine::TriggerSource::failed, this,
                [this, name, triggerName](const QString& message) {
                    Q_EMIT triggerFailed(name, triggerName, message);
                });
        QString error;
        if (!source->start(triggerJson, context, &error)) {
            Q_EMIT triggerFailed(name, triggerName, error);
            continue;
        }
        const auto* request = qobject_cast<request::RequestTrigger*>(source.get());
        Q_EMIT triggerStarted(name, triggerName,
                              request ? tr("listens at %1").arg(request->callbackUrl())
                                      : match.operation->displayName);
        ++started;
        m_served.push_back({name, triggerName, std::move(source)});
    }
    return started;
}

void TriggerHost::answerRequests(engine::TriggerSource* source, const engine::Workflow& workflow,
                                 const std::function<QString(const QJsonObject&)>& startRun)
{
    auto* trigger = static_cast<request::RequestTrigger*>(source);
    trigger->setServer(m_http);
    engine::Executor* executor = m_env.executor;
    const bool waitForResponse = hasResponseAction(workflow);
    trigger->setResponder([this, executor, startRun,
                           waitForResponse](const QJsonObject& outputs,
                                            request::RequestTrigger::Respond respond) {
        if (!waitForResponse) {
            const QString runId = startRun(outputs);
            auto r = request::HttpResponse::json(
                202, QJsonDocument(QJsonObject{{QStringLiteral("runId"), runId}})
                         .toJson(QJsonDocument::Compact));
            r.headers.append(std::make_pair(QByteArray("x-ms-workflow-run-id"), runId.toLatin1()));
            respond(r);
            return;
        }
        // Answer with the Response action, or 502 when the run ends without one.
        auto pending = std::make_shared<QString>();
        auto done = std::make_shared<bool>(false);
        auto* waiter = new QObject(this);
        connect(executor, &engine::Executor::responseReady, waiter,
                [=](const QString& runId, const QJsonObject& response) {
                    if (*done || runId != *pending)
                        return;
                    *done = true;
                    respond(toHttp(response));
                });
        connect(executor, &engine::Executor::runFinished, waiter, [=](const engine::Run& run) {
            if (run.id != *pending)
                return;
            if (!*done) {
                *done = true;
                respond(run.response.isEmpty() ? request::HttpResponse::error(
                                                     502, "NoResponse",
                                                     tr("the run ended (%1) without a Response")
                                                         .arg(engine::runStatusName(run.status)))
                                               : toHttp(run.response));
            }
            waiter->deleteLater();
        });
        *pending = startRun(outputs);
    });
}

void TriggerHost::stop(const QString& name)
{
    for (auto it = m_served.begin(); it != m_served.end();) {
        if (it->workflow == name) {
            it->source->stop();
            it = m_served.erase(it);
        } else {
            ++it;
        }
    }
}

void TriggerHost::stopAll()
{
    for (Served& s : m_served)
        s.source->stop();
    m_served.clear();
}

QString TriggerHost::callbackUrl(const QString& name) const
{
    for (const Served& s : m_served) {
        if (s.workflow != name)
            continue;
        if (const auto* r = qobject_cast<const request::RequestTrigger*>(s.source.get()))
            return r->callbackUrl();
    }
    return {};
}

} // namespace connectors
