#include "connectors/Connectors.h"
#include "connectors/catcher/Maildir.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/catcher/CaughtMailView.h"
#include "designer/mainwindow/AppStyle.h"
#include "designer/mainwindow/MainWindow.h"
#include "designer/mainwindow/StartupMarks.h"
#include "designer/mainwindow/StartupThread.h"
#include "designer/runs/RunActions.h"
#include "designer/runs/RunModule.h"
#include "resources/Resources.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <unistd.h>

// logicapp-designer [FILE] [--screenshot PNG]
int main(int argc, char* argv[])
{
    designer::StartupMarks::mark("main");
    // Fontconfig loads on the second core while Qt starts and the window is
    // built; the window waits for it before it measures its first text.
    designer::StartupThread::start();
    QApplication app(argc, argv);
    QApplication::setStyle(new designer::AppStyle(QApplication::style()->name()));
    designer::StartupMarks::mark("QApplication");
    const double appReadyMs = designer::StartupMarks::elapsedMs();
    QApplication::setApplicationName(QStringLiteral("Logic Designer"));
    QApplication::setOrganizationName(QStringLiteral("LogicDesigner"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("logicapp-designer"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Design and run Logic Apps workflows."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "Workflow file to open."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the window to PNG and exit."),
        QStringLiteral("PNG"));
    parser.addOption(screenshot);
    const QCommandLineOption fit(
        QStringLiteral("fit"), QApplication::translate("main", "Fit the workflow to the window."));
    parser.addOption(fit);
    const QCommandLineOption noCatcher(
        QStringLiteral("no-catcher"),
        QApplication::translate("main", "Do not start the built-in local mail catcher."));
    parser.addOption(noCatcher);
    const QCommandLineOption noTriggers(
        QStringLiteral("no-triggers"),
        QApplication::translate("main",
                                "Do not fire the workflow's triggers while the window is open."));
    parser.addOption(noTriggers);
    // For the start-up benchmark: on the first painted window, print the time
    // since QApplication, CLOCK_MONOTONIC and the CPU time, then end the process.
    QCommandLineOption startupProbe(QStringLiteral("startup-probe"),
                                    QStringLiteral("Print start-up times at first paint, quit."));
    startupProbe.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(startupProbe);
    parser.process(app);

    designer::StartupThread::applicationReady();
    designer::MainWindow window(connectors::describedCatalogue());
    if (parser.isSet(startupProbe)) {
        QObject::connect(&window, &designer::MainWindow::firstPainted, &app, [appReadyMs] {
            std::printf("startup-probe %.3f %lld %.3f\n",
                        designer::StartupMarks::elapsedMs() - appReadyMs,
                        static_cast<long long>(designer::StartupMarks::monotonicNs()),
                        designer::StartupMarks::cpuMs());
            std::fflush(stdout);
            // Only the start is measured (and profiled), not the teardown.
            ::_exit(0);
        });
    }
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        if (const engine::Status opened = window.openFile(files.first()); !opened) {
            const QString message = opened.error().toString();
            std::fprintf(stderr, "logicapp-designer: %s: %s\n", qPrintable(files.first()),
                         qPrintable(message));
            if (parser.isSet(screenshot))
                return 2;
            QMessageBox::warning(&window, QApplication::translate("main", "Cannot open workflow"),
                                 message);
        }
    }

    designer::StartupMarks::mark("file opened");

    if (parser.isSet(screenshot)) {
        const QString png = parser.value(screenshot);
        window.resize(1280, 820);
        bool painted = false;
        QObject::connect(&window, &designer::MainWindow::firstPainted, &window,
                         [&painted] { painted = true; });
        window.show();
        QElapsedTimer waited;
        waited.start();
        while (!painted && waited.elapsed() < 5000)
            QApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
        QApplication::processEvents();
        if (parser.isSet(fit))
            window.view()->fitAll();
        else
            window.view()->showTop();
        QApplication::processEvents();
        if (!window.grab().save(png, "PNG")) {
            std::fprintf(stderr, "logicapp-designer: cannot write %s\n", qPrintable(png));
            return 1;
        }
        return 0;
    }

    // The built-in local mail catcher: new workflows send here until the user
    // sets up a real server, and what it catches is shown in a dock (behind
    // the runs, its view made when first shown). Both come once the window is
    // first painted (the catcher's TLS certificate wakes OpenSSL), as do the
    // triggers and the recovery offer.
    const auto addCaughtMailDock = [&window] {
        auto* mailDock = new QDockWidget(QApplication::translate("main", "Caught mail"), &window);
        mailDock->setObjectName(QStringLiteral("caughtMailDock"));
        QObject::connect(mailDock, &QDockWidget::visibilityChanged, mailDock,
                         [mailDock](bool shown) {
                             if (shown && !mailDock->widget())
                                 mailDock->setWidget(new designer::CaughtMailView(
                                     connectors::catcher::Maildir::defaultRoot(), mailDock));
                         });
        QDockWidget* front = !window.problemsDock()->visibleRegion().isEmpty()
                                 ? window.problemsDock()
                                 : window.runsDock();
        window.addDockWidget(Qt::BottomDockWidgetArea, mailDock);
        window.tabifyDockWidget(window.runsDock(), mailDock);
        // Tabifying brings the new dock forward; the one in front stays.
        front->raise();
    };
    const bool startCatcher = !parser.isSet(noCatcher);
    const bool fireTriggers = !parser.isSet(noTriggers);
    const bool offerRecovery = files.isEmpty();
    QObject::connect(&window, &designer::MainWindow::firstPainted, &window, [&] {
        QTimer::singleShot(0, &window, [&] {
            if (startCatcher) {
                addCaughtMailDock();
                // The run module (network) is loaded here, after the first
                // frame, unless something needed it sooner.
                QString error;
                quint16 port = 0;
                const designer::RunServices* services = designer::RunModule::services(&error);
                if (services && services->startMailCatcher(&window, &port, &error)) {
                    window.statusBar()->showMessage(
                        QApplication::translate("main",
                                                "Local mail catcher listening on 127.0.0.1:%1")
                            .arg(port),
                        8000);
                } else {
                    window.statusBar()->showMessage(
                        QApplication::translate("main", "Local mail catcher not started: %1")
                            .arg(error),
                        15000);
                }
            }
            // Enabled triggers (recurrence, HTTP request, file, Salesforce)
            // fire while the window is open, as `logicapp serve` would fire them.
            window.runActions()->setFireTriggers(fireTriggers);
            designer::StartupMarks::mark("catcher and triggers");
            if (offerRecovery)
                window.offerRecovery();
        });
    });

    window.show();
    designer::StartupMarks::mark("shown");
    return app.exec();
}
