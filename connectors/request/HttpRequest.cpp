#include "connectors/request/HttpRequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace connectors::request {

QByteArray HttpRequest::header(const QByteArray& name) const
{
    for (const auto& [n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QString HttpRequest::path() const
{
    const qsizetype q = target.indexOf('?');
    return QUrl::fromPercentEncoding(q < 0 ? target : target.left(q));
}

QUrlQuery HttpRequest::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QUrlQuery() : QUrlQuery(QString::fromLatin1(target.mid(q + 1)));
}

HttpResponse HttpResponse::json(int status, const QByteArray& body)
{
    HttpResponse r;
    r.status = status;
    r.headers.append(
        std::make_pair(QByteArray("Content-Type"), QByteArray("application/json; charset=utf-8")));
    r.body = body;
    return r;
}

HttpResponse HttpResponse::error(int status, const QByteArray& code, const QString& message)
{
    const QJsonObject o{
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QString::fromLatin1(code)},
                                              {QStringLiteral("message"), message}}}};
    return json(status, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray HttpResponse::reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray HttpResponse::serialize() const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    bool hasType = false;
    for (const auto& [n, v] : headers) {
        if (n.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
            n.compare("Connection", Qt::CaseInsensitive) == 0)
            continue;
        hasType = hasType || n.compare("Content-Type", Qt::CaseInsensitive) == 0;
        out += n + ": " + v + "\r\n";
    }
    if (!hasType && !body.isEmpty())
        out += "Content-Type: application/octet-stream\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace connectors::request
