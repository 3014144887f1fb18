#pragma once
#include "graph/Graph.h"

#include <QObject>

class QGraphicsScene;

/// Tells which node the pointer is over on the canvas (for views that follow the hovered
/// node, such as the decision boundary's unit maps). Watches the scene's mouse moves; emits
/// hoveredNodeChanged() with an invalid id when the pointer leaves every node.
class NodeHoverWatcher : public QObject {
    Q_OBJECT
  public:
    explicit NodeHoverWatcher(QGraphicsScene* scene, QObject* parent = nullptr);

  signals:
    void hoveredNodeChanged(miniflow::NodeId node);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    QGraphicsScene* scene_;
    miniflow::NodeId hovered_;
};
