#pragma once

#include "connectors/request/HttpRequest.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <functional>

namespace connectors::request {

class RequestTrigger;

// The HTTP/1.1 listener behind every "When a HTTP request is received"
// trigger: 127.0.0.1 only, one request per connection, routed by path to the
// trigger registered for it. Answers 404 for unknown paths and the framing
// errors the parser reports (400, 411, 413, 431, 501) itself.
class RequestServer : public QTcpServer
{
    Q_OBJECT
public:
    struct Options
    {
        quint16 port = 7071; // 0: any free port
        qint64 maxBodySize = 100 * 1024 * 1024;
        int idleTimeoutMs = 30000;
    };

    explicit RequestServer(Options options, QObject* parent = nullptr);
    explicit RequestServer(QObject* parent = nullptr) : RequestServer(Options{}, parent) {}
    ~RequestServer() override;

    bool start();
    const Options& options() const { return m_options; }
    // "http://127.0.0.1:PORT"
    QString baseUrl() const;

    // The server triggers use when none is given: listens on LOGICAPP_HTTP_PORT
    // (default 7071) when first used.
    static RequestServer* shared();

    void add(RequestTrigger* trigger);
    void remove(RequestTrigger* trigger);

private:
    void incomingConnection(qintptr descriptor) override;
    void dispatch(const HttpRequest& request, std::function<void(const HttpResponse&)> respond);

    Options m_options;
    QList<QPointer<RequestTrigger>> m_triggers;
};

} // namespace connectors::request
