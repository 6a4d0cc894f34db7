#include "connectors/request/HttpRequestParser.h"

#include <QTest>

using connectors::request::HttpRequestParser;

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("split"); // feed in pieces of this size; 0: at once
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        const int complete = int(HttpRequestParser::State::Complete);
        const int failed = int(HttpRequestParser::State::Failed);
        const int incomplete = int(HttpRequestParser::State::Incomplete);

        const QByteArray post = "POST /api/wf/triggers/manual/invoke?sig=x HTTP/1.1\r\n"
                                "Host: 127.0.0.1\r\nContent-Type: application/json\r\n";
        QTest::newRow("content-length") << post + "Content-Length: 7\r\n\r\n{\"a\":1}" << 0
                                        << complete << 0 << QByteArray("{\"a\":1}");
        QTest::newRow("byte by byte") << post + "Content-Length: 7\r\n\r\n{\"a\":1}" << 1
                                      << complete << 0 << QByteArray("{\"a\":1}");
        QTest::newRow("no body") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 0 << complete
                                 << 0 << QByteArray();
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 0 << complete << 0
                                 << QByteArray();
        QTest::newRow("chunked")
            << post + "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;ext=1\r\n:1}\r\n0\r\n\r\n"
            << 0 << complete << 0 << QByteArray("{\"a\":1}");
        QTest::newRow("chunked in pieces")
            << post + "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-T: "
                      "y\r\n\r\n"
            << 3 << complete << 0 << QByteArray("{\"a\":1}");
        QTest::newRow("body still coming")
            << post + "Content-Length: 10\r\n\r\n{\"a\"" << 0 << incomplete << 0 << QByteArray();
        QTest::newRow("too large by content-length") << post + "Content-Length: 2000\r\n\r\n"
                                                     << 0 << failed << 413 << QByteArray();
        QTest::newRow("too large by chunks") << post + "Transfer-Encoding: chunked\r\n\r\n800\r\n"
                                             << 0 << failed << 413 << QByteArray();
        QTest::newRow("negative length") << post + "Content-Length: -1\r\n\r\n"
                                         << 0 << failed << 400 << QByteArray();
        QTest::newRow("both framings (smuggling)")
            << post + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
            << 0 << failed << 400 << QByteArray();
        QTest::newRow("unknown transfer coding") << post + "Transfer-Encoding: gzip\r\n\r\n"
                                                 << 0 << failed << 501 << QByteArray();
        QTest::newRow("bad chunk size") << post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"
                                        << 0 << failed << 400 << QByteArray();
        QTest::newRow("bad request line")
            << QByteArray("HELLO\r\n\r\n") << 0 << failed << 400 << QByteArray();
        QTest::newRow("not http") << QByteArray("GET / SPDY/3\r\n\r\n") << 0 << failed << 400
                                  << QByteArray();
        QTest::newRow("malformed header") << QByteArray("GET / HTTP/1.1\r\nNo colon\r\n\r\n") << 0
                                          << failed << 400 << QByteArray();
        QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 0
                                       << failed << 400 << QByteArray();
        QTest::newRow("huge headers") << QByteArray("GET / HTTP/1.1\r\nA: ") + QByteArray(5000, 'x')
                                      << 0 << failed << 431 << QByteArray();
    }

    void parse()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, split);
        QFETCH(int, state);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        HttpRequestParser parser(1024, 4096);
        if (split == 0) {
            parser.feed(input);
        } else {
            for (qsizetype i = 0; i < input.size(); i += split)
                parser.feed(input.mid(i, split));
        }
        QCOMPARE(int(parser.state()), state);
        if (parser.state() == HttpRequestParser::State::Failed) {
            QCOMPARE(parser.errorStatus(), status);
            QVERIFY(!parser.errorMessage().isEmpty());
        }
        if (parser.state() == HttpRequestParser::State::Complete)
            QCOMPARE(parser.request().body, body);
    }

    void requestFields()
    {
        HttpRequestParser parser;
        parser.feed(
            "post /api/a%20b/x?sig=abc%2Bd&x=1 HTTP/1.1\r\nHOST: h\r\nexpect: 100-continue\r\n"
            "Content-Length: 2\r\n\r\n");
        QVERIFY(parser.expectsContinue());
        parser.feed("ok");
        QCOMPARE(parser.state(), HttpRequestParser::State::Complete);
        const auto& r = parser.request();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path(), QStringLiteral("/api/a b/x"));
        QCOMPARE(r.query().queryItemValue(QStringLiteral("sig"), QUrl::FullyDecoded),
                 QStringLiteral("abc+d"));
        QCOMPARE(r.header("host"), QByteArray("h"));
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
