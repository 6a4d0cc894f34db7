#include "engine/runtime/RunSetup.h"

#include "engine/connections/Connections.h"
#include "engine/workflow/Workflow.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace engine {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("engine::RunSetup", text);
}

} // namespace

QString RunSetup::workflowName(const Workflow& workflow, const QString& path)
{
    if (!workflow.name().isEmpty())
        return workflow.name();
    if (path.isEmpty())
        return QStringLiteral("workflow");
    const QFileInfo info(path);
    if (info.fileName().compare(QLatin1String("workflow.json"), Qt::CaseInsensitive) == 0)
        return info.absoluteDir().dirName();
    return info.completeBaseName();
}

RunRequest RunSetup::request(const Workflow& workflow, const QString& path,
                             const QJsonObject& triggerOutputs, const QString& triggerName)
{
    RunRequest r;
    r.workflowName = workflowName(workflow, path);
    r.workflowPath = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    r.definition = workflow.definition();
    r.triggerName = triggerName;
    if (r.triggerName.isEmpty() && !workflow.triggerNames().isEmpty())
        r.triggerName = workflow.triggerNames().first();
    r.triggerOutputs = triggerOutputs;
    const QJsonObject refs = workflow.connectionReferences();
    if (!refs.isEmpty())
        r.parameterValues.insert(QStringLiteral("$connections"),
                                 QJsonObject{{QStringLiteral("value"), refs}});
    return r;
}

Result<QJsonObject> RunSetup::triggerOutputsFrom(const QString& text, const QString& field)
{
    QByteArray bytes;
    if (text.startsWith(QLatin1Char('@'))) {
        QFile file(text.mid(1));
        if (!file.open(QIODevice::ReadOnly))
            return Result<QJsonObject>::failure(
                field, tr("cannot read %1: %2").arg(text.mid(1), file.errorString()));
        bytes = file.readAll();
    } else {
        bytes = text.toUtf8();
    }
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QJsonParseError err;
    // Wrapping lets any JSON value (string, number, array) be the body.
    const QJsonDocument doc = QJsonDocument::fromJson("[" + bytes + "\n]", &err);
    if (err.error != QJsonParseError::NoError || doc.array().size() != 1)
        return Result<QJsonObject>::failure(
            field, tr("is not JSON (%1 at offset %2); write e.g. '{\"Email\":\"ada@example.com\"}'")
                       .arg(err.errorString())
                       .arg(std::max(0, err.offset - 1)));
    QJsonObject outputs;
    outputs.insert(QStringLiteral("headers"), QJsonObject{{QStringLiteral("Content-Type"),
                                                           QStringLiteral("application/json")}});
    outputs.insert(QStringLiteral("body"), doc.array().at(0));
    return outputs;
}

QString RunSetup::projectFile(const QString& workflowPath, const QString& fileName)
{
    const QFileInfo info(workflowPath);
    QDir dir = info.absoluteDir();
    if (dir.exists(fileName))
        return dir.absoluteFilePath(fileName);
    if (dir.cdUp() && dir.exists(fileName))
        return dir.absoluteFilePath(fileName);
    return QString();
}

QString RunSetup::connectionNameOf(const QJsonObject& step)
{
    const QJsonObject inputs = step.value(QStringLiteral("inputs")).toObject();
    const QString builtIn = inputs.value(QStringLiteral("serviceProviderConfiguration"))
                                .toObject()
                                .value(QStringLiteral("connectionName"))
                                .toString();
    if (!builtIn.isEmpty())
        return builtIn;
    const QJsonObject connection = inputs.value(QStringLiteral("host"))
                                       .toObject()
                                       .value(QStringLiteral("connection"))
                                       .toObject();
    const QString reference = connection.value(QStringLiteral("referenceName")).toString();
    if (!reference.isEmpty())
        return reference;
    // "@parameters('$connections')['smtp']['connectionId']"
    static const QRegularExpression byParameter(
        QStringLiteral(R"(\$connections'\)\s*\[\s*'([^']+)'\s*\])"));
    const QRegularExpressionMatch m =
        byParameter.match(connection.value(QStringLiteral("name")).toString());
    if (m.hasMatch())
        return m.captured(1);
    return QString();
}

std::function<Result<QJsonObject>(const QJsonObject&)>
RunSetup::connectionResolver(const Connections& connections, const SecretStore* secrets)
{
    return [connections, secrets](const QJsonObject& step) -> Result<QJsonObject> {
        const QString name = connectionNameOf(step);
        if (name.isEmpty())
            return QJsonObject();
        if (!connections.find(name))
            return Result<QJsonObject>::failure(
                QStringLiteral("Connection"),
                tr("there is no connection named '%1' in connections.json").arg(name), 404);
        Result<QJsonObject> resolved = connections.resolve(name, secrets);
        if (!resolved) {
            Error e = resolved.error();
            e.field = e.field.isEmpty() ? QStringLiteral("Connection")
                                        : QStringLiteral("Connection.") + e.field;
            return e;
        }
        return resolved;
    };
}

namespace {

void collectSteps(const QJsonObject& actions, QList<QJsonObject>& out)
{
    for (auto it = actions.begin(); it != actions.end(); ++it) {
        const QJsonObject step = it.value().toObject();
        out.append(step);
        collectSteps(step.value(QStringLiteral("actions")).toObject(), out);
        collectSteps(step.value(QStringLiteral("else"))
                         .toObject()
                         .value(QStringLiteral("actions"))
                         .toObject(),
                     out);
        const QJsonObject cases = step.value(QStringLiteral("cases")).toObject();
        for (auto c = cases.begin(); c != cases.end(); ++c)
            collectSteps(c.value().toObject().value(QStringLiteral("actions")).toObject(), out);
        collectSteps(step.value(QStringLiteral("default"))
                         .toObject()
                         .value(QStringLiteral("actions"))
                         .toObject(),
                     out);
    }
}

} // namespace

std::function<Result<QJsonObject>(const QJsonObject&)>
RunSetup::resolvedConnections(const QJsonObject& definition, const Connections& connections,
                              const SecretStore* secrets)
{
    const auto resolve = connectionResolver(connections, secrets);
    QList<QJsonObject> steps;
    collectSteps(definition.value(QStringLiteral("actions")).toObject(), steps);
    auto resolved = std::make_shared<QHash<QString, Result<QJsonObject>>>();
    for (const QJsonObject& step : steps) {
        const QString name = connectionNameOf(step);
        if (!name.isEmpty() && !resolved->contains(name))
            resolved->insert(name, resolve(step));
    }
    return [resolved](const QJsonObject& step) -> Result<QJsonObject> {
        const QString name = connectionNameOf(step);
        if (name.isEmpty())
            return QJsonObject();
        auto it = resolved->constFind(name);
        if (it == resolved->cend())
            return Result<QJsonObject>::failure(
                QStringLiteral("Connection"),
                tr("the connection '%1' was not known when the run started").arg(name), 404);
        return *it;
    };
}

} // namespace engine
