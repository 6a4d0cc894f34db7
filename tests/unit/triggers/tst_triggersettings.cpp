#include "connectors/TriggerHost.h"
#include "engine/workflow/Workflow.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using connectors::TriggerHost;

// Logic Apps' "off" switches, read without the host: the workflow's state
// (on the file's root, or under an ARM resource's properties) and a trigger's.
class TestTriggerSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workflowState_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<bool>("disabled");
        const QByteArray definition =
            R"("definition": {"triggers": {"manual": {"type": "Request", "kind": "Http"}},
               "actions": {}})";
        QTest::newRow("Standard, no state")
            << "{" + definition + R"(, "kind": "Stateful"})" << false;
        QTest::newRow("Standard, Disabled")
            << "{" + definition + R"(, "kind": "Stateful", "state": "Disabled"})" << true;
        QTest::newRow("any case") << "{" + definition + R"(, "state": "disabled"})" << true;
        QTest::newRow("Enabled") << "{" + definition + R"(, "state": "Enabled"})" << false;
        QTest::newRow("not a string") << "{" + definition + R"(, "state": false})" << false;
        QTest::newRow("ARM resource, Disabled")
            << R"({"type": "Microsoft.Logic/workflows", "name": "w", "location": "westeurope",
                  "properties": {"state": "Disabled", )" +
                   definition + "}}"
            << true;
        QTest::newRow("ARM resource, Enabled")
            << R"({"type": "Microsoft.Logic/workflows", "name": "w", "location": "westeurope",
                  "properties": {"state": "Enabled", )" +
                   definition + "}}"
            << false;
        QTest::newRow("state inside the definition is not the workflow's")
            << QByteArray(R"({"definition": {"state": "Disabled", "triggers": {}, "actions": {}}})")
            << false;
    }

    void workflowState()
    {
        QFETCH(QByteArray, file);
        QFETCH(bool, disabled);
        const engine::Result<engine::Workflow> workflow = engine::Workflow::parse(file);
        QVERIFY2(workflow.ok(),
                 qPrintable(workflow.ok() ? QString() : workflow.error().toString()));
        QCOMPARE(TriggerHost::workflowDisabled(*workflow), disabled);
    }

    void triggerState()
    {
        const auto trigger = [](const char* text) {
            return QJsonDocument::fromJson(QByteArray(text)).object();
        };
        QVERIFY(!TriggerHost::triggerDisabled(trigger(R"({"type": "Recurrence"})")));
        QVERIFY(TriggerHost::triggerDisabled(
            trigger(R"({"type": "Recurrence", "state": "Disabled"})")));
        QVERIFY(
            TriggerHost::triggerDisabled(trigger(R"({"type": "Recurrence", "disabled": true})")));
        QVERIFY(
            !TriggerHost::triggerDisabled(trigger(R"({"type": "Recurrence", "disabled": false})")));
    }
};

QTEST_GUILESS_MAIN(TestTriggerSettings)
#include "tst_triggersettings.moc"
