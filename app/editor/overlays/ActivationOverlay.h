#pragma once
#include "app/editor/overlays/CanvasOverlay.h"
#include "app/editor/overlays/OverlayData.h"

/// One sample's activation as a strip of cells under each node (blue < 0 < red, scaled to
/// the node's largest |value|, magenta for NaN / Inf); more than kCells values are shown
/// block-wise by their largest magnitude. Forgotten when the document's content changes
/// (NOTE [Canvas overlays]).
class ActivationOverlay : public CanvasOverlay {
    Q_OBJECT
  public:
    static constexpr int kCells = 32;

    explicit ActivationOverlay(GraphScene* scene, QObject* parent = nullptr);

    /// The cells of the strip drawn under `node` (empty when none is).
    std::vector<float> cellsOn(miniflow::NodeId node) const;

  public slots:
    /// Replaces every strip with `activations` (empty: none).
    void setActivations(const NodeActivations& activations);

  protected:
    void draw() override;
    void forget() override;

  private:
    NodeActivations activations_;
};
