#pragma once

#include "designer/canvas/InsertionPoint.h"
#include "designer/canvas/StepStatus.h"
#include "engine/core/Result.h"

#include <QMainWindow>
#include <QTransform>
#include <memory>
#include <optional>

class QDockWidget;
class QFrame;
class QLabel;
class QMenu;
class QTabWidget;
class QTimer;

namespace engine {
class Catalogue;
}

namespace engine {
class SecretStore;
} // namespace engine

namespace designer {

class RunActions;
class RunsPanel;

class CodeView;
class OperationSearch;
class ProblemsPanel;
class StepFormPanel;
class WorkflowDocument;
class WorkflowScene;
class WorkflowView;

// The designer's window: the canvas in the middle, the selected step's form
// on the right, problems and runs below, a code view beside the canvas, and
// the menus, toolbar and shortcuts around them. Owns one WorkflowDocument.
// Actions carry object names ("actionSave", "actionUndo", ...) so tests and
// other panels find them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const engine::Catalogue& catalogue, QWidget* parent = nullptr);
    ~MainWindow() override;

    WorkflowDocument* document() const { return m_document; }
    WorkflowScene* scene() const { return m_scene; }
    WorkflowView* view() const { return m_view; }
    CodeView* codeView() const { return m_codeView; }
    // The operation search and the floating panel holding it, made when first
    // needed (the first search, or here).
    OperationSearch* operationSearch() const;
    QFrame* searchPanel() const;
    QDockWidget* stepDock() const { return m_stepDock; }
    StepFormPanel* stepPanel() const { return m_stepPanel; }
    ProblemsPanel* problemsPanel() const { return m_problemsPanel; }
    QDockWidget* problemsDock() const { return m_problemsDock; }
    QDockWidget* runsDock() const { return m_runsDock; }
    // The runs panel: made just after the first paint when its dock is shown,
    // else when first needed (its tab chosen, a run, or here).
    RunsPanel* runsPanel() const;
    // Run, Stop, the trigger's state and the window's run controller.
    RunActions* runActions() const { return m_runs; }
    // Where connection passwords are kept and read (the OS keychain unless set).
    void setSecretStore(std::shared_ptr<engine::SecretStore> secrets);
    // An action by object name ("actionRun"), null when there is none.
    QAction* action(const QString& objectName) const;
    const engine::Catalogue& catalogue() const { return m_catalogue; }

    // Files, without dialogs (the menu commands add the dialogs).
    engine::Status openFile(const QString& path);
    engine::Status saveFile();
    engine::Status saveFileAs(const QString& path);
    void newFile();
    // After start-up: offers to restore what a crashed window left.
    void offerRecovery();

    // Live status of a run, drawn on the cards.
    void setStepStatus(const QString& step, StepStatus status);

    // Shows the operation search for inserting at `point`, near `screenPos`
    // (or near the matching "+" when null).
    void showOperationSearch(const InsertionPoint& point, const QPoint& screenPos = QPoint());
    InsertionPoint pendingInsertion() const { return m_insertion; }
    bool isCodeViewShown() const;

public Q_SLOTS:
    void showCodeView(bool show);
    void closePanels();

Q_SIGNALS:
    // Ctrl+Enter: run the workflow (the runs panel answers).
    void runRequested();
    // The selected steps changed (the form panel follows the single one).
    void currentStepChanged(const QString& step);
    // Once, after the canvas was first painted and its picture flushed: what
    // the first picture does not need starts from here.
    void firstPainted();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void prefetchIcons();
    // Has the canvas' cards and buttons drawn ahead for the first frame, as
    // the view now places them (ItemFaces).
    void askCanvasFaces();
    void ensureSearchPanel();
    void ensureRunsPanel();
    void reportFirstPaint();
    void readSettings();
    void writeSettings();
    void updateTitle();
    void updateActions();
    void updateRecentMenu();
    void addRecentFile(const QString& path);
    void showProblems();
    void chooseOperation(const QString& operationId);
    void hideSearchPanel();
    void positionSearchPanel(const QPoint& screenPos);
    bool maybeSave();
    bool textWidgetHasFocus() const;

    void openWithDialog();
    bool saveWithDialog();
    bool saveAsWithDialog();
    void revertFile();
    void copySelection();
    void cutSelection();
    void pasteClipboard();
    void deleteSelection();
    void renameSelection();
    void selectAll();
    void findOperation();

    const engine::Catalogue& m_catalogue;
    WorkflowDocument* m_document = nullptr;
    WorkflowScene* m_scene = nullptr;
    WorkflowView* m_view = nullptr;
    QTabWidget* m_tabs = nullptr;
    CodeView* m_codeView = nullptr;
    QFrame* m_searchPanel = nullptr;
    QLabel* m_searchTitle = nullptr;
    OperationSearch* m_search = nullptr;
    InsertionPoint m_insertion;
    QDockWidget* m_stepDock = nullptr;
    StepFormPanel* m_stepPanel = nullptr;
    ProblemsPanel* m_problemsPanel = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    QDockWidget* m_runsDock = nullptr;
    RunsPanel* m_runsPanel = nullptr;
    RunActions* m_runs = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_problemsLabel = nullptr;
    QTimer* m_autosaveTimer = nullptr;
    bool m_painted = false;
    std::optional<QTransform> m_facesAskedFor; // where askCanvasFaces() last placed the canvas
};

} // namespace designer
