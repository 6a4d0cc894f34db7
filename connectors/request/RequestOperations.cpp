#include "connectors/request/RequestOperations.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace connectors::request {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("connectors::request::RequestOperations", text);
}

engine::PropertySchema prop(const QString& key, const QString& name, engine::PropertyType type,
                            const QString& description, bool advanced = false)
{
    engine::PropertySchema p;
    p.key = key;
    p.displayName = name;
    p.type = type;
    p.description = description;
    p.advanced = advanced;
    return p;
}

engine::OutputSchema output(const QString& key, const QString& name, const QString& type,
                            const QString& description, const QString& expression)
{
    engine::OutputSchema o;
    o.key = key;
    o.displayName = name;
    o.type = type;
    o.description = description;
    o.expression = expression;
    return o;
}

} // namespace

engine::Operation RequestOperations::manual()
{
    using engine::PropertyType;
    engine::Operation op;
    op.id = manualId();
    op.connector = QStringLiteral("request");
    op.connectorDisplayName = tr("Request");
    op.displayName = tr("When a HTTP request is received");
    op.description = tr("Starts a run when the workflow's URL is called, or by hand with Run.");
    op.icon = QStringLiteral(":/icons/request.svg");
    op.color = QStringLiteral("#009da5");
    op.kind = engine::OperationKind::Trigger;
    op.keywords = {QStringLiteral("manual"), QStringLiteral("http"), QStringLiteral("webhook"),
                   QStringLiteral("button"), QStringLiteral("request")};

    engine::PropertySchema schema =
        prop(QStringLiteral("Schema"), tr("Request body JSON schema"), PropertyType::Object,
             tr("The JSON schema the body must match; its properties become dynamic content."));
    schema.defaultValue = QJsonObject();
    engine::PropertySchema method = prop(QStringLiteral("Method"), tr("Method"), PropertyType::Enum,
                                         tr("The HTTP method accepted; any when empty."), true);
    method.enumValues = {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                         QStringLiteral("PATCH"), QStringLiteral("DELETE")};
    engine::PropertySchema relativePath =
        prop(QStringLiteral("RelativePath"), tr("Relative path"), PropertyType::String,
             tr("Path parameters after the URL, like customers/{id}."), true);
    op.properties = {schema, method, relativePath};

    op.outputs = {
        output(QStringLiteral("Body"), tr("Body"), QStringLiteral("object"),
               tr("The body of the request."), QStringLiteral("triggerBody()")),
        output(QStringLiteral("Headers"), tr("Headers"), QStringLiteral("object"),
               tr("The headers of the request."), QStringLiteral("triggerOutputs()?['headers']")),
        output(QStringLiteral("Queries"), tr("Queries"), QStringLiteral("object"),
               tr("The query parameters of the URL."),
               QStringLiteral("triggerOutputs()?['queries']")),
    };

    engine::WdlShape shape;
    shape.name = QStringLiteral("Request");
    shape.type = QStringLiteral("Request");
    shape.matches = [](const QJsonObject& step) {
        const QJsonValue kind = step.value(QLatin1String("kind"));
        return kind.isUndefined() ||
               kind.toString().compare(QLatin1String("Http"), Qt::CaseInsensitive) == 0 ||
               kind.toString().compare(QLatin1String("Button"), Qt::CaseInsensitive) == 0;
    };
    shape.propertyPaths = {
        {QStringLiteral("Schema"), {QStringLiteral("inputs"), QStringLiteral("schema")}},
        {QStringLiteral("Method"), {QStringLiteral("inputs"), QStringLiteral("method")}},
        {QStringLiteral("RelativePath"),
         {QStringLiteral("inputs"), QStringLiteral("relativePath")}},
    };
    op.shapes = {shape};
    op.newStep = [] {
        return QJsonObject{
            {QStringLiteral("type"), QStringLiteral("Request")},
            {QStringLiteral("kind"), QStringLiteral("Http")},
            {QStringLiteral("inputs"), QJsonObject{{QStringLiteral("schema"), QJsonObject()}}},
        };
    };
    return op;
}

} // namespace connectors::request
