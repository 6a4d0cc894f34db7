#pragma once

#include "engine/core/Result.h"
#include "engine/runtime/RunRequest.h"

#include <QJsonObject>
#include <QString>
#include <functional>

namespace engine {

class Connections;
class SecretStore;
class Workflow;

// The small pieces every way of starting a run shares (`logicapp run`,
// `logicapp serve`, the designer's Run button): a request from a workflow,
// the trigger body a person typed, the app settings of a project, and which
// connection a step names.
class RunSetup
{
public:
    // A snapshot of the workflow's definition with the trigger's outputs.
    static RunRequest request(const Workflow& workflow, const QString& path,
                              const QJsonObject& triggerOutputs, const QString& triggerName = {});
    // The workflow's name for the history: its own name, else the folder of a
    // Standard workflow.json, else the file's base name.
    static QString workflowName(const Workflow& workflow, const QString& path);

    // A manual trigger's outputs {"headers":{}, "body":...} from JSON text, or
    // from a file when the text starts with '@'. Errors name `field`.
    static Result<QJsonObject>
    triggerOutputsFrom(const QString& jsonOrAtFile,
                       const QString& field = QStringLiteral("trigger-body"));
    // A file next to a Logic Apps Standard workflow (<project>/<workflow>/workflow.json):
    // <project>/<fileName> when it exists, else empty.
    static QString projectFile(const QString& workflowPath, const QString& fileName);

    // The name of the connection a step uses: the built-in
    // serviceProviderConfiguration.connectionName, a managed API connection's
    // host.connection.referenceName, or the key in
    // "@parameters('$connections')['smtp']['connectionId']". Empty when none.
    static QString connectionNameOf(const QJsonObject& step);
    // RunEnvironment::connectionFor over a connections.json: the connection a
    // step names, its @appsetting values and secrets resolved (`secrets` may be
    // null and must outlive the function); an empty object for steps that name
    // none. Errors name the field "Connection".
    static std::function<Result<QJsonObject>(const QJsonObject& step)>
    connectionResolver(const Connections& connections, const SecretStore* secrets);
    // The same, but every connection the definition's actions name is resolved
    // now, in the calling thread (a keychain may only be asked from there);
    // the function then only looks results up and is safe in any thread.
    static std::function<Result<QJsonObject>(const QJsonObject& step)>
    resolvedConnections(const QJsonObject& definition, const Connections& connections,
                        const SecretStore* secrets);
};

} // namespace engine
