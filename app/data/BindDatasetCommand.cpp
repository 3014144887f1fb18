#include "app/data/BindDatasetCommand.h"

#include "app/document/GraphDocument.h"
#include "app/document/ResizeUnitsCommand.h"
#include "autograd/ShapeRepair.h"

namespace {

/// `inputs` plus the Parameter edits that follow them (NOTE [Shape repair]), and how many
/// shape problems remain after all of them.
std::pair<std::vector<miniflow::AttributeEdit>, size_t>
withDependants(const miniflow::Graph& graph, std::vector<miniflow::AttributeEdit> inputs) {
    const miniflow::Graph fitted = miniflow::applyEdits(graph, inputs);
    const auto repairs = miniflow::repairParameterShapes(graph, fitted);
    inputs.insert(inputs.end(), repairs.begin(), repairs.end());
    const size_t left = miniflow::inferShapes(miniflow::applyEdits(graph, inputs)).problems.size();
    return {std::move(inputs), left};
}

} // namespace

BindDatasetCommand::BindDatasetCommand(GraphDocument* document, const std::vector<Change>& changes,
                                       QUndoCommand* parent)
    : GraphCommand(document, QObject::tr("Fit Inputs to the dataset"), true, parent) {
    // An image set's shape goes onto the Input ("sampleDims") unless the graph then has more
    // shape problems than with flat rows (a MatMul fed directly by the Input, no Flatten).
    std::vector<miniflow::AttributeEdit> shaped, flat;
    for (const Change& change : changes) {
        shaped.push_back({change.input, change.after});
        nlohmann::json rows = change.after;
        if (!change.before.contains("sampleDims"))
            rows.erase("sampleDims");
        flat.push_back({change.input, std::move(rows)});
    }
    const miniflow::Graph& graph = document->graph();
    auto best = withDependants(graph, shaped);
    if (best.second > 0) {
        auto other = withDependants(graph, flat);
        if (other.second < best.second)
            best = std::move(other);
    }
    addAttributeEdits(document, best.first, this);
}
