#pragma once
#include "graph/Graph.h"

#include <QColor>
#include <QGraphicsItem>

#include <functional>
#include <vector>

class PortItem;

/// One node on the canvas: a header in its category's colour with the node's name and
/// op, the input ports with their names down the left side, the output port on the
/// right, and the output shape (from inferShapes) at the bottom. pos() is the node's
/// Position (top-left corner). Movable and selectable; it mirrors the document and
/// never edits it (GraphScene turns drags into commands).
class NodeItem : public QGraphicsItem {
  public:
    enum { Type = UserType + 1 };
    static constexpr double kWidth = 150;

    explicit NodeItem(const miniflow::Node& node);
    int type() const override { return Type; }

    miniflow::NodeId id() const { return node_.id; }
    const miniflow::Node& node() const { return node_; }
    /// Takes the new name and attributes; adds or removes input ports at the end when
    /// the port count changes (edges into removed ports must be gone already).
    void updateFrom(const miniflow::Node& node);
    /// "N x 16", or empty when unknown.
    void setShapeText(const QString& text);
    const QString& shapeText() const { return shapeText_; }
    /// A problem to show (red outline, tooltip); empty clears it.
    void setProblem(const QString& message);

    /// Step-through: the node whose value (Forward) or gradient (Backward) is being shown
    /// gets a blue or violet halo.
    enum class Highlight { None, Forward, Backward };
    void setHighlight(Highlight highlight);
    Highlight highlight() const { return highlight_; }
    /// A pill above the top-right corner (a gradient check's result) in `colour`, with
    /// `explanation` added to the tooltip; an empty text clears it.
    void setBadge(const QString& text, const QColor& colour, const QString& explanation);
    const QString& badgeText() const { return badgeText_; }
    /// One sample's activation as a strip of cells under the node (blue < 0 < red, scaled
    /// to the largest |value|); more than kActivationCells values are shown block-wise by
    /// their largest magnitude. Empty clears it.
    static constexpr int kActivationCells = 32;
    void setActivation(const std::vector<float>& values);
    const std::vector<float>& activation() const { return activation_; }

    /// Input ports a node has; a bad "inputs" attribute falls back to the op's port names.
    static int portCountOf(const miniflow::Node& node);
    PortItem* inputPort(int index) const;
    PortItem* outputPort() const { return output_; }
    int inputCount() const { return static_cast<int>(inputs_.size()); }
    /// Called whenever the item's position changed (edges follow).
    void setMovedCallback(std::function<void(NodeItem*)> callback) { moved_ = std::move(callback); }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

  private:
    double height() const;
    int rows() const;
    void syncPorts();
    void refreshToolTip();
    QString portLabel(int index) const;
    QString detailText() const;
    void paintHeader(QPainter* painter, const QRectF& box) const;
    void paintBody(QPainter* painter, const QRectF& box) const;
    void paintHighlight(QPainter* painter, const QRectF& box) const;
    void paintBadge(QPainter* painter) const;
    void paintActivation(QPainter* painter, const QRectF& box) const;

    miniflow::Node node_;
    QString category_;
    std::vector<PortItem*> inputs_;
    PortItem* output_ = nullptr;
    QString shapeText_;
    QString problem_;
    Highlight highlight_ = Highlight::None;
    QString badgeText_;
    QColor badgeColour_;
    QString badgeExplanation_;
    std::vector<float> activation_; ///< at most kActivationCells cells
    std::function<void(NodeItem*)> moved_;
};
