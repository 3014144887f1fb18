#pragma once
#include "app/analysis/TileScale.h"
#include "inspect/ImageLayout.h"

#include <QPointer>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>

class BackgroundJob;
class GraphDocument;
class QLabel;
class TileGrid;
class TrainingController;
struct TrainingSnapshot;

/// The kernel view: the filters of a conv weight Parameter (NOTE [Image views]: rows =
/// out-channels, each a filter of in-channels x kH x kW) as images, one tile per (out, in)
/// pair, or per out-channel averaged over the in-channels when there are many, on one
/// symmetric colour scale stated under them (NOTE [Tile colours]). Shows the Parameter
/// selected on the canvas, or the kernel feeding the selected node. Values: the live
/// parameters while a run trains (NOTE [Live parameters]; asked for only while the view is
/// visible), the document's trained values otherwise, else the seed's initial values
/// (computed off the GUI thread).
class KernelPanel : public QWidget {
    Q_OBJECT
  public:
    explicit KernelPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~KernelPanel() override;

    void watch(TrainingController* controller);
    /// The kernel Parameter of `node` (itself, or one feeding it); clears the view when none.
    void showNode(miniflow::NodeId node);
    /// The Parameter shown (invalid: none).
    miniflow::NodeId kernel() const { return kernel_; }
    std::optional<miniflow::KernelDims> dims() const { return dims_; }

    TileGrid* tiles() const { return tiles_; }
    TileScale scale() const { return scale_; }
    QString captionText() const;
    QString scaleText() const;
    bool busy() const;
    /// Drawings made (tests count live updates).
    int shownCount() const { return shownCount_; }

  signals:
    void updated();

  protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

  private:
    void onSnapshot(const TrainingSnapshot& snapshot);
    void refresh();
    void draw(const miniflow::Tensor& weights, const QString& source);
    void loadInitial();

    GraphDocument* document_;
    /// Weak: the window destroys the controller before its docks, and a floating dock
    /// destroyed then still hides this panel (hideEvent).
    QPointer<TrainingController> controller_;
    BackgroundJob* job_;
    miniflow::NodeId kernel_;
    std::optional<miniflow::KernelDims> dims_;
    std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>> live_;
    /// The seed's initial values of every Parameter, computed once per structure.
    std::shared_ptr<const std::map<miniflow::NodeId, miniflow::Tensor>> initial_;
    bool stale_ = false; ///< something changed while hidden
    int shownCount_ = 0;
    TileScale scale_;

    QLabel* caption_;
    TileGrid* tiles_;
    QLabel* scaleLabel_;
};
