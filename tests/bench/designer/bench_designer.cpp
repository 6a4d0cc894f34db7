// Measures, side by side on this machine:
//  1. cold start to first paint: the designer opening the sample workflow vs a
//     bare QMainWindow + QGraphicsView (each a fresh process, median of N);
//  2. a generated workflow of N steps: open to first paint, and the slowest
//     and median frame while scrolling at 1:1 and at fit-all.
// Run offscreen (QT_QPA_PLATFORM=offscreen) or on a display.

#include "connectors/Connectors.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/mainwindow/MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
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
#include <algorithm>
#include <cstdio>

namespace {

// Quits the application right after the first paint of `widget`.
class FirstPaint : public QObject
{
public:
    explicit FirstPaint(QElapsedTimer* clock) : m_clock(clock) {}
    qint64 elapsedMs = -1;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && elapsedMs < 0) {
            QTimer::singleShot(0, qApp, [this] {
                elapsedMs = m_clock->elapsed();
                QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QElapsedTimer* m_clock;
};

int child(int argc, char* argv[], const QString& mode, const QString& file)
{
    QApplication app(argc, argv);
    QElapsedTimer clock;
    clock.start();
    FirstPaint watcher(&clock);
    if (mode == QLatin1String("bare")) {
        QMainWindow window;
        auto* view = new QGraphicsView(new QGraphicsScene(&window));
        window.setCentralWidget(view);
        window.resize(1280, 820);
        view->viewport()->installEventFilter(&watcher);
        window.show();
        app.exec();
    } else {
        designer::MainWindow window(connectors::catalogue());
        (void)window.openFile(file);
        window.resize(1280, 820);
        window.view()->viewport()->installEventFilter(&watcher);
        window.show();
        app.exec();
    }
    std::printf("%lld\n", static_cast<long long>(watcher.elapsedMs));
    return 0;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
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

// Paints the view's viewport `frames` times while scrolling down; ms per frame.
QList<double> frameTimes(designer::WorkflowView* view, int frames)
{
    QList<double> times;
    QScrollBar* bar = view->verticalScrollBar();
    const int step = qMax(1, (bar->maximum() - bar->minimum()) / qMax(1, frames));
    for (int i = 0; i < frames; ++i) {
        bar->setValue(bar->minimum() + i * step);
        QElapsedTimer t;
        t.start();
        view->viewport()->repaint();
        times.append(t.nsecsElapsed() / 1e6);
    }
    return times;
}

} // namespace

int main(int argc, char* argv[])
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--child") == 0)
            return child(argc, argv, QString::fromLocal8Bit(argv[i + 1]),
                         i + 2 < argc ? QString::fromLocal8Bit(argv[i + 2]) : QString());
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

    // 1. Cold start, side by side.
    QList<double> bare;
    QList<double> designerStart;
    for (int i = 0; i < runs; ++i) {
        for (const bool isBare : {true, false}) {
            QProcess process;
            process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            process.start(QApplication::applicationFilePath(),
                          isBare ? QStringList{QStringLiteral("--child"), QStringLiteral("bare")}
                                 : QStringList{QStringLiteral("--child"),
                                               QStringLiteral("designer"), sample});
            process.waitForFinished(60000);
            const double toPaint =
                QString::fromLatin1(process.readAllStandardOutput()).trimmed().toDouble();
            (isBare ? bare : designerStart).append(toPaint);
        }
    }
    std::printf("cold start to first paint (median of %d, in-process from QApplication):\n", runs);
    std::printf("  bare QMainWindow+QGraphicsView: %.1f ms\n", median(bare));
    std::printf("  designer with sample:           %.1f ms  (ratio %.2f)\n", median(designerStart),
                median(bare) > 0 ? median(designerStart) / median(bare) : 0.0);

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
    QApplication::processEvents();
    QElapsedTimer open;
    open.start();
    if (const engine::Status opened = window.openFile(path); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    const double openMs = open.nsecsElapsed() / 1e6;
    window.view()->viewport()->repaint();
    const double firstPaintMs = open.nsecsElapsed() / 1e6;
    std::printf("%d-step workflow:\n", steps);
    std::printf("  open (parse + layout + items): %.1f ms; to first paint: %.1f ms\n", openMs,
                firstPaintMs);

    window.view()->resetZoom();
    const QList<double> oneToOne = frameTimes(window.view(), 60);
    window.view()->fitAll();
    QList<double> fitAll;
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer t;
        t.start();
        window.view()->viewport()->repaint();
        fitAll.append(t.nsecsElapsed() / 1e6);
    }
    std::printf("  frames at 1:1 (60, scrolling): median %.2f ms, max %.2f ms\n", median(oneToOne),
                *std::max_element(oneToOne.begin(), oneToOne.end()));
    std::printf("  frames at fit-all (zoom %.3f, 30): median %.2f ms, max %.2f ms\n",
                window.view()->zoom(), median(fitAll),
                *std::max_element(fitAll.begin(), fitAll.end()));
    return 0;
}
