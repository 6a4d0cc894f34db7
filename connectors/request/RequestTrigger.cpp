#include "connectors/request/RequestTrigger.h"

#include "connectors/request/JsonSchema.h"
#include "connectors/request/RequestServer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcRequest)

namespace connectors::request {
namespace {

QStringList segments(const QString& path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

bool isJsonType(const QByteArray& contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json" || type.endsWith("+json") || type == "text/json";
}

bool isFormType(const QByteArray& contentType)
{
    return contentType.split(';').first().trimmed().toLower() ==
           "application/x-www-form-urlencoded";
}

// The fields of an application/x-www-form-urlencoded body in their order, as
// Logic Apps hands them to the workflow: [{"key": …, "value": …}]. '+' is a
// space (HTML 4.01, 17.13.4); a field without '=' has an empty value.
QJsonArray formData(const QByteArray& body)
{
    QJsonArray fields;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        auto decode = [](QByteArray text) {
            return QString::fromUtf8(QByteArray::fromPercentEncoding(text.replace('+', ' ')));
        };
        fields.append(
            QJsonObject{{QStringLiteral("key"), decode(pair.left(eq < 0 ? pair.size() : eq))},
                        {QStringLiteral("value"), eq < 0 ? QString() : decode(pair.mid(eq + 1))}});
    }
    return fields;
}

} // namespace

RequestTrigger::RequestTrigger(QObject* parent) : engine::TriggerSource(parent) {}

RequestTrigger::~RequestTrigger()
{
    stop();
}

bool RequestTrigger::sameSecret(const QByteArray& given, const QByteArray& expected)
{
    // Every byte of the expected secret is looked at whatever the input.
    unsigned char diff = given.size() == expected.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const char g = i < given.size() ? given.at(i) : char(0);
        diff |= static_cast<unsigned char>(g ^ expected.at(i));
    }
    return diff == 0 && !expected.isEmpty();
}

bool RequestTrigger::start(const QJsonObject& trigger, const engine::JobContext& context,
                           QString* errorMessage)
{
    auto fail = [errorMessage](const QString& message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    m_trigger = context.stepName.isEmpty() ? QStringLiteral("manual") : context.stepName;
    if (m_workflow.isEmpty())
        m_workflow = QStringLiteral("workflow");
    const QJsonObject inputs = trigger.value(QStringLiteral("inputs")).toObject();
    m_method = inputs.value(QStringLiteral("method")).toString().trimmed().toUpper().toLatin1();
    static const QList<QByteArray> methods = {"GET",    "POST", "PUT",    "PATCH",
                                              "DELETE", "HEAD", "OPTIONS"};
    if (!m_method.isEmpty() && !methods.contains(m_method))
        return fail(QStringLiteral("inputs.method: ") +
                    tr("'%1' is not an HTTP method (GET, POST, PUT, PATCH, DELETE)")
                        .arg(QString::fromLatin1(m_method)));
    m_relativePath = segments(inputs.value(QStringLiteral("relativePath")).toString());
    const QJsonValue schema = inputs.value(QStringLiteral("schema"));
    if (!schema.isUndefined() && !schema.isNull() && !schema.isObject())
        return fail(QStringLiteral("inputs.schema: ") + tr("must be a JSON Schema object"));
    m_schema = schema.isObject() && !schema.toObject().isEmpty()
                   ? std::optional<QJsonObject>(schema.toObject())
                   : std::nullopt;

    if (m_sig.isEmpty()) {
        const QString dir =
            m_stateDir.isEmpty()
                ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                      QStringLiteral("/triggers")
                : m_stateDir;
        const QString file = dir + QLatin1Char('/') + m_workflow + QLatin1Char('.') + m_trigger +
                             QStringLiteral(".sig");
        QFile existing(file);
        if (existing.open(QIODevice::ReadOnly))
            m_sig = QString::fromLatin1(existing.readAll().trimmed());
        if (m_sig.isEmpty()) {
            QByteArray random(32, Qt::Uninitialized);
            QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()),
                                                  random.size() / 4);
            m_sig = QString::fromLatin1(
                random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
            QDir().mkpath(dir);
            QSaveFile save(file);
            if (!save.open(QIODevice::WriteOnly) || save.write(m_sig.toLatin1()) < 0 ||
                !save.commit())
                return fail(tr("cannot store the trigger's secret in %1").arg(file));
            QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }

    if (!m_server)
        m_server = RequestServer::shared();
    if (!m_server->start())
        return fail(tr("cannot listen on 127.0.0.1:%1: %2")
                        .arg(m_server->options().port)
                        .arg(m_server->errorString()));
    m_server->add(this);
    m_running = true;
    qCInfo(lcRequest) << "trigger" << m_trigger << "of" << m_workflow << "listens on"
                      << (m_method.isEmpty() ? QByteArray("any method") : m_method) << basePath();
    return true;
}

void RequestTrigger::stop()
{
    if (m_server)
        m_server->remove(this);
    m_running = false;
}

QString RequestTrigger::basePath() const
{
    return QStringLiteral("/api/%1/triggers/%2/invoke").arg(m_workflow, m_trigger);
}

QString RequestTrigger::callbackUrl() const
{
    QString path = basePath();
    if (!m_relativePath.isEmpty())
        path += QLatin1Char('/') + m_relativePath.join(QLatin1Char('/'));
    const QString base = m_server ? m_server->baseUrl() : QStringLiteral("http://127.0.0.1");
    return base + QString::fromLatin1(QUrl::toPercentEncoding(path, "/{}")) +
           QStringLiteral("?api-version=2022-05-01&sp=%2Ftriggers%2F") + m_trigger +
           QStringLiteral("%2Frun&sv=1.0&sig=") + m_sig;
}

bool RequestTrigger::matchesPath(const QString& path, QJsonObject* parameters) const
{
    const QStringList base = segments(basePath());
    const QStringList given = segments(path);
    if (given.size() != base.size() + m_relativePath.size())
        return false;
    for (qsizetype i = 0; i < base.size(); ++i) {
        if (given.at(i).compare(base.at(i), Qt::CaseInsensitive) != 0)
            return false;
    }
    QJsonObject params;
    for (qsizetype i = 0; i < m_relativePath.size(); ++i) {
        const QString& pattern = m_relativePath.at(i);
        const QString& value = given.at(base.size() + i);
        if (pattern.startsWith(QLatin1Char('{')) && pattern.endsWith(QLatin1Char('}')))
            params.insert(pattern.mid(1, pattern.size() - 2), value);
        else if (pattern.compare(value, Qt::CaseInsensitive) != 0)
            return false;
    }
    if (parameters)
        *parameters = params;
    return true;
}

void RequestTrigger::handle(const HttpRequest& request, const QJsonObject& pathParameters,
                            Respond respond)
{
    const QUrlQuery query = request.query();
    if (!sameSecret(query.queryItemValue(QStringLiteral("sig"), QUrl::FullyDecoded).toLatin1(),
                    m_sig.toLatin1())) {
        qCInfo(lcRequest) << request.method << request.path() << "-> 401 (sig)";
        respond(HttpResponse::error(401, "DirectApiAuthorizationRequired",
                                    tr("the request has no valid 'sig' for this trigger; use the "
                                       "URL shown for it")));
        return;
    }
    if (!m_method.isEmpty() && request.method != m_method) {
        HttpResponse r = HttpResponse::error(
            405, "TriggerRequestMethodNotValid",
            tr("this trigger accepts %1, not %2")
                .arg(QString::fromLatin1(m_method), QString::fromLatin1(request.method)));
        r.headers.append(std::make_pair(QByteArray("Allow"), QByteArray(m_method)));
        respond(r);
        return;
    }

    QJsonValue body;
    const QByteArray contentType = request.header("Content-Type");
    if (!request.body.isEmpty()) {
        if (isJsonType(contentType) || (contentType.isEmpty() && m_schema)) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
            if (error.error != QJsonParseError::NoError) {
                respond(HttpResponse::error(400, "InvalidRequestContent",
                                            tr("the body is not valid JSON: %1 at offset %2")
                                                .arg(error.errorString())
                                                .arg(error.offset)));
                return;
            }
            body = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        } else if (contentType.toLower().startsWith("text/")) {
            body = QString::fromUtf8(request.body);
        } else {
            QJsonObject content{
                {QStringLiteral("$content-type"), QString::fromLatin1(contentType)},
                {QStringLiteral("$content"), QString::fromLatin1(request.body.toBase64())}};
            if (isFormType(contentType))
                content.insert(QStringLiteral("$formdata"), formData(request.body));
            body = content;
        }
    }
    if (m_schema) {
        if (auto problem =
                JsonSchema::validate(body.isUndefined() ? QJsonValue() : body, *m_schema)) {
            qCInfo(lcRequest) << request.method << request.path() << "-> 400 (schema)";
            respond(HttpResponse::error(
                400, "TriggerInputSchemaMismatch",
                tr("the body does not match the trigger's schema: %1").arg(problem->toString())));
            return;
        }
    }

    QJsonObject headers;
    for (const auto& [n, v] : request.headers)
        headers.insert(QString::fromLatin1(n), QString::fromUtf8(v));
    QJsonObject queries;
    for (const auto& [k, v] : query.queryItems(QUrl::FullyDecoded)) {
        if (k != QLatin1String("sig"))
            queries.insert(k, v);
    }
    QJsonObject outputs{{QStringLiteral("headers"), headers},
                        {QStringLiteral("queries"), queries},
                        {QStringLiteral("relativePathParameters"), pathParameters},
                        {QStringLiteral("method"), QString::fromLatin1(request.method)}};
    if (!body.isUndefined())
        outputs.insert(QStringLiteral("body"), body);

    if (m_responder) {
        m_responder(outputs, std::move(respond));
        return;
    }
    const QString runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    outputs.insert(QStringLiteral("runId"), runId);
    Q_EMIT fired(outputs);
    HttpResponse r =
        HttpResponse::json(202, QJsonDocument(QJsonObject{{QStringLiteral("runId"), runId}})
                                    .toJson(QJsonDocument::Compact));
    r.headers.append(
        std::make_pair(QByteArray("x-ms-workflow-run-id"), QByteArray(runId.toLatin1())));
    respond(r);
}

} // namespace connectors::request
