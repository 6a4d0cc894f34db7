#include "designer/runs/RunController.h"
#include "designer/runs/RunsPanel.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/runtime/RunStore.h"
#include "engine/workflow/Workflow.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using designer::RunController;
using designer::RunsPanel;

namespace {

const char* kWorkflow = R"J({
  "definition": {
    "triggers": {"manual": {"type": "Request", "kind": "Http"}},
    "actions": {
      "Greeting": {"type": "Compose", "inputs": "Hello @{triggerBody()?['name']}", "runAfter": {}},
      "Check": {"type": "If", "expression": {"equals": ["@triggerBody()?['name']", "Ada"]},
        "runAfter": {"Greeting": ["Succeeded"]},
        "actions": {"Inner": {"type": "Compose", "inputs": "@outputs('Greeting')"}},
        "else": {"actions": {"Other": {"type": "Compose", "inputs": 0}}}},
      "Broken": {"type": "Http", "inputs": {}, "runAfter": {"Check": ["Succeeded"]}}
    }
  },
  "kind": "Stateful"
})J";

} // namespace

// The runs panel and the run controller together, driven as the window drives
// them: Run, watch live statuses, pick a run and a step, resubmit.
class TestRunsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveRunShowsStepsAndDetails();
    void historySurvivesAndResubmits();
    void stopCancels();
};

void TestRunsPanel::liveRunShowsStepsAndDetails()
{
    engine::Catalogue catalogue;
    RunController controller(catalogue);
    RunsPanel panel;
    panel.follow(&controller);
    panel.show();
    QSignalSpy running(&controller, &RunController::runningChanged);
    QSignalSpy statuses(&controller, &RunController::stepStatusChanged);
    QSignalSpy finished(&controller, &RunController::runFinished);
    QSignalSpy selectedRuns(&panel, &RunsPanel::runSelected);

    auto wf = engine::Workflow::parse(kWorkflow);
    QVERIFY(wf.ok());
    const QString id = controller.run(*wf, QString(), QJsonObject{{"name", "Ada"}});
    QVERIFY(!id.isEmpty());
    QVERIFY(controller.isRunning());
    QVERIFY(finished.wait(10000));
    QCOMPARE(running.count(), 2);
    QCOMPARE(running.at(0).at(0).toBool(), true);
    QCOMPARE(running.at(1).at(0).toBool(), false);
    const engine::Run run = finished.at(0).at(0).value<engine::Run>();
    QCOMPARE(run.id, id);
    QCOMPARE(run.status, engine::RunStatus::Failed); // Http is not supported here

    // Each card got Running, then its outcome.
    QStringList seen;
    for (const QList<QVariant>& args : statuses)
        seen.append(args.at(1).toString() + QLatin1Char('=') +
                    QString::number(int(args.at(2).value<designer::StepStatus>())));
    QVERIFY(seen.contains(QStringLiteral("Greeting=%1").arg(int(designer::StepStatus::Running))));
    QVERIFY(seen.contains(QStringLiteral("Greeting=%1").arg(int(designer::StepStatus::Succeeded))));
    QVERIFY(seen.contains(QStringLiteral("Other=%1").arg(int(designer::StepStatus::Skipped))));
    QVERIFY(seen.contains(QStringLiteral("Broken=%1").arg(int(designer::StepStatus::Failed))));

    auto* runs = panel.findChild<QTreeWidget*>(QStringLiteral("runList"));
    auto* steps = panel.findChild<QTreeWidget*>(QStringLiteral("stepList"));
    QVERIFY(runs && steps);
    QCOMPARE(runs->topLevelItemCount(), 1);
    QCOMPARE(runs->topLevelItem(0)->text(0), QStringLiteral("Failed"));
    QCOMPARE(panel.selectedRunId(), id);
    QVERIFY(!selectedRuns.isEmpty());
    // Nested steps sit under their container.
    QList<QTreeWidgetItem*> inner = steps->findItems(QStringLiteral("Inner"), Qt::MatchRecursive);
    QCOMPARE(inner.size(), 1);
    QVERIFY(inner.first()->parent());
    QCOMPARE(inner.first()->parent()->text(0), QStringLiteral("Check"));

    QSignalSpy stepChosen(&panel, &RunsPanel::stepSelected);
    steps->setCurrentItem(steps->findItems(QStringLiteral("Greeting"), Qt::MatchRecursive).first());
    QCOMPARE(stepChosen.count(), 1);
    QCOMPARE(stepChosen.at(0).at(1).toString(), QStringLiteral("Greeting"));
    auto* outputs = panel.findChild<QPlainTextEdit*>(QStringLiteral("stepOutputs"));
    QCOMPARE(outputs->toPlainText(), QStringLiteral("Hello Ada"));
    auto* tabs = panel.findChild<QTabWidget*>(QStringLiteral("stepDetails"));
    QVERIFY(!tabs->isTabEnabled(2)); // no transcript for Compose

    steps->setCurrentItem(steps->findItems(QStringLiteral("Broken"), Qt::MatchRecursive).first());
    auto* inputs = panel.findChild<QPlainTextEdit*>(QStringLiteral("stepInputs"));
    QVERIFY2(inputs->toPlainText().contains(QStringLiteral("Http is not supported here")),
             qPrintable(inputs->toPlainText()));
}

void TestRunsPanel::historySurvivesAndResubmits()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("runs.sqlite"));
    engine::Catalogue catalogue;
    auto wf = engine::Workflow::parse(kWorkflow);
    QVERIFY(wf.ok());
    QString firstId;
    {
        RunController controller(catalogue);
        QVERIFY(controller.setStorePath(db).ok());
        QSignalSpy finished(&controller, &RunController::runFinished);
        firstId = controller.run(*wf, QString(), QJsonObject{{"name", "Grace"}});
        QVERIFY(finished.wait(10000));
    }
    // A new window: the history is read back from the file.
    auto store = engine::RunStore::open(db);
    QVERIFY(store.ok());
    RunsPanel panel;
    panel.setStore(store->get());
    auto* runs = panel.findChild<QTreeWidget*>(QStringLiteral("runList"));
    QCOMPARE(runs->topLevelItemCount(), 1);
    panel.selectRun(firstId);
    QVERIFY(panel.selectedRun());
    QCOMPARE(panel.selectedRun()->steps.size(),
             5); // Greeting, Other (skipped), Inner, Check, Broken
    QCOMPARE(panel.selectedRun()->step(QStringLiteral("Greeting"))->outputs.toString(),
             QStringLiteral("Hello Grace"));

    RunController controller(catalogue);
    QSignalSpy finished(&controller, &RunController::runFinished);
    connect(&panel, &RunsPanel::resubmitRequested, &controller,
            [&](const engine::Run& earlier) { controller.resubmit(*wf, QString(), earlier); });
    panel.follow(&controller);
    auto* resubmit = panel.findChild<QPushButton*>(QStringLiteral("resubmitRun"));
    QVERIFY(resubmit->isEnabled());
    resubmit->click();
    QVERIFY(finished.wait(10000));
    const engine::Run again = finished.at(0).at(0).value<engine::Run>();
    QCOMPARE(again.resubmittedFrom, firstId);
    QCOMPARE(again.step(QStringLiteral("Greeting"))->outputs.toString(),
             QStringLiteral("Hello Grace"));
    QCOMPARE(runs->topLevelItemCount(), 2);
}

void TestRunsPanel::stopCancels()
{
    engine::Catalogue catalogue;
    RunController controller(catalogue);
    QSignalSpy finished(&controller, &RunController::runFinished);
    auto wf = engine::Workflow::parse(R"J({"definition": {"triggers": {}, "actions": {
        "Pause": {"type": "Wait", "inputs": {"interval": {"count": 1, "unit": "Hour"}}, "runAfter": {}}}}, "kind": "Stateful"})J");
    QVERIFY(wf.ok());
    controller.run(*wf, QString());
    QTRY_VERIFY(controller.isRunning());
    QTest::qWait(50);
    controller.stop();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).value<engine::Run>().status, engine::RunStatus::Cancelled);
    QVERIFY(!controller.isRunning());
}

QTEST_MAIN(TestRunsPanel)
#include "tst_runspanel.moc"
