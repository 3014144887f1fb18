#include "export/ModelRoles.h"

#include "autograd/Session.h"
#include "export/ExportError.h"

namespace miniflow {

namespace {

int inputWithRole(const Plan& plan, const std::string& role) {
    int found = -1;
    for (size_t i = 0; i < plan.nodes().size(); ++i) {
        const PlannedNode& p = plan.nodes()[i];
        if (p.info->source != SourceKind::Input ||
            stringAttribute(p.attributes, "role", "features") != role)
            continue;
        if (found >= 0)
            throw ExportError("more than one Input has role \"" + role +
                              "\"; an exported model takes one " + role + " tensor (keep one)");
        found = static_cast<int>(i);
    }
    if (found < 0)
        throw ExportError("no Input node has role \"" + role +
                          "\" (add one, or set an Input's role to \"" + role + "\")");
    return found;
}

} // namespace

const PlannedNode& ModelRoles::producer(int index, int port) const {
    const int edge = node(index).inputEdges[static_cast<size_t>(port)];
    return node(plan.indexOf(plan.edges()[static_cast<size_t>(edge)].from));
}

ModelRoles findModelRoles(const Graph& graph) {
    ModelRoles roles{Plan::build(graph, PlanPurpose::Training)};
    roles.features = inputWithRole(roles.plan, "features");
    roles.labels = inputWithRole(roles.plan, "labels");
    roles.loss = roles.plan.lossIndex();
    const PlannedNode& labels = roles.node(roles.labels);
    for (int e : labels.outputEdges) {
        const Edge& edge = roles.plan.edges()[static_cast<size_t>(e)];
        if (roles.plan.indexOf(edge.to) != roles.loss)
            throw ExportError(
                "the labels Input \"" + labels.name + "\" feeds \"" +
                roles.node(roles.plan.indexOf(edge.to)).name +
                "\"; an exported model computes its prediction from the features alone, so the "
                "labels may feed only the loss");
    }
    const PlannedNode& loss = roles.node(roles.loss);
    for (int port = 0; port < static_cast<int>(loss.inputEdges.size()); ++port) {
        const PlannedNode& from = roles.producer(roles.loss, port);
        if (from.id == labels.id)
            continue;
        roles.prediction = roles.plan.indexOf(from.id);
        roles.predictionPort = port;
    }
    if (roles.prediction < 0)
        throw ExportError("the loss \"" + loss.name +
                          "\" does not compare a prediction with the labels \"" + labels.name +
                          "\" (connect the model's output to it)");
    return roles;
}

std::map<NodeId, Tensor> currentParameters(const GraphFile& file, const Plan& plan) {
    Session session(plan, file.training.seed);
    std::map<NodeId, Tensor> values;
    for (NodeId id : session.parameterIds()) {
        const auto stored = file.parameters.find(id);
        const bool fits = stored != file.parameters.end() &&
                          stored->second.rows() == session.parameter(id).rows() &&
                          stored->second.cols() == session.parameter(id).cols();
        values[id] = fits ? stored->second : session.parameter(id);
    }
    return values;
}

} // namespace miniflow
