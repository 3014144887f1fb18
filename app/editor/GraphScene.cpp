#include "app/editor/GraphScene.h"

#include "autograd/ClassCount.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/DeleteSelectionCommand.h"
#include "app/document/GraphCommand.h"
#include "app/document/GraphDocument.h"
#include "app/document/GraphFragment.h"
#include "app/document/InsertBatchNormLayerCommand.h"
#include "app/document/InsertConvLayerCommand.h"
#include "app/document/InsertDenseLayerCommand.h"
#include "app/document/InsertIntoEdgeCommand.h"
#include "app/document/MoveNodesCommand.h"
#include "app/document/PasteCommand.h"
#include "app/document/RemoveEdgeCommand.h"
#include "app/editor/AutoWire.h"
#include "app/editor/EdgeDrag.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/MessageBubble.h"
#include "app/editor/NodeItem.h"
#include "app/editor/OpCatalog.h"
#include "app/editor/PortItem.h"
#include "app/editor/overlays/ActivationOverlay.h"
#include "app/editor/overlays/BadgeOverlay.h"
#include "app/editor/overlays/StepOverlay.h"
#include "app/training/TrainingController.h"
#include "autograd/Plan.h"
#include "ops/OpRegistry.h"

#include <QApplication>
#include <QClipboard>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QMimeData>

#include <algorithm>
#include <utility>

using miniflow::Edge;
using miniflow::NodeId;

namespace {
constexpr double kPasteOffset = 40;
constexpr double kSceneExtent = 50000;
} // namespace

GraphScene::GraphScene(GraphDocument* document, QObject* parent)
    : QGraphicsScene(parent), document_(document) {
    setSceneRect(-kSceneExtent, -kSceneExtent, 2 * kSceneExtent, 2 * kSceneExtent);
    setBackgroundBrush(QColor(0xee, 0xf0, 0xf3));
    connect(document_, &GraphDocument::graphReplaced, this, &GraphScene::rebuild);
    connect(document_, &GraphDocument::nodeAdded, this, &GraphScene::addNodeItem);
    connect(document_, &GraphDocument::nodeRemoved, this, &GraphScene::removeNodeItem);
    connect(document_, &GraphDocument::nodeChanged, this, &GraphScene::updateNodeItem);
    connect(document_, &GraphDocument::nodeMoved, this, &GraphScene::moveNodeItem);
    connect(document_, &GraphDocument::edgeAdded, this, &GraphScene::addEdgeItem);
    connect(document_, &GraphDocument::edgeRemoved, this, &GraphScene::removeEdgeItem);
    connect(document_, &GraphDocument::editRefused, this,
            [this](const QString& message) { showMessage(message, lastPointer_); });
    rebuild();
    badges_ = new BadgeOverlay(this, this);
    activations_ = new ActivationOverlay(this, this);
    steps_ = new StepOverlay(this, this);
}

/// QGraphicsScene's own destructor detaches the views after this class's part is gone; a
/// detaching view scrolls, and its overview (MiniMap) would then read a half-destroyed
/// GraphScene (UBSan, found by the monkey test). Detach them while the scene is whole.
GraphScene::~GraphScene() {
    for (QGraphicsView* view : views())
        view->setScene(nullptr);
}

NodeItem* GraphScene::nodeItem(NodeId id) const {
    const auto it = nodes_.find(id);
    return it == nodes_.end() ? nullptr : it->second;
}

EdgeItem* GraphScene::edgeItem(const Edge& edge) const {
    const auto it = edges_.find(edge);
    return it == edges_.end() ? nullptr : it->second;
}

std::vector<NodeId> GraphScene::selectedNodes() const {
    std::vector<NodeId> ids;
    for (const miniflow::Node& n : document_->graph().nodes())
        if (NodeItem* item = nodeItem(n.id); item && item->isSelected())
            ids.push_back(n.id);
    return ids;
}

std::vector<Edge> GraphScene::selectedEdges() const {
    std::vector<Edge> list;
    for (const Edge& e : document_->graph().edges())
        if (EdgeItem* item = edgeItem(e); item && item->isSelected())
            list.push_back(e);
    return list;
}

void GraphScene::selectNodes(const std::vector<NodeId>& ids) {
    clearSelection();
    for (NodeId id : ids)
        if (NodeItem* item = nodeItem(id))
            item->setSelected(true);
}

void GraphScene::selectAllItems() {
    for (const auto& [id, item] : nodes_)
        item->setSelected(true);
    for (const auto& [edge, item] : edges_)
        item->setSelected(true);
}

// ---- mirroring the document -------------------------------------------------------------

/// NOTE [Items leave the maps first]
/// Deleting a selected item emits selectionChanged() from inside its destructor, and the
/// slots (MainWindow::showSelection) look items up through nodeItem() / edgeItem(). So an
/// item leaves nodes_ / edges_ before it is deleted: a lookup never returns a dead item (it
/// did on Open / New with a selection: the Discard crash of issue 18).
void GraphScene::rebuild() {
    drag_.reset();
    const std::map<Edge, EdgeItem*> oldEdges = std::exchange(edges_, {});
    const std::unordered_map<NodeId, NodeItem*> oldNodes = std::exchange(nodes_, {});
    pressPositions_.clear();
    for (const auto& [edge, item] : oldEdges)
        delete item;
    for (const auto& [id, item] : oldNodes)
        delete item;
    for (const miniflow::Node& n : document_->graph().nodes())
        addNodeItem(n.id);
    for (const Edge& e : document_->graph().edges())
        addEdgeItem(e);
    clearGradients();
}

void GraphScene::addNodeItem(NodeId id) {
    auto* item = new NodeItem(*document_->graph().find(id));
    item->setMovedCallback([this](NodeItem* moved) { followNode(moved); });
    addItem(item);
    nodes_[id] = item;
    refreshShapes();
}

void GraphScene::removeNodeItem(NodeId id) {
    std::vector<Edge> touching;
    for (const auto& [edge, item] : edges_)
        if (edge.from == id || edge.to == id)
            touching.push_back(edge);
    for (const Edge& e : touching)
        removeEdgeItem(e);
    pressPositions_.erase(id);
    NodeItem* item = nodes_.at(id);
    nodes_.erase(id); // NOTE [Items leave the maps first]
    delete item;
    refreshShapes();
}

void GraphScene::updateNodeItem(NodeId id) {
    const miniflow::Node& node = *document_->graph().find(id);
    NodeItem* item = nodes_.at(id);
    std::vector<Edge> orphaned; // pictures of edges into ports the node no longer has
    for (const auto& [edge, edgeItem] : edges_)
        if (edge.to == id && edge.toPort >= NodeItem::portCountOf(node))
            orphaned.push_back(edge);
    for (const Edge& e : orphaned)
        removeEdgeItem(e);
    item->updateFrom(node);
    for (const Edge& e : document_->graph().edges())
        if (e.to == id && !edges_.count(e))
            addEdgeItem(e);
    followNode(item);
    refreshShapes();
}

void GraphScene::moveNodeItem(NodeId id) {
    const miniflow::Position p = document_->graph().find(id)->position;
    nodes_.at(id)->setPos(p.x, p.y);
}

void GraphScene::addEdgeItem(const Edge& edge) {
    NodeItem* from = nodeItem(edge.from);
    NodeItem* to = nodeItem(edge.to);
    PortItem* target = to ? to->inputPort(edge.toPort) : nullptr;
    if (from && target && !edges_.count(edge)) { // an edge into a missing port has no picture
        auto* item = new EdgeItem(edge, from->outputPort(), target, &scale_);
        item->setShapeVisible(edgeShapesVisible_);
        addItem(item);
        edges_[edge] = item;
    }
    refreshShapes();
}

void GraphScene::removeEdgeItem(const Edge& edge) {
    const auto it = edges_.find(edge);
    if (it != edges_.end()) {
        EdgeItem* item = it->second;
        edges_.erase(it); // NOTE [Items leave the maps first]
        delete item;
    }
    refreshShapes();
}

void GraphScene::followNode(NodeItem* item) {
    for (const auto& [edge, edgeItem] : edges_)
        if (edge.from == item->id() || edge.to == item->id())
            edgeItem->updatePath();
    emit nodeItemMoved(item->id());
}

/// Output shapes and per-node problems from inferShapes, shown on each NodeItem.
void GraphScene::refreshShapes() {
    const miniflow::ShapeInference inferred = miniflow::inferShapes(document_->graph());
    std::unordered_map<NodeId, QString> problems;
    for (const miniflow::Diagnostic& d : inferred.problems)
        if (!d.nodes.empty())
            problems[d.nodes.front()] = QString::fromStdString(d.message);
    for (const miniflow::Diagnostic& d : miniflow::checkClassCount(document_->graph(), classes_))
        problems.try_emplace(d.nodes.front(), QString::fromStdString(d.message));
    for (const auto& [id, item] : nodes_) {
        const auto shape = inferred.shapes.find(id);
        item->setShapeText(shape == inferred.shapes.end()
                               ? QString()
                               : QString::fromStdString(miniflow::toString(shape->second)));
        const auto problem = problems.find(id);
        markProblem(item, problem == problems.end() ? QString() : problem->second);
    }
    for (const auto& [edge, item] : edges_) {
        const auto shape = inferred.shapes.find(edge.from);
        item->setShapeText(shape == inferred.shapes.end()
                               ? QString()
                               : QString::fromStdString(miniflow::toString(shape->second)));
    }
}

void GraphScene::setEdgeShapesVisible(bool visible) {
    edgeShapesVisible_ = visible;
    for (const auto& [edge, item] : edges_)
        item->setShapeVisible(visible);
}

void GraphScene::markProblem(NodeItem* item, const QString& problem) {
    item->setProblem(problem);
}

void GraphScene::setClassCount(int classes) {
    if (std::exchange(classes_, classes) != classes)
        refreshShapes();
}

// ---- edits -------------------------------------------------------------------------------

bool GraphScene::push(GraphCommand* command) {
    return document_->push(command);
}

/// The single selected node, when a node of `kind` wires itself after it (NOTE [Auto-wiring]).
std::optional<NodeId> GraphScene::autoFeeder(const QString& kind) const {
    const miniflow::OpInfo* info = miniflow::findOp(kind.toStdString());
    const bool wires = OpCatalog::isMacro(kind) || (info && AutoWire::wiresAfter(*info));
    const std::vector<NodeId> selected = selectedNodes();
    if (!wires || selected.size() != 1)
        return std::nullopt;
    return selected.front();
}

QPointF GraphScene::placementFor(const QString& kind, const QPointF& fallback) const {
    const std::optional<NodeId> feeder = autoFeeder(kind);
    return feeder ? AutoWire::placeAfter(document_->graph(), *feeder) : fallback;
}

bool GraphScene::addNodeAt(const QString& kind, const QPointF& scenePos,
                           std::optional<NodeId> feedFrom) {
    const miniflow::Position at{scenePos.x(), scenePos.y()};
    if (!feedFrom)
        feedFrom = autoFeeder(kind);
    if (kind == OpCatalog::kDenseLayer) {
        auto* command = new InsertDenseLayerCommand(document_, at, feedFrom);
        const NodeId linear = command->linearNode();
        if (!push(command))
            return false;
        selectNodes({linear});
        return true;
    }
    if (kind == OpCatalog::kBatchNormLayer) {
        auto* command = new InsertBatchNormLayerCommand(document_, at, feedFrom);
        const NodeId batchNorm = command->batchNormNode();
        if (!push(command))
            return false;
        selectNodes({batchNorm});
        return true;
    }
    if (kind == OpCatalog::kConvLayer) {
        auto* command = new InsertConvLayerCommand(document_, at, feedFrom);
        const NodeId conv = command->convNode();
        if (!push(command))
            return false;
        selectNodes({conv});
        return true;
    }
    const miniflow::OpInfo* info = miniflow::findOp(kind.toStdString());
    if (!info)
        return false;
    const miniflow::Graph& graph = document_->graph();
    const miniflow::Node node{graph.nextId(), info->kind, graph.uniqueName(info->kind),
                              info->defaultAttributes, at};
    QString refusal;
    if (feedFrom) {
        miniflow::Graph proposed = graph;
        proposed.addNode(node);
        const EdgeVerdict verdict =
            checkEdge(proposed, {*feedFrom, 0, true}, {node.id, AutoWire::wiredPort(*info), false});
        if (!verdict.allowed)
            refusal = verdict.reason;
    }
    auto* command = new GraphCommand(document_, QObject::tr("Add %1").arg(kind), true);
    new AddNodeCommand(document_, node, command);
    if (feedFrom && refusal.isEmpty())
        new AddEdgeCommand(document_, {*feedFrom, 0, node.id, AutoWire::wiredPort(*info)}, command);
    if (!push(command))
        return false;
    selectNodes({node.id});
    if (!refusal.isEmpty())
        showMessage(QObject::tr("Added without an edge: %1").arg(refusal), scenePos);
    return true;
}

NodeItem* GraphScene::nodeItemAt(const QPointF& scenePos) const {
    for (QGraphicsItem* item : items(scenePos))
        for (QGraphicsItem* up = item; up; up = up->parentItem())
            if (up->type() == NodeItem::Type)
                return static_cast<NodeItem*>(up);
    return nullptr;
}

EdgeItem* GraphScene::edgeItemAt(const QPointF& scenePos) const {
    for (QGraphicsItem* item : items(scenePos))
        if (item->type() == EdgeItem::Type)
            return static_cast<EdgeItem*>(item);
    return nullptr;
}

bool GraphScene::dropKindAt(const QString& kind, const QPointF& scenePos) {
    const miniflow::OpInfo* info = miniflow::findOp(kind.toStdString());
    if (const NodeItem* target = nodeItemAt(scenePos)) {
        if (OpCatalog::isMacro(kind) || (info && AutoWire::wiresAfter(*info)))
            return addNodeAt(kind, AutoWire::placeAfter(document_->graph(), target->id()),
                             target->id());
        return addNodeAt(kind, scenePos);
    }
    if (const EdgeItem* edge = edgeItemAt(scenePos);
        edge && info && AutoWire::insertsIntoEdge(*info))
        return insertIntoEdge(kind, edge->edge(), scenePos);
    return addNodeAt(kind, scenePos);
}

bool GraphScene::insertIntoEdge(const QString& kind, const Edge& edge, const QPointF& scenePos) {
    const miniflow::OpInfo* info = miniflow::findOp(kind.toStdString());
    if (!info || !AutoWire::insertsIntoEdge(*info)) {
        showMessage(QObject::tr("%1 cannot go into an edge: it needs one input and an output "
                                "that feeds on")
                        .arg(kind),
                    scenePos);
        return false;
    }
    const miniflow::Graph& graph = document_->graph();
    const miniflow::Node node{
        graph.nextId(), info->kind, graph.uniqueName(info->kind), info->defaultAttributes,
        miniflow::Position{scenePos.x() - NodeItem::kWidth / 2, scenePos.y() - NodeItem::kRow}};
    miniflow::Graph proposed = graph;
    proposed.removeEdge(edge);
    proposed.addNode(node);
    const auto [in, out] = InsertIntoEdgeCommand::split(edge, node.id);
    proposed.addEdge(in);
    const EdgeVerdict verdict =
        checkEdge(proposed, {node.id, 0, true}, {edge.to, edge.toPort, false});
    if (!verdict.allowed) {
        showMessage(QObject::tr("Cannot insert %1 here: %2").arg(kind, verdict.reason), scenePos);
        return false;
    }
    if (!push(new InsertIntoEdgeCommand(document_, node, edge)))
        return false;
    selectNodes({node.id});
    return true;
}

bool GraphScene::deleteSelection() {
    const std::vector<NodeId> ids = selectedNodes();
    const std::vector<Edge> edges = selectedEdges();
    if (ids.empty() && edges.empty())
        return false;
    return push(new DeleteSelectionCommand(document_, ids, edges));
}

void GraphScene::copySelection() {
    const GraphFragment fragment = GraphFragment::of(document_->graph(), selectedNodes());
    if (fragment.empty())
        return;
    auto* mime = new QMimeData;
    mime->setData(GraphFragment::kMimeType, fragment.toBytes());
    QApplication::clipboard()->setMimeData(mime);
    pasteCount_ = 0;
}

bool GraphScene::cutSelection() {
    copySelection();
    return deleteSelection();
}

bool GraphScene::paste() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    return mime && mime->hasFormat(GraphFragment::kMimeType) &&
           pasteFragment(mime->data(GraphFragment::kMimeType));
}

bool GraphScene::duplicateSelection() {
    const GraphFragment fragment = GraphFragment::of(document_->graph(), selectedNodes());
    pasteCount_ = 0;
    return !fragment.empty() && pasteFragment(fragment.toBytes());
}

/// Pastes a fragment, each paste of the same copy further down-right, and selects it.
bool GraphScene::pasteFragment(const QByteArray& bytes) {
    const std::optional<GraphFragment> fragment = GraphFragment::fromBytes(bytes);
    if (!fragment || fragment->empty())
        return false;
    const double offset = kPasteOffset * ++pasteCount_;
    auto* command = new PasteCommand(document_, *fragment, {offset, offset});
    const std::vector<NodeId> pasted = command->pastedNodes();
    if (!push(command))
        return false;
    selectNodes(pasted);
    return true;
}

// ---- gradients and messages ------------------------------------------------------------

void GraphScene::watch(TrainingController* controller) {
    connect(controller, &TrainingController::snapshotReady, this, &GraphScene::applySnapshot);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Running)
            refreshShapes(); // a new run: the last failure's mark goes
        if (state == TrainingState::Idle)
            clearGradients();
    });
}

void GraphScene::applySnapshot(const TrainingSnapshot& snapshot) {
    if (snapshot.edgeGradients.empty())
        return;
    std::map<Edge, const miniflow::GradientSummary*> gradients;
    for (const auto& [edge, summary] : snapshot.edgeGradients)
        gradients.emplace(edge, &summary);
    std::unordered_map<NodeId, const miniflow::GradientSummary*> values;
    for (const auto& [node, summary] : snapshot.nodeValues)
        values.emplace(node, &summary);
    std::unordered_map<NodeId, double> ratios;
    for (const miniflow::ParameterStats& p : snapshot.health.parameters)
        if (p.updateRatio)
            ratios.emplace(p.node, *p.updateRatio);
    readings_.clear();
    for (const auto& [edge, item] : edges_) {
        EdgeReading reading;
        if (const auto g = gradients.find(edge); g != gradients.end())
            reading.gradient = *g->second;
        if (const auto v = values.find(edge.from); v != values.end())
            reading.value = *v->second;
        if (const auto r = ratios.find(edge.from); r != ratios.end())
            reading.updateRatio = r->second;
        readings_.emplace(edge, reading);
    }
    lastStep_ = snapshot.step;
    restyleEdges();
}

void GraphScene::restyleEdges() {
    std::vector<double> picked;
    picked.reserve(readings_.size());
    for (const auto& [edge, reading] : readings_)
        if (const std::optional<double> value = scale_.pick(reading))
            picked.push_back(*value);
    if (!readings_.empty())
        scale_.observe(picked, lastStep_);
    for (const auto& [edge, item] : edges_) {
        const auto reading = readings_.find(edge);
        if (reading != readings_.end())
            item->setReading(reading->second);
        else
            item->scaleChanged();
    }
    emit edgeScaleChanged(scale_);
}

void GraphScene::clearGradients() {
    readings_.clear();
    lastStep_ = 0;
    scale_.reset();
    for (const auto& [edge, item] : edges_)
        item->clearGradient();
    emit edgeScaleChanged(scale_);
}

void GraphScene::setEdgeQuantity(EdgeQuantity quantity) {
    if (quantity == scale_.quantity())
        return;
    scale_.setQuantity(quantity);
    restyleEdges();
}

void GraphScene::setEdgeScaleMode(EdgeScaleMode mode) {
    if (mode == scale_.mode())
        return;
    scale_.setMode(mode);
    restyleEdges();
}

bool GraphScene::setFixedEdgeRange(double minValue, double maxValue, QString* error) {
    if (!scale_.setFixedRange(minValue, maxValue, error))
        return false;
    restyleEdges();
    return true;
}

void GraphScene::showMessage(const QString& text, const QPointF& scenePos) {
    lastMessage_ = text;
    auto* bubble = new MessageBubble(text, scenePos);
    addItem(bubble);
    if (!views().isEmpty())
        bubble->keepInside(views().front());
    emit messageShown(text);
}

// ---- gestures ----------------------------------------------------------------------------

PortItem* GraphScene::portAt(const QPointF& scenePos) const {
    for (QGraphicsItem* item : items(scenePos))
        if (item->type() == PortItem::Type && item->isVisible())
            return static_cast<PortItem*>(item);
    return nullptr;
}

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    lastPointer_ = event->scenePos();
    if (event->button() == Qt::LeftButton) {
        if (PortItem* port = portAt(event->scenePos())) {
            event->accept();
            if (document_->structureLocked())
                showMessage(document_->lockedMessage(), event->scenePos());
            else
                beginEdgeDrag(port);
            return;
        }
    }
    if (event->modifiers() & Qt::ShiftModifier)
        event->setModifiers(event->modifiers() | Qt::ControlModifier);
    QGraphicsScene::mousePressEvent(event);
    rememberPositions();
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    lastPointer_ = event->scenePos();
    if (drag_) {
        drag_->moveTo(event->scenePos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    lastPointer_ = event->scenePos();
    if (drag_ && event->button() == Qt::LeftButton) {
        finishEdgeDrag(event->scenePos());
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    commitMove();
}

void GraphScene::beginEdgeDrag(PortItem* pressed) {
    const PortRef& port = pressed->port();
    PortItem* fixed = pressed;
    EdgeItem* detached = nullptr;
    if (!port.output) {
        if (const auto edge = document_->graph().edgeInto(port.node, port.index);
            edge && edgeItem(*edge)) {
            detached = edgeItem(*edge);
            fixed = nodeItem(edge->from)->outputPort();
        }
    }
    drag_ = std::make_unique<EdgeDrag>(this, document_->graph(), fixed, detached);
    drag_->moveTo(pressed->anchor());
}

void GraphScene::finishEdgeDrag(const QPointF& scenePos) {
    const EdgeDrag::Outcome outcome = drag_->drop(portAt(scenePos));
    drag_.reset(); // before any command deletes the detached edge's item
    using Kind = EdgeDrag::Outcome::Kind;
    switch (outcome.kind) {
    case Kind::Nothing:
        break;
    case Kind::Connect:
        push(new AddEdgeCommand(document_, outcome.edge));
        break;
    case Kind::Disconnect:
        push(new RemoveEdgeCommand(document_, *outcome.detached));
        break;
    case Kind::Reroute: {
        auto* command = new GraphCommand(document_, QObject::tr("Re-route edge"), true);
        new RemoveEdgeCommand(document_, *outcome.detached, command);
        new AddEdgeCommand(document_, outcome.edge, command);
        push(command);
        break;
    }
    case Kind::Refused:
        showMessage(outcome.reason, scenePos);
        break;
    case Kind::OnCanvas:
        if (outcome.fixed.output)
            emit edgeDroppedOnCanvas(outcome.fixed, scenePos);
        break;
    }
}

void GraphScene::rememberPositions() {
    pressPositions_.clear();
    for (NodeId id : selectedNodes())
        pressPositions_[id] = nodes_.at(id)->pos();
}

/// One drag of the selection becomes one MoveNodesCommand, pushed on release.
void GraphScene::commitMove() {
    std::vector<MoveNodesCommand::Move> moves;
    for (const auto& [id, before] : pressPositions_) {
        const QPointF now = nodes_.at(id)->pos();
        if (now != before)
            moves.push_back({id, {before.x(), before.y()}, {now.x(), now.y()}});
    }
    pressPositions_.clear();
    if (!moves.empty())
        push(new MoveNodesCommand(document_, std::move(moves)));
}
