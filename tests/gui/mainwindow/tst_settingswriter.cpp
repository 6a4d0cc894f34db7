// The user's settings are saved off the window's thread: a value set is read
// back at once, and reaches the file afterwards (the latest value of each
// key), even while another saver holds the file's lock, and before the
// application ends.
#include "designer/document/SettingsWriter.h"

#include <QCoreApplication>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <cstring>

using designer::SettingsWriter;

namespace {

void useTestSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingswriter"));
}

QByteArray fileText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSettingsWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void valueIsReadAtOnceAndSavedAfter();
    void laterValuesWin();
    void pendingValuesAreSavedAsTheApplicationEnds();
};

void TestSettingsWriter::initTestCase()
{
    QSettings settings;
    settings.clear();
    settings.sync();
}

void TestSettingsWriter::valueIsReadAtOnceAndSavedAfter()
{
    const QString path = QSettings().fileName();
    // Another saver holds the settings' lock: the writer waits for it, the
    // caller does not (a caller that saved itself would wait here for good).
    QLockFile lock(path + QStringLiteral(".lock"));
    QVERIFY(lock.tryLock(0));
    SettingsWriter::setValue(QStringLiteral("writer/first"), QStringLiteral("one"));
    QCOMPARE(SettingsWriter::value(QStringLiteral("writer/first")).toString(),
             QStringLiteral("one"));
    QTest::qWait(300);
    QVERIFY(!fileText(path).contains("first=one"));
    lock.unlock();
    SettingsWriter::flush();
    QVERIFY2(fileText(path).contains("first=one"), fileText(path).constData());
    // Saved, it is read from the settings themselves.
    QCOMPARE(QSettings().value(QStringLiteral("writer/first")).toString(), QStringLiteral("one"));
    QCOMPARE(SettingsWriter::value(QStringLiteral("writer/first")).toString(),
             QStringLiteral("one"));
    QCOMPARE(SettingsWriter::value(QStringLiteral("writer/none"), 7).toInt(), 7);
}

void TestSettingsWriter::laterValuesWin()
{
    for (int i = 0; i < 50; ++i)
        SettingsWriter::setValue(QStringLiteral("writer/count"), i);
    QCOMPARE(SettingsWriter::value(QStringLiteral("writer/count")).toInt(), 49);
    SettingsWriter::flush();
    const QByteArray text = fileText(QSettings().fileName());
    QVERIFY2(text.contains("count=49"), text.constData());
}

void TestSettingsWriter::pendingValuesAreSavedAsTheApplicationEnds()
{
    // A process that sets a value and ends at once, without waiting.
    QProcess child;
    child.start(
        QCoreApplication::applicationFilePath(),
        {QStringLiteral("--set-and-quit"), QStringLiteral("writer/last"), QStringLiteral("kept")});
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);
    const QByteArray text = fileText(QSettings().fileName());
    QVERIFY2(text.contains("last=kept"), text.constData());
}

int main(int argc, char* argv[])
{
    if (argc == 4 && std::strcmp(argv[1], "--set-and-quit") == 0) {
        QCoreApplication app(argc, argv);
        useTestSettings();
        SettingsWriter::setValue(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
        return 0;
    }
    QCoreApplication app(argc, argv);
    useTestSettings();
    TestSettingsWriter test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingswriter.moc"
