#include "connectors/request/RequestServer.h"

#include "connectors/request/HttpRequestParser.h"
#include "connectors/request/RequestTrigger.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcRequest, "logicapp.request")

namespace connectors::request {
namespace {

// One connection: read one request, answer it, close.
class Connection : public QObject
{
public:
    Connection(QTcpSocket* socket, RequestServer* server,
               std::function<void(Connection*, const HttpRequest&)> dispatch)
        : QObject(server), m_socket(socket), m_parser(server->options().maxBodySize),
          m_dispatch(std::move(dispatch))
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this] { onRead(); });
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_idle.setSingleShot(true);
        connect(&m_idle, &QTimer::timeout, this, [this] {
            respond(HttpResponse::error(408, "RequestTimeout",
                                        RequestServer::tr("the request took too long")));
        });
        m_idle.start(server->options().idleTimeoutMs);
    }

    void respond(const HttpResponse& response)
    {
        if (m_answered)
            return;
        m_answered = true;
        m_idle.stop();
        m_socket->write(response.serialize());
        m_socket->disconnectFromHost();
    }

private:
    void onRead()
    {
        if (m_answered) {
            m_socket->readAll(); // drained while the answer goes out
            return;
        }
        const bool hadHeaders = m_parser.headersComplete();
        const auto state = m_parser.feed(m_socket->readAll());
        if (state == HttpRequestParser::State::Failed) {
            respond(HttpResponse::error(m_parser.errorStatus(), "InvalidRequest",
                                        m_parser.errorMessage()));
            return;
        }
        if (!hadHeaders && m_parser.headersComplete() && m_parser.expectsContinue() &&
            state == HttpRequestParser::State::Incomplete)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n"); // RFC 9110 10.1.1
        if (state == HttpRequestParser::State::Complete) {
            m_idle.stop();
            m_dispatch(this, m_parser.request());
        }
    }

    QTcpSocket* m_socket;
    HttpRequestParser m_parser;
    std::function<void(Connection*, const HttpRequest&)> m_dispatch;
    QTimer m_idle;
    bool m_answered = false;
};

} // namespace

RequestServer::RequestServer(Options options, QObject* parent)
    : QTcpServer(parent), m_options(options)
{}

RequestServer::~RequestServer()
{
    close();
}

bool RequestServer::start()
{
    if (isListening())
        return true;
    if (!listen(QHostAddress::LocalHost, m_options.port))
        return false;
    qCInfo(lcRequest) << "listening for HTTP requests on" << baseUrl();
    return true;
}

QString RequestServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
}

RequestServer* RequestServer::shared()
{
    static QPointer<RequestServer> instance;
    if (!instance) {
        Options options;
        bool ok = false;
        const uint port = qEnvironmentVariable("LOGICAPP_HTTP_PORT").toUInt(&ok);
        if (ok && port <= 65535)
            options.port = quint16(port);
        instance = new RequestServer(options, QCoreApplication::instance());
    }
    return instance;
}

void RequestServer::add(RequestTrigger* trigger)
{
    if (!m_triggers.contains(trigger))
        m_triggers.append(trigger);
}

void RequestServer::remove(RequestTrigger* trigger)
{
    m_triggers.removeAll(trigger);
}

void RequestServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    new Connection(socket, this, [this](Connection* c, const HttpRequest& request) {
        QPointer<Connection> guard(c);
        dispatch(request, [guard](const HttpResponse& response) {
            if (guard)
                guard->respond(response);
        });
    });
}

void RequestServer::dispatch(const HttpRequest& request,
                             std::function<void(const HttpResponse&)> respond)
{
    const QString path = request.path();
    for (const QPointer<RequestTrigger>& trigger : std::as_const(m_triggers)) {
        QJsonObject parameters;
        if (trigger && trigger->matchesPath(path, &parameters)) {
            trigger->handle(request, parameters, std::move(respond));
            return;
        }
    }
    qCInfo(lcRequest) << request.method << path << "-> 404";
    respond(HttpResponse::error(404, "TriggerNotFound",
                                tr("no running trigger listens on %1").arg(path)));
}

} // namespace connectors::request
