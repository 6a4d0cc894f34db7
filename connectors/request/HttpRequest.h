#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrlQuery>
#include <utility>

namespace connectors::request {

// One HTTP/1.1 request as the request trigger received it.
struct HttpRequest
{
    QByteArray method;  // upper case
    QByteArray target;  // as sent: path and query
    QByteArray version; // "HTTP/1.1"
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const; // case-insensitive, first one
    QString path() const;                            // percent-decoded, no query
    QUrlQuery query() const;
};

// What the trigger answers.
struct HttpResponse
{
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse json(int status, const QByteArray& body);
    // {"error":{"code":..,"message":..}} as Logic Apps answers failures.
    static HttpResponse error(int status, const QByteArray& code, const QString& message);
    QByteArray serialize() const;
    static QByteArray reason(int status);
};

} // namespace connectors::request
