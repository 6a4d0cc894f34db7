#include "engine/connections/AppSettings.h"
#include "engine/connections/Connections.h"
#include "engine/connections/MemorySecretStore.h"
#include "engine/workflow/Workflow.h"
#include "tests/support/Paths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using engine::ConnectionInfo;
using engine::Connections;

// connections.json: reading the Standard shape, case-insensitive parameters,
// @appsetting resolution, and that secrets never reach the file.
class TestConnections : public QObject
{
    Q_OBJECT

private:
    static QString treConnections()
    {
        return testsupport::samplesDir() +
               QStringLiteral("/microsoft__AzureTRE__templates_shared_services_airlock_notifier_"
                              "app_connections.json");
    }

    static QByteArray readFile(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void readsSample()
    {
        engine::Result<Connections> c = Connections::load(treConnections());
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().toString()));
        QCOMPARE(c->names(), (QStringList{QStringLiteral("serviceBus"), QStringLiteral("Smtp")}));
        const std::optional<ConnectionInfo> smtp = c->find(QStringLiteral("Smtp"));
        QVERIFY(smtp);
        QCOMPARE(smtp->kind, ConnectionInfo::Kind::ServiceProvider);
        QCOMPARE(smtp->serviceProviderId, QStringLiteral("/serviceProviders/Smtp"));
        QCOMPARE(smtp->connector(), QStringLiteral("smtp"));
        QCOMPARE(smtp->displayName, QStringLiteral("smtp"));
        // The file writes "username"; Logic Apps documents "userName".
        QCOMPARE(smtp->parameter(QStringLiteral("userName")).toString(),
                 QStringLiteral("@appsetting('smtp_username')"));
        QCOMPARE(smtp->parameter(QStringLiteral("SERVERADDRESS")).toString(),
                 QStringLiteral("@appsetting('smtp_server_address')"));
        QVERIFY(smtp->parameter(QStringLiteral("nothing")).isUndefined());
        // Found case-insensitively too.
        QVERIFY(c->find(QStringLiteral("smtp")));
        QVERIFY(!c->find(QStringLiteral("missing")));
    }

    void sampleRoundTrip_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("connections.json") << treConnections();
    }
    void sampleRoundTrip()
    {
        QFETCH(QString, path);
        const QByteArray original = readFile(path);
        engine::Result<Connections> c = Connections::parse(original);
        QVERIFY(c.ok());
        QCOMPARE(QJsonDocument::fromJson(c->serialize()), QJsonDocument::fromJson(original));
        QCOMPARE(c->serialize(), original);
    }

    void workflowReaderRefusesIt()
    {
        engine::Result<engine::Workflow> w = engine::Workflow::load(treConnections());
        QVERIFY(!w.ok());
        QVERIFY(w.error().message.contains(QLatin1String("Not a workflow definition")));
        QVERIFY(w.error().message.contains(QLatin1String("connections.json")));
    }

    void resolvesAppSettings()
    {
        engine::Result<Connections> c = Connections::load(treConnections());
        QVERIFY(c.ok());
        engine::AppSettings settings;
        settings.setUseEnvironment(false);
        settings.setValue(QStringLiteral("smtp_server_address"), QStringLiteral("127.0.0.1"));
        settings.setValue(QStringLiteral("smtp_server_port"), QStringLiteral("2525"));
        settings.setValue(QStringLiteral("smtp_server_enable_ssl"), QStringLiteral("false"));
        settings.setValue(QStringLiteral("smtp_username"), QStringLiteral("alice"));
        c->setAppSettings(settings);
        // The password is not an app setting here: it comes from the secret store.
        engine::Result<QJsonObject> missing = c->resolve(QStringLiteral("Smtp"), nullptr);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().field, QStringLiteral("Smtp.password"));
        QVERIFY(missing.error().message.contains(QLatin1String("smtp_password")));

        engine::MemorySecretStore secrets;
        QVERIFY(secrets.write(QStringLiteral("smtp_password"), QStringLiteral("s3cret")).ok());
        engine::Result<QJsonObject> p = c->resolve(QStringLiteral("Smtp"), &secrets);
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().toString()));
        QCOMPARE(p->value(u"serverAddress").toString(), QStringLiteral("127.0.0.1"));
        QCOMPARE(p->value(u"port").toString(), QStringLiteral("2525"));
        QCOMPARE(p->value(u"username").toString(), QStringLiteral("alice"));
        QCOMPARE(p->value(u"password").toString(), QStringLiteral("s3cret"));
        // Nested objects are resolved too, others kept.
        engine::Result<QJsonObject> sb = c->resolve(QStringLiteral("serviceBus"), &secrets);
        QVERIFY(!sb.ok());
        QCOMPARE(sb.error().field, QStringLiteral("serviceBus.fullyQualifiedNamespace"));
    }

    void environmentWinsOverFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile settingsFile(dir.filePath(QStringLiteral("local.settings.json")));
        QVERIFY(settingsFile.open(QIODevice::WriteOnly));
        settingsFile.write(
            "{\"IsEncrypted\": false, \"Values\": {\"WDL_TEST_HOST\": \"file-host\", "
            "\"WDL_TEST_PORT\": 587}}");
        settingsFile.close();
        QFile conn(dir.filePath(QStringLiteral("connections.json")));
        QVERIFY(conn.open(QIODevice::WriteOnly));
        conn.write(
            "{\"serviceProviderConnections\": {\"mail\": {\"parameterValues\": "
            "{\"serverAddress\": \"@appsetting('WDL_TEST_HOST')\", \"port\": "
            "\"@appsetting('WDL_TEST_PORT')\", \"note\": \"on @{appsetting('WDL_TEST_HOST')} "
            "today\"}, \"serviceProvider\": {\"id\": \"/serviceProviders/Smtp\"}}}}");
        conn.close();
        engine::Result<Connections> c = Connections::load(conn.fileName());
        QVERIFY(c.ok());
        engine::Result<QJsonObject> p = c->resolve(QStringLiteral("mail"), nullptr);
        QVERIFY(p.ok());
        QCOMPARE(p->value(u"serverAddress").toString(), QStringLiteral("file-host"));
        QCOMPARE(p->value(u"port").toString(), QStringLiteral("587"));
        QCOMPARE(p->value(u"note").toString(), QStringLiteral("on file-host today"));
        qputenv("WDL_TEST_HOST", "env-host");
        engine::Result<QJsonObject> q = c->resolve(QStringLiteral("mail"), nullptr);
        qunsetenv("WDL_TEST_HOST");
        QVERIFY(q.ok());
        QCOMPARE(q->value(u"serverAddress").toString(), QStringLiteral("env-host"));
    }

    void writeValueKeepsTheRest()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("local.settings.json"));
        // Key order, the other values and an unknown section stay as they were.
        const QByteArray original =
            "{\r\n  \"IsEncrypted\": false,\r\n  \"Values\": {\r\n    \"Zeta\": \"z\",\r\n    "
            "\"AzureWebJobsStorage\": \"UseDevelopmentStorage=true\"\r\n  },\r\n  \"Host\": "
            "{\r\n    \"LocalHttpPort\": 7072\r\n  }\r\n}\r\n";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
        f.close();
        const QString key = QStringLiteral("Workflows.lead.FlowState");
        QVERIFY(engine::AppSettings::writeValue(path, key, QStringLiteral("Disabled")).ok());
        const QByteArray written = readFile(path);
        QVERIFY(written.contains("\r\n"));
        QVERIFY(written.indexOf("Zeta") < written.indexOf("AzureWebJobsStorage"));
        QVERIFY(written.indexOf("AzureWebJobsStorage") < written.indexOf("FlowState"));
        QVERIFY(written.contains("\"LocalHttpPort\": 7072"));
        auto loaded = engine::AppSettings::load(path);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->value(key).value_or(QString()), QStringLiteral("Disabled"));
        // An empty value removes the key: the file is the original again.
        QVERIFY(engine::AppSettings::writeValue(path, key, QString()).ok());
        QCOMPARE(readFile(path), original);

        // A missing file is created; one that is not a JSON object is refused
        // and left alone.
        const QString fresh = dir.filePath(QStringLiteral("new/local.settings.json"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("new"))));
        QVERIFY(engine::AppSettings::writeValue(fresh, key, QStringLiteral("Disabled")).ok());
        QCOMPARE(engine::AppSettings::load(fresh)->value(key).value_or(QString()),
                 QStringLiteral("Disabled"));
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("[1, 2]");
        bad.close();
        const engine::Status refused =
            engine::AppSettings::writeValue(bad.fileName(), key, QStringLiteral("Disabled"));
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QStringLiteral("not a JSON object")));
        QCOMPARE(readFile(bad.fileName()), QByteArray("[1, 2]"));
    }

    void secretsNeverWritten()
    {
        Connections c;
        ConnectionInfo info;
        info.name = QStringLiteral("Office mail");
        info.displayName = QStringLiteral("Office mail");
        info.serviceProviderId = QStringLiteral("/serviceProviders/Smtp");
        info.setParameter(QStringLiteral("serverAddress"), QStringLiteral("smtp.example.com"));
        info.setParameter(QStringLiteral("userName"), QStringLiteral("bob"));
        info.setParameter(QStringLiteral("password"), QStringLiteral("hunter2-secret"));
        info.setParameter(QStringLiteral("port"), 587);
        // Without somewhere to keep the password, nothing is written.
        const engine::Status refused = c.set(info, nullptr);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().field, QStringLiteral("password"));
        QVERIFY(!c.contains(QStringLiteral("Office mail")));

        engine::MemorySecretStore secrets;
        QVERIFY(c.set(info, &secrets).ok());
        const QByteArray written = c.serialize();
        QVERIFY(!written.contains("hunter2"));
        QVERIFY(written.contains("@appsetting('Office_mail_password')"));
        QCOMPARE(secrets.read(QStringLiteral("Office_mail_password")).value(),
                 QStringLiteral("hunter2-secret"));
        // Reading it back resolves through the store.
        engine::Result<Connections> back = Connections::parse(written);
        QVERIFY(back.ok());
        engine::AppSettings none;
        none.setUseEnvironment(false);
        back->setAppSettings(none);
        engine::Result<QJsonObject> p = back->resolve(QStringLiteral("Office mail"), &secrets);
        QVERIFY(p.ok());
        QCOMPARE(p->value(u"password").toString(), QStringLiteral("hunter2-secret"));
        QCOMPARE(p->value(u"port").toInt(), 587);

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("connections.json"));
        QVERIFY(back->save(path).ok());
        QVERIFY(!readFile(path).contains("hunter2"));
        QVERIFY(back->remove(QStringLiteral("Office mail")).ok());
        QVERIFY(!back->remove(QStringLiteral("Office mail")).ok());
    }

    void setKeepsOrderAndUnknownKeys()
    {
        engine::Result<Connections> c = Connections::parse(readFile(treConnections()));
        QVERIFY(c.ok());
        std::optional<ConnectionInfo> sb = c->find(QStringLiteral("serviceBus"));
        QVERIFY(sb);
        QCOMPARE(sb->parameterSetName, QStringLiteral("ManagedServiceIdentity"));
        sb->displayName = QStringLiteral("renamed");
        QVERIFY(c->set(*sb).ok());
        const QByteArray written = c->serialize();
        const QByteArray original = readFile(treConnections());
        QCOMPARE(written, QByteArray(original).replace("\"core-service-bus\"", "\"renamed\""));
    }

    void localCatcher()
    {
        Connections c;
        const std::optional<ConnectionInfo> catcher = c.find(Connections::localCatcherName());
        QVERIFY(catcher);
        QCOMPARE(catcher->displayName, QStringLiteral("Local mail catcher"));
        QCOMPARE(catcher->parameter(QStringLiteral("serverAddress")).toString(),
                 QStringLiteral("127.0.0.1"));
        QCOMPARE(catcher->parameter(QStringLiteral("port")).toInt(), 2525);
        QCOMPARE(catcher->parameter(QStringLiteral("enableSSL")).toBool(), false);
        engine::Result<QJsonObject> p = c.resolve(Connections::localCatcherName(), nullptr);
        QVERIFY(p.ok());
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed")
            << QByteArray("{\"serviceProviderConnections\": {") << QStringLiteral("line 1");
        QTest::newRow("a workflow")
            << QByteArray("{\"definition\": {}, \"kind\": \"Stateful\"}")
            << QStringLiteral("this is a workflow definition, not a connections.json file");
        QTest::newRow("section not an object")
            << QByteArray("{\"managedApiConnections\": []}")
            << QStringLiteral("must be an object of connections by name");
        QTest::newRow("entry not an object")
            << QByteArray("{\"serviceProviderConnections\": {\"a\": 1}}")
            << QStringLiteral("a connection must be a JSON object");
    }
    void badFiles()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        engine::Result<Connections> c = Connections::parse(text);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(message), qPrintable(c.error().toString()));
    }

    void readsArmConnectionTemplate()
    {
        // The ARM Microsoft.Web/connections template: not a workflow, but its
        // connections are read as managed API connections.
        const QString path =
            testsupport::samplesDir() +
            QStringLiteral("/microsoft__AzureTRE__templates_shared_services_airlock_notifier_"
                           "terraform_smtp-api-connection__at-d0aaad704.json");
        engine::Result<Connections> c = Connections::load(path);
        QVERIFY(c.ok());
        QVERIFY(c->isArmTemplate());
        QCOMPARE(c->names(), QStringList{QStringLiteral("smtp")});
        const std::optional<ConnectionInfo> smtp = c->find(QStringLiteral("SMTP"));
        QVERIFY(smtp);
        QCOMPARE(smtp->kind, ConnectionInfo::Kind::ManagedApi);
        QCOMPARE(smtp->connector(), QStringLiteral("smtp"));
        QCOMPARE(smtp->parameter(QStringLiteral("username")).toString(),
                 QStringLiteral("[parameters('userName')]"));
        QCOMPARE(smtp->parameter(QStringLiteral("port")).toInt(), 25);
        QCOMPARE(smtp->parameter(QStringLiteral("enableSsl")).toBool(), true);
        QVERIFY(!c->set(*smtp).ok());
        QCOMPARE(c->serialize(), readFile(path));
        engine::Result<engine::Workflow> w = engine::Workflow::load(path);
        QVERIFY(!w.ok());
        QVERIFY(w.error().message.contains(QLatin1String("Not a workflow definition")));
    }
};

QTEST_GUILESS_MAIN(TestConnections)
#include "tst_connections.moc"
