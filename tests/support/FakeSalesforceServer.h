#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTcpServer>

namespace testsupport {

// A local stand-in for Salesforce's REST API on 127.0.0.1, answering as the
// documentation describes: the OAuth 2 token endpoint (refresh_token and
// password grants), sobjects/<Type>/describe, and query with SOQL (the
// subset of SELECT ... FROM ... WHERE ... ORDER BY ... that polling uses),
// paginated through nextRecordsUrl, and 401 INVALID_SESSION_ID once tokens
// are expired.
class FakeSalesforceServer : public QTcpServer
{
    Q_OBJECT
public:
    struct Options
    {
        QString clientId = QStringLiteral("fake-client-id");
        QString clientSecret = QStringLiteral("fake-client-secret");
        QString refreshToken = QStringLiteral("fake-refresh-token");
        QString username = QStringLiteral("integration@example.test");
        QString password = QStringLiteral("fake-password");
        QString securityToken = QStringLiteral("TOKEN");
        int pageSize = 2000; // records per query page
    };

    explicit FakeSalesforceServer(QObject* parent = nullptr);
    explicit FakeSalesforceServer(Options options, QObject* parent = nullptr);

    bool start(); // port 0 on 127.0.0.1
    QString baseUrl() const;
    // The connection parameters a trigger needs to reach this server.
    QJsonObject connection(bool passwordFlow = false) const;

    // Creates a record; CreatedDate defaults to now (second precision, as
    // Salesforce stores it). Returns the record with Id and CreatedDate.
    QJsonObject addRecord(const QString& type, QJsonObject fields, QDateTime created = {});
    // Every issued access token stops working (a session timeout).
    void expireTokens();
    void setPageSize(int size) { m_options.pageSize = size; }

    int tokenRequests() const { return m_tokenRequests; }
    QStringList grantTypes() const { return m_grantTypes; }
    int queryRequests() const { return m_queryRequests; }
    int unauthorizedRequests() const { return m_unauthorized; }
    QStringList soqlSeen() const { return m_soql; }

private:
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };
    void incomingConnection(qintptr descriptor) override;
    Answer handle(const QByteArray& method, const QString& path, const QString& query,
                  const QByteArray& authorization, const QByteArray& body);
    Answer token(const QByteArray& body);
    Answer query(const QString& soql);
    Answer nextPage(const QString& cursor);
    QJsonObject page(const QString& cursorId, int offset);

    Options m_options;
    QHash<QString, QList<QJsonObject>> m_records; // type -> records
    QStringList m_validTokens;
    int m_tokenCounter = 0;
    int m_idCounter = 0;
    int m_cursorCounter = 0;
    QHash<QString, QList<QJsonObject>> m_cursors;
    int m_tokenRequests = 0;
    QStringList m_grantTypes;
    int m_queryRequests = 0;
    int m_unauthorized = 0;
    QStringList m_soql;
};

} // namespace testsupport
