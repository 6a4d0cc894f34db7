#include "connectors/request/RequestServer.h"
#include "connectors/request/RequestTrigger.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using connectors::request::HttpResponse;
using connectors::request::RequestServer;
using connectors::request::RequestTrigger;

namespace {

struct Answer
{
    int status = 0;
    QByteArray body;
};

// curl, as a person would call the trigger.
Answer curl(const QStringList& args)
{
    QProcess p;
    QSignalSpy done(&p, &QProcess::finished);
    p.start(QStringLiteral("curl"), QStringList{QStringLiteral("-sS"), QStringLiteral("-w"),
                                                QStringLiteral("\n%{http_code}")} +
                                        args);
    if (!done.wait(60000))
        p.kill();
    const QByteArray out = p.readAllStandardOutput();
    const qsizetype nl = out.lastIndexOf('\n');
    return Answer{out.mid(nl + 1).toInt(), out.left(nl)};
}

// Raw bytes, for framings curl will not produce on request.
Answer raw(quint16 port, const QByteArray& request)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    s.write(request);
    // The server answers and closes; wait for the close in the event loop.
    QEventLoop loop;
    QObject::connect(&s, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (s.state() == QAbstractSocket::ConnectedState)
        loop.exec();
    const QByteArray in = s.readAll();
    const qsizetype end = in.indexOf("\r\n\r\n");
    return Answer{in.mid(9, 3).toInt(), end < 0 ? QByteArray() : in.mid(end + 4)};
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestRequestTrigger : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<RequestServer> m_server;
    std::unique_ptr<RequestTrigger> m_trigger;
    QString m_url;

    QString urlWithSig(const QString& sig) const
    {
        QString u = m_url;
        return u.replace(m_trigger->signature(), sig);
    }

private Q_SLOTS:
    void init()
    {
        RequestServer::Options options;
        options.port = 0;
        options.maxBodySize = 8 * 1024 * 1024;
        m_server = std::make_unique<RequestServer>(options);
        m_trigger = std::make_unique<RequestTrigger>();
        m_trigger->setServer(m_server.get());
        m_trigger->setWorkflowName(QStringLiteral("lead-to-email"));
        m_trigger->setStateDirectory(m_dir.path());
        engine::JobContext context;
        context.stepName = QStringLiteral("manual");
        QString error;
        QVERIFY2(m_trigger->start(json(R"({"type":"Request","kind":"Http","inputs":{
                    "method":"POST","schema":{"type":"object","required":["Email"],
                    "properties":{"Email":{"type":"string"},"Score":{"type":"integer"}}}}})"),
                                  context, &error),
                 qPrintable(error));
        QVERIFY(m_server->isListening());
        QCOMPARE(m_server->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        m_url = m_trigger->callbackUrl();
        QVERIFY(m_url.startsWith(m_server->baseUrl() +
                                 QStringLiteral("/api/lead-to-email/triggers/manual/invoke?")));
        QVERIFY(m_trigger->signature().size() >= 40);
    }
    void cleanup()
    {
        m_trigger.reset();
        m_server.reset();
    }

    void requests_data()
    {
        QTest::addColumn<QStringList>("args"); // {URL} is replaced
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("bodyContains");
        QTest::addColumn<bool>("fires");
        const QString ct = QStringLiteral("Content-Type: application/json");
        QTest::newRow("good body")
            << QStringList{"-X",   "POST",          "-H",
                           ct,     "--data-binary", R"({"Email":"jane@example.test","Score":7})",
                           "{URL}"}
            << 202 << QByteArray("runId") << true;
        QTest::newRow("chunked body") << QStringList{"-X",
                                                     "POST",
                                                     "-H",
                                                     ct,
                                                     "-H",
                                                     "Transfer-Encoding: chunked",
                                                     "--data-binary",
                                                     R"({"Email":"chunk@example.test"})",
                                                     "{URL}"}
                                      << 202 << QByteArray("runId") << true;
        QTest::newRow("missing required property")
            << QStringList{"-X", "POST", "-H", ct, "--data-binary", R"({"Score":7})", "{URL}"}
            << 400 << QByteArray("body.Email") << false;
        QTest::newRow("wrong type")
            << QStringList{"-X",   "POST",          "-H",
                           ct,     "--data-binary", R"({"Email":"a","Score":"x"})",
                           "{URL}"}
            << 400 << QByteArray("body.Score") << false;
        QTest::newRow("bad json") << QStringList{"-X",           "POST", "-H", ct, "--data-binary",
                                                 R"({"Email":)", "{URL}"}
                                  << 400 << QByteArray("not valid JSON") << false;
        QTest::newRow("wrong sig") << QStringList{"-X",
                                                  "POST",
                                                  "-H",
                                                  ct,
                                                  "--data-binary",
                                                  R"({"Email":"a"})",
                                                  "{URL:sig=wrong}"}
                                   << 401 << QByteArray("sig") << false;
        QTest::newRow("no sig") << QStringList{"-X",         "POST",          "-H",
                                               ct,           "--data-binary", R"({"Email":"a"})",
                                               "{URL:nosig}"}
                                << 401 << QByteArray("sig") << false;
        QTest::newRow("wrong method")
            << QStringList{"-X", "GET", "{URL}"} << 405 << QByteArray("POST") << false;
        QTest::newRow("unknown path")
            << QStringList{"-X", "POST", "{BASE}/api/other/triggers/manual/invoke"} << 404
            << QByteArray("TriggerNotFound") << false;
    }

    void requests()
    {
        QFETCH(QStringList, args);
        QFETCH(int, status);
        QFETCH(QByteArray, bodyContains);
        QFETCH(bool, fires);
        QSignalSpy fired(m_trigger.get(), &engine::TriggerSource::fired);
        for (QString& a : args) {
            if (a == QLatin1String("{URL}"))
                a = m_url;
            else if (a == QLatin1String("{URL:sig=wrong}"))
                a = urlWithSig(QStringLiteral("wrong"));
            else if (a == QLatin1String("{URL:nosig}"))
                a = m_url.left(m_url.indexOf(QLatin1Char('?')));
            else
                a.replace(QStringLiteral("{BASE}"), m_server->baseUrl());
        }
        const Answer answer = curl(args);
        QCOMPARE(answer.status, status);
        QVERIFY2(answer.body.contains(bodyContains), answer.body.constData());
        QCOMPARE(fired.size(), fires ? 1 : 0);
        if (fires) {
            const QJsonObject outputs = fired.at(0).at(0).toJsonObject();
            QVERIFY(outputs.value("body").toObject().value("Email").toString().endsWith(
                "@example.test"));
            QCOMPARE(outputs.value("headers").toObject().value("Content-Type").toString(),
                     QStringLiteral("application/json"));
            QCOMPARE(QJsonDocument::fromJson(answer.body).object().value("runId").toString(),
                     outputs.value("runId").toString());
        }
    }

    void largeBodies_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("status");
        QTest::newRow("7 MB accepted") << 7 * 1024 * 1024 << 202;
        QTest::newRow("9 MB refused") << 9 * 1024 * 1024 << 413;
    }
    void largeBodies()
    {
        QFETCH(int, size);
        QFETCH(int, status);
        QSignalSpy fired(m_trigger.get(), &engine::TriggerSource::fired);
        const QByteArray filler(size - 40, 'x');
        QFile file(m_dir.path() + QStringLiteral("/large.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"Email\":\"big@example.test\",\"Pad\":\"" + filler + "\"}");
        file.close();
        const Answer answer =
            curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                  QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                  QLatin1Char('@') + file.fileName(), m_url});
        QCOMPARE(answer.status, status);
        QCOMPARE(fired.size(), status == 202 ? 1 : 0);
        if (status == 202)
            QCOMPARE(fired.at(0)
                         .at(0)
                         .toJsonObject()
                         .value("body")
                         .toObject()
                         .value("Pad")
                         .toString()
                         .size(),
                     filler.size());
    }

    void rawFraming_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("chunked with extension and trailer")
            << QByteArray("POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n5;x=y\r\n{\"Ema\r\n"
                          "E\r\nil\":\"r@e.test\"\r\n1\r\n}\r\n0\r\nX-Trailer: 1\r\n\r\n")
            << 202;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01 not http at all\r\n\r\n") << 400;
        QTest::newRow("smuggling framing") << QByteArray("POST {PATH} HTTP/1.1\r\nContent-Length: "
                                                         "4\r\nTransfer-Encoding: chunked\r\n\r\n")
                                           << 400;
        QTest::newRow("declared too large")
            << QByteArray("POST {PATH} HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n") << 413;
    }
    void rawFraming()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const QByteArray path = m_url.mid(m_server->baseUrl().size()).toLatin1();
        request.replace("{PATH}", path);
        QCOMPARE(raw(m_server->serverPort(), request).status, status);
    }

    void responderAnswersInsteadOf202()
    {
        QJsonObject seen;
        m_trigger->setResponder(
            [&seen](const QJsonObject& outputs, RequestTrigger::Respond respond) {
                seen = outputs;
                HttpResponse r = HttpResponse::json(200, R"({"greeting":"hello"})");
                r.headers.append(std::make_pair(QByteArray("X-Custom"), QByteArray("1")));
                respond(r);
            });
        const Answer answer =
            curl({QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
                  QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                  QStringLiteral(R"({"Email":"r@example.test"})"), m_url});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, QByteArray(R"({"greeting":"hello"})"));
        QCOMPARE(seen.value("body").toObject().value("Email").toString(),
                 QStringLiteral("r@example.test"));
    }

    void signatureSurvivesRestart()
    {
        const QString sig = m_trigger->signature();
        RequestTrigger again;
        again.setServer(m_server.get());
        again.setWorkflowName(QStringLiteral("lead-to-email"));
        again.setStateDirectory(m_dir.path());
        engine::JobContext context;
        context.stepName = QStringLiteral("manual");
        QString error;
        QVERIFY(
            again.start(json(R"({"type":"Request","kind":"Http","inputs":{}})"), context, &error));
        QCOMPARE(again.signature(), sig);
    }

    void relativePathParameters()
    {
        RequestTrigger byId;
        byId.setServer(m_server.get());
        byId.setWorkflowName(QStringLiteral("orders"));
        byId.setStateDirectory(m_dir.path());
        engine::JobContext context;
        context.stepName = QStringLiteral("manual");
        QString error;
        QVERIFY(byId.start(json(R"({"type":"Request","kind":"Http","inputs":{
                                   "method":"GET","relativePath":"customers/{id}/orders"}})"),
                           context, &error));
        QSignalSpy fired(&byId, &engine::TriggerSource::fired);
        QString url = byId.callbackUrl();
        url.replace(QStringLiteral("%7Bid%7D"), QStringLiteral("42"))
            .replace(QStringLiteral("{id}"), QStringLiteral("42"));
        const Answer answer = curl({url + QStringLiteral("&color=blue")});
        QCOMPARE(answer.status, 202);
        QCOMPARE(fired.size(), 1);
        const QJsonObject outputs = fired.at(0).at(0).toJsonObject();
        QCOMPARE(outputs.value("relativePathParameters").toObject().value("id").toString(),
                 QStringLiteral("42"));
        QCOMPARE(outputs.value("queries").toObject().value("color").toString(),
                 QStringLiteral("blue"));
        QVERIFY(!outputs.value("queries").toObject().contains("sig"));
    }

    // A form post arrives as Logic Apps gives it: the raw content and its
    // type, plus the fields in order under "$formdata".
    void formPostGivesFormData()
    {
        RequestTrigger form;
        form.setServer(m_server.get());
        form.setWorkflowName(QStringLiteral("signup"));
        form.setStateDirectory(m_dir.path());
        engine::JobContext context;
        context.stepName = QStringLiteral("manual");
        QString error;
        QVERIFY(form.start(json(R"({"type":"Request","kind":"Http","inputs":{"method":"POST"}})"),
                           context, &error));
        QSignalSpy fired(&form, &engine::TriggerSource::fired);
        const Answer answer =
            curl({QStringLiteral("--data-urlencode"), QStringLiteral("name=Jane Doe"),
                  QStringLiteral("--data-urlencode"), QStringLiteral("note=a&b=c ü+1"),
                  QStringLiteral("--data-raw"), QStringLiteral("flag"), form.callbackUrl()});
        QCOMPARE(answer.status, 202);
        QCOMPARE(fired.size(), 1);
        const QJsonObject body = fired.at(0).at(0).toJsonObject().value("body").toObject();
        QCOMPARE(body.value("$content-type").toString(),
                 QStringLiteral("application/x-www-form-urlencoded"));
        const QByteArray raw = QByteArray::fromBase64(body.value("$content").toString().toLatin1());
        // curl writes a space as '+' and everything else reserved percent-encoded.
        QCOMPARE(raw, QByteArray("name=Jane+Doe&note=a%26b%3Dc+%C3%BC%2B1&flag"));
        const QJsonArray expected = QJsonDocument::fromJson(R"([{"key":"name","value":"Jane Doe"},
                                        {"key":"note","value":"a&b=c \u00fc+1"},
                                        {"key":"flag","value":""}])")
                                        .array();
        QCOMPARE(body.value("$formdata").toArray(), expected);
    }

    void stoppedTriggerIsGone()
    {
        m_trigger->stop();
        QCOMPARE(curl({QStringLiteral("-X"), QStringLiteral("POST"), m_url}).status, 404);
    }

    void constantTimeCompare_data()
    {
        QTest::addColumn<QByteArray>("given");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("same");
        QTest::newRow("equal") << QByteArray("abc") << QByteArray("abc") << true;
        QTest::newRow("differs") << QByteArray("abd") << QByteArray("abc") << false;
        QTest::newRow("prefix") << QByteArray("ab") << QByteArray("abc") << false;
        QTest::newRow("longer") << QByteArray("abcd") << QByteArray("abc") << false;
        QTest::newRow("empty secret never matches") << QByteArray() << QByteArray() << false;
    }
    void constantTimeCompare()
    {
        QFETCH(QByteArray, given);
        QFETCH(QByteArray, expected);
        QFETCH(bool, same);
        QCOMPARE(RequestTrigger::sameSecret(given, expected), same);
    }
};

QTEST_GUILESS_MAIN(TestRequestTrigger)
#include "tst_requesttrigger.moc"
