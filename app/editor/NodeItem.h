#pragma once
#include "graph/Graph.h"

#include <QColor>
#include <QFont>
#include <QGraphicsItem>

#include <functional>
#include <vector>

class PortItem;

/// One node on the canvas: a header in its category's colour with the node's name and
/// op, the input ports with their names down the left side, the output port on the
/// right, and the output shape (from inferShapes) at the bottom. pos() is the node's
/// Position (top-left corner). Movable and selectable; it mirrors the document and
/// never edits it (GraphScene turns drags into commands). Pictures that analyses add
/// (badges, halos, activation strips, health marks) are not the node's: they are overlays'
/// child items (NOTE [Canvas overlays]).
class NodeItem : public QGraphicsItem {
  public:
    enum { Type = UserType + 1 };
    static constexpr double kWidth = 170;
    /// Text on the canvas is at least 9 pt at 100 % zoom: 12 px at the usual 96 dpi.
    static constexpr int kTextPixels = 12;
    /// Input ports are this far apart, so their hit areas (PortItem::kHitRadius) never overlap.
    static constexpr double kRow = 24;

    /// The fonts the node draws its name (bold) and its other text (op, port labels,
    /// shape) with.
    static QFont titleFont();
    static QFont textFont();

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
    const QString& problem() const { return problem_; }

    /// Input ports a node has; a bad "inputs" attribute falls back to the op's port names.
    static int portCountOf(const miniflow::Node& node);
    PortItem* inputPort(int index) const;
    PortItem* outputPort() const { return output_; }
    int inputCount() const { return static_cast<int>(inputs_.size()); }
    /// Called whenever the item's position changed (edges follow).
    void setMovedCallback(std::function<void(NodeItem*)> callback) { moved_ = std::move(callback); }

    /// The node's box in item coordinates (pos() is its top-left corner).
    QRectF box() const;
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

    miniflow::Node node_;
    QString category_;
    std::vector<PortItem*> inputs_;
    PortItem* output_ = nullptr;
    QString shapeText_;
    QString problem_;
    std::function<void(NodeItem*)> moved_;
};
