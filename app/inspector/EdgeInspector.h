#pragma once
#include "app/inspector/HeatMapPlot.h"
#include "app/training/TrainingSnapshot.h"

#include <QSize>
#include <QWidget>
#include <memory>
#include <optional>

class QLabel;
class TrainingController;

/// What flows back along one Edge (NOTE [Per-edge gradients]), updated live from the
/// training Snapshots: the statistics (shape, L2 norm, mean |g|, max |g|, share of zeros),
/// a histogram of the gradient's values and a heat map of the tensor (rows = samples or
/// weight rows) on a diverging blue-white-red scale symmetric around 0, with its legend.
/// The histogram and heat map need the full tensor, which the worker sends only for the
/// watched edge: the MainWindow calls TrainingController::setWatchedEdge with the edge
/// it shows here. The heat map is a HeatMapPlot (large tensors are reduced block-wise).
class EdgeInspector : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kHistogramBins = 41;
    static constexpr int kMaxCells = HeatMapPlot::kMaxCells;

    explicit EdgeInspector(QWidget* parent = nullptr);
    ~EdgeInspector() override;

    /// Shows `edge` (title: e.g. "dense1 -> tanh1"); its numbers appear with the next Snapshot.
    void showEdge(const miniflow::Edge& edge, const QString& title);
    void clearEdge();
    void updateFrom(const TrainingSnapshot& snapshot);
    /// Follows a TrainingController's snapshots (updateFrom each one).
    void watch(TrainingController* controller);

    std::optional<miniflow::Edge> edge() const { return edge_; }
    /// The latest summary of the shown edge, if any arrived.
    std::optional<miniflow::GradientSummary> summary() const { return summary_; }
    /// Sum of the histogram's bar heights (= elements of the latest tensor).
    double histogramTotal() const;
    /// Cells of the heat map (columns x rows), empty before a tensor arrived.
    QSize heatMapCells() const;

  private:
    struct Plots;

    void buildStatistics();
    void showSummary(const miniflow::GradientSummary& summary);
    void showTensor(const miniflow::Tensor& gradient);
    void showHistogram(const miniflow::Tensor& gradient, float maxAbs);
    void setMessage(const QString& text);

    std::unique_ptr<Plots> plots_;
    QLabel* title_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* shape_ = nullptr;
    QLabel* l2Norm_ = nullptr;
    QLabel* meanAbs_ = nullptr;
    QLabel* maxAbs_ = nullptr;
    QLabel* zeros_ = nullptr;
    std::optional<miniflow::Edge> edge_;
    std::optional<miniflow::GradientSummary> summary_;
};
