#pragma once
#include "inspect/DecisionBoundary.h"

#include <QImage>
#include <QWidget>

#include <memory>

/// TensorFlow Playground's view of a 2-feature classifier: the model's output over the
/// input plane as a heat map (orange class 0, blue class 1, white undecided; more classes
/// get more colours) with the training points on top. While a hidden node is shown
/// (hovered on the canvas), it draws that node's units instead: one small map per unit
/// (up to 16), orange negative, blue positive, each scaled to its own largest |value|.
class DecisionBoundaryView : public QWidget {
    Q_OBJECT
  public:
    explicit DecisionBoundaryView(QWidget* parent = nullptr);

    void setMap(std::shared_ptr<const miniflow::BoundaryMap> map);
    /// Shows `node`'s unit maps (an invalid id, or one without maps, shows the output).
    void showNode(miniflow::NodeId node, const QString& name);
    void clear();

    const miniflow::BoundaryMap* map() const { return map_.get(); }
    /// The node whose units are drawn, or an invalid id for the output map.
    miniflow::NodeId shownNode() const;
    QSize sizeHint() const override { return {320, 340}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    void paintOutput(QPainter& painter, const QRectF& area) const;
    void paintUnits(QPainter& painter, const QRectF& area) const;
    QRectF plotRect(const QRectF& area) const;

    std::shared_ptr<const miniflow::BoundaryMap> map_;
    QImage output_;
    miniflow::NodeId node_;
    QString nodeName_;
};
