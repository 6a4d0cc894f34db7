#include "WdlTestUtil.h"
#include "tests/support/Paths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// `logicapp validate` and `logicapp fmt`, run as the user runs them.
class TestWdlCli : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run run(const QStringList& args)
    {
        QProcess p;
        p.start(testsupport::cliPath(), args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("timed out");
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static QString data(const QString& name) { return wdltest::dataDir() + u'/' + name; }
    static QString sample(const QString& name) { return testsupport::samplesDir() + u'/' + name; }

private Q_SLOTS:
    void help_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("validate") << QStringLiteral("validate") << QStringLiteral("--json");
        QTest::newRow("fmt") << QStringLiteral("fmt") << QStringLiteral("--in-place");
    }
    void help()
    {
        QFETCH(QString, verb);
        QFETCH(QString, mentions);
        const Run r = run({verb, QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
        const Run listed = run({QStringLiteral("--help")});
        QVERIFY(listed.out.contains(verb));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("stderrMentions");
        QTest::newRow("validate without file")
            << QStringList{QStringLiteral("validate")} << QStringLiteral("expected one FILE");
        QTest::newRow("fmt without file")
            << QStringList{QStringLiteral("fmt")} << QStringLiteral("expected one FILE");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("fmt"), QStringLiteral("--bogus"),
                           data(QStringLiteral("standard.json"))}
            << QStringLiteral("bogus");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("validate"), QStringLiteral("/nonexistent/w.json")}
            << QStringLiteral("cannot open the file");
        QTest::newRow("fmt refuses connections.json")
            << QStringList{QStringLiteral("fmt"),
                           sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_"
                                                 "airlock_notifier_app_connections.json"))}
            << QStringLiteral("Not a workflow definition");
        QTest::newRow("fmt refuses an ARM connection template")
            << QStringList{QStringLiteral("fmt"),
                           sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_"
                                                 "airlock_notifier_terraform_smtp-api-connection_"
                                                 "_at-d0aaad704.json"))}
            << QStringLiteral("Not a workflow definition");
        QTest::newRow("validate refuses connections.json")
            << QStringList{QStringLiteral("validate"),
                           sample(QStringLiteral("microsoft__AzureTRE__templates_shared_services_"
                                                 "airlock_notifier_app_connections.json"))}
            << QStringLiteral("Not a workflow definition");
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, stderrMentions);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(stderrMentions), qPrintable(r.err));
    }

    void validateGood()
    {
        const Run r = run({QStringLiteral("validate"), data(QStringLiteral("standard.json"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QLatin1String("no problems")));
    }

    void validateBad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workflow.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"definition\": {\"triggers\": {\"manual\": {\"type\": \"Request\", \"kind\": "
                "\"Http\"}}, \"actions\": {\"Send email (1)\": {\"type\": \"ServiceProvider\", "
                "\"inputs\": {\"parameters\": {\"to\": \"a@example.com\", \"importance\": "
                "\"Urgent\"}, \"serviceProviderConfiguration\": {\"connectionName\": \"Smtp\", "
                "\"operationId\": \"sendEmail\", \"serviceProviderId\": "
                "\"/serviceProviders/Smtp\"}}, \"runAfter\": {\"Ghost\": [\"Succeeded\"]}}}}, "
                "\"kind\": \"Stateful\"}");
        f.close();
        const Run r = run({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.out.contains(
                     QLatin1String("actions.Send email (1).runAfter.Ghost: runs after \"Ghost\"")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String(
                     "actions.Send email (1).inputs.parameters.importance: Importance must be")),
                 qPrintable(r.out));
        const Run json = run({QStringLiteral("validate"), QStringLiteral("--json"), path});
        QCOMPARE(json.exitCode, 2);
        const QJsonValue parsed = wdltest::parseQt(json.out.toUtf8());
        QVERIFY(parsed.isArray());
        QVERIFY(parsed.toArray().size() >= 2);
        QCOMPARE(parsed.toArray().at(0).toObject().value(u"step").toString(),
                 QStringLiteral("Send email (1)"));
    }

    void validateMalformed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"definition\": {\n    \"actions\": {,}\n  }\n}\n");
        f.close();
        const Run r = run({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("line 3, column 17")), qPrintable(r.err));
    }

    void fmtIsLossless_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("standard") << data(QStringLiteral("standard.json"));
        QTest::newRow("bare with BOM") << data(QStringLiteral("bare-bom.json"));
        QTest::newRow("ARM template") << data(QStringLiteral("arm-template.json"));
        QTest::newRow("sample with CRLF") << sample(
            QStringLiteral("Azure__logicapps__templates_cancel-runs-by-tracking-id.json"));
        QTest::newRow("sample with BOM")
            << sample(QStringLiteral("LogicAppCollaborative__PsLogicAppExtractor__PsLogicApp"
                                     "Extractor_tests_functions_tasks__Raw.LogicApp.Trigger."
                                     "Recurrence.json"));
    }
    void fmtIsLossless()
    {
        QFETCH(QString, path);
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out.json"));
        const Run r = run({QStringLiteral("fmt"), path, QStringLiteral("-o"), out});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QByteArray original = wdltest::readFile(path);
        const QByteArray written = wdltest::readFile(out);
        QCOMPARE(wdltest::diff(wdltest::parseQt(original), wdltest::parseQt(written)),
                 QStringList());
        QCOMPARE(written.startsWith("\xEF\xBB\xBF"), original.startsWith("\xEF\xBB\xBF"));
        // To standard output, the same bytes.
        QProcess p;
        p.start(testsupport::cliPath(), {QStringLiteral("fmt"), path});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(p.readAllStandardOutput(), written);
    }

    void fmtInPlace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workflow.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"definition\":{\"triggers\":{},\"actions\":{\"Zeta\":{\"type\":\"Compose\","
                "\"inputs\":1.50},\"Alpha\":{\"type\":\"Compose\",\"inputs\":2}}},\"kind\":"
                "\"Stateful\"}");
        f.close();
        const Run r = run({QStringLiteral("fmt"), QStringLiteral("--in-place"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QByteArray written = wdltest::readFile(path);
        // Laid out, keys in their order (Zeta before Alpha), numbers as written.
        QVERIFY(written.contains("\n"));
        QVERIFY(written.indexOf("Zeta") < written.indexOf("Alpha"));
        QVERIFY(written.contains("1.50"));
    }
};

QTEST_GUILESS_MAIN(TestWdlCli)
#include "tst_wdlcli.moc"
