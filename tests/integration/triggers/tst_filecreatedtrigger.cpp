#include "connectors/files/FileCreatedTrigger.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using connectors::files::FileCreatedTrigger;

namespace {

void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QJsonObject triggerJson(const QString& folder, const QString& filter, bool subfolders = false,
                        bool content = false)
{
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("FileCreated")},
        {QStringLiteral("inputs"), QJsonObject{{QStringLiteral("folderPath"), folder},
                                               {QStringLiteral("filter"), filter},
                                               {QStringLiteral("includeSubfolders"), subfolders},
                                               {QStringLiteral("includeContent"), content}}},
        {QStringLiteral("recurrence"),
         QJsonObject{{QStringLiteral("frequency"), QStringLiteral("Second")},
                     {QStringLiteral("interval"), 1}}}};
}

QStringList names(const QSignalSpy& spy)
{
    QStringList out;
    for (const auto& args : spy)
        out.append(args.at(0).toJsonObject().value("body").toObject().value("name").toString());
    out.sort();
    return out;
}

} // namespace

class TestFileCreatedTrigger : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_inbox;
    QString m_state;

    std::unique_ptr<FileCreatedTrigger> make(const QJsonObject& json)
    {
        auto t = std::make_unique<FileCreatedTrigger>();
        t->setWorkflowName(QStringLiteral("files-wf"));
        t->setStateDirectory(m_state);
        t->setSettleDelay(50);
        engine::JobContext context;
        context.stepName = QStringLiteral("When_a_file_is_created");
        QString error;
        if (!t->start(json, context, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        return t;
    }

private Q_SLOTS:
    void init()
    {
        static int n = 0;
        m_inbox = m_root.path() + QStringLiteral("/inbox%1").arg(++n);
        m_state = m_root.path() + QStringLiteral("/state%1").arg(n);
        QVERIFY(QDir().mkpath(m_inbox));
    }

    void existingFilesAreTheBaselineNewOnesFire()
    {
        writeFile(m_inbox + QStringLiteral("/old.csv"), "old");
        auto trigger = make(triggerJson(m_inbox, QStringLiteral("*.csv"), false, true));
        QVERIFY(trigger);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        writeFile(m_inbox + QStringLiteral("/new.csv"), "a,b\n1,2\n");
        writeFile(m_inbox + QStringLiteral("/ignored.txt"), "x");
        QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 10000);
        const QJsonObject body = fired.at(0).at(0).toJsonObject().value("body").toObject();
        QCOMPARE(body.value("name").toString(), QStringLiteral("new.csv"));
        QCOMPARE(body.value("path").toString(), QDir(m_inbox).absoluteFilePath("new.csv"));
        QCOMPARE(body.value("size").toInt(), 8);
        QCOMPARE(QByteArray::fromBase64(body.value("contentBase64").toString().toLatin1()),
                 QByteArray("a,b\n1,2\n"));
        QTest::qWait(300);
        QCOMPARE(fired.size(), 1); // once only, and not for old.csv or ignored.txt
    }

    void filesArrivingWhileStoppedFireOnStart()
    {
        {
            auto trigger = make(triggerJson(m_inbox, QStringLiteral("*")));
            QVERIFY(trigger);
            QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
            writeFile(m_inbox + QStringLiteral("/first.txt"), "1");
            QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 10000);
            trigger->stop();
        }
        writeFile(m_inbox + QStringLiteral("/while-stopped-1.txt"), "2");
        writeFile(m_inbox + QStringLiteral("/while-stopped-2.txt"), "3");
        auto again = make(triggerJson(m_inbox, QStringLiteral("*")));
        QVERIFY(again);
        QSignalSpy fired(again.get(), &engine::TriggerSource::fired);
        QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 2, 10000);
        QCOMPARE(names(fired), (QStringList{QStringLiteral("while-stopped-1.txt"),
                                            QStringLiteral("while-stopped-2.txt")}));
        QTest::qWait(300);
        QCOMPARE(fired.size(), 2); // first.txt is not repeated
        QVERIFY(QFile::exists(again->stateFile()));
    }

    void deletedAndCreatedAgainFiresAgain()
    {
        auto trigger = make(triggerJson(m_inbox, QString()));
        QVERIFY(trigger);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        const QString path = m_inbox + QStringLiteral("/report.pdf");
        writeFile(path, "%PDF");
        QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 1, 10000);
        QVERIFY(QFile::remove(path));
        trigger->scan();
        writeFile(path, "%PDF-2");
        QTRY_COMPARE_WITH_TIMEOUT(fired.size(), 2, 10000);
    }

    void subfolders_data()
    {
        QTest::addColumn<bool>("include");
        QTest::addColumn<int>("count");
        QTest::newRow("included") << true << 1;
        QTest::newRow("not included") << false << 0;
    }
    void subfolders()
    {
        QFETCH(bool, include);
        QFETCH(int, count);
        QVERIFY(QDir().mkpath(m_inbox + QStringLiteral("/sub")));
        auto trigger = make(triggerJson(m_inbox, QStringLiteral("*.json"), include));
        QVERIFY(trigger);
        QSignalSpy fired(trigger.get(), &engine::TriggerSource::fired);
        writeFile(m_inbox + QStringLiteral("/sub/deep.json"), "{}");
        if (count > 0) {
            QTRY_COMPARE_WITH_TIMEOUT(fired.size(), count, 10000);
        } else {
            QTest::qWait(500);
            trigger->scan();
            QTest::qWait(200);
            trigger->scan();
            QCOMPARE(fired.size(), 0);
        }
    }

    void badInputs_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("field");
        QTest::newRow("empty folder") << QString() << "inputs.folderPath";
        QTest::newRow("missing folder")
            << QStringLiteral("/nonexistent/folder/x") << "inputs.folderPath";
    }
    void badInputs()
    {
        QFETCH(QString, folder);
        QFETCH(QString, field);
        FileCreatedTrigger t;
        QString error;
        QVERIFY(!t.start(triggerJson(folder, QStringLiteral("*")), engine::JobContext{}, &error));
        QVERIFY2(error.startsWith(field), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFileCreatedTrigger)
#include "tst_filecreatedtrigger.moc"
