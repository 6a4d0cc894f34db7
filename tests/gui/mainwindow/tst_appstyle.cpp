// The designer's own style and icons: the buttons Qt draws itself (dock
// close and float, bar overflow, clear, problem severities) use the
// designer's SVG icons, sharp at every size and scale, and a started window
// loads no image-format or icon-engine plugin (reading the platform's bitmap
// icons made Qt load and ask every one of them, on every start).
#include "connectors/Connectors.h"
#include "designer/canvas/IconCache.h"
#include "designer/mainwindow/AppStyle.h"
#include "designer/mainwindow/MainWindow.h"
#include "engine/connections/MemorySecretStore.h"
#include "resources/Resources.h"
#include "tests/support/Paths.h"

#include <QApplication>
#include <QDockWidget>
#include <QImage>
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

QTEST_MAIN(TestAppStyle)
#include "tst_appstyle.moc"
