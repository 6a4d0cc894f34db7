#include "tests/support/FakeSalesforceServer.h"

#include "connectors/request/HttpRequestParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>
#include <memory>

namespace testsupport {
namespace {

constexpr auto ApiVersion = "59.0";

QByteArray errorArray(const QString& code, const QString& message)
{
    return QJsonDocument(QJsonArray{QJsonObject{{QStringLiteral("message"), message},
                                                {QStringLiteral("errorCode"), code}}})
        .toJson(QJsonDocument::Compact);
}

QString sfTime(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("+0000");
}

QDateTime parseTime(QString text)
{
    static const QRegularExpression offset(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
    text.replace(offset, QStringLiteral("\\1:\\2"));
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

// --- a small SOQL condition evaluator: OR/AND/parentheses and comparisons of
// a field with a string, number, boolean, null or dateTime literal.
struct Cursor
{
    QStringList tokens;
    qsizetype pos = 0;
    QString peek() const { return pos < tokens.size() ? tokens.at(pos) : QString(); }
    QString take() { return pos < tokens.size() ? tokens.at(pos++) : QString(); }
};

QStringList tokenize(const QString& text)
{
    static const QRegularExpression token(
        QStringLiteral("\\s*('(?:[^'\\\\]|\\\\.)*'|!=|<=|>=|[()=<>]|[A-Za-z0-9_.:+-]+)"));
    QStringList out;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const auto m = token.match(text, pos, QRegularExpression::NormalMatch,
                                   QRegularExpression::AnchorAtOffsetMatchOption);
        if (!m.hasMatch())
            break;
        out.append(m.captured(1));
        pos = m.capturedEnd();
        while (pos < text.size() && text.at(pos).isSpace())
            ++pos;
    }
    return out;
}

int compareValues(const QJsonValue& field, const QString& literal)
{
    if (literal.startsWith(QLatin1Char('\''))) {
        QString s = literal.mid(1, literal.size() - 2);
        s.replace(QStringLiteral("\\'"), QStringLiteral("'"))
            .replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
        return QString::compare(field.toString(), s);
    }
    const QDateTime asTime = QDateTime::fromString(literal, Qt::ISODateWithMs);
    if (asTime.isValid() && literal.contains(QLatin1Char('T'))) {
        const QDateTime f = parseTime(field.toString());
        return f < asTime ? -1 : (f > asTime ? 1 : 0);
    }
    if (literal == QLatin1String("null"))
        return field.isNull() || field.isUndefined() ? 0 : 1;
    if (literal == QLatin1String("true") || literal == QLatin1String("false"))
        return field.toBool() == (literal == QLatin1String("true")) ? 0 : 1;
    const double d = literal.toDouble();
    const double f = field.toDouble();
    return f < d ? -1 : (f > d ? 1 : 0);
}

bool orExpr(Cursor& c, const QJsonObject& r);

bool primary(Cursor& c, const QJsonObject& r)
{
    if (c.peek() == QLatin1String("(")) {
        c.take();
        const bool v = orExpr(c, r);
        c.take(); // ')'
        return v;
    }
    const QString field = c.take();
    const QString op = c.take();
    const QString literal = c.take();
    const int cmp = compareValues(r.value(field), literal);
    if (op == QLatin1String("="))
        return cmp == 0;
    if (op == QLatin1String("!="))
        return cmp != 0;
    if (op == QLatin1String(">"))
        return cmp > 0;
    if (op == QLatin1String(">="))
        return cmp >= 0;
    if (op == QLatin1String("<"))
        return cmp < 0;
    if (op == QLatin1String("<="))
        return cmp <= 0;
    return false;
}

bool andExpr(Cursor& c, const QJsonObject& r)
{
    bool v = primary(c, r);
    while (c.peek().compare(QLatin1String("AND"), Qt::CaseInsensitive) == 0) {
        c.take();
        v = primary(c, r) && v;
    }
    return v;
}

bool orExpr(Cursor& c, const QJsonObject& r)
{
    bool v = andExpr(c, r);
    while (c.peek().compare(QLatin1String("OR"), Qt::CaseInsensitive) == 0) {
        c.take();
        v = andExpr(c, r) || v;
    }
    return v;
}

} // namespace

FakeSalesforceServer::FakeSalesforceServer(QObject* parent)
    : FakeSalesforceServer(Options(), parent)
{}

FakeSalesforceServer::FakeSalesforceServer(Options options, QObject* parent)
    : QTcpServer(parent), m_options(std::move(options))
{}

bool FakeSalesforceServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QString FakeSalesforceServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
}

QJsonObject FakeSalesforceServer::connection(bool passwordFlow) const
{
    QJsonObject c{{QStringLiteral("loginUrl"), baseUrl()},
                  {QStringLiteral("clientId"), m_options.clientId},
                  {QStringLiteral("clientSecret"), m_options.clientSecret},
                  {QStringLiteral("apiVersion"), QLatin1String(ApiVersion)}};
    if (passwordFlow) {
        c.insert(QStringLiteral("username"), m_options.username);
        c.insert(QStringLiteral("password"), m_options.password);
        c.insert(QStringLiteral("securityToken"), m_options.securityToken);
    } else {
        c.insert(QStringLiteral("refreshToken"), m_options.refreshToken);
    }
    return c;
}

QJsonObject FakeSalesforceServer::addRecord(const QString& type, QJsonObject fields,
                                            QDateTime created)
{
    if (!created.isValid())
        created = QDateTime::currentDateTimeUtc();
    created = created.toUTC();
    created.setTime(QTime(created.time().hour(), created.time().minute(), created.time().second()));
    static const QHash<QString, QString> prefixes = {
        {QStringLiteral("Lead"), QStringLiteral("00Q")},
        {QStringLiteral("Account"), QStringLiteral("001")},
        {QStringLiteral("Contact"), QStringLiteral("003")}};
    const QString id = prefixes.value(type, QStringLiteral("a00")) +
                       QStringLiteral("FAKE%1").arg(++m_idCounter, 11, 10, QLatin1Char('0'));
    fields.insert(QStringLiteral("Id"), id);
    fields.insert(QStringLiteral("CreatedDate"), sfTime(created));
    m_records[type].append(fields);
    return fields;
}

void FakeSalesforceServer::expireTokens()
{
    m_validTokens.clear();
}

void FakeSalesforceServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    socket->setSocketDescriptor(descriptor);
    auto parser = std::make_shared<connectors::request::HttpRequestParser>();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, parser] {
        const auto state = parser->feed(socket->readAll());
        if (state == connectors::request::HttpRequestParser::State::Incomplete)
            return;
        Answer a;
        if (state == connectors::request::HttpRequestParser::State::Failed) {
            a = {400, errorArray(QStringLiteral("BAD_REQUEST"), parser->errorMessage())};
        } else {
            const auto& r = parser->request();
            const qsizetype q = r.target.indexOf('?');
            a = handle(r.method, QUrl::fromPercentEncoding(q < 0 ? r.target : r.target.left(q)),
                       q < 0 ? QString() : QString::fromLatin1(r.target.mid(q + 1)),
                       r.header("Authorization"), r.body);
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) +
                         " X\r\n"
                         "Content-Type: application/json;charset=UTF-8\r\n"
                         "Content-Length: " +
                         QByteArray::number(a.body.size()) + "\r\nConnection: close\r\n\r\n" +
                         a.body;
        socket->write(out);
        socket->disconnectFromHost();
    });
}

FakeSalesforceServer::Answer FakeSalesforceServer::handle(const QByteArray& method,
                                                          const QString& path, const QString& query,
                                                          const QByteArray& authorization,
                                                          const QByteArray& body)
{
    if (method == "POST" && path == QLatin1String("/services/oauth2/token"))
        return token(body);
    const QString token = QString::fromLatin1(authorization.mid(7));
    if (!authorization.startsWith("Bearer ") || !m_validTokens.contains(token)) {
        ++m_unauthorized;
        return {401, errorArray(QStringLiteral("INVALID_SESSION_ID"),
                                QStringLiteral("Session expired or invalid"))};
    }
    const QString data = QStringLiteral("/services/data/v") + QLatin1String(ApiVersion);
    static const QRegularExpression describe(
        QStringLiteral("^/services/data/v[0-9.]+/sobjects/(\\w+)/describe/?$"));
    if (const auto m = describe.match(path); m.hasMatch() && method == "GET") {
        const QString type = m.captured(1);
        QStringList names{QStringLiteral("Id"), QStringLiteral("CreatedDate")};
        for (const QJsonObject& r : m_records.value(type)) {
            for (const QString& k : r.keys()) {
                if (!names.contains(k))
                    names.append(k);
            }
        }
        for (const char* common : {"FirstName", "LastName", "Email", "Company", "Name"}) {
            if (!names.contains(QLatin1String(common)))
                names.append(QLatin1String(common));
        }
        QJsonArray fields;
        for (const QString& n : names)
            fields.append(QJsonObject{{QStringLiteral("name"), n},
                                      {QStringLiteral("type"), QStringLiteral("string")}});
        fields.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("Address")},
                                  {QStringLiteral("type"), QStringLiteral("address")}});
        return {200, QJsonDocument(QJsonObject{{QStringLiteral("name"), type},
                                               {QStringLiteral("fields"), fields}})
                         .toJson(QJsonDocument::Compact)};
    }
    if (method == "GET" && path == data + QStringLiteral("/query")) {
        ++m_queryRequests;
        return this->query(
            QUrlQuery(query).queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded));
    }
    if (method == "GET" && path.startsWith(data + QStringLiteral("/query/"))) {
        ++m_queryRequests;
        return nextPage(path.mid(data.size() + 7));
    }
    return {404, errorArray(QStringLiteral("NOT_FOUND"),
                            QStringLiteral("The requested resource does not exist"))};
}

FakeSalesforceServer::Answer FakeSalesforceServer::token(const QByteArray& body)
{
    ++m_tokenRequests;
    const QUrlQuery form(QString::fromLatin1(body));
    auto value = [&form](const char* key) {
        return form.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
    };
    const QString grant = value("grant_type");
    m_grantTypes.append(grant);
    bool ok = value("client_id") == m_options.clientId &&
              value("client_secret") == m_options.clientSecret;
    if (grant == QLatin1String("refresh_token"))
        ok = ok && value("refresh_token") == m_options.refreshToken;
    else if (grant == QLatin1String("password"))
        ok = ok && value("username") == m_options.username &&
             value("password") == m_options.password + m_options.securityToken;
    else
        return {
            400,
            R"({"error":"unsupported_grant_type","error_description":"grant type not supported"})"};
    if (!ok)
        return {400, R"({"error":"invalid_grant","error_description":"authentication failure"})"};
    const QString token = QStringLiteral("00DFAKE!token%1").arg(++m_tokenCounter);
    m_validTokens.append(token);
    const QJsonObject o{
        {QStringLiteral("access_token"), token},
        {QStringLiteral("instance_url"), baseUrl()},
        {QStringLiteral("id"), QString(baseUrl() + QStringLiteral("/id/00DFAKE/005FAKE"))},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("issued_at"), QString::number(QDateTime::currentMSecsSinceEpoch())},
        {QStringLiteral("signature"), QStringLiteral("fake")}};
    return {200, QJsonDocument(o).toJson(QJsonDocument::Compact)};
}

FakeSalesforceServer::Answer FakeSalesforceServer::query(const QString& soql)
{
    m_soql.append(soql);
    static const QRegularExpression select(
        QStringLiteral("^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?"
                       "(?:\\s+ORDER\\s+BY\\s+(.+?))?(?:\\s+LIMIT\\s+(\\d+))?\\s*$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    const auto m = select.match(soql);
    if (!m.hasMatch())
        return {400,
                errorArray(QStringLiteral("MALFORMED_QUERY"), QStringLiteral("unexpected token"))};
    QStringList fields;
    for (const QString& f : m.captured(1).split(QLatin1Char(',')))
        fields.append(f.trimmed());
    const QString type = m.captured(2);
    QList<QJsonObject> rows;
    for (const QJsonObject& r : m_records.value(type)) {
        if (!m.captured(3).isEmpty()) {
            Cursor c{tokenize(m.captured(3))};
            if (!orExpr(c, r))
                continue;
        }
        QJsonObject row{{QStringLiteral("attributes"),
                         QJsonObject{{QStringLiteral("type"), type},
                                     {QStringLiteral("url"),
                                      QStringLiteral("/services/data/v%1/sobjects/%2/%3")
                                          .arg(QLatin1String(ApiVersion), type,
                                               r.value(QStringLiteral("Id")).toString())}}}};
        for (const QString& f : std::as_const(fields))
            row.insert(f, r.contains(f) ? r.value(f) : QJsonValue());
        rows.append(row);
    }
    QStringList order;
    for (const QString& o : m.captured(4).split(QLatin1Char(','), Qt::SkipEmptyParts))
        order.append(o.trimmed().section(QLatin1Char(' '), 0, 0));
    std::stable_sort(
        rows.begin(), rows.end(), [&order](const QJsonObject& a, const QJsonObject& b) {
            for (const QString& f : order) {
                const int c = QString::compare(a.value(f).toString(), b.value(f).toString());
                if (c != 0)
                    return c < 0;
            }
            return false;
        });
    if (!m.captured(5).isEmpty())
        rows = rows.mid(0, m.captured(5).toInt());
    const QString cursor = QStringLiteral("01gFAKE%1").arg(++m_cursorCounter);
    m_cursors.insert(cursor, rows);
    return {200, QJsonDocument(page(cursor, 0)).toJson(QJsonDocument::Compact)};
}

FakeSalesforceServer::Answer FakeSalesforceServer::nextPage(const QString& locator)
{
    const QString cursor = locator.section(QLatin1Char('-'), 0, 0);
    const int offset = locator.section(QLatin1Char('-'), 1, 1).toInt();
    if (!m_cursors.contains(cursor))
        return {400, errorArray(QStringLiteral("INVALID_QUERY_LOCATOR"),
                                QStringLiteral("invalid query locator"))};
    return {200, QJsonDocument(page(cursor, offset)).toJson(QJsonDocument::Compact)};
}

QJsonObject FakeSalesforceServer::page(const QString& cursorId, int offset)
{
    const QList<QJsonObject>& rows = m_cursors.value(cursorId);
    const int end = std::min<int>(int(rows.size()), offset + m_options.pageSize);
    QJsonArray records;
    for (int i = offset; i < end; ++i)
        records.append(rows.at(i));
    QJsonObject o{{QStringLiteral("totalSize"), int(rows.size())},
                  {QStringLiteral("done"), end >= rows.size()},
                  {QStringLiteral("records"), records}};
    if (end < rows.size())
        o.insert(QStringLiteral("nextRecordsUrl"), QStringLiteral("/services/data/v%1/query/%2-%3")
                                                       .arg(QLatin1String(ApiVersion), cursorId)
                                                       .arg(end));
    return o;
}

} // namespace testsupport
