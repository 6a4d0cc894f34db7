// The main window follows the system palette: opened under a dark palette,
// the canvas, its cards and their text are dark-on-light reversed, and a
// palette change while the window is open (the desktop switching theme)
// repaints the canvas in the new colours. Checked on the pixels the window
// really paints, not on the colour table.
#include "connectors/Connectors.h"
#include "designer/canvas/StepCard.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/mainwindow/AppStyle.h"
#include "designer/mainwindow/MainWindow.h"
#include "engine/connections/MemorySecretStore.h"
#include "tests/support/Paths.h"

#include <QApplication>
#include <QImage>
#include <QMenuBar>
#include <QPalette>
#include <QStandardPaths>
#include <QStyle>
#include <QTest>
#include <QToolBar>

using designer::MainWindow;

namespace {

QPalette darkPalette()
{
    // Every role derived from the button and window colours, as a desktop's
    // dark theme gives them.
    QPalette p(QColor(0x35, 0x35, 0x35), QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

// Luminance histogram of a region of the painted window: how many pixels are
// dark (< 90) and how many light (> 170).
struct Shades
{
    int dark = 0;
    int light = 0;
    int total = 0;
};

Shades shadesOf(const QImage& image, const QRect& region)
{
    Shades s;
    const QRect r = region.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            const int l = qGray(image.pixel(x, y));
            s.dark += l < 90;
            s.light += l > 170;
            ++s.total;
        }
    }
    return s;
}

// The trigger card's rectangle in the viewport's coordinates.
QRect triggerCardRect(MainWindow* window)
{
    designer::WorkflowScene* scene = window->scene();
    const QStringList steps = scene->steps();
    designer::StepCard* card = steps.isEmpty() ? nullptr : scene->card(steps.first());
    if (!card)
        return {};
    return window->view()->mapFromScene(card->sceneBoundingRect()).boundingRect();
}

} // namespace

class TestPalette : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensDark();
    void followsThemeChangeWhileOpen();

private:
    std::unique_ptr<MainWindow> openSample();
    QImage grabCanvas(MainWindow* window, const QString& name);
};

void TestPalette::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("LogicDesignerTest"));
    QApplication::setApplicationName(QStringLiteral("tst_palette"));
    // The style the designer runs with (set in its main).
    QApplication::setStyle(new designer::AppStyle(QApplication::style()->name()));
}

std::unique_ptr<MainWindow> TestPalette::openSample()
{
    auto window = std::make_unique<MainWindow>(connectors::catalogue());
    window->setSecretStore(std::make_shared<engine::MemorySecretStore>());
    const QString sample =
        testsupport::sourceDir() + QStringLiteral("/resources/samples/lead-to-email/workflow.json");
    if (const engine::Status opened = window->openFile(sample); !opened)
        qWarning() << opened.error().toString();
    window->resize(1280, 860);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    return window;
}

// The canvas as painted; kept as a PNG when LOGICAPP_TEST_GRAB_DIR is set so
// a person can look at it.
QImage TestPalette::grabCanvas(MainWindow* window, const QString& name)
{
    QApplication::processEvents();
    const QImage image = window->view()->viewport()->grab().toImage();
    const QString dir = qEnvironmentVariable("LOGICAPP_TEST_GRAB_DIR");
    if (!dir.isEmpty())
        window->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    return image;
}

void TestPalette::opensDark()
{
    const QPalette saved = QApplication::palette();
    QApplication::setPalette(darkPalette());
    auto window = openSample();
    QVERIFY(window->scene()->steps().size() >= 2);
    const QImage canvas = grabCanvas(window.get(), QStringLiteral("dark"));

    // The background (a strip along the left edge, away from cards) is dark.
    const Shades background = shadesOf(canvas, QRect(0, 0, 12, canvas.height()));
    QVERIFY2(background.dark > background.total * 9 / 10,
             qPrintable(QStringLiteral("%1 of %2 background pixels dark")
                            .arg(background.dark)
                            .arg(background.total)));

    // The card is dark and its text light: mostly dark pixels, and enough
    // light ones to be read.
    const QRect card = triggerCardRect(window.get());
    QVERIFY(!card.isEmpty());
    const Shades cardShades = shadesOf(canvas, card.adjusted(2, 2, -2, -2));
    QVERIFY2(cardShades.dark > cardShades.total / 2,
             qPrintable(QStringLiteral("%1 of %2 card pixels dark")
                            .arg(cardShades.dark)
                            .arg(cardShades.total)));
    QVERIFY2(
        cardShades.light > 30,
        qPrintable(QStringLiteral("%1 light (text) pixels on the card").arg(cardShades.light)));
    QApplication::setPalette(saved);
}

void TestPalette::followsThemeChangeWhileOpen()
{
    const QPalette saved = QApplication::palette();
    QApplication::setPalette(QApplication::style()->standardPalette());
    auto window = openSample();
    const QImage light = grabCanvas(window.get(), QStringLiteral("light"));
    const Shades lightBackground = shadesOf(light, QRect(0, 0, 12, light.height()));
    QVERIFY(lightBackground.light > lightBackground.total * 9 / 10);

    // The desktop switches to a dark theme while the window is open.
    QApplication::setPalette(darkPalette());
    const QImage dark = grabCanvas(window.get(), QStringLiteral("switched-dark"));
    const Shades darkBackground = shadesOf(dark, QRect(0, 0, 12, dark.height()));
    QVERIFY2(darkBackground.dark > darkBackground.total * 9 / 10,
             qPrintable(QStringLiteral("%1 of %2 background pixels dark after the switch")
                            .arg(darkBackground.dark)
                            .arg(darkBackground.total)));
    const QRect card = triggerCardRect(window.get());
    const Shades cardShades = shadesOf(dark, card.adjusted(2, 2, -2, -2));
    QVERIFY(cardShades.dark > cardShades.total / 2);
    // The chrome too: the menu bar and the tool bar take the new palette.
    const QImage whole = window->grab().toImage();
    for (QWidget* chrome : {static_cast<QWidget*>(window->menuBar()),
                            static_cast<QWidget*>(window->findChild<QToolBar*>())}) {
        QVERIFY(chrome);
        const QRect area(chrome->mapTo(window.get(), QPoint(0, 0)), chrome->size());
        const Shades shades = shadesOf(whole, area);
        QVERIFY2(shades.dark > shades.total * 3 / 4,
                 qPrintable(QStringLiteral("%1: %2 of %3 pixels dark after the switch")
                                .arg(chrome->metaObject()->className())
                                .arg(shades.dark)
                                .arg(shades.total)));
    }

    // And back.
    QApplication::setPalette(QApplication::style()->standardPalette());
    const QImage back = grabCanvas(window.get(), QStringLiteral("switched-light"));
    const Shades backBackground = shadesOf(back, QRect(0, 0, 12, back.height()));
    QVERIFY(backBackground.light > backBackground.total * 9 / 10);
    QApplication::setPalette(saved);
}

QTEST_MAIN(TestPalette)
#include "tst_palette.moc"
