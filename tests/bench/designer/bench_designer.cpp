// Measures, side by side on this machine:
//  1. cold start to first paint: the designer opening the sample workflow vs a
//     bare QMainWindow + QGraphicsView, each a fresh process, median of N.
//     "First paint" is the canvas viewport's paint event having run (the
//     window's backing store holds the picture). Timed from QApplication and
//     from the parent's exec of the process (loader, libraries, statics).
//  2. a generated workflow of N steps: open to first paint through the event
//     loop (what a person sees), open to problems listed, the slowest and
//     median frame while scrolling across the whole workflow at 1:1 and at
//     fit-all, and frames around a field edit and a step insert.
// CPU time (user + sys) is printed next to wall time: the machine is shared.
// Run offscreen (QT_QPA_PLATFORM=offscreen) or on a display.

#include "connectors/Connectors.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/problems/ProblemsPanel.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QGraphicsView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

namespace {

double cpuMs(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// Reports the first paint of `widget` that has run to its end: the filter
// sees the event before the widget paints, so the time is taken on the next
// turn of the event loop.
class FirstPaint : public QObject
{
public:
    explicit FirstPaint(QWidget* widget, std::function<void()> done)
        : m_widget(widget), m_done(std::move(done))
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_widget && event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            m_widget->removeEventFilter(this);
            QTimer::singleShot(0, qApp, m_done);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget* m_widget;
    std::function<void()> m_done;
    bool m_seen = false;
};

int child(int argc, char* argv[], const QString& mode, const QString& file, qint64 launchedAt)
{
    QApplication app(argc, argv);
    QElapsedTimer clock;
    clock.start();
    qint64 fromApp = -1;
    qint64 fromExec = -1;
    auto done = [&] {
        fromApp = clock.elapsed();
        fromExec = QDateTime::currentMSecsSinceEpoch() - launchedAt;
        QApplication::quit();
    };
    if (mode == QLatin1String("bare")) {
        QMainWindow window;
        auto* view = new QGraphicsView(new QGraphicsScene(&window));
        window.setCentralWidget(view);
        window.resize(1280, 820);
        FirstPaint watcher(view->viewport(), done);
        window.show();
        app.exec();
    } else {
        designer::MainWindow window(connectors::catalogue());
        (void)window.openFile(file);
        window.resize(1280, 820);
        FirstPaint watcher(window.view()->viewport(), done);
        window.show();
        app.exec();
    }
    std::printf("%lld %lld\n", static_cast<long long>(fromApp), static_cast<long long>(fromExec));
    return 0;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double maximum(const QList<double>& values)
{
    return values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
}

QByteArray generatedWorkflow(int steps)
{
    QJsonObject actions;
    QString previous;
    for (int i = 0; i < steps; ++i) {
        const QString name = QStringLiteral("Step_%1").arg(i, 4, 10, QLatin1Char('0'));
        QJsonObject runAfter;
        if (!previous.isEmpty())
            runAfter.insert(previous, QJsonArray{QStringLiteral("Succeeded")});
        actions.insert(name, QJsonObject{{QStringLiteral("type"), QStringLiteral("Compose")},
                                         {QStringLiteral("inputs"),
                                          QStringLiteral("@{triggerBody()?['n']} %1").arg(i)},
                                         {QStringLiteral("runAfter"), runAfter}});
        previous = name;
    }
    QJsonObject definition{
        {QStringLiteral("triggers"),
         QJsonObject{{QStringLiteral("manual"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("Request")},
                                  {QStringLiteral("kind"), QStringLiteral("Http")}}}}},
        {QStringLiteral("actions"), actions}};
    return QJsonDocument(QJsonObject{{QStringLiteral("definition"), definition},
                                     {QStringLiteral("kind"), QStringLiteral("Stateful")}})
        .toJson();
}

// Scrolls from the top to the bottom of the scene in `frames` steps, each a
// scroll and a synchronous paint of the viewport; ms per frame.
QList<double> scrollFrames(designer::WorkflowView* view, int frames)
{
    QList<double> times;
    QScrollBar* bar = view->verticalScrollBar();
    const int range = bar->maximum() - bar->minimum();
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer t;
        t.start();
        bar->setValue(bar->minimum() + int(qint64(range) * i / qMax(1, frames - 1)));
        view->viewport()->repaint();
        times.append(t.nsecsElapsed() / 1e6);
    }
    return times;
}

// Runs the event loop until `condition` holds (or 60 s pass).
template <typename Condition> void spinUntil(Condition condition)
{
    QElapsedTimer guard;
    guard.start();
    while (!condition() && guard.elapsed() < 60000)
        QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
}

} // namespace

int main(int argc, char* argv[])
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--child") == 0)
            return child(argc, argv, QString::fromLocal8Bit(argv[i + 1]),
                         i + 2 < argc ? QString::fromLocal8Bit(argv[i + 2]) : QString(),
                         i + 3 < argc ? QByteArray(argv[i + 3]).toLongLong() : 0);
    }

    QApplication app(argc, argv);
    int steps = 2500;
    int runs = 10;
    QString sample = QStringLiteral(LOGICAPP_SAMPLE);
    const QStringList args = QApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--steps") && i + 1 < args.size())
            steps = args[++i].toInt();
        else if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = args[++i].toInt();
        else
            sample = args[i];
    }

    // 1. Cold start, side by side, alternating so both see the same load.
    QList<double> bare, bareExec, bareCpu;
    QList<double> designerStart, designerExec, designerCpu;
    for (int i = 0; i < runs; ++i) {
        for (const bool isBare : {true, false}) {
            QProcess process;
            process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            const double cpuBefore = cpuMs(RUSAGE_CHILDREN);
            const QString launched = QString::number(QDateTime::currentMSecsSinceEpoch());
            process.start(QApplication::applicationFilePath(),
                          isBare ? QStringList{QStringLiteral("--child"), QStringLiteral("bare"),
                                               QString(), launched}
                                 : QStringList{QStringLiteral("--child"),
                                               QStringLiteral("designer"), sample, launched});
            process.waitForFinished(60000);
            const QStringList out =
                QString::fromLatin1(process.readAllStandardOutput()).simplified().split(u' ');
            (isBare ? bare : designerStart).append(out.value(0).toDouble());
            (isBare ? bareExec : designerExec).append(out.value(1).toDouble());
            (isBare ? bareCpu : designerCpu).append(cpuMs(RUSAGE_CHILDREN) - cpuBefore);
        }
    }
    if (runs > 0) {
        std::printf(
            "cold start to first paint (median of %d; whole-process CPU includes teardown):\n",
            runs);
        std::printf(
            "  bare QMainWindow+QGraphicsView: %6.1f ms from QApplication, %6.1f ms from exec,"
            " min %5.1f / %5.1f; CPU %5.1f ms\n",
            median(bare), median(bareExec), *std::min_element(bare.begin(), bare.end()),
            *std::min_element(bareExec.begin(), bareExec.end()), median(bareCpu));
        std::printf(
            "  designer with sample:           %6.1f ms from QApplication, %6.1f ms from exec,"
            " min %5.1f / %5.1f; CPU %5.1f ms\n",
            median(designerStart), median(designerExec),
            *std::min_element(designerStart.begin(), designerStart.end()),
            *std::min_element(designerExec.begin(), designerExec.end()), median(designerCpu));
        std::printf("  ratio designer/bare: %.2f from QApplication, %.2f from exec\n",
                    median(bare) > 0 ? median(designerStart) / median(bare) : 0.0,
                    median(bareExec) > 0 ? median(designerExec) / median(bareExec) : 0.0);
    }

    // 2. A big workflow.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(generatedWorkflow(steps));
    file.close();

    designer::MainWindow window(connectors::catalogue());
    window.resize(1280, 820);
    window.show();
    spinUntil([&] { return window.isVisible(); });
    QApplication::processEvents();
    designer::ProblemsPanel* problems = window.problemsPanel();
    int checks = 0;
    QObject::connect(problems, &designer::ProblemsPanel::checked, &window, [&] { ++checks; });

    bool painted = false;
    double firstPaintMs = 0;
    double firstPaintCpu = 0;
    QElapsedTimer open;
    const double cpuOpen = cpuMs(RUSAGE_SELF);
    open.start();
    FirstPaint watcher(window.view()->viewport(), [&] {
        firstPaintMs = open.nsecsElapsed() / 1e6;
        firstPaintCpu = cpuMs(RUSAGE_SELF) - cpuOpen;
        painted = true;
    });
    if (const engine::Status opened = window.openFile(path); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    const double openMs = open.nsecsElapsed() / 1e6;
    const int checksBefore = checks;
    spinUntil([&] { return painted; });
    spinUntil([&] { return checks > checksBefore; });
    const double checkedMs = open.nsecsElapsed() / 1e6;
    std::printf("%d-step workflow (%lld problems):\n", steps,
                static_cast<long long>(problems->problems().size()));
    std::printf("  openFile() returned: %.1f ms; first paint (event loop): %.1f ms, CPU %.1f ms;"
                " problems listed: %.1f ms\n",
                openMs, firstPaintMs, firstPaintCpu, checkedMs);

    designer::WorkflowView* view = window.view();
    view->resetZoom();
    view->showTop();
    const QList<double> oneToOne = scrollFrames(view, 120);
    QElapsedTimer zoomTimer;
    zoomTimer.start();
    view->fitAll();
    view->viewport()->repaint();
    const double fitFirst = zoomTimer.nsecsElapsed() / 1e6;
    const QList<double> fitAll = scrollFrames(view, 60);
    std::printf("  frames at 1:1 (120, scrolling top to bottom): median %.2f ms, max %.2f ms\n",
                median(oneToOne), maximum(oneToOne));
    std::printf("  frames at fit-all (zoom %.3f; zoom + first frame %.2f ms; 60 scrolling):"
                " median %.2f ms, max %.2f ms\n",
                view->zoom(), fitFirst, median(fitAll), maximum(fitAll));

    // 3. Edits at 1:1 in the middle of the workflow: the synchronous part
    // (document, canvas, every listener) plus the next frame; then the
    // debounced work (validation) when it runs.
    view->resetZoom();
    const QString middle = QStringLiteral("Step_%1").arg(steps / 2, 4, 10, QLatin1Char('0'));
    view->ensureStepVisible(middle);
    QApplication::processEvents();
    designer::WorkflowDocument* document = window.document();
    QList<double> fieldEdits, inserts, deferred;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        const int checksBeforeEdit = checks;
        (void)document->setStepJson(
            middle, QJsonObject{{QStringLiteral("inputs"), QStringLiteral("edit %1").arg(i)}});
        view->viewport()->repaint();
        fieldEdits.append(t.nsecsElapsed() / 1e6);
        QElapsedTimer d;
        d.start();
        spinUntil([&] { return checks > checksBeforeEdit; });
        deferred.append(d.nsecsElapsed() / 1e6);
    }
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer t;
        t.start();
        const int checksBeforeEdit = checks;
        (void)document->pasteSteps(
            R"({"actions":{"Extra":{"type":"Compose","inputs":"x","runAfter":{}}}})", {}, {},
            middle);
        view->viewport()->repaint();
        inserts.append(t.nsecsElapsed() / 1e6);
        spinUntil([&] { return checks > checksBeforeEdit; });
    }
    std::printf("  edit one step + frame: median %.2f ms, max %.2f ms; insert a step + frame:"
                " median %.2f ms, max %.2f ms\n",
                median(fieldEdits), maximum(fieldEdits), median(inserts), maximum(inserts));
    std::printf(
        "  after an edit, until problems re-listed (includes the debounce): median %.1f ms\n",
        median(deferred));
    window.document()->undoStack()->setClean();
    return 0;
}
