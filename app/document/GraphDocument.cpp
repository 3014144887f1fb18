#include "app/document/GraphDocument.h"

#include "app/document/GraphCommand.h"

#include <algorithm>

using miniflow::Edge;
using miniflow::Graph;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// Graph only appends, so an insert at a position rebuilds it from lists in the wanted
/// order. The id counter is kept: ids handed out later stay what they were before.
Graph rebuilt(const Graph& old, const std::vector<Node>& nodes, const std::vector<Edge>& edges) {
    Graph g;
    for (const Node& n : nodes)
        g.addNode(n);
    if (g.nextId() < old.nextId()) {
        const NodeId last{old.nextId().value - 1}; // unused, since the counter is behind it
        g.addNode(Node{last, {}, {}, nlohmann::json::object(), {}});
        g.removeNode(last);
    }
    for (const Edge& e : edges)
        g.addEdge(e);
    return g;
}

template <typename T> std::vector<T> insertedAt(std::vector<T> list, const T& value, int index) {
    const auto at =
        index < 0 || index > static_cast<int>(list.size()) ? list.end() : list.begin() + index;
    list.insert(at, value);
    return list;
}

} // namespace

GraphDocument::GraphDocument(QObject* parent) : QObject(parent) {
    connect(&undoStack_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    // Connected first, so contentChanged reaches its listeners before the views hear the
    // specific signal (overlays drop their drawings while the old items still exist).
    for (auto signal : {&GraphDocument::graphReplaced, &GraphDocument::datasetChanged,
                        &GraphDocument::parametersChanged})
        connect(this, signal, this, &GraphDocument::contentChanged);
    for (auto signal :
         {&GraphDocument::nodeAdded, &GraphDocument::nodeRemoved, &GraphDocument::nodeChanged})
        connect(this, signal, this, &GraphDocument::contentChanged);
    for (auto signal : {&GraphDocument::edgeAdded, &GraphDocument::edgeRemoved})
        connect(this, signal, this, &GraphDocument::contentChanged);
}

void GraphDocument::load(miniflow::GraphFile file, const QString& path) {
    file_ = std::move(file);
    undoStack_.clear();
    undoStack_.setClean();
    setPath(path);
    emit graphReplaced();
    emit datasetChanged();
    emit trainingConfigChanged();
    emit parametersChanged();
    emit modifiedChanged(false);
}

void GraphDocument::setPath(const QString& path) {
    path_ = path;
    emit pathChanged(path_);
}

bool GraphDocument::push(GraphCommand* command) {
    if (locked_ && command->isStructural()) {
        delete command;
        emit editRefused(lockedMessage());
        return false;
    }
    undoStack_.push(command);
    return true;
}

bool GraphDocument::undo() {
    const QUndoCommand* next = undoStack_.command(undoStack_.index() - 1);
    if (!next)
        return false;
    const auto* command = dynamic_cast<const GraphCommand*>(next);
    if (locked_ && (!command || command->isStructural())) {
        emit editRefused(lockedMessage());
        return false;
    }
    undoStack_.undo();
    return true;
}

bool GraphDocument::redo() {
    const QUndoCommand* next = undoStack_.command(undoStack_.index());
    if (!next)
        return false;
    const auto* command = dynamic_cast<const GraphCommand*>(next);
    if (locked_ && (!command || command->isStructural())) {
        emit editRefused(lockedMessage());
        return false;
    }
    undoStack_.redo();
    return true;
}

QString GraphDocument::lockedMessage() const {
    return lockReason_.isEmpty() ? tr("Stop training to edit the graph") : lockReason_;
}

bool GraphDocument::insertNode(const Node& node, int index) {
    if (locked_ || !node.id.valid() || file_.graph.find(node.id))
        return false;
    file_.graph =
        rebuilt(file_.graph, insertedAt(file_.graph.nodes(), node, index), file_.graph.edges());
    emit nodeAdded(node.id);
    return true;
}

int GraphDocument::nodeIndex(NodeId id) const {
    const auto& nodes = file_.graph.nodes();
    const auto it =
        std::find_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.id == id; });
    return it == nodes.end() ? -1 : static_cast<int>(it - nodes.begin());
}

int GraphDocument::edgeIndex(const Edge& edge) const {
    const auto& edges = file_.graph.edges();
    const auto it = std::find(edges.begin(), edges.end(), edge);
    return it == edges.end() ? -1 : static_cast<int>(it - edges.begin());
}

bool GraphDocument::eraseNode(NodeId id) {
    if (locked_ || !file_.graph.find(id))
        return false;
    for (const Edge& e : std::vector<Edge>(file_.graph.edges()))
        if (e.from == id || e.to == id)
            eraseEdge(e);
    file_.graph.removeNode(id);
    file_.parameters.erase(id);
    emit nodeRemoved(id);
    return true;
}

bool GraphDocument::insertEdge(const Edge& edge, int index) {
    if (locked_ || !file_.graph.find(edge.from) || !file_.graph.find(edge.to))
        return false;
    file_.graph =
        rebuilt(file_.graph, file_.graph.nodes(), insertedAt(file_.graph.edges(), edge, index));
    emit edgeAdded(edge);
    return true;
}

bool GraphDocument::eraseEdge(const Edge& edge) {
    if (locked_ || !file_.graph.removeEdge(edge))
        return false;
    emit edgeRemoved(edge);
    return true;
}

void GraphDocument::setNodePosition(NodeId id, miniflow::Position position) {
    if (miniflow::Node* n = file_.graph.find(id)) {
        n->position = position;
        emit nodeMoved(id);
    }
}

void GraphDocument::setNodeName(NodeId id, const std::string& name) {
    if (miniflow::Node* n = file_.graph.find(id)) {
        n->name = name;
        emit nodeChanged(id);
    }
}

bool GraphDocument::setNodeAttributes(NodeId id, const nlohmann::json& attributes) {
    miniflow::Node* n = file_.graph.find(id);
    if (locked_ || !n)
        return false;
    n->attributes = attributes;
    file_.parameters.erase(id); // a reshaped parameter's trained values no longer fit
    emit nodeChanged(id);
    return true;
}

void GraphDocument::setDataset(const miniflow::DatasetSpec& dataset) {
    file_.dataset = dataset;
    emit datasetChanged();
}

void GraphDocument::setTrainingConfig(const miniflow::TrainingConfig& config) {
    file_.training = config;
    emit trainingConfigChanged();
}

void GraphDocument::setParameters(std::map<NodeId, miniflow::Tensor> parameters) {
    file_.parameters = std::move(parameters);
    emit parametersChanged();
}

std::optional<miniflow::Tensor> GraphDocument::parameter(NodeId id) const {
    const auto it = file_.parameters.find(id);
    if (it == file_.parameters.end())
        return std::nullopt;
    return it->second;
}

void GraphDocument::restoreParameter(NodeId id, const miniflow::Tensor& value) {
    file_.parameters[id] = value;
    emit parametersChanged();
}

void GraphDocument::setStructureLocked(bool locked, const QString& reason) {
    locked_ = locked;
    lockReason_ = locked ? reason : QString();
    emit structureLockChanged(locked);
}
