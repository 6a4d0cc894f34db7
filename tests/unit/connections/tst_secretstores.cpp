#include "engine/connections/EnvironmentSecretStore.h"
#include "engine/connections/KeychainSecretStore.h"
#include "engine/connections/MemorySecretStore.h"

#include <QTest>
#include <QUuid>

// The three secret stores behind one interface.
class TestSecretStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memory()
    {
        engine::MemorySecretStore store;
        QCOMPARE(store.read(QStringLiteral("k")).error().code, 404);
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("v")).ok());
        QCOMPARE(store.read(QStringLiteral("k")).value(), QStringLiteral("v"));
        QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("w")).ok());
        QCOMPARE(store.read(QStringLiteral("k")).value(), QStringLiteral("w"));
        QVERIFY(store.remove(QStringLiteral("k")).ok());
        QVERIFY(!store.read(QStringLiteral("k")).ok());
        QVERIFY(!store.write(QString(), QStringLiteral("v")).ok());
    }

    void environment()
    {
        engine::AppSettings settings;
        settings.setValue(QStringLiteral("WDL_FILE_ONLY"), QStringLiteral("from-file"));
        engine::EnvironmentSecretStore store(settings);
        qputenv("WDL_SECRET_TEST", "from-env");
        QCOMPARE(store.read(QStringLiteral("WDL_SECRET_TEST")).value(), QStringLiteral("from-env"));
        qunsetenv("WDL_SECRET_TEST");
        QCOMPARE(store.read(QStringLiteral("WDL_FILE_ONLY")).value(), QStringLiteral("from-file"));
        const engine::Result<QString> missing = store.read(QStringLiteral("WDL_NOT_SET_ANYWHERE"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, 404);
        QVERIFY(missing.error().message.contains(QLatin1String("WDL_NOT_SET_ANYWHERE")));
        // Never writes a secret anywhere.
        const engine::Status write = store.write(QStringLiteral("X"), QStringLiteral("pw"));
        QVERIFY(!write.ok());
        QVERIFY(!write.error().message.contains(QLatin1String("pw")));
    }

    void keychain()
    {
        engine::KeychainSecretStore store(QStringLiteral("Logic Designer tests"));
        const QString key =
            QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
        const engine::Status written = store.write(key, QStringLiteral("p@ss"));
        if (!written.ok() && written.error().code == 500)
            QSKIP(qPrintable(QStringLiteral("no usable OS keychain here: ") +
                             written.error().message));
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        QCOMPARE(store.read(key).value(), QStringLiteral("p@ss"));
        QVERIFY(store.remove(key).ok());
        QCOMPARE(store.read(key).error().code, 404);
    }
};

QTEST_GUILESS_MAIN(TestSecretStores)
#include "tst_secretstores.moc"
