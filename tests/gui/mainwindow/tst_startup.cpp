// Start-up work on the second core: icons the first frame shows are rendered
// by another thread while the window is built (IconCache::prefetch…,
// renderPrefetched) and taken by the frame, and the start-up thread that does
// it (fonts first, then what the window posts, until it is closed).
//
// The start-up thread is one per process, so the functions run in order:
// before it starts, started, with the window, closed.
#include "connectors/Connectors.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/mainwindow/AppStyle.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/mainwindow/StartupThread.h"
#include "resources/Resources.h"
#include "tests/support/Paths.h"

#include <QApplication>
#include <QFontDatabase>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QSvgRenderer>
#include <QTest>
#include <QToolBar>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <utility>

using designer::IconCache;
using designer::StartupThread;

namespace {

QString iconPath(const char* name)
{
    return resources::icon(QLatin1String(name));
}

// What `path` looks like at `side` device pixels, rendered here directly.
QImage reference(const QString& path, int side)
{
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QSvgRenderer renderer(path);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter, QRectF(0, 0, side, side));
    return image;
}

// The pixels of `pixmap`, whatever its device pixel ratio.
QImage asImage(const QPixmap& pixmap)
{
    QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(1.0);
    return image;
}

// Calls a function as the widget it watches is painted the first time.
class FirstPaintWatcher : public QObject
{
public:
    explicit FirstPaintWatcher(std::function<void()> painted) : m_painted(std::move(painted)) {}

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && m_painted)
            std::exchange(m_painted, nullptr)();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_painted;
};

} // namespace

class TestStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void prefetchedIconIsRenderedByAnotherThread();
    void queuedIconIsRenderedWhenNeeded();
    void cachedIconIsNotAskedAgain();
    void paintSizeIsAskedAhead();
    void renderingUnderwayIsWaitedFor();
    void postingBeforeStartRunsNothing();
    void postedTasksRunInOrderAfterFonts();
    void closeWaitsForTaskUnderwayAndDropsTheRest();
    void firstFrameTakesTheIconsAskedAhead();
    void canvasStaysWhereTheFirstFrameShowedIt();
};

void TestStartup::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QApplication::setApplicationName(QStringLiteral("tst_startup"));
    QApplication::setStyle(new designer::AppStyle(QApplication::style()->name()));
}

void TestStartup::prefetchedIconIsRenderedByAnotherThread()
{
    const QString path = iconPath("ui-save");
    const QIcon icon = IconCache::icon(path);
    QVERIFY(IconCache::prefetch(icon, QSize(37, 37), 1.0));
    // Asked once: a second ask for the same pixels adds nothing.
    QVERIFY(!IconCache::prefetch(icon, QSize(37, 37), 1.0));
    const int taken = IconCache::takenAhead();
    std::thread([] { IconCache::renderPrefetched(); }).join();
    const QPixmap pix = icon.pixmap(QSize(37, 37), 1.0);
    QCOMPARE(IconCache::takenAhead(), taken + 1);
    QCOMPARE(asImage(pix), reference(path, 37));
    // Taken once; the cache serves it from then on.
    QCOMPARE(asImage(IconCache::pixmap(path, 37)), reference(path, 37));
    QCOMPARE(IconCache::takenAhead(), taken + 1);
}

void TestStartup::queuedIconIsRenderedWhenNeeded()
{
    // Nothing took it: the frame renders it itself, and no thread does later.
    const QString path = iconPath("ui-open");
    const QIcon icon = IconCache::icon(path);
    QVERIFY(IconCache::prefetch(icon, QSize(19, 19), 2.0));
    const int taken = IconCache::takenAhead();
    const QPixmap pix = icon.pixmap(QSize(19, 19), 2.0);
    QCOMPARE(pix.size(), QSize(38, 38));
    QCOMPARE(asImage(pix), reference(path, 38));
    std::thread([] { IconCache::renderPrefetched(); }).join();
    QCOMPARE(IconCache::takenAhead(), taken);
    QVERIFY(!IconCache::prefetch(icon, QSize(19, 19), 2.0));
}

void TestStartup::cachedIconIsNotAskedAgain()
{
    const QString path = iconPath("ui-undo");
    IconCache::pixmap(path, 21);
    QVERIFY(!IconCache::prefetch(IconCache::icon(path), QSize(21, 21), 1.0));
    QVERIFY(!IconCache::prefetch(QIcon(), QSize(21, 21), 1.0));
}

void TestStartup::paintSizeIsAskedAhead()
{
    // paint() draws a 30-wide target at 1.5 device pixels per unit from a
    // 48-pixel rendering (45 rounded up to a step of 8): that is what is asked.
    const QString path = iconPath("smtp");
    QVERIFY(IconCache::prefetchPaint(path, 30, 1.5));
    QVERIFY(!IconCache::prefetchPaint(QString(), 30, 1.5));
    std::thread([] { IconCache::renderPrefetched(); }).join();
    const int taken = IconCache::takenAhead();
    QImage target(45, 45, QImage::Format_ARGB32_Premultiplied);
    target.fill(Qt::transparent);
    {
        QPainter painter(&target);
        painter.scale(1.5, 1.5);
        IconCache::paint(&painter, QRectF(0, 0, 30, 30), path);
    }
    QCOMPARE(IconCache::takenAhead(), taken + 1);
}

void TestStartup::renderingUnderwayIsWaitedFor()
{
    // The frame asks for icons while a thread renders them, in every
    // interleaving the race gives: each comes out whole and right, once.
    const QStringList names = {QStringLiteral("ui-new"), QStringLiteral("ui-run"),
                               QStringLiteral("ui-stop"), QStringLiteral("ui-fit")};
    for (int round = 0; round < 12; ++round) {
        const int side = 160 + 8 * round;
        for (const QString& name : names)
            QVERIFY(IconCache::prefetchPaint(resources::icon(name), side, 1.0));
        const int taken = IconCache::takenAhead();
        std::thread renderer([] { IconCache::renderPrefetched(); });
        // Last asked first: often the one the thread has not reached yet.
        for (qsizetype i = names.size() - 1; i >= 0; --i) {
            const QString path = resources::icon(names.at(i));
            QCOMPARE(asImage(IconCache::pixmap(path, side)), reference(path, side));
        }
        renderer.join();
        QVERIFY(IconCache::takenAhead() >= taken);
        QVERIFY(IconCache::takenAhead() <= taken + names.size());
    }
}

void TestStartup::postingBeforeStartRunsNothing()
{
    bool ran = false;
    QVERIFY(!StartupThread::post([&ran] { ran = true; }));
    StartupThread::close(); // nothing started: nothing to close
    QVERIFY(!ran);
}

void TestStartup::postedTasksRunInOrderAfterFonts()
{
    StartupThread::start();
    StartupThread::applicationReady();
    StartupThread::finishFonts();
    QVERIFY(!QFontDatabase::families().isEmpty());

    std::mutex mutex;
    std::condition_variable done;
    QList<int> order;
    std::thread::id ranOn;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(StartupThread::post([&, i] {
            const std::lock_guard lock(mutex);
            order.append(i);
            ranOn = std::this_thread::get_id();
            done.notify_all();
        }));
    }
    std::unique_lock lock(mutex);
    QVERIFY(done.wait_for(lock, std::chrono::seconds(10), [&] { return order.size() == 3; }));
    QCOMPARE(order, QList<int>({0, 1, 2}));
    QVERIFY(ranOn != std::this_thread::get_id());
}

void TestStartup::closeWaitsForTaskUnderwayAndDropsTheRest()
{
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;
    std::atomic<bool> finished = false;
    std::atomic<bool> laterRan = false;
    QVERIFY(StartupThread::post([&] {
        {
            const std::lock_guard lock(mutex);
            started = true;
            changed.notify_all();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        finished = true;
    }));
    QVERIFY(StartupThread::post([&] { laterRan = true; }));
    {
        std::unique_lock lock(mutex);
        QVERIFY(changed.wait_for(lock, std::chrono::seconds(10), [&] { return started; }));
    }
    StartupThread::close();
    QVERIFY(finished);
    QTest::qWait(100);
    QVERIFY(!laterRan);
    QVERIFY(!StartupThread::post([] {}));
}

void TestStartup::firstFrameTakesTheIconsAskedAhead()
{
    // The window asks for its tool bar's, docks' and cards' icons while it is
    // built, at the sizes its first frame draws them, so that frame takes
    // every one rendered by another thread and renders none itself. (The
    // start-up thread is closed by now; the test renders them on its own.)
    const int taken = IconCache::takenAhead();
    designer::MainWindow window(connectors::catalogue());
    QVERIFY(window.openFile(testsupport::sourceDir() +
                            QStringLiteral("/resources/samples/lead-to-email/workflow.json")));
    auto* bar = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    QVERIFY(bar);
    int barIcons = 0;
    for (QAction* action : bar->actions())
        barIcons += !action->icon().isNull();
    QVERIFY(barIcons >= 10);
    std::thread([] { IconCache::renderPrefetched(); }).join();
    QSignalSpy painted(&window, &designer::MainWindow::firstPainted);
    window.resize(1280, 820);
    window.show();
    QVERIFY(painted.wait(10000));
    // The bar's icons, the docks' close and float buttons, the two cards'.
    QCOMPARE(IconCache::takenAhead() - taken, barIcons + 2 + 2);
}

void TestStartup::canvasStaysWhereTheFirstFrameShowedIt()
{
    // The window settles its layout before the first frame: the docks do not
    // grow after it, and the canvas does not shrink or scroll under the
    // person looking at it.
    designer::MainWindow window(connectors::catalogue());
    QVERIFY(window.openFile(testsupport::sourceDir() +
                            QStringLiteral("/resources/samples/lead-to-email/workflow.json")));
    auto* view = window.findChild<designer::WorkflowView*>();
    QVERIFY(view);
    QRect firstViewport;
    QPointF firstTopLeft;
    FirstPaintWatcher watcher([&] {
        firstViewport =
            QRect(view->viewport()->mapTo(&window, QPoint(0, 0)), view->viewport()->size());
        firstTopLeft = view->mapToScene(QPoint(0, 0));
    });
    view->viewport()->installEventFilter(&watcher);
    window.resize(1280, 820);
    window.show();
    QTRY_VERIFY(firstViewport.isValid());
    // Long enough for what follows the first frame (the problems check, the
    // docks' animations).
    QTest::qWait(500);
    QCOMPARE(QRect(view->viewport()->mapTo(&window, QPoint(0, 0)), view->viewport()->size()),
             firstViewport);
    QCOMPARE(view->mapToScene(QPoint(0, 0)), firstTopLeft);
}

QTEST_MAIN(TestStartup)
#include "tst_startup.moc"
