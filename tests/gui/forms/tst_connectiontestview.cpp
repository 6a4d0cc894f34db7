#include "connectors/smtp/SmtpConnectionTester.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ConnectionDialog.h"
#include "designer/forms/ConnectionTestView.h"
#include "designer/forms/ProjectConnections.h"
#include "engine/connections/MemorySecretStore.h"
#include "tests/gui/forms/FormsFixtures.h"
#include "tests/support/SmtpdServer.h"
#include "tests/support/TestCertificates.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

// The dialog's "Test connection" against a real aiosmtpd with STARTTLS and
// AUTH, through the SMTP connection test session.
class TestConnectionTestView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void liveTest_data();
    void liveTest();
    void screenshot();

private:
    void runTest(designer::ConnectionDialog& dialog, const QString& password);

    testsupport::TestCertificates m_certs;
    testsupport::SmtpdServer m_server;
    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
    engine::MemorySecretStore m_secrets;
};

void TestConnectionTestView::initTestCase()
{
    QString error;
    QVERIFY2(m_certs.generate(&error), qPrintable(error));
    testsupport::SmtpdServer::Options options;
    options.certFile = m_certs.serverCertFile();
    options.keyFile = m_certs.serverKeyFile();
    options.requireStartTls = true;
    options.user = QStringLiteral("sales@example.com");
    options.password = QStringLiteral("right-Pa55");
    QVERIFY2(m_server.start(options, &error), qPrintable(error));
    connectors::smtp::registerConnectionTester();
}

void TestConnectionTestView::runTest(designer::ConnectionDialog& dialog, const QString& password)
{
    QTest::keyClicks(dialog.serverEdit(), QStringLiteral("127.0.0.1"));
    dialog.tlsCombo()->setCurrentIndex(int(designer::ConnectionDialog::TlsMode::StartTls));
    dialog.portSpin()->setValue(m_server.port());
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("sales@example.com"));
    QTest::keyClicks(dialog.passwordEdit(), password);
    dialog.trustCombo()->setCurrentIndex(int(designer::ConnectionDialog::Trust::CaFile));
    QTest::keyClicks(dialog.trustValueEdit(), m_certs.caFile());
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    // The session runs while the event loop turns: the dialog stays usable.
    QVERIFY(dialog.testView()->isRunning());
    QVERIFY(dialog.isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.testView()->isRunning(), 30000);
}

void TestConnectionTestView::liveTest_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("ok");
    QTest::newRow("right password") << "right-Pa55" << true;
    QTest::newRow("wrong password") << "wrong-Pa55" << false;
}

void TestConnectionTestView::liveTest()
{
    QFETCH(QString, password);
    QFETCH(bool, ok);
    designer::WorkflowDocument doc(m_catalogue);
    doc.newWorkflow();
    designer::ProjectConnections connections(&doc);
    designer::ConnectionDialog dialog(&connections, &m_secrets, QStringLiteral("smtp"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    runTest(dialog, password);
    designer::ConnectionTestView* view = dialog.testView();
    QVERIFY2(view->verdict().startsWith(ok ? QStringLiteral("✓") : QStringLiteral("✗")),
             qPrintable(view->verdict() + "\n" + view->transcriptText()));
    QVERIFY(view->transcriptLines() > 3);
    // Both directions are shown; the password never is.
    const QString transcript = view->transcriptText();
    QVERIFY(transcript.contains(QStringLiteral("C EHLO")));
    QVERIFY(transcript.contains(QStringLiteral("S 250")));
    QVERIFY(!transcript.contains(password));
    QVERIFY(!transcript.contains(QString::fromLatin1(
        QByteArray(QByteArray("\0sales@example.com\0", 19) + password.toUtf8()).toBase64())));
    QVERIFY2(view->tlsSummary().contains(QStringLiteral("TLS")), qPrintable(view->tlsSummary()));
    if (!ok)
        QVERIFY(!view->diagnosis().isEmpty());
}

void TestConnectionTestView::screenshot()
{
    const QString dir = qEnvironmentVariable("LOGICAPP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set LOGICAPP_SCREENSHOT_DIR to write the test view's picture");
    designer::WorkflowDocument doc(m_catalogue);
    doc.newWorkflow();
    designer::ProjectConnections connections(&doc);
    designer::ConnectionDialog dialog(&connections, &m_secrets, QStringLiteral("smtp"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.nameEdit(), QStringLiteral("office"));
    runTest(dialog, QStringLiteral("right-Pa55"));
    dialog.resize(620, 640);
    QTest::qWait(20);
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/connection-test.png")));
}

QTEST_MAIN(TestConnectionTestView)
#include "tst_connectiontestview.moc"
