#include "app/check/PreTrainCheck.h"

#include "app/data/DatasetPanel.h"
#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/GraphDocument.h"
#include "app/document/ResizeUnitsCommand.h"
#include "autograd/ClassCount.h"
#include "autograd/Plan.h"

using miniflow::Diagnostic;
using miniflow::Graph;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// The dataset's own problems, in the studio's words.
void addDatasetProblems(const DatasetPanel* panel, const miniflow::DatasetSpec& spec,
                        std::vector<TrainProblem>& problems) {
    QString text;
    if (spec.source == "none")
        text = QObject::tr("No dataset is chosen: pick one in the Dataset panel.");
    else if (spec.source != "builtin" && spec.path.empty())
        text = QObject::tr("The dataset has no file or folder yet: open one in the Dataset panel.");
    else if (!panel->isLoading() && panel->hasError())
        text = QObject::tr("The dataset does not load: %1").arg(panel->preview().error);
    if (!text.isEmpty())
        problems.push_back({text, {}, QObject::tr("Show Dataset panel"), {}, true});
}

void addBindingProblems(DatasetPanel* panel, std::vector<TrainProblem>& problems) {
    for (const InputBinding& b : panel->bindings()) {
        const QString role = QString::fromStdString(b.role);
        if (!b.input.valid()) {
            problems.push_back(
                {QObject::tr("No Input node has the role \"%1\": add an Input and set its role.")
                     .arg(role),
                 {},
                 {},
                 {}});
            continue;
        }
        if (!b.fits())
            problems.push_back({QObject::tr("Input \"%1\" takes %2, but the data gives %3 %4.")
                                    .arg(QString::fromStdString(b.inputName),
                                         shapeText(b.inputColumns, b.inputDims),
                                         shapeText(b.datasetColumns, b.datasetDims), role),
                                {b.input},
                                QObject::tr("Fit Inputs to the data"),
                                [panel] { return panel->fitInputs(); }});
    }
}

/// The node a loss would score: the one computing node nothing consumes (the network's
/// output), when there is exactly one.
std::optional<NodeId> outputNode(const Graph& graph) {
    std::optional<NodeId> found;
    for (const Node& n : graph.nodes()) {
        const miniflow::OpInfo* info = miniflow::findOp(n.op);
        if (!info || info->source != miniflow::SourceKind::None || !graph.edgesFrom(n.id).empty())
            continue;
        if (found)
            return std::nullopt;
        found = n.id;
    }
    return found;
}

std::optional<NodeId> labelsInput(const Graph& graph) {
    for (const Node& n : graph.nodes()) {
        const miniflow::OpInfo* info = miniflow::findOp(n.op);
        if (info && info->source == miniflow::SourceKind::Input &&
            miniflow::stringAttribute(n.attributes, "role", "features") == "labels")
            return n.id;
    }
    return std::nullopt;
}

/// Adds the loss that fits the data (softmax cross-entropy for classes, MSE otherwise)
/// scoring the network's output against the labels Input, as one undo step.
bool addLoss(GraphDocument* document, bool classes) {
    const Graph& graph = document->graph();
    const auto output = outputNode(graph);
    const auto labels = labelsInput(graph);
    if (!output || !labels)
        return false;
    const Node& out = *graph.find(*output);
    Node loss{graph.nextId(),
              classes ? "SoftmaxCrossEntropy" : "MSE",
              graph.uniqueName("loss"),
              nlohmann::json::object(),
              {out.position.x + 220, out.position.y}};
    auto* macro = new GraphCommand(document, QObject::tr("Add a loss"), true);
    new AddNodeCommand(document, loss, macro);
    // SoftmaxCrossEntropy(logits, labels); MSE(y = labels, a = output).
    new AddEdgeCommand(document, {*output, 0, loss.id, classes ? 0 : 1}, macro);
    new AddEdgeCommand(document, {*labels, 0, loss.id, classes ? 1 : 0}, macro);
    return document->push(macro);
}

TrainProblem fromDiagnostic(GraphDocument* document, const Diagnostic& d, bool classes) {
    TrainProblem problem{QString::fromStdString(d.message), d.nodes, {}, {}};
    if (d.kind == Diagnostic::Kind::NoLoss) {
        problem.text = classes ? QObject::tr("The graph has no loss: add SoftmaxCrossEntropy "
                                             "(the data has classes).")
                               : QObject::tr("The graph has no loss: add MSE (the data has "
                                             "numeric targets).");
        const Graph& graph = document->graph();
        if (outputNode(graph) && labelsInput(graph)) {
            problem.fixLabel =
                classes ? QObject::tr("Add SoftmaxCrossEntropy") : QObject::tr("Add MSE");
            problem.fix = [document, classes] { return addLoss(document, classes); };
        }
    }
    return problem;
}

} // namespace

std::vector<TrainProblem> preTrainProblems(GraphDocument* document, DatasetPanel* panel) {
    std::vector<TrainProblem> problems;
    const miniflow::DatasetSpec& spec = document->file().dataset;
    addDatasetProblems(panel, spec, problems);
    const bool loaded = !panel->isLoading() && !panel->hasError() && spec.source != "none" &&
                        panel->preview().spec == spec;
    if (loaded)
        addBindingProblems(panel, problems);
    const int classes = loaded ? panel->preview().classes : 0;
    const Graph& graph = document->graph();
    for (const Diagnostic& d : miniflow::Plan::check(graph))
        problems.push_back(fromDiagnostic(document, d, classes > 0));
    for (const Diagnostic& d : miniflow::checkClassCount(graph, classes)) {
        const NodeId loss = d.nodes.back();
        const QString name = QString::fromStdString(graph.find(d.nodes.front())->name);
        TrainProblem problem{QString::fromStdString(d.message), d.nodes, {}, {}};
        if (miniflow::fitClassCount(graph, loss, classes)) {
            problem.fixLabel = QObject::tr("Make \"%1\" %2 units wide").arg(name).arg(classes);
            problem.fix = [document, loss, classes] {
                const auto edits = miniflow::fitClassCount(document->graph(), loss, classes);
                if (!edits)
                    return false;
                auto* macro = new GraphCommand(
                    document, QObject::tr("Widen the output to %1 classes").arg(classes), true);
                addAttributeEdits(document, *edits, macro);
                return document->push(macro);
            };
        }
        problems.push_back(std::move(problem));
    }
    return problems;
}

std::vector<TrainProblem> problemsAt(const std::vector<TrainProblem>& problems, NodeId node) {
    std::vector<TrainProblem> found;
    for (const TrainProblem& p : problems)
        if (!p.nodes.empty() && p.nodes.front() == node)
            found.push_back(p);
    return found;
}
