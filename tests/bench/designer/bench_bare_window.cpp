// The reference for the designer's cold start (issue 4, "Numbers"): a bare
// QMainWindow + QGraphicsView with a small scene, in its own process linking
// only Qt Widgets. On the first painted window it prints, like
// `logicapp-designer --startup-probe`:
//   startup-probe <ms since QApplication> <CLOCK_MONOTONIC ns> <CPU ms>
// and ends the process at once (the teardown is not measured). `--text` adds the two step titles as
// text items: the bare window otherwise draws no text at all, so it never loads a font, which the
// designer (menus, tabs, cards) cannot avoid.

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QMainWindow>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

namespace {

double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

long long monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// Prints the probe line after the first paint of `widget` has run to its end
// (the filter sees the event before the widget paints).
class FirstPaint : public QObject
{
public:
    FirstPaint(QWidget* widget, const QElapsedTimer& clock) : m_widget(widget), m_clock(clock)
    {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_widget && event->type() == QEvent::Paint) {
            m_widget->removeEventFilter(this);
            QTimer::singleShot(0, qApp, [this] {
                std::printf("startup-probe %.3f %lld %.3f\n", m_clock.nsecsElapsed() / 1e6,
                            monotonicNs(), cpuMs());
                std::fflush(stdout);
                ::_exit(0);
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QWidget* m_widget;
    const QElapsedTimer& m_clock;
};

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QElapsedTimer clock;
    clock.start();
    bool text = false;
    for (int i = 1; i < argc; ++i)
        text = text || std::strcmp(argv[i], "--text") == 0;

    QMainWindow window;
    // About what the sample workflow shows: two cards and the line between.
    auto* scene = new QGraphicsScene(&window);
    const QPen border(QColor(0x8a, 0x8f, 0x98));
    const QBrush fill(QColor(0xfa, 0xfb, 0xfc));
    scene->addRect(0, 0, 320, 64, border, fill);
    scene->addLine(160, 64, 160, 120, border);
    scene->addRect(0, 120, 320, 64, border, fill);
    if (text) {
        scene->addSimpleText(QStringLiteral("When a Lead is created"))->setPos(56, 12);
        scene->addSimpleText(QStringLiteral("Send welcome email"))->setPos(56, 132);
    }
    auto* view = new QGraphicsView(scene);
    window.setCentralWidget(view);
    window.resize(1280, 820);
    FirstPaint probe(view->viewport(), clock);
    window.show();
    return app.exec();
}
