#pragma once
#include <QObject>

class GraphScene;
class HealthController;
class QGraphicsItem;

/// Draws the gradient-health model on the canvas: badges on nodes and edges with alerts
/// (the sentence in the tooltip), and, when sparklines are on, each edge's gradient norm
/// over the run at its midpoint and each Parameter's update ratio ||ΔW||/||W|| under it.
/// The drawings are child items of NodeItems (an edge's belong to its target node), so they
/// go when those go, and are rebuilt from the model on every change; the overlay edits
/// nothing.
class HealthOverlay : public QObject {
    Q_OBJECT
  public:
    HealthOverlay(GraphScene* scene, HealthController* health, QObject* parent = nullptr);

    bool sparklinesVisible() const { return sparklines_; }
    void setSparklinesVisible(bool visible);

  public slots:
    void refresh();

  private:
    void refreshNodes();
    void refreshEdges();
    static void removeDrawings(QGraphicsItem* item);

    GraphScene* scene_;
    HealthController* health_;
    bool sparklines_ = false;
};
