#include "designer/document/WorkflowDocument.h"
#include "designer/forms/ConnectionDialog.h"
#include "designer/forms/ConnectionTestView.h"
#include "designer/forms/ProjectConnections.h"
#include "engine/connections/MemorySecretStore.h"
#include "tests/gui/forms/FormsFixtures.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using designer::ConnectionDialog;

class TestConnectionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void portFollowsTlsMode_data();
    void portFollowsTlsMode();
    void ownPortIsKept();
    void acceptAnyIsMarked();
    void problemsKeepTheDialogOpen_data();
    void problemsKeepTheDialogOpen();
    void passwordGoesToTheStoreOnly();
    void editKeepsThePassword();
    void newWorkflowWritesOnFirstSave();
    void noTesterSaysSo();
    void screenshot();

private:
    void fill(ConnectionDialog& dialog, const QString& name, const QString& password);

    engine::Catalogue m_catalogue = formstest::fixtureCatalogue();
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<designer::WorkflowDocument> m_doc;
    std::unique_ptr<designer::ProjectConnections> m_connections;
    engine::MemorySecretStore m_secrets;
};

void TestConnectionDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_doc = std::make_unique<designer::WorkflowDocument>(m_catalogue);
    m_doc->newWorkflow();
    const QString path = designer::WorkflowDocument::standardPath(m_dir->path(), "lead-mail");
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(m_doc->saveAs(path).ok());
    m_connections = std::make_unique<designer::ProjectConnections>(m_doc.get());
    m_secrets = engine::MemorySecretStore();
}

void TestConnectionDialog::cleanup()
{
    m_connections.reset();
    m_doc.reset();
    m_dir.reset();
}

void TestConnectionDialog::fill(ConnectionDialog& dialog, const QString& name,
                                const QString& password)
{
    QTest::keyClicks(dialog.nameEdit(), name);
    QTest::keyClicks(dialog.serverEdit(), QStringLiteral("smtp.example.com"));
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("sales@example.com"));
    QTest::keyClicks(dialog.passwordEdit(), password);
}

void TestConnectionDialog::portFollowsTlsMode_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("tlsMode");
    QTest::addColumn<bool>("enableSsl");
    QTest::newRow("none") << 0 << 25 << "none" << false;
    QTest::newRow("starttls") << 1 << 587 << "starttls" << true;
    QTest::newRow("implicit") << 2 << 465 << "implicit" << true;
}

void TestConnectionDialog::portFollowsTlsMode()
{
    QFETCH(int, mode);
    QFETCH(int, port);
    QFETCH(QString, tlsMode);
    QFETCH(bool, enableSsl);
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    QCOMPARE(dialog.portSpin()->value(), 587); // STARTTLS by default
    dialog.tlsCombo()->setCurrentIndex(mode);
    QCOMPARE(dialog.portSpin()->value(), port);
    const QJsonObject p = dialog.parameterValues();
    QCOMPARE(p.value("port").toInt(), port);
    QCOMPARE(p.value("tlsMode").toString(), tlsMode);
    QCOMPARE(p.value("enableSSL").toBool(), enableSsl);
}

void TestConnectionDialog::ownPortIsKept()
{
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.portSpin()->setValue(2525);
    dialog.tlsCombo()->setCurrentIndex(0);
    QCOMPARE(dialog.portSpin()->value(), 2525);
    dialog.tlsCombo()->setCurrentIndex(2);
    QCOMPARE(dialog.portSpin()->value(), 2525);
}

void TestConnectionDialog::acceptAnyIsMarked()
{
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.insecureWarning()->isVisible());
    dialog.trustCombo()->setCurrentIndex(int(ConnectionDialog::Trust::AcceptAny));
    QVERIFY(dialog.insecureWarning()->isVisible());
    QVERIFY(dialog.parameterValues().value("acceptAnyCertificate").toBool());
    dialog.trustCombo()->setCurrentIndex(int(ConnectionDialog::Trust::Pin));
    QVERIFY(!dialog.insecureWarning()->isVisible());
    QVERIFY(dialog.trustValueEdit()->isVisible());
    QTest::keyClicks(dialog.trustValueEdit(), QStringLiteral("ab:cd"));
    QCOMPARE(dialog.parameterValues().value("pinSha256").toString(), QStringLiteral("ab:cd"));
    QVERIFY(!dialog.parameterValues().contains("acceptAnyCertificate"));
}

void TestConnectionDialog::problemsKeepTheDialogOpen_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("server");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("message");
    QTest::newRow("no name") << ""
                             << "smtp.example.com" << 1 << 587 << "pw"
                             << "name";
    QTest::newRow("bad name") << "my conn"
                              << "smtp.example.com" << 1 << 587 << "pw"
                              << "letters";
    QTest::newRow("no server") << "office"
                               << "" << 1 << 587 << "pw"
                               << "host name";
    QTest::newRow("465 with starttls") << "office"
                                       << "smtp.example.com" << 1 << 465 << "pw"
                                       << "Implicit TLS";
    QTest::newRow("no password") << "office"
                                 << "smtp.example.com" << 1 << 587 << ""
                                 << "password";
}

void TestConnectionDialog::problemsKeepTheDialogOpen()
{
    QFETCH(QString, name);
    QFETCH(QString, server);
    QFETCH(int, mode);
    QFETCH(int, port);
    QFETCH(QString, password);
    QFETCH(QString, message);
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(dialog.nameEdit(), name);
    QTest::keyClicks(dialog.serverEdit(), server);
    dialog.tlsCombo()->setCurrentIndex(mode);
    dialog.portSpin()->setValue(port);
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("sales@example.com"));
    QTest::keyClicks(dialog.passwordEdit(), password);
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorLabel()->text().contains(message, Qt::CaseInsensitive),
             qPrintable(dialog.errorLabel()->text()));
    QVERIFY(m_connections->forConnector("smtp").size() == 1); // only the built-in catcher
}

void TestConnectionDialog::passwordGoesToTheStoreOnly()
{
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fill(dialog, QStringLiteral("office"), QStringLiteral("s3cret-Pa55"));
    dialog.authCombo()->setCurrentIndex(dialog.authCombo()->findData(QStringLiteral("login")));
    QTest::mouseClick(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save),
                      Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.connectionName(), QStringLiteral("office"));
    QCOMPARE(m_secrets.read(QStringLiteral("office_password")).value(),
             QStringLiteral("s3cret-Pa55"));

    QFile file(m_connections->path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(!written.contains("s3cret-Pa55"));
    const QJsonObject entry = QJsonDocument::fromJson(written)
                                  .object()
                                  .value("serviceProviderConnections")
                                  .toObject()
                                  .value("office")
                                  .toObject();
    const QJsonObject p = entry["parameterValues"].toObject();
    QCOMPARE(p["password"].toString(), QStringLiteral("@appsetting('office_password')"));
    QCOMPARE(p["serverAddress"].toString(), QStringLiteral("smtp.example.com"));
    QCOMPARE(p["userName"].toString(), QStringLiteral("sales@example.com"));
    QCOMPARE(p["authType"].toString(), QStringLiteral("login"));
    QCOMPARE(entry.value("serviceProvider").toObject().value("id").toString(),
             QStringLiteral("/serviceProviders/Smtp"));
    const auto names = m_connections->forConnector("smtp");
    QVERIFY(
        std::any_of(names.begin(), names.end(), [](const auto& n) { return n.first == "office"; }));
}

void TestConnectionDialog::editKeepsThePassword()
{
    {
        ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
        fill(dialog, QStringLiteral("office"), QStringLiteral("first"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.load(QStringLiteral("office"));
    QCOMPARE(dialog.serverEdit()->text(), QStringLiteral("smtp.example.com"));
    QCOMPARE(dialog.portSpin()->value(), 587);
    QVERIFY(dialog.passwordEdit()->text().isEmpty());
    // The test sees the stored password; the file still only the reference.
    QCOMPARE(dialog.testParameters().value("password").toString(), QStringLiteral("first"));
    dialog.serverEdit()->clear();
    QTest::keyClicks(dialog.serverEdit(), QStringLiteral("mail.example.org"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(m_connections->parameters("office").value("serverAddress").toString(),
             QStringLiteral("mail.example.org"));
    QCOMPARE(m_connections->parameters("office").value("password").toString(),
             QStringLiteral("@appsetting('office_password')"));
    QCOMPARE(m_secrets.read(QStringLiteral("office_password")).value(), QStringLiteral("first"));
}

void TestConnectionDialog::newWorkflowWritesOnFirstSave()
{
    designer::WorkflowDocument doc(m_catalogue);
    doc.newWorkflow();
    designer::ProjectConnections connections(&doc);
    QVERIFY(connections.path().isEmpty());
    ConnectionDialog dialog(&connections, &m_secrets, "smtp");
    fill(dialog, QStringLiteral("later"), QStringLiteral("pw-later"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(connections.contains("later"));
    QTemporaryDir dir;
    const QString path = designer::WorkflowDocument::standardPath(dir.path(), "fresh");
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QVERIFY(doc.saveAs(path).ok());
    QCOMPARE(connections.path(), dir.filePath("connections.json"));
    QFile file(connections.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("\"later\""));
    QVERIFY(!written.contains("pw-later"));
}

void TestConnectionDialog::noTesterSaysSo()
{
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "nosuchconnector");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fill(dialog, QStringLiteral("x"), QStringLiteral("pw"));
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    QVERIFY(dialog.testView()->isVisible());
    QVERIFY(!dialog.testView()->isRunning());
    QVERIFY(dialog.testView()->verdict().contains(QStringLiteral("no connection test")));
}

void TestConnectionDialog::screenshot()
{
    const QString dir = qEnvironmentVariable("LOGICAPP_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("set LOGICAPP_SCREENSHOT_DIR to write the dialog's picture");
    ConnectionDialog dialog(m_connections.get(), &m_secrets, "smtp");
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fill(dialog, QStringLiteral("office"), QStringLiteral("pw"));
    dialog.trustCombo()->setCurrentIndex(int(ConnectionDialog::Trust::AcceptAny));
    QTest::qWait(20);
    QVERIFY(dialog.grab().save(dir + QStringLiteral("/connection-dialog.png")));
}

QTEST_MAIN(TestConnectionDialog)
#include "tst_connectiondialog.moc"
