// The designer's own style and icons: the buttons Qt draws itself (dock
// close and float, bar overflow, clear, problem severities) use the
// designer's SVG icons, sharp at every size and scale, and a started window
// loads no image-format or icon-engine plugin (reading the platform's bitmap
// icons made Qt load and ask every one of them, on every start).
#include "connectors/Connectors.h"
#include "designer/canvas/IconCache.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/mainwindow/AppStyle.h"
#include "designer/mainwindow/MainWindow.h"
#include "engine/connections/MemorySecretStore.h"
#include "resources/Resources.h"
#include "tests/support/Paths.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProxyStyle>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOption>
#include <QTest>
#include <cstring>
#include <link.h>

using designer::AppStyle;
using designer::IconCache;

namespace {

// Paths of the shared objects loaded into this process that contain `part`.
QStringList loadedObjects(const char* part)
{
    struct Search
    {
        const char* part;
        QStringList found;
    } search{part, {}};
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) {
            auto* s = static_cast<Search*>(data);
            if (info->dlpi_name && std::strstr(info->dlpi_name, s->part))
                s->found.append(QString::fromLocal8Bit(info->dlpi_name));
            return 0;
        },
        &search);
    return search.found;
}

// Threads of this process in Qt's global thread pool, which the raster
// engine gives the parts of a tall blend to (they are named so).
int pooledThreads()
{
    int pooled = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile name(tasks.filePath(task + QStringLiteral("/comm")));
        if (name.open(QIODevice::ReadOnly) && name.readAll().trimmed() == "Thread (pooled)")
            ++pooled;
    }
    return pooled;
}

// A scroll bar whose style option a test can see.
class ScrollBar : public QScrollBar
{
public:
    using QScrollBar::initStyleOption;
    using QScrollBar::QScrollBar;
};

// How many pixels of `image` are not fully transparent.
int paintedPixels(const QImage& image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    int painted = 0;
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            painted += qAlpha(argb.pixel(x, y)) > 0;
    return painted;
}

} // namespace

class TestAppStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // First: the others draw the platform's bitmap icons on purpose.
    void startedWindowLoadsNoImagePlugin();
    void startedWindowPaintsWithoutThreadPool();
    void scrollBarsAreFlat();
    void scrollBarHairlineFacesTheContent_data();
    void scrollBarHairlineFacesTheContent();
    void ownIconsAreDrawnAtEverySize_data();
    void ownIconsAreDrawnAtEverySize();
    void otherIconsComeFromTheBaseStyle();
    void disabledIconIsDerivedByTheStyle();
    void missingIconIsNull();
};

void TestAppStyle::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QApplication::setApplicationName(QStringLiteral("tst_appstyle"));
    QApplication::setStyle(new AppStyle(QApplication::style()->name()));
}

void TestAppStyle::ownIconsAreDrawnAtEverySize_data()
{
    QTest::addColumn<int>("icon");
    QTest::addColumn<int>("size");
    QTest::addColumn<qreal>("ratio");
    const QList<QPair<const char*, QStyle::StandardPixmap>> icons = {
        {"dock close", QStyle::SP_TitleBarCloseButton},
        {"dock float", QStyle::SP_TitleBarNormalButton},
        {"dock widget close", QStyle::SP_DockWidgetCloseButton},
        {"overflow", QStyle::SP_ToolBarHorizontalExtensionButton},
        {"overflow down", QStyle::SP_ToolBarVerticalExtensionButton},
        {"clear", QStyle::SP_LineEditClearButton},
        {"error", QStyle::SP_MessageBoxCritical},
        {"warning", QStyle::SP_MessageBoxWarning},
    };
    for (const auto& [name, icon] : icons) {
        for (const int size : {10, 16, 48})
            for (const qreal ratio : {1.0, 2.0})
                QTest::addRow("%s %d@%gx", name, size, ratio) << int(icon) << size << ratio;
    }
}

void TestAppStyle::ownIconsAreDrawnAtEverySize()
{
    QFETCH(int, icon);
    QFETCH(int, size);
    QFETCH(qreal, ratio);
    const QIcon shown = QApplication::style()->standardIcon(QStyle::StandardPixmap(icon));
    QVERIFY(!shown.isNull());
    QCOMPARE(shown.actualSize(QSize(size, size)), QSize(size, size));
    const QPixmap pix = shown.pixmap(QSize(size, size), ratio);
    // Rendered for the device pixels, not scaled up from a smaller bitmap.
    QCOMPARE(pix.size(), QSize(size, size) * ratio);
    QCOMPARE(pix.devicePixelRatio(), ratio);
    const int painted = paintedPixels(pix.toImage());
    QVERIFY2(painted > pix.width() * pix.height() / 30 && painted < pix.width() * pix.height(),
             qPrintable(QStringLiteral("%1 of %2 pixels painted")
                            .arg(painted)
                            .arg(pix.width() * pix.height())));
}

void TestAppStyle::otherIconsComeFromTheBaseStyle()
{
    // Only the icons it has are replaced; the rest are the platform's.
    const QIcon arrow = QApplication::style()->standardIcon(QStyle::SP_ArrowUp);
    QVERIFY(!arrow.isNull());
    QVERIFY(arrow.cacheKey() !=
            QApplication::style()->standardIcon(QStyle::SP_TitleBarCloseButton).cacheKey());
    QVERIFY(!arrow.pixmap(16).isNull());
}

void TestAppStyle::disabledIconIsDerivedByTheStyle()
{
    const QIcon icon = IconCache::icon(resources::icon(QStringLiteral("ui-save")));
    const QImage normal = icon.pixmap(QSize(24, 24), 1.0, QIcon::Normal).toImage();
    const QImage disabled = icon.pixmap(QSize(24, 24), 1.0, QIcon::Disabled).toImage();
    QCOMPARE(disabled.size(), normal.size());
    QVERIFY(disabled != normal);
    QStyleOption option;
    option.palette = QGuiApplication::palette();
    const QImage expected =
        QApplication::style()
            ->generatedIconPixmap(QIcon::Disabled, QPixmap::fromImage(normal), &option)
            .toImage();
    QCOMPARE(disabled.convertToFormat(QImage::Format_ARGB32),
             expected.convertToFormat(QImage::Format_ARGB32));
}

void TestAppStyle::missingIconIsNull()
{
    QVERIFY(IconCache::icon(QString()).isNull());
    QVERIFY(!IconCache::icon(resources::icon(QStringLiteral("smtp"))).isNull());
}

void TestAppStyle::startedWindowLoadsNoImagePlugin()
{
    designer::MainWindow window(connectors::catalogue());
    window.setSecretStore(std::make_shared<engine::MemorySecretStore>());
    const QString sample =
        testsupport::sourceDir() + QStringLiteral("/resources/samples/lead-to-email/workflow.json");
    QVERIFY(window.openFile(sample));
    QSignalSpy painted(&window, &designer::MainWindow::firstPainted);
    window.resize(1280, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(painted.count() > 0);
    // Dock buttons, the tool bar (enabled and disabled icons) and the cards
    // have been drawn by now.
    const QImage shot = window.grab().toImage();
    QVERIFY(!shot.isNull());
    const QList<QDockWidget*> docks = window.findChildren<QDockWidget*>();
    QVERIFY(!docks.isEmpty());
    QCOMPARE(loadedObjects("/imageformats/"), QStringList());
    QCOMPARE(loadedObjects("/iconengines/"), QStringList());
}

void TestAppStyle::startedWindowPaintsWithoutThreadPool()
{
    // The first frame is drawn on the window's thread alone: a fill the
    // raster engine splits across the global thread pool would first have to
    // start the pool's threads (the dotted canvas and its scroll bar did).
    if (!QFileInfo::exists(QStringLiteral("/proc/self/task")))
        QSKIP("Threads are counted in /proc.");
    QVERIFY2(pooledThreads() == 0, "something before this test started the thread pool");
    designer::MainWindow window(connectors::catalogue());
    window.setSecretStore(std::make_shared<engine::MemorySecretStore>());
    QVERIFY(window.openFile(testsupport::sourceDir() +
                            QStringLiteral("/resources/samples/lead-to-email/workflow.json")));
    QSignalSpy painted(&window, &designer::MainWindow::firstPainted);
    window.resize(1280, 820);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(painted.count() > 0);
    QVERIFY(window.view()->verticalScrollBar()->isVisible());
    QVERIFY(!window.grab().isNull());
    QCOMPARE(pooledThreads(), 0);
}

void TestAppStyle::scrollBarsAreFlat()
{
    // Over Fusion: a groove of one colour along the bar and a handle of one
    // colour, darker than the groove, lighter when the bar is disabled.
    const auto* appStyle = qobject_cast<QProxyStyle*>(QApplication::style());
    QVERIFY(appStyle);
    if (appStyle->baseStyle()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QSKIP("Only Fusion's scroll bars are drawn flat.");
    ScrollBar bar(Qt::Vertical);
    bar.setRange(0, 1000);
    bar.setPageStep(250);
    bar.setValue(500);
    bar.resize(bar.sizeHint().width(), 400);
    QStyleOptionSlider option;
    bar.initStyleOption(&option);
    QStyle* style = bar.style();
    const QRect handle =
        style->subControlRect(QStyle::CC_ScrollBar, &option, QStyle::SC_ScrollBarSlider, &bar);
    const QRect before =
        style->subControlRect(QStyle::CC_ScrollBar, &option, QStyle::SC_ScrollBarSubPage, &bar);
    QVERIFY(handle.height() > 40);
    QVERIFY(before.height() > 40);

    const QImage shown = bar.grab().toImage().convertToFormat(QImage::Format_RGB32);
    // Away from the hairline on the bar's inner edge and the handle's margin.
    const QRect grooveInside = before.adjusted(2, 0, -1, 0);
    const QRect handleInside = handle.adjusted(4, 2, -4, -2);
    const QRgb groove = shown.pixel(grooveInside.center());
    const QRgb fill = shown.pixel(handleInside.center());
    QCOMPARE(groove, bar.palette().color(QPalette::Window).rgb());
    for (int y = grooveInside.top(); y <= grooveInside.bottom(); ++y)
        for (int x = grooveInside.left(); x <= grooveInside.right(); ++x)
            QCOMPARE(shown.pixel(x, y), groove);
    for (int y = handleInside.top(); y <= handleInside.bottom(); ++y)
        for (int x = handleInside.left(); x <= handleInside.right(); ++x)
            QCOMPARE(shown.pixel(x, y), fill);
    QVERIFY(qGray(fill) < qGray(groove));

    bar.setEnabled(false);
    const QImage disabled = bar.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb faint = disabled.pixel(handleInside.center());
    QVERIFY(qGray(fill) < qGray(faint));
    QVERIFY(qGray(faint) < qGray(groove));
}

void TestAppStyle::scrollBarHairlineFacesTheContent_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QString>("side");
    QTest::newRow("vertical, left to right") << int(Qt::Vertical) << int(Qt::LeftToRight) << "left";
    QTest::newRow("vertical, right to left")
        << int(Qt::Vertical) << int(Qt::RightToLeft) << "right";
    QTest::newRow("horizontal, left to right")
        << int(Qt::Horizontal) << int(Qt::LeftToRight) << "top";
    QTest::newRow("horizontal, right to left")
        << int(Qt::Horizontal) << int(Qt::RightToLeft) << "top";
}

void TestAppStyle::scrollBarHairlineFacesTheContent()
{
    // A vertical bar sits right of the content, or left of it when the layout
    // runs right to left; a horizontal one sits below. The hairline is on the
    // side towards the content, and only there.
    QFETCH(int, orientation);
    QFETCH(int, direction);
    QFETCH(QString, side);
    const auto* appStyle = qobject_cast<QProxyStyle*>(QApplication::style());
    QVERIFY(appStyle);
    if (appStyle->baseStyle()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QSKIP("Only Fusion's scroll bars are drawn flat.");
    ScrollBar bar{Qt::Orientation(orientation)};
    bar.setLayoutDirection(Qt::LayoutDirection(direction));
    bar.setRange(0, 1000);
    bar.setPageStep(250);
    bar.setValue(0); // the handle at the start (the right, mirrored), the middle bare
    const int thickness =
        orientation == Qt::Vertical ? bar.sizeHint().width() : bar.sizeHint().height();
    bar.resize(orientation == Qt::Vertical ? QSize(thickness, 400) : QSize(400, thickness));
    const QImage shown = bar.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb groove = bar.palette().color(QPalette::Window).rgb();
    // Across the middle of the bar: the bare groove.
    QList<QRgb> across;
    for (int i = 0; i < thickness; ++i)
        across.append(orientation == Qt::Vertical ? shown.pixel(i, 200) : shown.pixel(200, i));
    const QRgb first = across.first();
    const QRgb last = across.last();
    for (int i = 1; i + 1 < thickness; ++i)
        QCOMPARE(across.at(i), groove);
    if (side == QLatin1String("right")) {
        QCOMPARE(first, groove);
        QVERIFY(qGray(last) < qGray(groove));
    } else { // left, or top
        QVERIFY(qGray(first) < qGray(groove));
        QCOMPARE(last, groove);
    }
}

QTEST_MAIN(TestAppStyle)
#include "tst_appstyle.moc"
