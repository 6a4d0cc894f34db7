#include "engine/runtime/RunSetup.h"

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

Result<QHash<QString, QString>> RunSetup::loadSettings(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QHash<QString, QString>>::failure(
            QStringLiteral("settings"), tr("cannot read %1: %2").arg(path, file.errorString()));
    QByteArray bytes = file.readAll();
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Result<QHash<QString, QString>>::failure(
            QStringLiteral("settings"),
            tr("%1 is not a local.settings.json file (%2)")
                .arg(path, err.error != QJsonParseError::NoError ? err.errorString()
                                                                 : tr("expected an object")));
    const QJsonValue values = doc.object().value(QStringLiteral("Values"));
    if (!values.isUndefined() && !values.isObject())
        return Result<QHash<QString, QString>>::failure(
            QStringLiteral("settings.Values"), tr("must be an object of names and values"));
    QHash<QString, QString> out;
    const QJsonObject o = values.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().isString() ? it.value().toString()
                                                   : it.value().toVariant().toString());
    return out;
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

} // namespace engine
