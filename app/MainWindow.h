#pragma once
#include "app/headless/StudioAutomation.h"
#include "app/training/TrainingSnapshot.h"
#include "graph/Graph.h"

#include <QMainWindow>

class Autosave;
class ConfusionPanel;
class DatasetPanel;
class EdgeScaleControls;
class QDockWidget;
class DecisionBoundaryView;
class DocumentActions;
class EdgeInspector;
class GradientCheckPanel;
class GradientLegend;
class GraphDocument;
class GraphScene;
class GraphView;
class HealthController;
class HealthOverlay;
class HealthPanel;
class LossPlot;
class NodeInspector;
class NodePalette;
class PreTrainGate;
class QLabel;
class QStackedWidget;
class NetworkStatistics;
class RunStore;
class RunsPanel;
class StepThroughPanel;
class StudioExports;
class TrainingController;
class TrainingMetrics;
class TrainingToolBar;
class WindowLayout;

/// The studio's window: composes the docks, menus and toolbar. Canvas in the centre (with the
/// gradient legend under it), docks arranged by WindowLayout (NOTE [Window layout]),
/// training toolbar (top), status bar (state, epoch, step, samples/s, messages). File / Edit
/// / View / Examples menus; the file workflow is DocumentActions'; the title shows the file
/// name and "*" when modified; unsaved work is never lost without asking. Headless code
/// reaches it as a StudioAutomation (NOTE [Automation seam]).
class MainWindow : public QMainWindow, public StudioAutomation {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    GraphDocument* document() const override { return document_; }
    GraphScene* scene() const override { return scene_; }
    GraphView* view() const override { return view_; }
    NodePalette* palette() const { return palette_; }
    NodePalette* nodePalette() const override { return palette_; }
    NodeInspector* nodeInspector() const override { return nodeInspector_; }
    EdgeInspector* edgeInspector() const { return edgeInspector_; }
    TrainingController* trainingController() const override { return controller_; }
    TrainingToolBar* trainingToolBar() const override { return toolBar_; }
    StepThroughPanel* stepThroughPanel() const override { return stepThrough_; }
    GradientCheckPanel* gradientCheckPanel() const override { return gradientCheck_; }
    ConfusionPanel* confusionPanel() const override { return confusion_; }
    /// Shows (raises) the dock holding `panel`.
    void raisePanel(QWidget* panel);
    QWidget* studioWindow() override { return this; }
    void showPanel(QWidget* panel, int height) override;
    void showStatusMessage(const QString& text) override;
    HealthController* healthController() const { return health_; }
    HealthOverlay* healthOverlay() const { return healthOverlay_; }
    HealthPanel* healthPanel() const { return healthPanel_; }
    DecisionBoundaryView* boundaryView() const { return boundaryView_; }
    RunStore* runStore() const { return runStore_; }
    RunsPanel* runsPanel() const { return runsPanel_; }
    DatasetPanel* datasetPanel() const override { return datasetPanel_; }
    /// View > Gradient sparklines (checkable).
    QAction* sparklinesAction() const { return sparklinesAction_; }
    Autosave* autosave() const { return autosave_; }
    GradientLegend* gradientLegend() const { return legend_; }
    EdgeScaleControls* edgeScaleControls() const { return edgeScale_; }
    /// The status bar's "epoch · step · samples/s" text.
    QString progressText() const;
    DocumentActions* documentActions() const { return files_; }
    /// File > Export's pictures and metrics.
    StudioExports* studioExports() const { return studioExports_; }
    /// The status bar's whole-graph parameters and multiply-adds.
    NetworkStatistics* networkStatistics() const { return statistics_; }
    WindowLayout* windowLayout() const { return layout_; }
    /// The dock holding `panel` (a panel sits in a scroll area inside its dock).
    QDockWidget* dockOf(QWidget* panel) const;
    /// Restores the geometry and docks the user left (QSettings); false when none is stored.
    bool restoreLayout();
    /// Stores the geometry and docks (also done when the window closes).
    void saveLayout() const;

    /// Opens a graph file (or a ":/examples/..." resource). On failure the current project
    /// stays untouched and the message goes to *error, or to a dialog when error is null.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Opens a built-in example by name (ProjectFiles::exampleNames()).
    bool openExample(const QString& name, QString* error = nullptr);
    /// File > New from Template (ModelTemplates) over the Dataset panel's loaded data; a
    /// reason goes to *error, or to a dialog when error is null.
    bool newFromTemplate(const QString& name, QString* error = nullptr);
    PreTrainGate* preTrainGate() const { return preTrain_; }
    /// Saves the document in the graph file format; same error reporting as openFile().
    bool saveTo(const QString& path, QString* error = nullptr);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void createCentre();
    void createDocks();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createExamplesMenu();
    void createBackpropDocks();
    void createLayout();
    void createBackpropMenu();
    void createHelpMenu();
    void createHealthViews();
    QDockWidget* addDock(const QString& title, const char* name, QWidget* content,
                         Qt::DockWidgetArea area);
    void showHealthSettings();
    void createStatusBar();
    void connectDocument();
    void connectTraining();

    void updateTitle();
    void showSelection();
    QString nodeName(miniflow::NodeId id) const;
    void showState(TrainingState state);
    void showFailure(const QString& message, miniflow::NodeId node);
    void showError(const QString& title, const QString& text);

    GraphDocument* document_;
    TrainingController* controller_;
    GraphScene* scene_;
    GraphView* view_ = nullptr;
    GradientLegend* legend_ = nullptr;
    EdgeScaleControls* edgeScale_ = nullptr;
    NodePalette* palette_ = nullptr;
    QStackedWidget* inspectorStack_ = nullptr;
    NodeInspector* nodeInspector_ = nullptr;
    EdgeInspector* edgeInspector_ = nullptr;
    LossPlot* lossPlot_ = nullptr;
    DatasetPanel* datasetPanel_ = nullptr;
    StepThroughPanel* stepThrough_ = nullptr;
    GradientCheckPanel* gradientCheck_ = nullptr;
    ConfusionPanel* confusion_ = nullptr;
    RunStore* runStore_ = nullptr;
    RunsPanel* runsPanel_ = nullptr;
    TrainingToolBar* toolBar_ = nullptr;
    HealthController* health_ = nullptr;
    HealthOverlay* healthOverlay_ = nullptr;
    HealthPanel* healthPanel_ = nullptr;
    DecisionBoundaryView* boundaryView_ = nullptr;
    QAction* sparklinesAction_ = nullptr;
    Autosave* autosave_ = nullptr;
    PreTrainGate* preTrain_ = nullptr;
    DocumentActions* files_ = nullptr;
    WindowLayout* layout_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    TrainingMetrics* metrics_ = nullptr;
    NetworkStatistics* statistics_ = nullptr;
    StudioExports* studioExports_ = nullptr;
    bool shown_ = false; ///< the first show fits the graph to the canvas
};
