// Start-up work on the second core: icons the first frame shows are rendered
// by another thread while the window is built (IconCache::prefetch…,
// renderPrefetched) and taken by the frame, as are the canvas' cards and
// buttons (ItemFaces), and the start-up thread that does it (fonts first,
// then what the window posts, until it is closed).
//
// The start-up thread is one per process, so the functions run in order:
// before it starts, started, with the window, closed.
#include "connectors/Connectors.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/ItemFaces.h"
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
#include <QScreen>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QSvgRenderer>
#include <QTest>
#include <QToolBar>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <utility>

using designer::IconCache;
using designer::ItemFaces;
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

// A look such as a card has: an antialiased shape, a border and text.
void drawLook(QPainter* painter, qreal)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(0x1f2328), 1.0));
    painter->setBrush(QColor(0x0078d4));
    painter->drawRoundedRect(QRectF(0, 0, 90, 24), 8, 8);
    QFont font = QApplication::font();
    font.setPixelSize(13);
    font.setWeight(QFont::DemiBold);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(8, 2, 80, 20), Qt::AlignLeft | Qt::AlignVCenter,
                      QStringLiteral("Send email"));
}

const QRectF lookBounds(-2, -2, 94, 28);
constexpr auto lookHints = QPainter::Antialiasing | QPainter::TextAntialiasing;

// A canvas with the look drawn at `transform` (to device pixels): from the
// image made for `asked` when it is given, else directly. `drawn` says
// whether the image was used.
QImage canvas(const QTransform& transform, const QString* asked = nullptr, bool* drawn = nullptr,
              qreal opacity = 1.0)
{
    QImage image(240, 120, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(0xf5f6f8));
    QPainter painter(&image);
    painter.setRenderHints(lookHints);
    painter.setTransform(transform);
    painter.setOpacity(opacity);
    const bool fromImage =
        asked && ItemFaces::draw(&painter, *asked, QStringLiteral("look"), lookBounds);
    if (!fromImage)
        drawLook(&painter, transform.m11());
    if (drawn)
        *drawn = fromImage;
    return image;
}

// The largest difference in any channel of any pixel (256: other sizes).
// Drawn ahead, antialiased edges may round a step or two apart: their pixels
// are blended twice (onto the image, then the image onto the canvas).
int difference(const QImage& a, const QImage& b)
{
    const QImage x = a.convertToFormat(QImage::Format_ARGB32);
    const QImage y = b.convertToFormat(QImage::Format_ARGB32);
    if (x.size() != y.size())
        return 256;
    int largest = 0;
    for (int row = 0; row < x.height(); ++row) {
        for (int col = 0; col < x.width(); ++col) {
            const QRgb p = x.pixel(col, row);
            const QRgb q = y.pixel(col, row);
            largest =
                std::max({largest, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                          std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
        }
    }
    return largest;
}

QString askAndRender(const QTransform& placed, const QString& look = QStringLiteral("look"))
{
    const QString key = ItemFaces::ask(look, lookBounds, placed, placed.m11(), lookHints, drawLook);
    std::thread([] { ItemFaces::renderAsked(); }).join();
    return key;
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
    void lookAskedAheadIsDrawnTheSame_data();
    void lookAskedAheadIsDrawnTheSame();
    void lookAskedAheadIsDrawnOnlyWhereItFits();
    void firstFrameDrawsTheCanvasAskedAhead();
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

void TestStartup::lookAskedAheadIsDrawnTheSame_data()
{
    QTest::addColumn<qreal>("zoom");
    QTest::addColumn<QPointF>("askedAt");
    QTest::addColumn<QPointF>("drawnAt");
    QTest::newRow("1:1") << 1.0 << QPointF(30, 40) << QPointF(30, 40);
    QTest::newRow("1:1, whole pixels away") << 1.0 << QPointF(30, 40) << QPointF(117, 3);
    QTest::newRow("between pixels") << 1.0 << QPointF(30.5, 40.25) << QPointF(30.5, 40.25);
    QTest::newRow("between pixels, whole pixels away")
        << 1.0 << QPointF(30.5, 40.25) << QPointF(12.5, 61.25);
    QTest::newRow("zoomed in") << 1.5 << QPointF(30, 40) << QPointF(30, 40);
    QTest::newRow("zoomed out") << 0.75 << QPointF(61.75, 17) << QPointF(61.75, 17);
}

void TestStartup::lookAskedAheadIsDrawnTheSame()
{
    QFETCH(qreal, zoom);
    QFETCH(QPointF, askedAt);
    QFETCH(QPointF, drawnAt);
    const auto placed = [zoom](QPointF at) {
        return QTransform::fromTranslate(at.x(), at.y()).scale(zoom, zoom);
    };
    const int before = ItemFaces::drawnAhead();
    const QString asked = askAndRender(placed(askedAt));
    bool drawn = false;
    const QImage ahead = canvas(placed(drawnAt), &asked, &drawn);
    QVERIFY(drawn);
    QCOMPARE(ItemFaces::drawnAhead(), before + 1);
    QVERIFY(difference(ahead, canvas(placed(drawnAt))) <= 2);
    // Taken once: a second frame draws it itself.
    QCOMPARE(canvas(placed(drawnAt), &asked, &drawn), canvas(placed(drawnAt)));
    QVERIFY(!drawn);
}

void TestStartup::lookAskedAheadIsDrawnOnlyWhereItFits()
{
    const QTransform at = QTransform::fromTranslate(30, 40);
    bool drawn = true;
    // The look changed since it was asked for.
    const QString other = askAndRender(at, QStringLiteral("look before"));
    QCOMPARE(canvas(at, &other, &drawn), canvas(at));
    QVERIFY(!drawn);
    // Moved by part of a pixel, at another scale, faded: drawn directly.
    QString asked = askAndRender(at);
    const QTransform between = QTransform::fromTranslate(30.5, 40);
    QCOMPARE(canvas(between, &asked, &drawn), canvas(between));
    QVERIFY(!drawn);
    asked = askAndRender(at);
    const QTransform zoomed = QTransform(at).scale(1.25, 1.25);
    QCOMPARE(canvas(zoomed, &asked, &drawn), canvas(zoomed));
    QVERIFY(!drawn);
    asked = askAndRender(at);
    QCOMPARE(canvas(at, &asked, &drawn, 0.5), canvas(at, nullptr, nullptr, 0.5));
    QVERIFY(!drawn);
    // Asked for but begun by no thread: drawn directly, and not later.
    asked = ItemFaces::ask(QStringLiteral("look"), lookBounds, at, 1.0, lookHints, drawLook);
    QVERIFY(!asked.isEmpty());
    QCOMPARE(canvas(at, &asked, &drawn), canvas(at));
    QVERIFY(!drawn);
    std::thread([] { ItemFaces::renderAsked(); }).join();
    canvas(at, &asked, &drawn);
    QVERIFY(!drawn);
    // Forgotten once the first frame is done.
    asked = askAndRender(at);
    ItemFaces::forgetAsked();
    canvas(at, &asked, &drawn);
    QVERIFY(!drawn);
}

void TestStartup::firstFrameDrawsTheCanvasAskedAhead()
{
    // Shown, the window asks for the cards and buttons the canvas shows; the
    // first frame draws each from its image, and looks just as a frame that
    // draws them itself. (The start-up thread is closed by now; the test
    // renders the images on a thread of its own.)
    const int before = ItemFaces::drawnAhead();
    designer::MainWindow window(connectors::catalogue());
    QVERIFY(window.openFile(testsupport::sourceDir() +
                            QStringLiteral("/resources/samples/lead-to-email/workflow.json")));
    QSignalSpy painted(&window, &designer::MainWindow::firstPainted);
    window.resize(1280, 820);
    // As the start-up thread would: render what is asked until the frame.
    std::atomic<bool> done = false;
    std::thread renderer([&done] {
        while (!done) {
            ItemFaces::renderAsked();
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    });
    window.show();
    const bool firstPainted = painted.wait(10000);
    done = true;
    renderer.join();
    QVERIFY(firstPainted);
    // Two cards, the "+" between them and "+ New step".
    QCOMPARE(ItemFaces::drawnAhead() - before, 4);
    auto* view = window.findChild<designer::WorkflowView*>();
    QVERIFY(view);
    QScreen* screen = window.screen();
    const QRect canvasRect(view->viewport()->mapTo(&window, QPoint(0, 0)),
                           view->viewport()->size());
    const QImage first = screen->grabWindow(window.winId()).toImage().copy(canvasRect);
    view->viewport()->repaint();
    const QImage drawn = screen->grabWindow(window.winId()).toImage().copy(canvasRect);
    QVERIFY(!first.isNull());
    QVERIFY(difference(first, drawn) <= 2);
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
