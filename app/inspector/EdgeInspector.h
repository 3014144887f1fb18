#pragma once
#include "app/inspector/HeatMapPlot.h"
#include "app/training/TrainingSnapshot.h"
#include "inspect/ImageLayout.h"

#include <QSize>
#include <QWidget>
#include <memory>
#include <optional>

class QLabel;
class TileGrid;
class TrainingController;

/// What flows back along one Edge (NOTE [Per-edge gradients]), updated live from the
/// training Snapshots: the statistics (shape, L2 norm, mean |g|, max |g|, share of zeros),
/// a histogram of the gradient's values and a heat map of the tensor (rows = samples or
/// weight rows) on a diverging blue-white-red scale symmetric around 0, with its legend.
/// The histogram and heat map need the full tensor, which the worker sends only for the
/// watched edge: the MainWindow calls TrainingController::setWatchedEdge with the edge
/// it shows here. The heat map is a HeatMapPlot (large tensors are reduced block-wise).
/// Image-shaped gradients (NOTE [Image views]) show as tiles instead of the heat map: a
/// kernel bank's gradient (a conv weight edge) one tile per (out, in) kernel, an image
/// edge's gradient one tile per channel of the batch's first sample, on one symmetric
/// colour scale (NOTE [Tile colours]).
class EdgeInspector : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kHistogramBins = 41;
    static constexpr int kMaxCells = HeatMapPlot::kMaxCells;

    explicit EdgeInspector(QWidget* parent = nullptr);
    ~EdgeInspector() override;

    /// Shows `edge` (title: e.g. "dense1 -> tanh1"); its numbers appear with the next Snapshot.
    void showEdge(const miniflow::Edge& edge, const QString& title);
    /// How the shown edge's values are laid out (from the graph's shapes): an image per
    /// sample row, a kernel bank, or neither (the heat map). `shape` is the text shown.
    void setLayout(std::optional<miniflow::ImageDims> image,
                   std::optional<miniflow::KernelDims> kernel, const QString& shape);
    /// Tiles drawn for the latest tensor (0 when the heat map shows it).
    int tileCount() const;
    TileGrid* tiles() const { return tiles_; }
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
    /// Draws `gradient` as tiles when the layout says how; false otherwise.
    bool showTiles(const miniflow::Tensor& gradient);

    std::unique_ptr<Plots> plots_;
    QLabel* title_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* shape_ = nullptr;
    QLabel* l2Norm_ = nullptr;
    QLabel* meanAbs_ = nullptr;
    QLabel* maxAbs_ = nullptr;
    QLabel* zeros_ = nullptr;
    QLabel* tileCaption_ = nullptr;
    TileGrid* tiles_ = nullptr;
    std::optional<miniflow::ImageDims> image_;
    std::optional<miniflow::KernelDims> kernel_;
    QString shapeText_;
    std::optional<miniflow::Edge> edge_;
    std::optional<miniflow::GradientSummary> summary_;
};
