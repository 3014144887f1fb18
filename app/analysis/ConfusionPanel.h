#pragma once
#include "app/analysis/SampleProbe.h"
#include "app/editor/overlays/OverlayData.h"
#include "autograd/Session.h"
#include "data/Dataset.h"
#include "inspect/ConfusionMatrix.h"

#include <QWidget>

#include <map>
#include <memory>
#include <optional>

class BackgroundJob;
class GraphDocument;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;
class TrainingController;
struct TrainingSnapshot;

/// The confusion matrix of a classifier on its held-out data (validation, else test, else
/// training; the panel says which), with the document's current parameters. Computed off
/// the GUI thread on demand, and during training at each epoch end with that epoch's
/// parameters (while the panel is shown; a hidden panel computes once when shown). Clicking
/// a cell lists its samples (thumbnails for image data);
/// selecting one runs that single sample forward and emits every per-sample node's activation
/// (activationsChanged(), drawn as strips under the nodes by the canvas's ActivationOverlay).
/// GraphDocument::contentChanged clears everything (except a live matrix during a run).
class ConfusionPanel : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMaxListed = 200;

    explicit ConfusionPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~ConfusionPanel() override;

    void compute();
    bool busy() const;
    /// Follows a TrainingController: epoch ends recompute the matrix (see above); its
    /// checkpoints and pauses no longer ask for a recomputation.
    void watch(TrainingController* controller);
    /// Matrices computed so far (tests count live updates).
    int computedCount() const { return computedCount_; }
    /// The latest matrix (null before one was computed or after a change).
    const miniflow::ConfusionMatrix* matrix() const { return result_ ? &result_->matrix : nullptr; }
    /// Lists the samples of cell (actual, predicted).
    void showCell(int actual, int predicted);
    /// Dataset rows listed, in order.
    std::vector<miniflow::Index> listedRows() const;
    /// Runs dataset row `row` forward alone and shows the activations on the canvas.
    void showSample(miniflow::Index row);
    /// The cell with the most samples off the diagonal (-1, -1 when there is none).
    std::pair<int, int> largestConfusion() const;

  signals:
    void computed();
    /// One sample's activation per node (empty: none shown).
    void activationsChanged(const NodeActivations& activations);
    /// A sample was chosen in the cell's list (the feature-map view follows it).
    void sampleSelected(SampleRef sample);
    void failed(const QString& message);

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    struct Result {
        std::unique_ptr<miniflow::Session> session;
        miniflow::Dataset data;
        miniflow::ConfusionMatrix matrix;
        QString setName;
        SampleRef::Set set = SampleRef::Set::Train;
        QString error;
        int epoch = -1; ///< the epoch whose end it shows, -1 for the document's parameters
    };

    using Parameters = std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>>;
    /// Computes off the GUI thread with `parameters` (the document's when null); while a
    /// job runs, the latest request waits and runs next.
    void computeWith(Parameters parameters, int epoch);
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onResult(Result& result);
    void onContentChanged();
    void showMatrix();
    QString className(int c) const;
    void clear();

    GraphDocument* document_;
    BackgroundJob* job_;
    QPushButton* computeButton_;
    QLabel* status_;
    QTableWidget* table_;
    QLabel* cellCaption_;
    QListWidget* samples_;
    QLabel* sampleCaption_;
    std::unique_ptr<Result> result_;
    std::vector<miniflow::NodeId> activated_;
    TrainingController* controller_ = nullptr;
    struct Request {
        Parameters parameters;
        int epoch = -1;
    };
    std::optional<Request> waiting_; ///< asked for while a job ran, or while hidden
    int computedCount_ = 0;
    bool activationsShown_ = false;
};
