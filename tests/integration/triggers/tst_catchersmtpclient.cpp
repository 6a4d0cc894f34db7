#include "connectors/catcher/CaughtMail.h"
#include "connectors/catcher/MailCatcher.h"
#include "connectors/smtp/SendReply.h"
#include "connectors/smtp/SmtpClient.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using connectors::catcher::CaughtMail;
using connectors::catcher::MailCatcher;
using namespace connectors::smtp;

// Our own SMTP client against our own catcher: what the seed's first run does
// with the built-in "Local mail catcher" connection.
class TestCatcherSmtpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsToTheCatcher_data()
    {
        QTest::addColumn<bool>("startTls");
        QTest::addColumn<int>("bodyLines");
        QTest::newRow("plain, small") << false << 3;
        QTest::newRow("starttls, small") << true << 3;
        QTest::newRow("plain, 4 MB") << false << 50000;
    }

    void sendsToTheCatcher()
    {
        QFETCH(bool, startTls);
        QFETCH(int, bodyLines);
        QTemporaryDir dir;
        MailCatcher::Options options;
        options.port = 0;
        options.dir = dir.filePath(QStringLiteral("mail"));
        options.startTls = startTls;
        MailCatcher catcher(options);
        QVERIFY2(catcher.start(), qPrintable(catcher.lastError()));
        QSignalSpy stored(&catcher, &MailCatcher::messageStored);

        SmtpSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = catcher.serverPort();
        settings.tlsMode = startTls ? SmtpSettings::TlsMode::StartTls : SmtpSettings::TlsMode::None;
        if (startTls)
            settings.caFile = dir.filePath(QStringLiteral("mail/tls/cert.pem"));
        SmtpClient client(settings);

        QByteArray message = "From: crm@example.test\r\nTo: ada@example.test\r\n"
                             "Subject: New lead\r\nMIME-Version: 1.0\r\n"
                             "Content-Type: text/plain; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: 8bit\r\n\r\n";
        QByteArray body;
        for (int i = 0; i < bodyLines; ++i)
            body += (i % 7 == 0 ? ".dot line " : "Grüße line ") + QByteArray::number(i) + "\r\n";
        message += body;
        auto buffer = std::make_unique<QBuffer>();
        buffer->setData(message);
        Envelope envelope;
        envelope.from = QStringLiteral("crm@example.test");
        envelope.recipients = {QStringLiteral("ada@example.test"),
                               QStringLiteral("bcc@example.test")};
        envelope.eightBitMime = true;
        // The caller owns the reply.
        const std::unique_ptr<SendReply> reply(client.send(envelope, std::move(buffer)));
        QSignalSpy finished(reply.get(), &SendReply::finished);
        QVERIFY(finished.wait(60000));
        QVERIFY2(reply->result().ok(), qPrintable(reply->result().error));
        QVERIFY(reply->result().queueId.endsWith(QStringLiteral(".eml")));
        QTRY_COMPARE(stored.size(), 1);

        auto mail = CaughtMail::load(stored.at(0).at(0).toString());
        QVERIFY(mail.ok());
        QCOMPARE(mail->subject, QStringLiteral("New lead"));
        QCOMPARE(mail->envelopeRecipients, envelope.recipients);
        QCOMPARE(mail->text.toUtf8(), body);
    }
};

QTEST_GUILESS_MAIN(TestCatcherSmtpClient)
#include "tst_catchersmtpclient.moc"
