// Measures, side by side on this machine:
//  1. cold start to first painted window (issue 4, "Numbers"): the real
//     `logicapp-designer --startup-probe` opening the sample workflow vs a bare
//     QMainWindow + QGraphicsView with a small scene (bench_bare_window, which
//     links Qt Widgets only), and the bare window with two text items (the
//     bare window draws no text, so it never loads a font). Each start is a
//     fresh process, the three alternate so they see the same load; median
//     and minimum of N. "First painted" is the canvas viewport's first paint
//     having run and been flushed. Timed from the parent's start of the
//     process (CLOCK_MONOTONIC, so loader, libraries and statics count) and
//     from QApplication; CPU (user + sys) of the child up to first paint and
//     of the whole process. Also the designer over the bare window round by
//     round, with a 95% interval for the median of those ratios.
//  2. a generated workflow of N steps: open to first paint through the event
//     loop (what a person sees), open to problems listed, the slowest and
//     median frame while scrolling across the whole workflow at 1:1 and at
//     fit-all, and frames around a field edit, a step insert, its undo and redo.
// Run offscreen (QT_QPA_PLATFORM=offscreen) or on a display.

#include "connectors/Connectors.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/mainwindow/StartupMarks.h"
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
#include <QProcessEnvironment>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <random>
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

// One cold start of `program`: wall ms from the parent's start of the process
// and from QApplication to first paint, the child's CPU ms up to first paint.
// Empty on failure.
struct Start
{
    double fromExec = 0;
    double fromApp = 0;
    double cpuToPaint = 0;
};

std::optional<Start> coldStart(const QString& program, const QStringList& arguments,
                               const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const qint64 started = designer::StartupMarks::monotonicNs();
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program),
                     qPrintable(process.errorString()));
        return std::nullopt;
    }
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() == 4 && fields.at(0) == "startup-probe") {
            Start start;
            start.fromApp = fields.at(1).toDouble();
            start.fromExec = (fields.at(2).toLongLong() - started) / 1e6;
            start.cpuToPaint = fields.at(3).toDouble();
            return start;
        }
    }
    std::fprintf(stderr, "%s printed no startup-probe line\n", qPrintable(program));
    return std::nullopt;
}

double minimum(const QList<double>& values)
{
    return values.isEmpty() ? 0 : *std::min_element(values.begin(), values.end());
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

// The designer's start over the bare window's in the same round, one ratio per
// round: the two ran one after the other, so a machine that speeds up or slows
// down between rounds moves both. The median of those ratios, with a 95%
// interval from resampling the rounds (percentile bootstrap, fixed seed), and
// how many rounds were within `limit`.
struct PairedRatio
{
    double median = 0;
    double low = 0;
    double high = 0;
    int within = 0;
};

PairedRatio pairedRatio(const QList<double>& ours, const QList<double>& reference, double limit)
{
    QList<double> ratios;
    for (qsizetype i = 0; i < std::min(ours.size(), reference.size()); ++i) {
        if (reference.at(i) > 0)
            ratios.append(ours.at(i) / reference.at(i));
    }
    PairedRatio result;
    if (ratios.isEmpty())
        return result;
    result.median = median(ratios);
    result.within = static_cast<int>(
        std::count_if(ratios.begin(), ratios.end(), [limit](double r) { return r <= limit; }));
    std::mt19937 random(20261127);
    std::uniform_int_distribution<qsizetype> pick(0, ratios.size() - 1);
    QList<double> medians;
    QList<double> resampled(ratios.size());
    for (int round = 0; round < 2000; ++round) {
        for (double& value : resampled)
            value = ratios.at(pick(random));
        medians.append(median(resampled));
    }
    std::sort(medians.begin(), medians.end());
    result.low = medians.at(medians.size() * 25 / 1000);
    result.high = medians.at(medians.size() * 975 / 1000 - 1);
    return result;
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

    // 1. Cold start, side by side, alternating so all see the same load. The
    // children get their own settings and data folders: the user's recent
    // files and window state stay untouched, and every run of the designer
    // after the first one finds the settings it left (an ordinary start).
    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    struct Subject
    {
        const char* name;
        QString program;
        QStringList arguments;
        QList<double> fromExec = {}, fromApp = {}, cpuToPaint = {};
    };
    QList<Subject> subjects{
        {"bare QMainWindow+QGraphicsView", QStringLiteral(LOGICAPP_BARE_WINDOW), {}},
        {"bare, with two text items",
         QStringLiteral(LOGICAPP_BARE_WINDOW),
         {QStringLiteral("--text")}},
        {"designer with the sample",
         QStringLiteral(LOGICAPP_DESIGNER),
         {QStringLiteral("--startup-probe"), sample}},
    };
    for (int i = 0; i < runs; ++i) {
        for (Subject& subject : subjects) {
            const std::optional<Start> start =
                coldStart(subject.program, subject.arguments, environment);
            if (!start)
                return 1;
            subject.fromExec.append(start->fromExec);
            subject.fromApp.append(start->fromApp);
            subject.cpuToPaint.append(start->cpuToPaint);
        }
    }
    if (runs > 0) {
        double load[3] = {};
        if (getloadavg(load, 3) < 0)
            load[0] = -1;
        std::printf("cold start to first painted window, %d runs each (load average %.2f), ms:\n"
                    "  %-31s %17s %17s %17s\n",
                    runs, load[0], "", "from process start", "from QApplication", "CPU to paint");
        std::printf("  %-31s %8s %8s %8s %8s %8s %8s\n", "", "median", "min", "median", "min",
                    "median", "min");
        for (const Subject& s : subjects)
            std::printf("  %-31s %8.1f %8.1f %8.1f %8.1f %8.1f %8.1f\n", s.name, median(s.fromExec),
                        minimum(s.fromExec), median(s.fromApp), minimum(s.fromApp),
                        median(s.cpuToPaint), minimum(s.cpuToPaint));
        const Subject& bare = subjects.at(0);
        const Subject& text = subjects.at(1);
        const Subject& ours = subjects.at(2);
        auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
        std::printf("  designer/bare (median; min): from process start %.2f; %.2f, from "
                    "QApplication %.2f; %.2f, CPU to paint %.2f; %.2f\n",
                    ratio(median(ours.fromExec), median(bare.fromExec)),
                    ratio(minimum(ours.fromExec), minimum(bare.fromExec)),
                    ratio(median(ours.fromApp), median(bare.fromApp)),
                    ratio(minimum(ours.fromApp), minimum(bare.fromApp)),
                    ratio(median(ours.cpuToPaint), median(bare.cpuToPaint)),
                    ratio(minimum(ours.cpuToPaint), minimum(bare.cpuToPaint)));
        std::printf("  designer/bare with text (median; min): from process start %.2f; %.2f, "
                    "from QApplication %.2f; %.2f\n",
                    ratio(median(ours.fromExec), median(text.fromExec)),
                    ratio(minimum(ours.fromExec), minimum(text.fromExec)),
                    ratio(median(ours.fromApp), median(text.fromApp)),
                    ratio(minimum(ours.fromApp), minimum(text.fromApp)));
        const PairedRatio paired = pairedRatio(ours.fromExec, bare.fromExec, 2.0);
        std::printf("  designer/bare from process start, paired by round: median %.2f (95%% "
                    "interval %.2f-%.2f), %d of %d rounds within 2x\n\n",
                    paired.median, paired.low, paired.high, paired.within, runs);
    }
    if (steps <= 0)
        return 0;

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
    // A structural edit at a person's pace: a second's pause first, so the
    // work a pause lets the document do (checks, keeping older undo steps as
    // files) is done; then the edit and its frame, timed; then its checks.
    const auto timeStructuralEdit = [&](const std::function<void()>& edit) {
        QElapsedTimer pause;
        pause.start();
        spinUntil([&] { return pause.elapsed() >= 1000; });
        QElapsedTimer t;
        t.start();
        const int checksBeforeEdit = checks;
        edit();
        view->viewport()->repaint();
        const double ms = t.nsecsElapsed() / 1e6;
        spinUntil([&] { return checks > checksBeforeEdit; });
        return ms;
    };
    for (int i = 0; i < 3; ++i) {
        inserts.append(timeStructuralEdit([&] {
            (void)document->pasteSteps(
                R"({"actions":{"Extra":{"type":"Compose","inputs":"x","runAfter":{}}}})", {}, {},
                middle);
        }));
    }
    // Undo the three inserts, then redo them.
    QList<double> undos, redos;
    QUndoStack* stack = document->undoStack();
    for (int i = 0; i < 3; ++i)
        undos.append(timeStructuralEdit([&] { stack->undo(); }));
    for (int i = 0; i < 3; ++i)
        redos.append(timeStructuralEdit([&] { stack->redo(); }));
    std::printf("  edit one step + frame: median %.2f ms, max %.2f ms; insert a step + frame:"
                " median %.2f ms, max %.2f ms\n",
                median(fieldEdits), maximum(fieldEdits), median(inserts), maximum(inserts));
    std::printf("  undo an insert + frame: median %.2f ms, max %.2f ms; redo it + frame:"
                " median %.2f ms, max %.2f ms\n",
                median(undos), maximum(undos), median(redos), maximum(redos));
    std::printf(
        "  after an edit, until problems re-listed (includes the debounce): median %.1f ms\n",
        median(deferred));
    window.document()->undoStack()->setClean();
    return 0;
}
