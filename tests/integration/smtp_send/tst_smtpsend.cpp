#include "connectors/smtp/EmailMessage.h"
#include "connectors/smtp/MimeMessage.h"
#include "connectors/smtp/SendEmailJob.h"
#include "connectors/smtp/SmtpPool.h"
#include "connectors/smtp/SmtpSettings.h"
#include "tests/support/Paths.h"
#include "tests/support/PythonEmail.h"
#include "tests/support/SmtpdServer.h"
#include "tests/support/TestCertificates.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using connectors::smtp::SendEmailJob;
using testsupport::pythonHeader;
using testsupport::pythonPart;

namespace {

const QString kUser = QStringLiteral("mailer");
const QString kPassword = QStringLiteral("s3cret-Pa55");

QString repeatTo(const QString& unit, int length)
{
    QString s;
    while (s.size() < length)
        s += unit;
    return s.left(length);
}

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray out(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        out[i] = char(random.bounded(256));
    return out;
}

QString sha256(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

} // namespace

// Sends over real sockets (STARTTLS, AUTH) to aiosmtpd started here, then
// reads what arrived with Python's email package and compares field by field.
class TestSmtpSend : public QObject
{
    Q_OBJECT

private:
    testsupport::TestCertificates m_certs;
    testsupport::SmtpdServer m_server;
    int m_received = 0;

    QJsonObject connection() const
    {
        return QJsonObject{
            {"serverAddress", "127.0.0.1"},
            {"port", int(m_server.port())},
            {"userName", kUser},
            {"password", kPassword},
            {"enableSSL", true},
            {"caFile", m_certs.caFile()},
        };
    }

    engine::StepOutcome runJob(const QJsonObject& inputs) { return runJob(inputs, connection()); }

    engine::StepOutcome runJob(const QJsonObject& inputs, const QJsonObject& connection)
    {
        SendEmailJob job;
        QSignalSpy spy(&job, &engine::Job::finished);
        engine::JobContext context;
        context.inputs = inputs;
        context.stepName = QStringLiteral("Send_email");
        context.connection = connection;
        job.start(context);
        if (!spy.wait(60000))
            qFatal("the send job did not finish");
        return spy.first().first().value<engine::StepOutcome>();
    }

    // The next message the server stored.
    testsupport::ReceivedMessage nextMessage()
    {
        if (!m_server.waitForMessages(m_received + 1, 30000))
            qFatal("no message arrived: %s", qPrintable(m_server.log()));
        return m_server.messages().at(m_received++);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<engine::StepOutcome>();
        QString error;
        QVERIFY2(m_certs.generate(&error), qPrintable(error));
        testsupport::SmtpdServer::Options options;
        options.certFile = m_certs.serverCertFile();
        options.keyFile = m_certs.serverKeyFile();
        options.requireStartTls = true;
        options.user = kUser;
        options.password = kPassword;
        QVERIFY2(m_server.start(options, &error), qPrintable(error));
    }

    void subjectsAndNamesArriveIntact_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::newRow("cyrillic") << repeatTo("Отчёт о продажах за третий квартал — ", 200);
        QTest::newRow("cjk") << repeatTo("关于第三季度销售报告的通知，请查收附件。", 200);
        QTest::newRow("emoji") << repeatTo("🎉 Launch day 🚀 ✅ 👩‍💻 ", 200);
        QTest::newRow("ascii") << "Plain ASCII subject";
    }
    void subjectsAndNamesArriveIntact()
    {
        QFETCH(QString, subject);
        const QJsonObject inputs{
            {"From", "Отдел продаж <sales@example.com>"},
            {"To", "\"Doe, Jane\" <jane@example.com>; 王小明 <wang@example.org>"},
            {"CC", "Zoë <zoe@example.net>"},
            {"BCC", "audit@example.com"},
            {"Subject", subject},
            {"Body", "Текст письма\nс двумя строками\n"},
        };
        const engine::StepOutcome outcome = runJob(inputs);
        QVERIFY2(outcome.code == 200, qPrintable(outcome.error));
        QCOMPARE(outcome.status, engine::StepOutcome::Status::Succeeded);
        const QJsonObject body = outcome.outputs.value("body").toObject();
        QCOMPARE(outcome.outputs.value("statusCode").toInt(), 200);

        const testsupport::ReceivedMessage m = nextMessage();
        QVERIFY(m.tls);
        QVERIFY(m.authenticated);
        QCOMPARE(m.mailFrom, QStringLiteral("sales@example.com"));
        QCOMPARE(m.rcptTos, (QStringList{"jane@example.com", "wang@example.org", "zoe@example.net",
                                         "audit@example.com"}));
        const QJsonObject p = testsupport::parseFileWithPython(m.emlPath);
        QVERIFY2(!p.contains("error"), qPrintable(p.value("error").toString()));
        QCOMPARE(p.value("subject").toString(), subject);
        QCOMPARE(pythonHeader(p, "Message-ID"), body.value("MessageId").toString());
        const QJsonObject a = p.value("addresses").toObject();
        QCOMPARE(a.value("From").toArray().at(0),
                 QJsonValue(QJsonArray{"Отдел продаж", "sales@example.com"}));
        QCOMPARE(a.value("To").toArray(), (QJsonArray{QJsonArray{"Doe, Jane", "jane@example.com"},
                                                      QJsonArray{"王小明", "wang@example.org"}}));
        QCOMPARE(a.value("Cc").toArray(), (QJsonArray{QJsonArray{"Zoë", "zoe@example.net"}}));
        // Delivered to the Bcc address, never named in the message.
        QVERIFY(a.value("Bcc").isNull());
        QVERIFY(!m.data.contains("audit@example.com"));
        QCOMPARE(pythonPart(p, "").value("text").toString(),
                 QStringLiteral("Текст письма\nс двумя строками\n"));
        QVERIFY(p.value("max_header_line").toInt() <= 78);
        QCOMPARE(p.value("defects").toArray(), QJsonArray());
        // The transcript shows the dialogue without the password.
        QVERIFY(!outcome.transcript.isEmpty());
        const QByteArray transcript = QJsonDocument(outcome.transcript).toJson();
        QVERIFY(!transcript.contains(kPassword.toUtf8()));
        QVERIFY(!transcript.contains(kPassword.toUtf8().toBase64()));
    }

    void htmlInlineImageAndAttachments()
    {
        const QByteArray pdf = randomBytes(300 * 1024 + 5, 11);
        const QByteArray png = randomBytes(20000, 12);
        const QString html =
            QStringLiteral("<html><body><h1>Report</h1><p>Numbers are <b>up</b>.</p>"
                           "<img src=\"cid:chart@example.com\" alt=\"chart\"></body></html>");
        const QJsonObject inputs{
            {"From", "reports@example.com"},
            {"To", "boss@example.com"},
            {"Subject", "Report with chart"},
            {"Body", html},
            {"IsHtml", true},
            {"Importance", "High"},
            {"ReadReceipt", true},
            {"Headers", QJsonObject{{"X-Report-Id", "Q3-42"}}},
            {"Attachments",
             QJsonArray{QJsonObject{{"ContentData", QString::fromLatin1(pdf.toBase64())},
                                    {"FileName", "Grüße 测试.pdf"}},
                        QJsonObject{{"ContentData", QString::fromLatin1(png.toBase64())},
                                    {"ContentType", "image/png"},
                                    {"FileName", "chart.png"},
                                    {"ContentId", "chart@example.com"}},
                        QJsonObject{{"ContentData", "a;b\nä;ö\n"},
                                    {"ContentTransferEncoding", "none"},
                                    {"FileName", "Zahlen.csv"}}}},
        };
        const engine::StepOutcome outcome = runJob(inputs);
        QVERIFY2(outcome.code == 200, qPrintable(outcome.error));
        const testsupport::ReceivedMessage m = nextMessage();
        const QJsonObject p = testsupport::parseFileWithPython(m.emlPath);
        QStringList types;
        for (const QJsonValue& part : p.value("parts").toArray())
            types << part.toObject().value("path").toString() + "=" +
                         part.toObject().value("content_type").toString();
        QCOMPARE(types, (QStringList{"=multipart/mixed", "0=multipart/alternative",
                                     "0.0=text/plain", "0.1=multipart/related", "0.1.0=text/html",
                                     "0.1.1=image/png", "1=application/pdf", "2=text/csv"}));
        QVERIFY(pythonPart(p, "0.0").value("text").toString().contains("Numbers are up."));
        QCOMPARE(pythonPart(p, "0.1.0").value("text").toString(), html);
        QCOMPARE(pythonPart(p, "0.1.1").value("content_id").toString(),
                 QStringLiteral("<chart@example.com>"));
        QCOMPARE(pythonPart(p, "0.1.1").value("sha256").toString(), sha256(png));
        QCOMPARE(pythonPart(p, "1").value("filename").toString(), QStringLiteral("Grüße 测试.pdf"));
        QCOMPARE(pythonPart(p, "1").value("sha256").toString(), sha256(pdf));
        QCOMPARE(pythonPart(p, "2").value("text").toString(), QStringLiteral("a;b\nä;ö\n"));
        QCOMPARE(pythonHeader(p, "Importance"), QStringLiteral("High"));
        QCOMPARE(pythonHeader(p, "X-Priority"), QStringLiteral("1 (Highest)"));
        QCOMPARE(pythonHeader(p, "X-Report-Id"), QStringLiteral("Q3-42"));
        QCOMPARE(p.value("addresses").toObject().value("Disposition-Notification-To").toArray(),
                 (QJsonArray{QJsonArray{"", "reports@example.com"}}));
        QVERIFY(p.value("max_line").toInt() <= 998);
        // The csv part is 8-bit, so MAIL said so (RFC 6152).
        QVERIFY2(m.mailOptions.contains("BODY=8BITMIME"), qPrintable(m.mailOptions.join(' ')));
    }

    void utf8AddressNeedsSmtpUtf8()
    {
        const engine::StepOutcome outcome = runJob(QJsonObject{{"From", "sender@example.com"},
                                                               {"To", "José <josé@bücher.example>"},
                                                               {"Subject", "SMTPUTF8"},
                                                               {"Body", "hi"}});
        QVERIFY2(outcome.code == 200, qPrintable(outcome.error));
        const testsupport::ReceivedMessage m = nextMessage();
        QCOMPARE(m.rcptTos, (QStringList{"josé@xn--bcher-kva.example"}));
        QVERIFY2(m.mailOptions.contains("SMTPUTF8"), qPrintable(m.mailOptions.join(' ')));
    }

    void badInputIsRefusedBeforeConnecting_data()
    {
        QTest::addColumn<QJsonObject>("inputs");
        QTest::addColumn<QString>("field");
        const QJsonObject base{{"From", "a@example.com"}, {"To", "b@example.com"}};
        auto with = [base](const QString& k, const QJsonValue& v) {
            QJsonObject o = base;
            o.insert(k, v);
            return o;
        };
        QTest::newRow("subject injection")
            << with("Subject", "x\r\nBcc: evil@example.com") << "Subject";
        QTest::newRow("bad to") << with("To", "bob@") << "To";
        QTest::newRow("bad base64")
            << with("Attachments",
                    QJsonArray{QJsonObject{{"ContentData", "!!"}, {"FileName", "a.bin"}}})
            << "Attachments[0].ContentData";
        QTest::newRow("importance") << with("Importance", "Urgent") << "Importance";
    }
    void badInputIsRefusedBeforeConnecting()
    {
        QFETCH(QJsonObject, inputs);
        QFETCH(QString, field);
        const engine::StepOutcome outcome = runJob(inputs);
        QCOMPARE(outcome.code, 400);
        QCOMPARE(outcome.errorField, field);
        QCOMPARE(outcome.status, engine::StepOutcome::Status::Failed);
        QVERIFY(!outcome.transient);
        QVERIFY(outcome.transcript.isEmpty());
        QCOMPARE(m_server.messages().size(), m_received);
    }

    void wrongPasswordIs401()
    {
        SendEmailJob job;
        QSignalSpy spy(&job, &engine::Job::finished);
        engine::JobContext context;
        context.inputs = QJsonObject{{"From", "a@example.com"}, {"To", "b@example.com"}};
        context.connection = connection();
        context.connection.insert("password", "wrong");
        job.start(context);
        QVERIFY(spy.wait(60000));
        const auto outcome = spy.first().first().value<engine::StepOutcome>();
        QCOMPARE(outcome.code, 401);
        QVERIFY(!outcome.error.isEmpty());
        QCOMPARE(m_server.messages().size(), m_received);
    }

    void poolPerConnectionNewPasswordNewPool()
    {
        const QJsonObject inputs{{"From", "a@example.com"}, {"To", "b@example.com"}};
        auto settings = connectors::smtp::SmtpSettings::fromConnection(connection());
        QVERIFY(settings.ok());
        // Equal settings share one pool, whoever asks.
        connectors::smtp::SmtpSettings copy = *settings;
        QPointer<connectors::smtp::SmtpPool> first = SendEmailJob::sharedPool(*settings);
        QCOMPARE(SendEmailJob::sharedPool(copy), first.data());
        // A send logs the pool's connection in with the right password.
        QCOMPARE(runJob(inputs).code, 200);
        nextMessage();
        QCOMPARE(SendEmailJob::sharedPool(copy), first.data());

        // The password changes (to a wrong one here): the logged-in
        // connection must not carry the send, so the server is asked again
        // and refuses.
        QJsonObject changed = connection();
        changed.insert("password", "not-the-password");
        auto changedSettings = connectors::smtp::SmtpSettings::fromConnection(changed);
        QVERIFY(changedSettings.ok());
        QCOMPARE(changedSettings->poolKey(), settings->poolKey());
        const engine::StepOutcome refused = runJob(inputs, changed);
        QCOMPARE(refused.code, 401);
        QPointer<connectors::smtp::SmtpPool> second = SendEmailJob::sharedPool(*changedSettings);
        QVERIFY(second);
        QVERIFY(second != first);
        // The old pool had nothing left to send; it is gone.
        QTRY_VERIFY(first.isNull());

        // Back to the right password: again a fresh login, which works.
        QCOMPARE(runJob(inputs).code, 200);
        nextMessage();
        QTRY_VERIFY(second.isNull());
        QCOMPARE(m_server.messages().size(), m_received);
    }

    void largeAttachmentOverStartTls()
    {
        const QByteArray data = randomBytes(5 * 1024 * 1024 + 1, 31);
        QJsonObject conn = connection();
        conn.insert("timeoutSeconds", 10);
        SendEmailJob job;
        QSignalSpy spy(&job, &engine::Job::finished);
        engine::JobContext context;
        context.inputs = QJsonObject{
            {"From", "big@example.com"},
            {"To", "big@example.com"},
            {"Subject", "5 MB"},
            {"Attachments",
             QJsonArray{QJsonObject{{"ContentData", QString::fromLatin1(data.toBase64())},
                                    {"FileName", "big.bin"}}}}};
        context.connection = conn;
        job.start(context);
        // More than the client's 1 MiB write high-water mark over TLS, where
        // the buffer drains through encryptedBytesWritten.
        const bool sent =
            spy.wait(30000) && spy.first().first().value<engine::StepOutcome>().code == 200;
        QVERIFY(sent);
        const testsupport::ReceivedMessage m = nextMessage();
        const QJsonObject p = testsupport::parseFileWithPython(m.emlPath);
        QCOMPARE(pythonPart(p, "1").value("sha256").toString(), sha256(data));
    }

    void cliSendEndToEnd()
    {
        const QString cli = testsupport::cliPath();
        if (cli.isEmpty() || !QFile::exists(cli))
            QFAIL("the logicapp CLI is not built (LOGICAPP_CLI)");
        QTemporaryDir dir;
        const QByteArray pdf = randomBytes(700 * 1024 + 3, 21); // streamed from the file
        const QByteArray logo = randomBytes(3000, 22);
        const QString pdfPath = dir.filePath("Grüße 测试.pdf");
        const QString logoPath = dir.filePath("logo.png");
        const QString bodyPath = dir.filePath("body.html");
        const QString dumpPath = dir.filePath("sent.eml");
        for (const auto& [path, bytes] :
             {std::pair{pdfPath, pdf}, std::pair{logoPath, logo},
              std::pair{bodyPath, QByteArray("<p>Hallo <img src=\"cid:logo\"></p>")}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        const QString subject = repeatTo("Тема письма 测试 🎉 ", 120);
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("SMTP_TEST_PASSWORD", kPassword);
        process.setProcessEnvironment(env);
        process.start(cli, {"send",
                            "--server",
                            QStringLiteral("127.0.0.1:%1").arg(m_server.port()),
                            "--tls",
                            "starttls",
                            "--ca-file",
                            m_certs.caFile(),
                            "--user",
                            kUser,
                            "--password-env",
                            "SMTP_TEST_PASSWORD",
                            "--from",
                            "CLI Sender <cli@example.com>",
                            "--to",
                            "one@example.com, Two <two@example.com>",
                            "--bcc",
                            "hidden@example.com",
                            "--subject",
                            subject,
                            "--body-file",
                            bodyPath,
                            "--html",
                            "--importance",
                            "low",
                            "--attach",
                            pdfPath,
                            "--attach",
                            logoPath + ",type=image/png,cid=logo",
                            "--header",
                            "X-Source: cli",
                            "--json",
                            "--dump-mime",
                            dumpPath});
        QVERIFY(process.waitForFinished(120000));
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(process.exitCode() == 0,
                 QByteArray(out + process.readAllStandardError()).constData());
        const QJsonObject result = QJsonDocument::fromJson(out).object();
        QCOMPARE(result.value("statusCode").toInt(), 200);
        QVERIFY(!out.contains(kPassword.toUtf8()));

        const testsupport::ReceivedMessage m = nextMessage();
        QCOMPARE(m.rcptTos,
                 (QStringList{"one@example.com", "two@example.com", "hidden@example.com"}));
        const QJsonObject p = testsupport::parseFileWithPython(m.emlPath);
        QCOMPARE(p.value("subject").toString(), subject);
        QCOMPARE(pythonHeader(p, "Message-ID"), result.value("messageId").toString());
        QCOMPARE(pythonHeader(p, "Importance"), QStringLiteral("Low"));
        QCOMPARE(pythonHeader(p, "X-Source"), QStringLiteral("cli"));
        QVERIFY(!m.data.contains("hidden@example.com"));
        QCOMPARE(pythonPart(p, "1").value("filename").toString(), QStringLiteral("Grüße 测试.pdf"));
        QCOMPARE(pythonPart(p, "1").value("sha256").toString(), sha256(pdf));
        QCOMPARE(pythonPart(p, "0.1.1").value("sha256").toString(), sha256(logo));
        QCOMPARE(pythonPart(p, "0.1.1").value("content_id").toString(), QStringLiteral("<logo>"));
        // --dump-mime wrote exactly what the server received.
        QFile dump(dumpPath);
        QVERIFY(dump.open(QIODevice::ReadOnly));
        QVERIFY(dump.readAll() == m.data);
    }

    void cliInvalidInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("flag");
        QTest::newRow("bad to") << QStringList{"--from", "a@example.com", "--to", "bob@"} << "--to";
        QTest::newRow("subject injection")
            << QStringList{"--from",        "a@example.com", "--to",
                           "b@example.com", "--subject",     "x\nBcc: c@example.com"}
            << "--subject";
        QTest::newRow("missing attachment")
            << QStringList{"--from",        "a@example.com", "--to",
                           "b@example.com", "--attach",      "/nonexistent/x.pdf"}
            << "--attach";
        QTest::newRow("bad header") << QStringList{"--from",        "a@example.com", "--to",
                                                   "b@example.com", "--header",      "Bcc: x@y.com"}
                                    << "--header";
        QTest::newRow("no recipient") << QStringList{"--from", "a@example.com"} << "--to";
        QTest::newRow("unknown flag")
            << QStringList{"--from", "a@example.com", "--to", "b@example.com", "--frobnicate"}
            << "--frobnicate";
    }
    void cliInvalidInputExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, flag);
        QProcess process;
        process.start(testsupport::cliPath(),
                      QStringList{"send", "--server",
                                  QStringLiteral("127.0.0.1:%1").arg(m_server.port()), "--tls",
                                  "starttls", "--ca-file", m_certs.caFile()} +
                          args);
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(err.contains(flag), qPrintable(err));
        QCOMPARE(m_server.messages().size(), m_received);
    }
};

QTEST_GUILESS_MAIN(TestSmtpSend)
#include "tst_smtpsend.moc"
