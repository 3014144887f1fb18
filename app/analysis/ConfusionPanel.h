#pragma once
#include "app/editor/overlays/OverlayData.h"
#include "autograd/Session.h"
#include "data/Dataset.h"
#include "inspect/ConfusionMatrix.h"

#include <QWidget>

#include <memory>

class BackgroundJob;
class GraphDocument;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

/// The confusion matrix of a classifier on its held-out data (validation, else test, else
/// training; the panel says which), with the document's current parameters. Computed off
/// the GUI thread on demand. Clicking a cell lists its samples (thumbnails for image data);
/// selecting one runs that single sample forward and emits every per-sample node's activation
/// (activationsChanged(), drawn as strips under the nodes by the canvas's ActivationOverlay).
/// GraphDocument::contentChanged clears everything.
class ConfusionPanel : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMaxListed = 200;

    explicit ConfusionPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~ConfusionPanel() override;

    void compute();
    bool busy() const;
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
    void failed(const QString& message);

  private:
    struct Result {
        std::unique_ptr<miniflow::Session> session;
        miniflow::Dataset data;
        miniflow::ConfusionMatrix matrix;
        QString setName;
        QString error;
    };

    void onResult(Result& result);
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
    bool activationsShown_ = false;
};
