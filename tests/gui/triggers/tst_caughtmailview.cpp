#include "connectors/catcher/Maildir.h"
#include "designer/catcher/CaughtMailView.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using connectors::catcher::Maildir;
using designer::CaughtMailView;

namespace {

QByteArray pngBytes()
{
    QImage image(2, 2, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return out;
}

void deliver(const Maildir& dir, const QByteArray& message)
{
    auto d = dir.begin();
    QVERIFY(d.ok());
    QVERIFY((*d)->write(message));
    QVERIFY((*d)->commit().ok());
}

QByteArray htmlMessage()
{
    return "From: Sender <s@example.test>\r\nTo: jane@example.test\r\n"
           "Subject: =?UTF-8?Q?New_lead:_J=C3=BCrgen?=\r\n"
           "Date: Mon, 05 Jan 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=b1\r\n\r\n"
           "--b1\r\nContent-Type: multipart/related; boundary=b2\r\n\r\n"
           "--b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           "<p>Hello <img src=\"cid:logo@x\"><img src=\"http://tracker.example/p.gif\"></p>\r\n"
           "--b2\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           pngBytes().toBase64() +
           "\r\n--b2--\r\n"
           "--b1\r\nContent-Type: text/csv; name=lead.csv\r\n"
           "Content-Disposition: attachment; filename=\"lead.csv\"\r\n\r\n"
           "a,b\r\n1,2\r\n--b1--\r\n";
}

} // namespace

class TestCaughtMailView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsAndShowsMail()
    {
        QTemporaryDir dir;
        Maildir maildir(dir.path());
        deliver(maildir, "From: a@example.test\r\nTo: b@example.test\r\nSubject: First\r\n"
                         "Date: Sun, 04 Jan 2026 09:00:00 +0000\r\n\r\nplain body\r\n");
        deliver(maildir, htmlMessage());
        CaughtMailView view(dir.path());
        view.show();
        QCOMPARE(view.list()->topLevelItemCount(), 2);
        QCOMPARE(view.messages().size(), 2);

        view.setCurrentIndex(0);
        QCOMPARE(view.textView()->toPlainText().trimmed(), QStringLiteral("plain body"));
        QVERIFY(!view.tabs()->isTabEnabled(view.tabs()->indexOf(view.htmlView())));

        view.setCurrentIndex(1);
        QCOMPARE(view.messages().at(1).subject, QStringLiteral("New lead: Jürgen"));
        QVERIFY(view.htmlView()->toPlainText().contains(QStringLiteral("Hello")));
        QCOMPARE(view.attachmentsView()->count(), 2); // inline logo + lead.csv
        QVERIFY(view.sourceView()->toPlainText().contains(QStringLiteral("multipart/related")));
        QVERIFY(view.headersView()->topLevelItemCount() >= 5);
    }

    void htmlLoadsOnlyInlineParts()
    {
        QTemporaryDir dir;
        Maildir maildir(dir.path());
        deliver(maildir, htmlMessage());
        CaughtMailView view(dir.path());
        view.setCurrentIndex(0);
        const QVariant inlineImage = view.htmlView()->loadResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("cid:logo@x")));
        QVERIFY(!inlineImage.value<QImage>().isNull());
        QVERIFY(!view.htmlView()
                     ->loadResource(QTextDocument::ImageResource,
                                    QUrl(QStringLiteral("http://tracker.example/p.gif")))
                     .isValid());
        QVERIFY(!view.htmlView()
                     ->loadResource(QTextDocument::ImageResource,
                                    QUrl::fromLocalFile(QStringLiteral("/etc/passwd")))
                     .isValid());
    }

    void savesAnAttachment()
    {
        QTemporaryDir dir;
        Maildir maildir(dir.path());
        deliver(maildir, htmlMessage());
        CaughtMailView view(dir.path());
        view.setCurrentIndex(0);
        const QString target = dir.filePath(QStringLiteral("saved.csv"));
        QString error;
        QVERIFY2(view.saveAttachment(1, target, &error), qPrintable(error));
        QFile saved(target);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), QByteArray("a,b\r\n1,2"));
        QVERIFY(!view.saveAttachment(5, target, &error));
    }

    void followsNewMail()
    {
        QTemporaryDir dir;
        CaughtMailView view(dir.path());
        QCOMPARE(view.list()->topLevelItemCount(), 0);
        deliver(Maildir(dir.path()), "Subject: arrives later\r\n\r\nx\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(view.list()->topLevelItemCount(), 1, 10000);
    }
};

QTEST_MAIN(TestCaughtMailView)
#include "tst_caughtmailview.moc"
