#pragma once
#include "app/training/TrainingSnapshot.h"
#include "graph/Graph.h"

#include <QMainWindow>

class Autosave;
class ConfusionPanel;
class DatasetPanel;
class QDockWidget;
class DecisionBoundaryView;
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
class QLabel;
class QStackedWidget;
class RecentFiles;
class StepThroughPanel;
class TrainingController;
class TrainingMetrics;
class TrainingToolBar;

/// The studio's window: docks and actions only. Palette (left), canvas (centre, with the
/// gradient legend under it), inspector (right: the selected node or edge), loss plot and
/// dataset panel (bottom), training toolbar (top), status bar (state, epoch, step,
/// samples/s, messages). File / Edit / View / Examples menus; the title shows the file
/// name and "*" when modified; unsaved work is never lost without asking.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    GraphDocument* document() const { return document_; }
    GraphScene* scene() const { return scene_; }
    GraphView* view() const { return view_; }
    NodePalette* palette() const { return palette_; }
    NodeInspector* nodeInspector() const { return nodeInspector_; }
    EdgeInspector* edgeInspector() const { return edgeInspector_; }
    TrainingController* trainingController() const { return controller_; }
    TrainingToolBar* trainingToolBar() const { return toolBar_; }
    StepThroughPanel* stepThroughPanel() const { return stepThrough_; }
    GradientCheckPanel* gradientCheckPanel() const { return gradientCheck_; }
    ConfusionPanel* confusionPanel() const { return confusion_; }
    /// Shows (raises) the dock holding `panel`.
    void raisePanel(QWidget* panel);
    HealthController* healthController() const { return health_; }
    HealthOverlay* healthOverlay() const { return healthOverlay_; }
    HealthPanel* healthPanel() const { return healthPanel_; }
    DecisionBoundaryView* boundaryView() const { return boundaryView_; }
    DatasetPanel* datasetPanel() const { return datasetPanel_; }
    /// View > Gradient sparklines (checkable).
    QAction* sparklinesAction() const { return sparklinesAction_; }
    Autosave* autosave() const { return autosave_; }

    /// Opens a graph file (or a ":/examples/..." resource). On failure the current project
    /// stays untouched and the message goes to *error, or to a dialog when error is null.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Opens a built-in example by name (ProjectFiles::exampleNames()).
    bool openExample(const QString& name, QString* error = nullptr);
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
    void createBackpropDocks(QDockWidget* besides);
    void createBackpropMenu();
    void createHelpMenu();
    void createHealthViews();
    QDockWidget* addDock(const QString& title, const char* name, QWidget* content,
                         Qt::DockWidgetArea area);
    void showHealthSettings();
    void createStatusBar();
    void connectDocument();
    void connectTraining();

    void newProject();
    void openWithDialog();
    void openChecked(const QString& path);
    bool save();
    bool saveAs();
    bool maybeSave();
    /// maybeSave(), then drops the document's recovery copy (NOTE [Recovery copies]).
    bool releaseDocument();
    bool refuseWhileTraining();
    void updateTitle();
    void showSelection();
    void showSnapshot(const TrainingSnapshot& snapshot);
    void showState(TrainingState state);
    void showFailure(const QString& message, miniflow::NodeId node);
    void showError(const QString& title, const QString& text);

    GraphDocument* document_;
    TrainingController* controller_;
    GraphScene* scene_;
    GraphView* view_ = nullptr;
    GradientLegend* legend_ = nullptr;
    NodePalette* palette_ = nullptr;
    QStackedWidget* inspectorStack_ = nullptr;
    NodeInspector* nodeInspector_ = nullptr;
    EdgeInspector* edgeInspector_ = nullptr;
    LossPlot* lossPlot_ = nullptr;
    DatasetPanel* datasetPanel_ = nullptr;
    StepThroughPanel* stepThrough_ = nullptr;
    GradientCheckPanel* gradientCheck_ = nullptr;
    ConfusionPanel* confusion_ = nullptr;
    TrainingToolBar* toolBar_ = nullptr;
    HealthController* health_ = nullptr;
    HealthOverlay* healthOverlay_ = nullptr;
    HealthPanel* healthPanel_ = nullptr;
    DecisionBoundaryView* boundaryView_ = nullptr;
    QAction* sparklinesAction_ = nullptr;
    RecentFiles* recent_ = nullptr;
    Autosave* autosave_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    TrainingMetrics* metrics_ = nullptr;
    bool shown_ = false; ///< the first show fits the graph to the canvas
};
