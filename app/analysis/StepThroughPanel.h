#pragma once
#include "app/analysis/StepDetails.h"
#include "app/editor/overlays/OverlayData.h"
#include "inspect/StepThrough.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class BackgroundJob;
class GraphDocument;
class HeatMapPlot;
class QAction;
class QLabel;
class QSpinBox;
class QTextBrowser;

/// Step-through mode (NOTE [Step-through]): walks one forward and one backward pass of the
/// document's graph on the first samples of its data (or the values stored in the graph).
/// Step forward (F10), Step back (Shift+F10), Run to end (F5) and Reset (Shift+F5); the node
/// at the cursor is marked on the canvas (stepMarkChanged(), drawn by the canvas's
/// StepOverlay: blue forward, violet backward, its input edges too when backward) and its value or
/// gradient is shown as numbers (small tensors) or statistics, with a heat map. The pass runs off
/// the GUI thread when a step is asked for and the graph, data or parameters changed since the last
/// one (GraphDocument::contentChanged).
class StepThroughPanel : public QWidget {
    Q_OBJECT
  public:
    explicit StepThroughPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~StepThroughPanel() override;

    /// Step forward / back, run to end, reset; with their shortcuts (window-wide once added
    /// to a menu).
    QList<QAction*> stepActions() const;
    /// Recomputes the pass now (off the GUI thread); the cursor goes back to the start.
    void prepare();
    /// Steps forward `count` times, preparing first when needed.
    void stepForward(int count = 1);
    void stepBack();
    void runToEnd();
    void reset();

    /// The model the panel shows (null before the first pass or after a change).
    const miniflow::StepThrough* model() const { return model_.get(); }
    bool busy() const;
    QString detailsText() const;
    void setSamples(int samples);

  signals:
    /// The cursor moved (or a new pass was recorded).
    void stepShown(int position);
    /// The pass could not run; `message` says why and what to do.
    void failed(const QString& message);
    /// The node (and edges) the cursor shows, or nothing.
    void stepMarkChanged(const std::optional<StepMark>& mark);

  private:
    struct Pass;

    QAction* makeAction(const QString& text, const QKeySequence& key, const QString& tip,
                        std::function<void()> slot);
    void markStale();
    void onPass(Pass& pass);
    void refresh();
    void markCanvas();

    GraphDocument* document_;
    BackgroundJob* job_;
    std::unique_ptr<miniflow::StepThrough> model_;
    StepDetails::Layouts layouts_; ///< how the pass's values read (images, kernel banks)
    int pendingSteps_ = 0; ///< steps asked for while the pass was being computed (-1: to the end)
    QLabel* status_;
    QLabel* position_;
    QSpinBox* samples_;
    QTextBrowser* details_;
    QLabel* heatCaption_;
    HeatMapPlot* heat_;
    QList<QAction*> actions_;
};
