#include "onnxio/OnnxImport.h"

#include "autograd/Plan.h"
#include "export/ExportError.h"
#include "graph/AutoLayout.h"
#include "onnxio/OnnxImportRules.h"
#include "onnxio/OnnxReading.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

namespace miniflow {

namespace {

/// Builds the MiniFlow graph node by node; ONNX value names map to producing nodes.
class Importer {
  public:
    explicit Importer(std::string path) : path_(std::move(path)) {}

    GraphFile run(const onnx::GraphProto& graph) {
        for (const onnx::TensorProto& t : graph.initializer())
            constants_[t.name()] = matrixFrom(t, path_);
        for (const onnx::NodeProto& node : graph.node())
            if (node.op_type() == "Constant")
                addConstantNode(node);
        addFeatures(graph);
        std::set<int> inChains; // nodes imported as part of a recipe chain (GELU's)
        for (int i = 0; i < graph.node_size(); ++i) {
            const onnx::NodeProto& node = graph.node(i);
            if (node.op_type() == "Constant" || inChains.count(i))
                continue;
            if (const std::optional<ChainMatch> chain = matchChain(graph, i, constants_)) {
                addChain(graph, *chain);
                inChains.insert(chain->nodes.begin(), chain->nodes.end());
            } else {
                addNode(node);
            }
        }
        if (graph.output_size() < 1)
            throw ExportError(path_ + ": the model has no output");
        addLoss(producer(graph.output(0).name()));
        file_.description =
            "Imported from " + path_ + " (" + std::to_string(graph.node_size()) + " ONNX nodes).";
        layOutByDepth(file_.graph);
        return std::move(file_);
    }

  private:
    static const std::string& kindOf(SourceKind source) {
        return findOpWhere([&](const OpInfo& info) { return info.source == source; })->kind;
    }

    NodeId newNode(const std::string& op, const std::string& name,
                   nlohmann::json attributes = nlohmann::json::object()) {
        return file_.graph.addNode(Node{
            {}, op, file_.graph.uniqueName(name.empty() ? op : name), std::move(attributes), {}});
    }

    void addConstantNode(const onnx::NodeProto& node) {
        const onnx::AttributeProto* value = findAttribute(node, "value");
        if (!value || !value->has_t())
            throw ExportError(path_ + ": Constant node \"" + node.name() +
                              "\" has no tensor value");
        constants_[node.output(0)] = matrixFrom(value->t(), path_);
    }

    void addFeatures(const onnx::GraphProto& graph) {
        for (const onnx::ValueInfoProto& input : graph.input()) {
            if (constants_.count(input.name()))
                continue;
            if (features_.valid())
                throw ExportError(path_ + ": the model has more than one data input (\"" +
                                  input.name() + "\"); MiniFlow graphs read one features tensor");
            const auto& dims = input.type().tensor_type().shape().dim();
            nlohmann::json attributes{{"role", "features"}};
            Index features = 1;
            nlohmann::json sampleDims = nlohmann::json::array();
            for (int i = 1; i < dims.size(); ++i) {
                if (!dims[i].has_dim_value() || dims[i].dim_value() <= 0)
                    throw ExportError(path_ + ": input \"" + input.name() + "\" dimension " +
                                      std::to_string(i) + " has no fixed size");
                features *= dims[i].dim_value();
                sampleDims.push_back(dims[i].dim_value());
            }
            attributes["features"] = features;
            if (sampleDims.size() > 1)
                attributes["sampleDims"] = sampleDims;
            features_ = newNode(kindOf(SourceKind::Input), input.name(), attributes);
            values_[input.name()] = features_;
        }
        if (!features_.valid())
            throw ExportError(path_ + ": the model has no data input");
    }

    /// The node producing value `name`; initializers become Parameters on first use.
    NodeId producer(const std::string& name, bool transpose = false) {
        if (const auto it = values_.find(name); it != values_.end() && !transpose)
            return it->second;
        const auto constant = constants_.find(name);
        if (constant == constants_.end())
            throw ExportError(path_ + ": value \"" + name +
                              "\" is used before any node produces it");
        const Tensor value = transpose ? Tensor(constant->second.transpose()) : constant->second;
        const NodeId id =
            newNode(kindOf(SourceKind::Parameter), name + (transpose ? "_T" : ""),
                    {{"rows", value.rows()},
                     {"cols", value.cols()},
                     {"initializer", value.rows() == 1 ? "zeros" : "glorot_uniform"}});
        file_.parameters[id] = value;
        if (!transpose)
            values_[name] = id;
        return id;
    }

    void connect(const std::vector<NodeId>& from, NodeId to) {
        for (size_t port = 0; port < from.size(); ++port)
            file_.graph.addEdge(Edge{from[port], 0, to, static_cast<PortIndex>(port)});
    }

    /// The ONNX node's name (else its output's), with exporters' scope slashes made dots:
    /// PyTorch's "/1/Gemm" becomes "1.Gemm", matching its parameters' "1.weight".
    static std::string nodeName(const onnx::NodeProto& node) {
        std::string name = node.name().empty() ? node.output(0) : node.name();
        if (!name.empty() && name.front() == '/')
            name.erase(0, 1);
        std::replace(name.begin(), name.end(), '/', '.');
        return name;
    }

    void requireAttribute(const onnx::NodeProto& node, const std::string& name, double expected,
                          double fallback) {
        const onnx::AttributeProto* a = findAttribute(node, name);
        const double actual = !a ? fallback
                              : a->type() == onnx::AttributeProto::FLOAT
                                  ? a->f()
                                  : static_cast<double>(a->i());
        if (actual != expected)
            throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                              "\" has " + name + " = " + std::to_string(actual) +
                              "; MiniFlow imports only " + name + " = " + std::to_string(expected));
    }

    void addGemm(const onnx::NodeProto& node) {
        requireAttribute(node, "alpha", 1, 1);
        requireAttribute(node, "beta", 1, 1);
        requireAttribute(node, "transA", 0, 0);
        const onnx::AttributeProto* transB = findAttribute(node, "transB");
        const bool transpose = transB && transB->i() != 0;
        if (transpose && !constants_.count(node.input(1)))
            throw ExportError(path_ + ": Gemm node \"" + nodeName(node) +
                              "\" transposes a computed B; MiniFlow needs it as weights");
        std::vector<NodeId> in{producer(node.input(0)), producer(node.input(1), transpose)};
        if (node.input_size() > 2 && !node.input(2).empty())
            in.push_back(producer(node.input(2)));
        const ImportRule* rule = findImportRule("Gemm", static_cast<int>(in.size()));
        if (!rule)
            throw ExportError(path_ + ": Gemm node \"" + nodeName(node) + "\" has " +
                              std::to_string(in.size()) + " inputs; no MiniFlow op takes that");
        addImported(node, *rule->info, in, attributesFor(node, *rule));
    }

    void addImported(const onnx::NodeProto& node, const OpInfo& info, const std::vector<NodeId>& in,
                     nlohmann::json attributes) {
        if (info.variadic)
            attributes["inputs"] = in.size();
        const int weights = info.traits.unitsWeightPort;
        if (weights >= 0 && static_cast<size_t>(weights) < in.size())
            attributes["units"] = file_.parameters.count(in[static_cast<size_t>(weights)])
                                      ? file_.parameters.at(in[static_cast<size_t>(weights)]).cols()
                                      : 1;
        const NodeId id = newNode(info.kind, nodeName(node), attributes);
        connect(in, id);
        values_[node.output(0)] = id;
        outputOnnxOp_[id] = node.op_type();
    }

    /// A recipe chain (GELU's Erf decomposition) as one node named after its last ONNX node.
    void addChain(const onnx::GraphProto& graph, const ChainMatch& chain) {
        std::vector<NodeId> in;
        for (const std::string& value : chain.inputs)
            in.push_back(producer(value));
        addImported(graph.node(chain.nodes.back()), *chain.info, in, nlohmann::json::object());
    }

    /// The node attributes a one-step rule reads: "$name" attributes from the ONNX node (the
    /// op's default when absent); literal ones must match (ONNX defaults as the spec gives).
    nlohmann::json attributesFor(const onnx::NodeProto& node, const ImportRule& rule) {
        nlohmann::json attributes = nlohmann::json::object();
        for (const auto& [name, value] : rule.step.attributes) {
            const onnx::AttributeProto* a = findAttribute(node, name);
            if (!value.empty() && value.front() == '$') {
                const std::string key = value.substr(1);
                const auto fallback = rule.info->defaultAttributes.find(key);
                attributes[key] =
                    a ? (a->type() == onnx::AttributeProto::FLOAT ? static_cast<double>(a->f())
                                                                  : static_cast<double>(a->i()))
                    : fallback != rule.info->defaultAttributes.end() ? fallback->get<double>()
                                                                     : 0.0;
            } else if (name == "axis") {
                requireAxisOne(node);
            } else {
                requireAttribute(node, name, std::stod(value), std::stod(value));
            }
        }
        return attributes;
    }

    void addNode(const onnx::NodeProto& node) {
        const std::string& op = node.op_type();
        if (op == "Identity" || op == "Dropout") { // an inference model: Dropout is the identity
            values_[node.output(0)] = producer(node.input(0));
            return;
        }
        if (op == "Gemm")
            return addGemm(node);
        const ImportRule* rule = findImportRule(op, node.input_size());
        if (!rule)
            throw ExportError(path_ + ": " + op + " node \"" + nodeName(node) + "\" with " +
                              std::to_string(node.input_size()) +
                              " inputs is not part of anything MiniFlow imports");
        std::vector<NodeId> in;
        for (const std::string& name : node.input())
            in.push_back(producer(name));
        addImported(node, *rule->info, in, attributesFor(node, *rule));
    }

    void requireAxisOne(const onnx::NodeProto& node) {
        const onnx::AttributeProto* axis = findAttribute(node, "axis");
        const std::int64_t value = axis ? axis->i() : (node.op_type() == "Flatten" ? 1 : -1);
        if (value != 1 && !(node.op_type() == "Softmax" && value == -1))
            throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                              "\" uses axis " + std::to_string(value) +
                              "; MiniFlow works on rows (axis 1)");
    }

    /// Labels Input and loss on the prediction: SoftmaxCrossEntropy on logits (dropping a
    /// final Softmax), MSE for a single column.
    void addLoss(NodeId prediction) {
        const auto lastOp = outputOnnxOp_.find(prediction);
        if (lastOp != outputOnnxOp_.end() && lastOp->second == "Softmax" &&
            file_.graph.edgesFrom(prediction).empty()) {
            const NodeId logits = file_.graph.edgeInto(prediction, 0)->from;
            file_.graph.removeNode(prediction);
            prediction = logits;
        }
        const ShapeInference shapes = inferShapes(file_.graph);
        const auto shape = shapes.shapes.find(prediction);
        if (shape == shapes.shapes.end())
            throw ExportError(path_ + ": the output's shape cannot be inferred: " +
                              (shapes.problems.empty() ? std::string("unknown reason")
                                                       : shapes.problems.front().message));
        const bool classes = shape->second.cols >= 2;
        const NodeId labels =
            newNode(kindOf(SourceKind::Input), "labels", {{"role", "labels"}, {"features", 1}});
        const LossPrediction wanted =
            classes ? LossPrediction::ClassLogits : LossPrediction::Values;
        const NodeId loss = newNode(
            findOpWhere([&](const OpInfo& info) { return info.traits.prediction == wanted; })->kind,
            "loss");
        connect(classes ? std::vector<NodeId>{prediction, labels}
                        : std::vector<NodeId>{labels, prediction},
                loss);
    }

    std::string path_;
    GraphFile file_;
    NodeId features_;
    std::unordered_map<std::string, Tensor> constants_;
    std::unordered_map<std::string, NodeId> values_;
    std::map<NodeId, std::string> outputOnnxOp_; ///< the ONNX op type each imported node came from
};

} // namespace

GraphFile importOnnx(const std::string& path) {
    const onnx::ModelProto model = readModel(path);
    rejectUnsupported(model.graph(), path);
    GraphFile file = Importer(path).run(model.graph());
    Plan::build(file.graph);
    return file;
}

} // namespace miniflow
