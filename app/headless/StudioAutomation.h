#pragma once
class ConfusionPanel;
class DatasetPanel;
class GradientCheckPanel;
class GraphDocument;
class GraphScene;
class GraphView;
class NodeInspector;
class NodePalette;
class QString;
class QWidget;
class StepThroughPanel;
class TrainingController;
class TrainingToolBar;

/// NOTE [Automation seam]
/// What runs the studio without a person (app/headless/: the headless screenshot run, the
/// analysis shots, the recovery prompt's scripted path, the report and the widget map)
/// reaches the window only through this interface, never through app/MainWindow.h:
/// MainWindow implements it and main.cpp hands it over. Add here only what such code needs.
class StudioAutomation {
  public:
    virtual ~StudioAutomation() = default;

    /// The top-level window: dialog parent, geometry and screen, grab().
    virtual QWidget* studioWindow() = 0;
    virtual GraphDocument* document() const = 0;
    virtual TrainingController* trainingController() const = 0;
    virtual GraphScene* scene() const = 0;
    virtual GraphView* view() const = 0;
    virtual NodePalette* nodePalette() const = 0;
    virtual NodeInspector* nodeInspector() const = 0;
    virtual TrainingToolBar* trainingToolBar() const = 0;
    virtual DatasetPanel* datasetPanel() const = 0;
    virtual StepThroughPanel* stepThroughPanel() const = 0;
    virtual GradientCheckPanel* gradientCheckPanel() const = 0;
    virtual ConfusionPanel* confusionPanel() const = 0;
    /// Shows and raises the dock holding `panel`; with `height` > 0 also gives the dock that
    /// height (room for a picture).
    virtual void showPanel(QWidget* panel, int height) = 0;
    /// A message in the window's status bar (kept until the next one).
    virtual void showStatusMessage(const QString& text) = 0;
};
