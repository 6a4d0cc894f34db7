#include "connectors/smtp/DotStuffer.h"

#include <QTest>

using connectors::smtp::DotStuffer;

class TestDotStuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stuffs_data();
    void stuffs();
    void chunkedEqualsWhole_data();
    void chunkedEqualsWhole();
    void terminatorOnce();
};

void TestDotStuffer::stuffs_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("empty") << QByteArray() << QByteArray(".\r\n");
    QTest::newRow("crlf kept") << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("no final newline") << QByteArray("a") << QByteArray("a\r\n.\r\n");
    QTest::newRow("bare LF") << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("bare CR") << QByteArray("a\rb\r") << QByteArray("a\r\nb\r\n.\r\n");
    QTest::newRow("LF CR is two breaks")
        << QByteArray("a\n\rb") << QByteArray("a\r\n\r\nb\r\n.\r\n");
    QTest::newRow("dot at offset 0")
        << QByteArray(".hidden\r\n") << QByteArray("..hidden\r\n.\r\n");
    QTest::newRow("lone dot line")
        << QByteArray("a\r\n.\r\nb\r\n") << QByteArray("a\r\n..\r\nb\r\n.\r\n");
    QTest::newRow("dot after LF") << QByteArray("a\n.b") << QByteArray("a\r\n..b\r\n.\r\n");
    QTest::newRow("dot after CR") << QByteArray("a\r.b") << QByteArray("a\r\n..b\r\n.\r\n");
    QTest::newRow("dots mid line untouched")
        << QByteArray("a.b..c\r\n") << QByteArray("a.b..c\r\n.\r\n");
    QTest::newRow("double dot line") << QByteArray("..\r\n") << QByteArray("...\r\n.\r\n");
    QTest::newRow("ends with dot") << QByteArray("x\r\n.") << QByteArray("x\r\n..\r\n.\r\n");
    QTest::newRow("blank lines") << QByteArray("\r\n\r\n") << QByteArray("\r\n\r\n.\r\n");
    QTest::newRow("binary-ish") << QByteArray("\x01\x80\xff\r\n")
                                << QByteArray("\x01\x80\xff\r\n.\r\n");
}

void TestDotStuffer::stuffs()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    DotStuffer s;
    QByteArray got = s.process(in);
    got += s.finish();
    QCOMPARE(got, out);
}

void TestDotStuffer::chunkedEqualsWhole_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::newRow("mixed") << QByteArray(".a\r\n.\r\nb\n.c\r.d\r\n\r\n..e\rf\n");
    QTest::newRow("crlf pairs") << QByteArray("\r\n.\r\n.\r\n");
}

void TestDotStuffer::chunkedEqualsWhole()
{
    QFETCH(QByteArray, in);
    DotStuffer whole;
    const QByteArray expected = whole.process(in) + whole.finish();
    for (qsizetype cut = 0; cut <= in.size(); ++cut) {
        DotStuffer s;
        QByteArray got = s.process(QByteArrayView(in).first(cut));
        got += s.process(QByteArrayView(in).sliced(cut));
        got += s.finish();
        QCOMPARE(got, expected);
    }
    DotStuffer bytewise;
    QByteArray got;
    for (char c : in)
        got += bytewise.process(QByteArrayView(&c, 1));
    got += bytewise.finish();
    QCOMPARE(got, expected);
}

void TestDotStuffer::terminatorOnce()
{
    DotStuffer s;
    s.process("x");
    QCOMPARE(s.finish(), QByteArray("\r\n.\r\n"));
    QVERIFY(s.finish().isEmpty());
    QVERIFY(s.finished());
}

QTEST_GUILESS_MAIN(TestDotStuffer)
#include "tst_dotstuffer.moc"
