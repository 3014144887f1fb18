#pragma once
#include "app/editor/overlays/CanvasOverlay.h"
#include "app/editor/overlays/OverlayData.h"

#include <optional>

/// Step-through's cursor on the canvas: a halo around the node being shown (blue forward,
/// violet backward) and a violet glow along the edges whose gradient is explained. Edge glows
/// follow their edge when nodes move. Forgotten when the document's content changes
/// (NOTE [Canvas overlays]).
class StepOverlay : public CanvasOverlay {
    Q_OBJECT
  public:
    enum class Halo { None, Forward, Backward };

    explicit StepOverlay(GraphScene* scene, QObject* parent = nullptr);

    /// The halo drawn around `node`.
    Halo haloOn(miniflow::NodeId node) const;
    /// Whether a glow is drawn along `edge`.
    bool edgeLit(const miniflow::Edge& edge) const;

  public slots:
    /// Shows `mark`, or nothing.
    void setMark(const std::optional<StepMark>& mark);

  protected:
    void draw() override;
    void forget() override;

  private:
    std::optional<StepMark> mark_;
};
