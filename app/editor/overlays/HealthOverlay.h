#pragma once
#include "app/editor/overlays/CanvasOverlay.h"

class HealthController;

/// Draws the gradient-health model on the canvas (NOTE [Canvas overlays]): badges on nodes
/// and edges with alerts (the sentence in the tooltip), and, when sparklines are on, each
/// edge's gradient norm over the run at its midpoint and each Parameter's update ratio
/// ||ΔW||/||W|| under it. The model is HealthController's, so the overlay is Persistent: it
/// redraws from the model on every change of the model or of the graph's layout (an edge's
/// drawings belong to its target node so they sit above the nodes the edge passes).
class HealthOverlay : public CanvasOverlay {
    Q_OBJECT
  public:
    HealthOverlay(GraphScene* scene, HealthController* health, QObject* parent = nullptr);

    bool sparklinesVisible() const { return sparklines_; }
    void setSparklinesVisible(bool visible);

  public slots:
    void refresh() { redraw(); }

  protected:
    void draw() override;
    void forget() override {} // the model is HealthController's

  private:
    void drawNodes();
    void drawEdges();

    HealthController* health_;
    bool sparklines_ = false;
};
