#include "designer/mainwindow/MainWindow.h"

#include "designer/canvas/IconCache.h"
#include "designer/canvas/ItemFaces.h"
#include "designer/canvas/PlusButton.h"
#include "designer/canvas/WorkflowScene.h"
#include "designer/canvas/WorkflowView.h"
#include "designer/document/SettingsWriter.h"
#include "designer/document/WorkflowDocument.h"
#include "designer/forms/StepFormPanel.h"
#include "designer/mainwindow/CodeView.h"
#include "designer/mainwindow/StartupMarks.h"
#include "designer/mainwindow/StartupThread.h"
#include "designer/palette/OperationSearch.h"
#include "designer/problems/ProblemsPanel.h"
#include "designer/runs/RunActions.h"
#include "designer/runs/RunsPanel.h"
#include "engine/catalogue/Catalogue.h"
#include "engine/connections/Connections.h"
#include "engine/workflow/Validator.h"
#include "engine/workflow/Workflow.h"
#include "resources/Resources.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTextEdit>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcWindow, "logicapp.designer.window")

namespace designer {

namespace {

constexpr int MaxRecentFiles = 8;
constexpr int AutosaveIntervalMs = 20000;

QIcon uiIcon(const char* name)
{
    return IconCache::icon(resources::icon(QStringLiteral("ui-") + QLatin1String(name)));
}

QAction* makeAction(QObject* parent, const char* objectName, const QString& text,
                    const QList<QKeySequence>& shortcuts = {}, const char* icon = nullptr)
{
    auto* action = new QAction(text, parent);
    action->setObjectName(QLatin1String(objectName));
    if (!shortcuts.isEmpty())
        action->setShortcuts(shortcuts);
    if (icon)
        action->setIcon(uiIcon(icon));
    return action;
}

} // namespace

MainWindow::MainWindow(const engine::Catalogue& catalogue, QWidget* parent)
    : QMainWindow(parent), m_catalogue(catalogue)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(IconCache::icon(resources::icon(QStringLiteral("logicapp"))));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    m_document = new WorkflowDocument(catalogue, this);
    m_scene = new WorkflowScene(m_document, this);
    m_view = new WorkflowView(m_scene);
    m_codeView = new CodeView(m_document);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("centralTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::South);

    // What measures no text comes first, while fonts load (StartupThread).
    StartupMarks::mark("canvas and code view");
    createActions();
    StartupMarks::mark("actions");
    createMenus();
    StartupMarks::mark("menus");
    createToolBar();
    prefetchIcons();
    StartupMarks::mark("tool bar");
    StartupThread::finishFonts();
    StartupMarks::mark("fonts");
    m_tabs->addTab(m_view, tr("Designer"));
    m_tabs->addTab(m_codeView, tr("Code"));
    setCentralWidget(m_tabs);
    createDocks();
    prefetchIcons();
    StartupMarks::mark("docks");

    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_problemsLabel = new QLabel(this);
    m_problemsLabel->setObjectName(QStringLiteral("problemsLabel"));
    statusBar()->addPermanentWidget(m_problemsLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    m_zoomLabel->setText(tr("%1%").arg(100));

    // The problems panel checks the workflow once per change (debounced);
    // the cards' badges and the status bar show what it found.
    connect(m_problemsPanel, &ProblemsPanel::problemsChanged, this, &MainWindow::showProblems);

    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setInterval(AutosaveIntervalMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, [this] {
        if (const engine::Status written = m_document->writeRecovery(); !written)
            qCWarning(lcWindow) << written.error().toString();
    });
    m_autosaveTimer->start();

    connect(m_document, &WorkflowDocument::changed, this, &MainWindow::updateTitle);
    connect(m_document, &WorkflowDocument::fileChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkflowDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_scene, &WorkflowScene::insertRequested, this,
            [this](const InsertionPoint& point, const QPoint& pos) {
                showOperationSearch(point, pos);
            });
    // "Add a parallel branch" on a plus' menu: the same search, and the step
    // chosen runs beside the ones after the same step.
    connect(m_scene, &WorkflowScene::parallelInsertRequested, this,
            [this](const InsertionPoint& point, const QPoint& pos) {
                showOperationSearch(point, pos);
            });
    connect(m_scene, &WorkflowScene::selectedStepsChanged, this, [this](const QStringList& steps) {
        updateActions();
        Q_EMIT currentStepChanged(steps.size() == 1 ? steps.first() : QString());
    });
    connect(m_scene, &WorkflowScene::stepActivated, this, [this](const QString&) {
        m_stepDock->show();
        m_stepDock->raise();
    });
    connect(m_view, &WorkflowView::zoomChanged, this,
            [this](qreal zoom) { m_zoomLabel->setText(tr("%1%").arg(qRound(zoom * 100))); });
    connect(m_view, &WorkflowView::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_codeView, &CodeView::applied, this,
            [this] { statusBar()->showMessage(tr("Code applied."), 3000); });

    StartupMarks::mark("status bar and connections");
    readSettings();
    StartupMarks::mark("settings");
    updateTitle();
    updateActions();
    showProblems();
    m_view->viewport()->installEventFilter(this);
    StartupMarks::mark("window built");
}

MainWindow::~MainWindow()
{
    StartupThread::close();
}

QAction* MainWindow::action(const QString& objectName) const
{
    return findChild<QAction*>(objectName);
}

void MainWindow::createActions()
{
    QAction* a = nullptr;
    a = makeAction(this, "actionNew", tr("&New"), QKeySequence::keyBindings(QKeySequence::New),
                   "new");
    a->setStatusTip(tr("Start a new workflow"));
    connect(a, &QAction::triggered, this, [this] {
        if (maybeSave())
            newFile();
    });
    a = makeAction(this, "actionNewWindow", tr("New &Window"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)});
    connect(a, &QAction::triggered, this, [this] {
        auto* window = new MainWindow(m_catalogue);
        window->setAttribute(Qt::WA_DeleteOnClose);
        window->show();
    });
    a = makeAction(this, "actionOpen", tr("&Open…"), QKeySequence::keyBindings(QKeySequence::Open),
                   "open");
    connect(a, &QAction::triggered, this, &MainWindow::openWithDialog);
    a = makeAction(this, "actionSave", tr("&Save"), QKeySequence::keyBindings(QKeySequence::Save),
                   "save");
    connect(a, &QAction::triggered, this, &MainWindow::saveWithDialog);
    a = makeAction(this, "actionSaveAs", tr("Save &As…"),
                   QKeySequence::keyBindings(QKeySequence::SaveAs));
    connect(a, &QAction::triggered, this, &MainWindow::saveAsWithDialog);
    a = makeAction(this, "actionRevert", tr("&Revert to Saved"));
    connect(a, &QAction::triggered, this, &MainWindow::revertFile);
    a = makeAction(this, "actionQuit", tr("&Quit"), QKeySequence::keyBindings(QKeySequence::Quit));
    a->setMenuRole(QAction::QuitRole);
    connect(a, &QAction::triggered, this, &QWidget::close);

    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setIcon(uiIcon("undo"));
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    redo->setShortcuts(QKeySequence::Redo);
    redo->setIcon(uiIcon("redo"));

    a = makeAction(this, "actionCut", tr("Cu&t"), QKeySequence::keyBindings(QKeySequence::Cut));
    connect(a, &QAction::triggered, this, &MainWindow::cutSelection);
    a = makeAction(this, "actionCopy", tr("&Copy"), QKeySequence::keyBindings(QKeySequence::Copy));
    connect(a, &QAction::triggered, this, &MainWindow::copySelection);
    a = makeAction(this, "actionPaste", tr("&Paste"),
                   QKeySequence::keyBindings(QKeySequence::Paste));
    connect(a, &QAction::triggered, this, &MainWindow::pasteClipboard);
    a = makeAction(this, "actionDelete", tr("&Delete"),
                   QKeySequence::keyBindings(QKeySequence::Delete), "delete");
    connect(a, &QAction::triggered, this, &MainWindow::deleteSelection);
    a = makeAction(this, "actionRename", tr("Re&name"), {QKeySequence(Qt::Key_F2)});
    connect(a, &QAction::triggered, this, &MainWindow::renameSelection);
    a = makeAction(this, "actionSelectAll", tr("Select &All"),
                   QKeySequence::keyBindings(QKeySequence::SelectAll));
    connect(a, &QAction::triggered, this, &MainWindow::selectAll);
    a = makeAction(this, "actionFind", tr("&Add a Step…"),
                   QKeySequence::keyBindings(QKeySequence::Find), "search");
    a->setStatusTip(tr("Search triggers and actions to add"));
    connect(a, &QAction::triggered, this, &MainWindow::findOperation);

    a = makeAction(this, "actionZoomIn", tr("Zoom &In"),
                   QKeySequence::keyBindings(QKeySequence::ZoomIn), "zoom-in");
    connect(a, &QAction::triggered, m_view, &WorkflowView::zoomIn);
    a = makeAction(this, "actionZoomOut", tr("Zoom &Out"),
                   QKeySequence::keyBindings(QKeySequence::ZoomOut), "zoom-out");
    connect(a, &QAction::triggered, m_view, &WorkflowView::zoomOut);
    a = makeAction(this, "actionFit", tr("&Fit to Window"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
                   "fit");
    connect(a, &QAction::triggered, m_view, &WorkflowView::fitAll);
    a = makeAction(this, "actionActualSize", tr("&Actual Size"),
                   {QKeySequence(Qt::CTRL | Qt::Key_1)});
    connect(a, &QAction::triggered, m_view, &WorkflowView::resetZoom);
    a = makeAction(this, "actionCodeView", tr("&Code View"),
                   {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)}, "code");
    a->setCheckable(true);
    connect(a, &QAction::toggled, this, &MainWindow::showCodeView);
    connect(m_tabs, &QTabWidget::currentChanged, a,
            [this, a](int index) { a->setChecked(m_tabs->widget(index) == m_codeView); });
    a = makeAction(this, "actionClosePanels", tr("Close Panels"), {QKeySequence(Qt::Key_Escape)});
    connect(a, &QAction::triggered, this, &MainWindow::closePanels);
    addAction(a);

    // Run, Run with Trigger Body…, Stop, Trigger Enabled.
    m_runs = new RunActions(m_document, m_scene, this);
    connect(m_runs, &RunActions::runRequested, this, &MainWindow::runRequested);
    connect(m_runs, &RunActions::message, this, [this](const QString& text, int timeoutMs) {
        statusBar()->showMessage(text, timeoutMs);
    });

    a = makeAction(this, "actionAbout", tr("&About Logic Designer"));
    a->setMenuRole(QAction::AboutRole);
    connect(a, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Logic Designer"),
                           tr("<b>Logic Designer</b><br>Design and run Logic Apps workflows "
                              "on your own machine."));
    });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("actionNew")));
    file->addAction(action(QStringLiteral("actionNewWindow")));
    file->addAction(action(QStringLiteral("actionOpen")));
    file->setObjectName(QStringLiteral("menuFile"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuRecent"));
    // The list is read from the settings as the File menu opens, not at start.
    connect(file, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionSave")));
    file->addAction(action(QStringLiteral("actionSaveAs")));
    file->addAction(action(QStringLiteral("actionRevert")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionQuit")));

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(action(QStringLiteral("actionUndo")));
    edit->addAction(action(QStringLiteral("actionRedo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("actionCut")));
    edit->addAction(action(QStringLiteral("actionCopy")));
    edit->addAction(action(QStringLiteral("actionPaste")));
    edit->addAction(action(QStringLiteral("actionDelete")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("actionRename")));
    edit->addAction(action(QStringLiteral("actionSelectAll")));
    edit->addAction(action(QStringLiteral("actionFind")));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    view->addAction(action(QStringLiteral("actionZoomIn")));
    view->addAction(action(QStringLiteral("actionZoomOut")));
    view->addAction(action(QStringLiteral("actionActualSize")));
    view->addAction(action(QStringLiteral("actionFit")));
    view->addSeparator();
    view->addAction(action(QStringLiteral("actionCodeView")));

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(action(QStringLiteral("actionRun")));
    run->addAction(action(QStringLiteral("actionRunWithBody")));
    run->addAction(action(QStringLiteral("actionStop")));
    run->addSeparator();
    run->addAction(action(QStringLiteral("actionTriggerEnabled")));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("actionAbout")));
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(20, 20));
    bar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (const char* name : {"actionNew", "actionOpen", "actionSave", "", "actionUndo",
                             "actionRedo", "", "actionFind", "actionRun", "actionStop", "",
                             "actionZoomOut", "actionZoomIn", "actionFit", "", "actionCodeView"}) {
        if (!*name)
            bar->addSeparator();
        else
            bar->addAction(action(QLatin1String(name)));
    }
    // The run action reads better with its word.
    if (QWidget* runButton = bar->widgetForAction(action(QStringLiteral("actionRun"))))
        static_cast<QToolButton*>(runButton)->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
}

void MainWindow::prefetchIcons()
{
    // Icons the first frame shows are rendered on the start-up thread while
    // the window is built (the tool bar's, then the docks' buttons, then the
    // cards'); each call asks for what is there so far.
    if (m_painted)
        return;
    const qreal ratio = devicePixelRatioF();
    bool asked = false;
    if (auto* bar = findChild<QToolBar*>(QStringLiteral("mainToolBar"))) {
        for (QAction* a : bar->actions())
            asked = IconCache::prefetch(a->icon(), bar->iconSize(), ratio) || asked;
    }
    if (m_stepDock) {
        const int side = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_stepDock);
        for (const QStyle::StandardPixmap button :
             {QStyle::SP_TitleBarNormalButton, QStyle::SP_TitleBarCloseButton})
            asked = IconCache::prefetch(style()->standardIcon(button, nullptr, m_stepDock),
                                        QSize(side, side), ratio) ||
                    asked;
    }
    asked = m_scene->prefetchIcons(m_view->transform().m11() * ratio) || asked;
    if (asked)
        StartupThread::post([] { IconCache::renderPrefetched(); });
}

void MainWindow::createDocks()
{
    m_stepDock = new QDockWidget(tr("Step"), this);
    m_stepDock->setObjectName(QStringLiteral("stepDock"));
    m_stepPanel = new StepFormPanel(m_document, m_catalogue, m_stepDock);
    m_stepPanel->setObjectName(QStringLiteral("stepFormPanel"));
    m_stepDock->setWidget(m_stepPanel);
    addDockWidget(Qt::RightDockWidgetArea, m_stepDock);
    connect(this, &MainWindow::currentStepChanged, m_stepPanel, &StepFormPanel::setStep);
    connect(m_stepPanel, &StepFormPanel::closeRequested, this, [this] {
        m_stepDock->hide();
        m_view->setFocus(Qt::OtherFocusReason);
    });

    m_problemsDock = new QDockWidget(tr("Problems"), this);
    m_problemsDock->setObjectName(QStringLiteral("problemsDock"));
    m_problemsPanel = new ProblemsPanel(m_document, m_problemsDock);
    m_problemsPanel->holdChecks(true); // until the first paint
    m_problemsPanel->setObjectName(QStringLiteral("problemsPanel"));
    m_problemsDock->setWidget(m_problemsPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    connect(m_problemsPanel, &ProblemsPanel::problemActivated, this,
            [this](const QString& step, const QString& field) {
                if (step.isEmpty() || !m_scene->card(step))
                    return;
                m_tabs->setCurrentWidget(m_view);
                m_scene->selectSteps({step});
                m_view->ensureStepVisible(step);
                m_stepDock->show();
                m_stepDock->raise();
                if (!field.isEmpty())
                    m_stepPanel->focusField(field);
            });
    connect(m_problemsPanel, &ProblemsPanel::countChanged, this, [this](int errors, int warnings) {
        const int total = errors + warnings;
        m_problemsDock->setWindowTitle(total ? tr("Problems (%1)").arg(total) : tr("Problems"));
    });

    // The runs panel (a dozen widgets, and the history behind it) is not part
    // of the first picture: see ensureRunsPanel().
    m_runsDock = new QDockWidget(tr("Runs"), this);
    m_runsDock->setObjectName(QStringLiteral("runsDock"));
    m_runs->attach(nullptr, m_runsDock);
    connect(m_runsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_painted)
            ensureRunsPanel();
    });
    // A run shows the panel first, so it follows the run live.
    connect(m_runs, &RunActions::runRequested, this, &MainWindow::ensureRunsPanel);
    // Unless the dock shows from the start (its tab in front, or floating):
    // a dock on a tab behind another is visible to Qt, but shows nothing.
    connect(this, &MainWindow::firstPainted, this, [this] {
        QTimer::singleShot(0, this, [this] {
            if (!m_runsDock->visibleRegion().isEmpty())
                ensureRunsPanel();
        });
    });
    addDockWidget(Qt::BottomDockWidgetArea, m_runsDock);
    tabifyDockWidget(m_problemsDock, m_runsDock);
    m_problemsDock->raise();

    resizeDocks({m_stepDock}, {380}, Qt::Horizontal);
    resizeDocks({m_problemsDock}, {150}, Qt::Vertical);

    if (QMenu* view = menuBar()->findChild<QMenu*>(QStringLiteral("menuView"))) {
        view->addSeparator();
        for (QDockWidget* dock : {m_stepDock, m_problemsDock, m_runsDock})
            view->addAction(dock->toggleViewAction());
    }
}

void MainWindow::ensureRunsPanel()
{
    if (m_runsPanel)
        return;
    m_runsPanel = new RunsPanel(m_runsDock);
    m_runsPanel->setObjectName(QStringLiteral("runsPanel"));
    m_runsDock->setWidget(m_runsPanel);
    m_runs->attach(m_runsPanel, m_runsDock);
}

RunsPanel* MainWindow::runsPanel() const
{
    const_cast<MainWindow*>(this)->ensureRunsPanel();
    return m_runsPanel;
}

OperationSearch* MainWindow::operationSearch() const
{
    const_cast<MainWindow*>(this)->ensureSearchPanel();
    return m_search;
}

QFrame* MainWindow::searchPanel() const
{
    const_cast<MainWindow*>(this)->ensureSearchPanel();
    return m_searchPanel;
}

void MainWindow::ensureSearchPanel()
{
    if (m_searchPanel)
        return;
    // Floats over the canvas next to the "+" that opened it, like a popup,
    // while the canvas stays visible.
    m_searchPanel = new QFrame(m_view);
    m_searchPanel->setObjectName(QStringLiteral("searchPanel"));
    m_searchPanel->setFrameShape(QFrame::StyledPanel);
    m_searchPanel->setAutoFillBackground(true);
    m_searchPanel->setFixedWidth(440);
    auto* layout = new QVBoxLayout(m_searchPanel);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(6);
    m_searchTitle = new QLabel(m_searchPanel);
    m_searchTitle->setObjectName(QStringLiteral("searchTitle"));
    QFont bold = m_searchTitle->font();
    bold.setWeight(QFont::DemiBold);
    m_searchTitle->setFont(bold);
    layout->addWidget(m_searchTitle);
    m_search = new OperationSearch(m_catalogue, m_searchPanel);
    m_search->setObjectName(QStringLiteral("operationSearch"));
    layout->addWidget(m_search);
    m_searchPanel->adjustSize();
    m_searchPanel->hide();
    connect(m_search, &OperationSearch::operationChosen, this, &MainWindow::chooseOperation);
    connect(m_search, &OperationSearch::cancelled, this, &MainWindow::hideSearchPanel);
}

void MainWindow::showOperationSearch(const InsertionPoint& point, const QPoint& screenPos)
{
    ensureSearchPanel();
    InsertionPoint target = point;
    const engine::Workflow& wf = m_document->workflow();
    if (wf.triggerNames().isEmpty())
        target.trigger = true;
    m_insertion = target;
    if (target.trigger)
        m_searchTitle->setText(tr("Choose a trigger"));
    else if (!target.after.isEmpty())
        m_searchTitle->setText(
            tr("Add an action after “%1”")
                .arg(QString(target.after).replace(QLatin1Char('_'), QLatin1Char(' '))));
    else if (!target.parent.isEmpty())
        m_searchTitle->setText(
            tr("Add an action in “%1”")
                .arg(QString(target.parent).replace(QLatin1Char('_'), QLatin1Char(' '))));
    else
        m_searchTitle->setText(tr("Add an action"));
    m_search->setTriggersFirst(target.trigger);

    QPoint at = screenPos;
    if (at.isNull()) {
        for (PlusButton* plus : m_scene->plusButtons()) {
            if (plus->plus().point == point) {
                m_view->ensureVisible(plus->sceneBoundingRect(), 40, 120);
                at = m_view->viewport()->mapToGlobal(
                    m_view->mapFromScene(plus->sceneBoundingRect().bottomLeft()));
                break;
            }
        }
    }
    m_tabs->setCurrentWidget(m_view);
    positionSearchPanel(at);
    m_searchPanel->show();
    m_searchPanel->raise();
    m_search->activate();
}

void MainWindow::positionSearchPanel(const QPoint& screenPos)
{
    m_searchPanel->adjustSize();
    const QSize size = m_searchPanel->sizeHint().expandedTo(QSize(440, 0));
    QPoint local = screenPos.isNull()
                       ? QPoint((m_view->width() - size.width()) / 2, 24)
                       : m_view->mapFromGlobal(screenPos) - QPoint(size.width() / 2, -6);
    local.setX(qBound(8, local.x(), qMax(8, m_view->width() - size.width() - 8)));
    local.setY(qBound(8, local.y(), qMax(8, m_view->height() - size.height() - 160)));
    m_searchPanel->move(local);
}

void MainWindow::hideSearchPanel()
{
    if (!m_searchPanel || !m_searchPanel->isVisible())
        return;
    m_search->hidePopup();
    m_searchPanel->hide();
    m_view->setFocus(Qt::OtherFocusReason);
}

void MainWindow::chooseOperation(const QString& operationId)
{
    const InsertionPoint point = m_insertion;
    engine::Result<QString> added = m_document->insertStep(operationId, point.parent, point.branch,
                                                           point.after, point.parallel);
    if (!added) {
        statusBar()->showMessage(added.error().message, 8000);
        return;
    }
    hideSearchPanel();
    m_scene->selectSteps({added.value()});
    m_view->ensureStepVisible(added.value());
    m_stepDock->show();
    m_stepDock->raise();
}

void MainWindow::findOperation()
{
    showOperationSearch(m_scene->insertionPointAfterSelection());
}

bool MainWindow::isCodeViewShown() const
{
    return m_tabs->currentWidget() == m_codeView;
}

void MainWindow::showCodeView(bool show)
{
    if (show) {
        hideSearchPanel();
        m_tabs->setCurrentWidget(m_codeView);
        m_codeView->editor()->setFocus();
    } else {
        m_tabs->setCurrentWidget(m_view);
    }
}

void MainWindow::closePanels()
{
    if (m_searchPanel && m_searchPanel->isVisible()) {
        hideSearchPanel();
        return;
    }
    if (m_view->nameEditor()) {
        m_view->cancelNameEdit();
        return;
    }
    if (isCodeViewShown()) {
        showCodeView(false);
        return;
    }
    if (m_stepDock->isVisible() && !m_stepDock->isFloating()) {
        m_stepDock->hide();
        m_view->setFocus(Qt::OtherFocusReason);
        return;
    }
    m_scene->clearSelection();
}

engine::Status MainWindow::openFile(const QString& path)
{
    const engine::Status opened = m_document->open(path);
    if (!opened)
        return opened;
    // Writing the settings (a lock file, a new file renamed over the old one)
    // is not part of the start: a file opened before the window was painted
    // is listed once it is.
    if (m_painted)
        addRecentFile(m_document->filePath());
    else
        connect(
            this, &MainWindow::firstPainted, this,
            [this, file = m_document->filePath()] { addRecentFile(file); },
            Qt::SingleShotConnection);
    hideSearchPanel();
    m_scene->clearStepStatuses();
    m_view->resetZoom();
    m_view->showTop();
    prefetchIcons();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    return opened;
}

engine::Status MainWindow::saveFile()
{
    const engine::Status saved = m_document->save();
    if (saved) {
        addRecentFile(m_document->filePath());
        statusBar()->showMessage(
            tr("Saved %1").arg(QDir::toNativeSeparators(m_document->filePath())), 4000);
    }
    return saved;
}

engine::Status MainWindow::saveFileAs(const QString& path)
{
    const engine::Status saved = m_document->saveAs(path);
    if (saved) {
        addRecentFile(m_document->filePath());
        statusBar()->showMessage(
            tr("Saved %1").arg(QDir::toNativeSeparators(m_document->filePath())), 4000);
    }
    return saved;
}

void MainWindow::newFile()
{
    m_document->newWorkflow();
    m_scene->clearStepStatuses();
    m_view->resetZoom();
    m_view->showTop();
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString dir = m_document->filePath().isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                            : QFileInfo(m_document->filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workflow"), dir,
                                                      tr("Workflows (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const engine::Status opened = openFile(path); !opened)
        QMessageBox::warning(this, tr("Cannot open workflow"),
                             tr("%1 could not be opened.\n\n%2")
                                 .arg(QDir::toNativeSeparators(path), opened.error().toString()));
}

bool MainWindow::saveWithDialog()
{
    if (m_document->isNew())
        return saveAsWithDialog();
    if (const engine::Status saved = saveFile(); !saved) {
        QMessageBox::warning(this, tr("Cannot save workflow"), saved.error().toString());
        return false;
    }
    return true;
}

bool MainWindow::saveAsWithDialog()
{
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty()) {
        // New workflows go into a Standard project: <project>/<name>/workflow.json.
        const QString project =
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
            QStringLiteral("/LogicApps");
        suggestion = WorkflowDocument::standardPath(project, QStringLiteral("my-workflow"));
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Workflow As"), suggestion,
                                                      tr("Workflows (*.json)"));
    if (path.isEmpty())
        return false;
    if (const engine::Status saved = saveFileAs(path); !saved) {
        QMessageBox::warning(this, tr("Cannot save workflow"), saved.error().toString());
        return false;
    }
    return true;
}

void MainWindow::revertFile()
{
    if (!m_document->isModified())
        return;
    const auto answer = QMessageBox::question(
        this, tr("Revert to Saved"),
        tr("Drop every change since “%1” was last saved?").arg(m_document->displayName()),
        QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Discard)
        return;
    if (const engine::Status reverted = m_document->revert(); !reverted)
        QMessageBox::warning(this, tr("Cannot revert"), reverted.error().toString());
}

void MainWindow::offerRecovery()
{
    const QStringList pending = WorkflowDocument::pendingRecoveries();
    if (pending.isEmpty())
        return;
    QMessageBox box(QMessageBox::Question, tr("Restore unsaved work?"),
                    tr("Logic Designer did not close properly last time. Restore the unsaved "
                       "changes it kept?"),
                    QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("recoveryPrompt"));
    QPushButton* restore = box.addButton(tr("Restore"), QMessageBox::AcceptRole);
    box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box.setDefaultButton(restore);
    box.exec();
    if (box.clickedButton() == restore) {
        if (const engine::Status restored = m_document->restoreRecovery(pending.first()); !restored)
            QMessageBox::warning(this, tr("Cannot restore"), restored.error().toString());
        m_view->showTop();
        return;
    }
    for (const QString& file : pending) {
        QFile::remove(file);
        QString lock = file;
        lock.chop(5);
        QFile::remove(lock + QStringLiteral(".lock"));
    }
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("Save the changes to “%1” before closing?").arg(m_document->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedPrompt"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveWithDialog();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // The filter sees the paint before it happens; the picture is painted and
    // flushed by the time the event loop turns again.
    if (!m_painted && watched == m_view->viewport() && event->type() == QEvent::Paint) {
        m_view->viewport()->removeEventFilter(this);
        QTimer::singleShot(0, this, &MainWindow::reportFirstPaint);
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Showing polishes the docks' contents, and their new size hints ask for
    // another layout. Done now, the first frame is painted as the window
    // stays; left to the event loop, it came after that frame, and the
    // canvas jumped as the docks settled (animated, painting it again).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // Laid out now: the cards the canvas will show are drawn on the start-up
    // thread while the rest of the window paints.
    askCanvasFaces();
    // A window shown but never exposed (minimized, on a screen that is off)
    // still starts what waits for the first paint.
    if (!m_painted)
        QTimer::singleShot(2000, this, &MainWindow::reportFirstPaint);
}

void MainWindow::paintEvent(QPaintEvent* event)
{
    // The window is painted before what is in it. Shown, the canvas may still
    // have moved (its pending resize, sent once it is shown, centres it
    // again); by part of a device pixel, its cards are asked for again.
    askCanvasFaces();
    QMainWindow::paintEvent(event);
}

void MainWindow::askCanvasFaces()
{
    if (m_painted)
        return;
    const qreal ratio = devicePixelRatioF();
    const QPoint offset = m_view->viewport()->mapTo(this, QPoint(0, 0));
    const QTransform sceneToDevice = m_view->viewportTransform() *
                                     QTransform::fromTranslate(offset.x(), offset.y()) *
                                     QTransform::fromScale(ratio, ratio);
    if (sceneToDevice == m_facesAskedFor)
        return;
    m_facesAskedFor = sceneToDevice;
    if (m_scene->askFaces(m_view->mapToScene(m_view->viewport()->rect()).boundingRect(),
                          sceneToDevice, m_view->transform().m11(), m_view->renderHints()))
        StartupThread::post([] { ItemFaces::renderAsked(); });
}

void MainWindow::reportFirstPaint()
{
    if (m_painted)
        return;
    m_painted = true;
    m_view->viewport()->removeEventFilter(this);
    StartupThread::close();
    // Cards and buttons drawn ahead that the frame did not show (covered, or
    // changed before it) are not kept.
    ItemFaces::forgetAsked();
    m_problemsPanel->holdChecks(false);
    StartupMarks::mark("first paint");
    Q_EMIT firstPainted();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    m_document->discardRecovery();
    event->accept();
}

void MainWindow::changeEvent(QEvent* event)
{
    // The desktop switched between light and dark: the widgets follow on
    // their own (nothing is styled by a style sheet); the canvas paints from
    // its palette.
    if (event->type() == QEvent::PaletteChange && m_view)
        m_view->setPalette(palette());
    QMainWindow::changeEvent(event);
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    if (m_searchPanel && m_searchPanel->isVisible())
        positionSearchPanel(m_searchPanel->mapToGlobal(QPoint(m_searchPanel->width() / 2, -6)));
}

void MainWindow::readSettings()
{
    if (!restoreGeometry(SettingsWriter::value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    if (!restoreState(SettingsWriter::value(QStringLiteral("window/state")).toByteArray())) {
        // First start: the form gets the right side top to bottom (an email
        // form is long), problems and runs a low strip under the canvas.
        setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
        // The dock layout takes sizes once the window is laid out.
        QTimer::singleShot(0, this, [this] {
            resizeDocks({m_stepDock}, {420}, Qt::Horizontal);
            resizeDocks({m_problemsDock, m_runsDock}, {170, 170}, Qt::Vertical);
        });
    }
}

void MainWindow::writeSettings()
{
    SettingsWriter::setValue(QStringLiteral("window/geometry"), saveGeometry());
    SettingsWriter::setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — Logic Designer").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateActions()
{
    const bool hasSelection = !m_scene->selectedSteps().isEmpty();
    for (const char* name : {"actionCut", "actionCopy", "actionDelete"})
        action(QLatin1String(name))->setEnabled(hasSelection || textWidgetHasFocus());
    action(QStringLiteral("actionRename"))->setEnabled(m_scene->selectedSteps().size() == 1);
}

void MainWindow::addRecentFile(const QString& path)
{
    QStringList files = SettingsWriter::value(QStringLiteral("recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    // Saved off this thread: the window goes on while the file is written.
    SettingsWriter::setValue(QStringLiteral("recentFiles"), files);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = SettingsWriter::value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& file : files) {
        QAction* a = m_recentMenu->addAction(QDir::toNativeSeparators(file));
        connect(a, &QAction::triggered, this, [this, file] {
            if (!maybeSave())
                return;
            if (const engine::Status opened = openFile(file); !opened)
                QMessageBox::warning(this, tr("Cannot open workflow"), opened.error().toString());
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::showProblems()
{
    const QList<engine::Problem> problems = m_problemsPanel->problems();
    QHash<QString, QStringList> byStep;
    for (const engine::Problem& problem : problems) {
        if (!problem.step.isEmpty())
            byStep[problem.step].append(
                problem.field.isEmpty() ? problem.message
                                        : problem.field + QStringLiteral(": ") + problem.message);
    }
    m_scene->setProblems(byStep);
    m_problemsLabel->setText(
        problems.isEmpty() ? QString() : tr("%n problem(s)", nullptr, int(problems.size())));
}

bool MainWindow::textWidgetHasFocus() const
{
    QWidget* focus = QApplication::focusWidget();
    return qobject_cast<QLineEdit*>(focus) || qobject_cast<QTextEdit*>(focus) ||
           qobject_cast<QPlainTextEdit*>(focus);
}

void MainWindow::copySelection()
{
    if (textWidgetHasFocus()) {
        QMetaObject::invokeMethod(QApplication::focusWidget(), "copy");
        return;
    }
    const QStringList steps = m_scene->selectedSteps();
    if (steps.isEmpty())
        return;
    const QByteArray json = m_document->copySteps(steps);
    auto* data = new QMimeData;
    data->setData(WorkflowDocument::clipboardMimeType(), json);
    data->setText(QString::fromUtf8(json));
    QApplication::clipboard()->setMimeData(data);
    statusBar()->showMessage(tr("Copied %n step(s).", nullptr, int(steps.size())), 3000);
}

void MainWindow::cutSelection()
{
    if (textWidgetHasFocus()) {
        QMetaObject::invokeMethod(QApplication::focusWidget(), "cut");
        return;
    }
    copySelection();
    deleteSelection();
}

void MainWindow::pasteClipboard()
{
    if (textWidgetHasFocus()) {
        QMetaObject::invokeMethod(QApplication::focusWidget(), "paste");
        return;
    }
    const QMimeData* data = QApplication::clipboard()->mimeData();
    if (!data)
        return;
    const QByteArray json = data->hasFormat(WorkflowDocument::clipboardMimeType())
                                ? data->data(WorkflowDocument::clipboardMimeType())
                                : data->text().toUtf8();
    if (json.trimmed().isEmpty())
        return;
    const InsertionPoint point = m_scene->insertionPointAfterSelection();
    engine::Result<QStringList> pasted =
        m_document->pasteSteps(json, point.parent, point.branch, point.after);
    if (!pasted) {
        statusBar()->showMessage(pasted.error().message, 8000);
        return;
    }
    m_scene->selectSteps(pasted.value());
    if (!pasted->isEmpty())
        m_view->ensureStepVisible(pasted->last());
}

void MainWindow::deleteSelection()
{
    if (textWidgetHasFocus()) {
        QWidget* focus = QApplication::focusWidget();
        if (auto* line = qobject_cast<QLineEdit*>(focus))
            line->del();
        else if (auto* text = qobject_cast<QTextEdit*>(focus))
            text->textCursor().deleteChar();
        else if (auto* plain = qobject_cast<QPlainTextEdit*>(focus))
            plain->textCursor().deleteChar();
        return;
    }
    const QStringList steps = m_scene->selectedSteps();
    if (steps.isEmpty())
        return;
    if (const engine::Status removed = m_document->removeSteps(steps); !removed)
        statusBar()->showMessage(removed.error().message, 8000);
}

void MainWindow::renameSelection()
{
    const QStringList steps = m_scene->selectedSteps();
    if (steps.size() != 1)
        return;
    m_tabs->setCurrentWidget(m_view);
    m_view->editStepName(steps.first());
}

void MainWindow::selectAll()
{
    if (textWidgetHasFocus()) {
        QMetaObject::invokeMethod(QApplication::focusWidget(), "selectAll");
        return;
    }
    m_scene->selectSteps(m_scene->steps());
}

void MainWindow::setSecretStore(std::shared_ptr<engine::SecretStore> secrets)
{
    m_stepPanel->setSecretStore(secrets.get());
    m_runs->setSecretStore(std::move(secrets));
}

void MainWindow::setStepStatus(const QString& step, StepStatus status)
{
    m_scene->setStepStatus(step, status);
}

} // namespace designer
