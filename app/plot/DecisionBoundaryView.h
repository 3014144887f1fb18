#pragma once
#include "inspect/DecisionBoundary.h"

#include <QImage>
#include <QPointer>
#include <QWidget>

#include <memory>

class TrainingController;

/// TensorFlow Playground's view of a 2-feature classifier: the model's output over the
/// input plane as a heat map (orange class 0, blue class 1, white undecided; more classes
/// get more colours) with the training points on top. While a hidden node is hovered on the
/// canvas it draws that node's units instead, one map per unit (orange negative, blue
/// positive, each scaled to its own largest |value|), each at least kMinUnitSize pixels: as
/// many as fit, the caption says how many are shown. When the hover ends it returns to the
/// pinned node (the one selected on the canvas) or to the output. A click on the unit maps
/// opens a larger grid of all the node's units in a window of its own.
class DecisionBoundaryView : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMinUnitSize = 64;    ///< pixels per unit map, at least
    static constexpr int kLargeUnitSize = 150; ///< in the larger grid
    static constexpr int kMaxUnitMaps = 64;

    explicit DecisionBoundaryView(QWidget* parent = nullptr);
    ~DecisionBoundaryView() override;

    /// Follows a TrainingController: each snapshot's map; Idle (Reset) clears.
    void watch(TrainingController* controller);
    void setMap(std::shared_ptr<const miniflow::BoundaryMap> map);
    /// Shows `node`'s unit maps while it is hovered (an invalid id: the hover ended).
    void showNode(miniflow::NodeId node, const QString& name);
    /// The node shown when nothing is hovered (an invalid id: the output).
    void pinNode(miniflow::NodeId node, const QString& name);
    void clear();
    /// The larger grid for the shown node, as a window of its own (null when none).
    DecisionBoundaryView* largeGrid() const { return large_; }
    /// Opens (or raises) the larger grid of the shown node's units.
    void openLargeGrid();

    const miniflow::BoundaryMap* map() const { return map_.get(); }
    /// The node whose units are drawn, or an invalid id for the output map.
    miniflow::NodeId shownNode() const;
    /// Unit maps drawn at the last paint, and the side of each in pixels.
    int drawnUnitMaps() const { return drawnUnits_; }
    double drawnUnitSize() const { return drawnUnitSize_; }
    QSize sizeHint() const override { return {320, 340}; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

  private:
    void paintOutput(QPainter& painter, const QRectF& area) const;
    void paintUnits(QPainter& painter, const QRectF& area);
    QRectF plotRect(const QRectF& area) const;
    miniflow::NodeId wantedNode() const;
    QString wantedName() const;

    std::shared_ptr<const miniflow::BoundaryMap> map_;
    QImage output_;
    miniflow::NodeId hovered_, pinned_;
    QString hoveredName_, pinnedName_;
    int unitSize_ = kMinUnitSize; ///< the smallest side of a unit map here
    int drawnUnits_ = 0;
    double drawnUnitSize_ = 0;
    QPointer<DecisionBoundaryView> large_;
};
