#include "connectors/catcher/CaughtMail.h"
#include "connectors/catcher/MailCatcher.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using connectors::catcher::CaughtMail;
using connectors::catcher::MailCatcher;

namespace {

QString python()
{
    const QString p = qEnvironmentVariable("LOGICAPP_PYTHON");
    return p.isEmpty() ? QStringLiteral("/usr/bin/python3") : p;
}

QString script()
{
    return qEnvironmentVariable("LOGICAPP_SOURCE_DIR") +
           QStringLiteral("/tests/integration/triggers/catcher_client.py");
}

// Runs the Python client while the catcher keeps serving in this thread.
QByteArray runPython(const QStringList& args, int* exitCode)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    QSignalSpy done(&p, &QProcess::finished);
    p.start(python(), QStringList{script()} + args);
    if (!done.wait(60000))
        p.kill();
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    const QByteArray err = p.readAllStandardError();
    if (*exitCode != 0)
        qWarning("python: %s", err.constData());
    return p.readAllStandardOutput();
}

// A raw SMTP client for what smtplib will not send.
class Raw
{
public:
    explicit Raw(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
    }
    // Sends `data` and collects replies until `replies` final lines arrived.
    QList<QByteArray> say(const QByteArray& data, int replies)
    {
        if (!data.isEmpty())
            m_socket.write(data);
        QList<QByteArray> finals;
        while (finals.size() < replies) {
            while (!m_socket.canReadLine()) {
                if (m_socket.state() != QAbstractSocket::ConnectedState &&
                    m_socket.bytesAvailable() == 0)
                    return finals;
                QSignalSpy ready(&m_socket, &QTcpSocket::readyRead);
                if (!m_socket.canReadLine() && !ready.wait(10000))
                    return finals;
            }
            const QByteArray line = m_socket.readLine().trimmed();
            if (line.size() >= 4 && line.at(3) == '-')
                continue;
            finals.append(line);
        }
        return finals;
    }
    QTcpSocket& socket() { return m_socket; }

private:
    QTcpSocket m_socket;
};

QList<QByteArray> codes(const QList<QByteArray>& replies)
{
    QList<QByteArray> out;
    for (const QByteArray& r : replies)
        out.append(r.left(3));
    return out;
}

} // namespace

class TestMailCatcher : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MailCatcher> m_catcher;

    QStringList stored() const
    {
        return QDir(m_dir.path() + QStringLiteral("/mail/new")).entryList(QDir::Files);
    }
    QStringList temporary() const
    {
        return QDir(m_dir.path() + QStringLiteral("/mail/tmp")).entryList(QDir::Files);
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        for (const char* sub : {"new", "cur", "tmp"}) // keep tls/: made once
            QDir(m_dir.path() + QStringLiteral("/mail/") + QLatin1String(sub)).removeRecursively();
        MailCatcher::Options options;
        options.port = 0;
        options.dir = m_dir.path() + QStringLiteral("/mail");
        options.startTls = true;
        options.maxSize = 1024 * 1024;
        m_catcher = std::make_unique<MailCatcher>(options);
        QVERIFY2(m_catcher->start(), qPrintable(m_catcher->lastError()));
        QCOMPARE(m_catcher->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        QVERIFY(m_catcher->serverPort() != 0);
    }
    void cleanup() { m_catcher.reset(); }

    void pythonSmtplibMessageStoredAndParsed_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<bool>("utf8");
        QTest::newRow("plain") << false << false;
        QTest::newRow("starttls") << true << false;
        QTest::newRow("smtputf8") << false << true;
    }
    void pythonSmtplibMessageStoredAndParsed()
    {
        QFETCH(bool, tls);
        QFETCH(bool, utf8);
        QSignalSpy storedSpy(m_catcher.get(), &MailCatcher::messageStored);
        QStringList args{QStringLiteral("send"), QString::number(m_catcher->serverPort())};
        if (tls) {
            QVERIFY(!m_catcher->certificate().isNull());
            args << QStringLiteral("--starttls")
                 << m_dir.path() + QStringLiteral("/mail/tls/cert.pem");
        }
        if (utf8)
            args << QStringLiteral("--utf8");
        int exit = 0;
        const QByteArray out = runPython(args, &exit);
        QCOMPARE(exit, 0);
        QVERIFY(out.contains("refused {}"));
        if (tls)
            QVERIFY2(out.contains("tls TLSv1."), out.constData());
        QCOMPARE(storedSpy.size(), 1);
        QCOMPARE(stored().size(), 1);
        QVERIFY(temporary().isEmpty());

        const QString path = storedSpy.at(0).at(0).toString();
        const QByteArray parsed = runPython({QStringLiteral("parse"), path}, &exit);
        QCOMPARE(exit, 0);
        const QJsonObject o = QJsonDocument::fromJson(parsed).object();
        QCOMPARE(o.value("subject").toString(),
                 utf8 ? QStringLiteral("Grüße: new lead") : QStringLiteral("Hello from smtplib"));
        QCOMPARE(o.value("returnPath").toString(), QStringLiteral("<sender@example.test>"));
        QCOMPARE(o.value("deliveredTo").toArray().size(), 3);
        // Dot-stuffed lines arrive as written (RFC 5321 4.5.2).
        QCOMPARE(o.value("text").toString(),
                 QStringLiteral("first line\n.leading dot\n..two dots\n.\nlast line\n"));
        QCOMPARE(o.value("attachments").toArray().size(), 1);
        QByteArray blob;
        for (int i = 0; i < 40; ++i)
            for (int b = 0; b < 256; ++b)
                blob += char(b);
        QCOMPARE(QByteArray::fromBase64(o.value("attachments")
                                            .toArray()
                                            .at(0)
                                            .toObject()
                                            .value("data")
                                            .toString()
                                            .toLatin1()),
                 blob);
        QCOMPARE(o.value("defects").toArray().size(), 0);

        // Our own reader sees the same.
        auto mail = CaughtMail::load(path);
        QVERIFY(mail.ok());
        QCOMPARE(mail->subject, o.value("subject").toString());
        QCOMPARE(mail->text,
                 o.value("text").toString().replace(QLatin1Char('\n'), QStringLiteral("\r\n")));
        QCOMPARE(mail->html.trimmed(), QStringLiteral("<p>Hello <b>there</b></p>"));
        QCOMPARE(mail->attachments.size(), 1);
        QCOMPARE(mail->attachments.at(0).fileName, QStringLiteral("blob.bin"));
        QCOMPARE(mail->attachments.at(0).data, blob);
        QCOMPARE(CaughtMail::loadAll(m_dir.path() + QStringLiteral("/mail")).size(), 1);
    }

    void dialogue_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::addColumn<int>("storedCount");
        using L = QList<QByteArray>;
        QTest::newRow("pipelined transaction")
            << QByteArray("EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"
                          "Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n")
            << L{"250", "250", "250", "354", "250", "221"} << 1;
        QTest::newRow("bare LF line ends")
            << QByteArray("EHLO a\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\nDATA\nhi\n.\nQUIT\n")
            << L{"250", "250", "250", "354", "250", "221"} << 1;
        QTest::newRow("mail before ehlo")
            << QByteArray("MAIL FROM:<a@b>\r\nQUIT\r\n") << L{"503", "221"} << 0;
        QTest::newRow("rcpt before mail")
            << QByteArray("EHLO a\r\nRCPT TO:<c@d>\r\nQUIT\r\n") << L{"250", "503", "221"} << 0;
        QTest::newRow("data without rcpt")
            << QByteArray("EHLO a\r\nMAIL FROM:<a@b>\r\nDATA\r\nQUIT\r\n")
            << L{"250", "250", "503", "221"} << 0;
        QTest::newRow("garbage") << QByteArray(
                                        "\x01\x02\xff garbage\r\nEHLO\r\nMAIL TO:<x>\r\nQUIT\r\n")
                                 << L{"500", "501", "503", "221"} << 0;
        QTest::newRow("rset forgets the transaction")
            << QByteArray(
                   "HELO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRSET\r\nDATA\r\nNOOP\r\nQUIT\r\n")
            << L{"250", "250", "250", "250", "503", "250", "221"} << 0;
        QTest::newRow("size declared too big")
            << QByteArray("EHLO a\r\nMAIL FROM:<a@b> SIZE=99999999\r\nQUIT\r\n")
            << L{"250", "552", "221"} << 0;
        QTest::newRow("null sender accepted")
            << QByteArray("EHLO a\r\nMAIL FROM:<> BODY=8BITMIME SMTPUTF8\r\nRCPT "
                          "TO:<c@d>\r\nDATA\r\n.\r\nQUIT\r\n")
            << L{"250", "250", "250", "354", "250", "221"} << 1;
        QTest::newRow("two messages in one session")
            << QByteArray("EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n1\r\n.\r\n"
                          "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n2\r\n.\r\nQUIT\r\n")
            << L{"250", "250", "250", "354", "250", "250", "250", "354", "250", "221"} << 2;
        QTest::newRow("over-long command line")
            << QByteArray("EHLO a\r\n") + QByteArray(10000, 'x') +
                   QByteArray("\r\nNOOP\r\nQUIT\r\n")
            << L{"250", "500", "250", "221"} << 0;
    }
    void dialogue()
    {
        QFETCH(QByteArray, input);
        QFETCH(QList<QByteArray>, expected);
        QFETCH(int, storedCount);
        Raw raw(m_catcher->serverPort());
        QCOMPARE(codes(raw.say({}, 1)), QList<QByteArray>{"220"});
        QCOMPARE(codes(raw.say(input, int(expected.size()))), expected);
        QCOMPARE(stored().size(), storedCount);
    }

    void messageTooBigRefusedAfterData()
    {
        Raw raw(m_catcher->serverPort());
        raw.say({}, 1);
        QCOMPARE(codes(raw.say("EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n", 4)),
                 (QList<QByteArray>{"250", "250", "250", "354"}));
        const QByteArray line(998, 'y');
        for (int i = 0; i < 1200; ++i)
            raw.socket().write(line + "\r\n");
        QCOMPARE(codes(raw.say(".\r\nQUIT\r\n", 2)), (QList<QByteArray>{"552", "221"}));
        QVERIFY(stored().isEmpty());
        QVERIFY(temporary().isEmpty());
    }

    void disconnectMidDataLeavesNothing()
    {
        {
            Raw raw(m_catcher->serverPort());
            raw.say({}, 1);
            raw.say("EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n", 4);
            raw.socket().write("Subject: half\r\n\r\nhalf a mess");
            raw.socket().flush();
            raw.socket().abort();
        }
        QTRY_COMPARE(m_catcher->sessionCount(), 0);
        QVERIFY(stored().isEmpty());
        QVERIFY(temporary().isEmpty());
        // And it still serves.
        Raw again(m_catcher->serverPort());
        QCOMPARE(codes(again.say({}, 1)), QList<QByteArray>{"220"});
    }

    void commandsPipelinedAfterStartTlsAreDropped()
    {
        Raw raw(m_catcher->serverPort());
        raw.say({}, 1);
        raw.say("EHLO a\r\n", 1);
        // RFC 3207 4.2: the injected MAIL must not be answered after the handshake.
        QCOMPARE(codes(raw.say("STARTTLS\r\nMAIL FROM:<evil@x>\r\n", 1)), QList<QByteArray>{"220"});
        QTest::qWait(100);
        QCOMPARE(raw.socket().bytesAvailable(), 0);
    }

    void portInUseIsReported()
    {
        MailCatcher::Options options;
        options.port = m_catcher->serverPort();
        options.dir = m_dir.path() + QStringLiteral("/other");
        MailCatcher second(options);
        QVERIFY(!second.start());
        QVERIFY(!second.lastError().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMailCatcher)
#include "tst_mailcatcher.moc"
