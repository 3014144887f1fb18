#pragma once
#include "app/editor/overlays/CanvasOverlay.h"
#include "app/editor/overlays/OverlayData.h"

/// Result badges over nodes' top-right corners (a gradient check's relative error in green,
/// amber or red), each with its explanation as the badge's tooltip. Forgotten when the
/// document's content changes (NOTE [Canvas overlays]).
class BadgeOverlay : public CanvasOverlay {
    Q_OBJECT
  public:
    explicit BadgeOverlay(GraphScene* scene, QObject* parent = nullptr);

    /// The text of the badge drawn on `node` (empty when none is).
    QString badgeTextOn(miniflow::NodeId node) const;
    /// The tooltip of the badge drawn on `node`.
    QString badgeToolTipOn(miniflow::NodeId node) const;

  public slots:
    /// Replaces every badge with `badges` (empty: none).
    void setBadges(const NodeBadges& badges);

  protected:
    void draw() override;
    void forget() override;

  private:
    NodeBadges badges_;
};
