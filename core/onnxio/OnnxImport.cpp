#include "onnxio/OnnxImport.h"

#include "autograd/MemoryNeeds.h"
#include "autograd/Plan.h"
#include "export/ExportError.h"
#include "graph/AutoLayout.h"
#include "onnxio/OnnxAttributeMatch.h"
#include "onnxio/OnnxImportRules.h"
#include "onnxio/OnnxReading.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace miniflow {

namespace {

/// Values per sample an imported input may declare (a 3 x 4096 x 4096 image is 50 M).
constexpr Index kMaxFeatures = Index{1} << 31;

/// Builds the MiniFlow graph node by node; ONNX value names map to producing nodes.
class Importer {
  public:
    explicit Importer(std::string path) : path_(std::move(path)) {}

    GraphFile run(const onnx::GraphProto& graph) {
        for (const onnx::TensorProto& t : graph.initializer())
            addConstant(t.name(), t);
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
        addConstant(node.output(0), value->t());
    }

    /// A float tensor as a matrix, an int64 one (a shape) as a list.
    void addConstant(const std::string& name, const onnx::TensorProto& t) {
        if (t.data_type() == onnx::TensorProto::INT64)
            intConstants_[name] = intsFrom(t, path_);
        else
            constants_[name] = matrixFrom(t, path_);
        constantDims_[name].assign(t.dims().begin(), t.dims().end());
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
                if (dims[i].dim_value() > kMaxFeatures / features)
                    throw ExportError(path_ + ": input \"" + input.name() + "\" has more than " +
                                      std::to_string(kMaxFeatures) + " values per sample");
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

    /// A Parameter's attributes for an imported value: training from the initializers
    /// (training.seed) restarts from them. A matrix gets glorot_uniform; a row whose values
    /// are all one number keeps it as a constant (a fresh BatchNorm's scale 1 and variance
    /// 1: zeros there would zero every activation after it), other rows zeros (biases).
    static nlohmann::json initializerFor(const Tensor& value) {
        nlohmann::json a = {{"rows", value.rows()}, {"cols", value.cols()}};
        const bool constantRow = value.rows() == 1 && value.size() > 0 &&
                                 (value.array() == value(0, 0)).all() && value(0, 0) != 0.0f;
        if (value.rows() != 1)
            a["initializer"] = "glorot_uniform";
        else if (constantRow)
            a.update({{"initializer", "constant"}, {"value", value(0, 0)}});
        else
            a["initializer"] = "zeros";
        return a;
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
        const NodeId id = newNode(kindOf(SourceKind::Parameter), name + (transpose ? "_T" : ""),
                                  initializerFor(value));
        file_.parameters[id] = value;
        if (const auto dims = constantDims_.find(name); dims != constantDims_.end() && !transpose)
            onnxDims_[id] = dims->second;
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
        if (node.input_size() < 2)
            throw ExportError(path_ + ": Gemm node \"" + nodeName(node) + "\" has " +
                              std::to_string(node.input_size()) + " inputs; Gemm takes 2 or 3");
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
        for (size_t port = 0; port < in.size(); ++port)
            bindParameterDims(node, info, static_cast<int>(port), in[port], attributes);
        const NodeId id = newNode(info.kind, nodeName(node), attributes);
        connect(in, id);
        // NOTE [Op state]: Parameters the op updates itself (running statistics) are not trained.
        for (int port : info.traits.statePorts)
            if (static_cast<size_t>(port) < in.size() &&
                file_.parameters.count(in[static_cast<size_t>(port)]))
                file_.graph.find(in[static_cast<size_t>(port)])->attributes["trainable"] = false;
        values_[node.output(0)] = id;
        outputOnnxOp_[id] = node.op_type();
    }

    /// OpTraits::parameterDims read backwards: a conv weight's ONNX dims Cout x Cin x kH x kW
    /// give outChannels, kernelH and kernelW ({name} entries; numbers and -1 are not read).
    void bindParameterDims(const onnx::NodeProto& node, const OpInfo& info, int port, NodeId from,
                           nlohmann::json& attributes) {
        const std::vector<std::string>& all = info.traits.parameterDims;
        const auto dims = onnxDims_.find(from);
        if (static_cast<size_t>(port) >= all.size() || all[static_cast<size_t>(port)].empty() ||
            dims == onnxDims_.end())
            return;
        const std::vector<std::string> items = splitOutside(all[static_cast<size_t>(port)], ',');
        if (items.size() != dims->second.size() && items.size() > 1)
            throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                              "\" has a " + std::to_string(dims->second.size()) +
                              "-dimensional input " + std::to_string(port) + " where " + info.kind +
                              " takes " + std::to_string(items.size()) + " dimensions");
        for (size_t i = 0; i < items.size() && items.size() > 1; ++i) {
            const std::string& item = items[i];
            if (item.size() < 3 || item.front() != '{' || item.back() != '}')
                continue;
            const std::string key = item.substr(1, item.size() - 2);
            const double value = static_cast<double>(dims->second[i]);
            if (attributes.contains(key) && attributes[key].is_number() &&
                attributes[key].get<double>() != value)
                throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                                  "\" has " + key + " " +
                                  std::to_string(attributes[key].get<double>()) +
                                  " in its attributes but " + std::to_string(dims->second[i]) +
                                  " in the dims of input " + std::to_string(port));
            attributes[key] = dims->second[i];
        }
    }

    /// A recipe chain (GELU's Erf decomposition) as one node named after its last ONNX node.
    void addChain(const onnx::GraphProto& graph, const ChainMatch& chain) {
        std::vector<NodeId> in;
        for (const std::string& value : chain.inputs)
            in.push_back(producer(value));
        addImported(graph.node(chain.nodes.back()), *chain.info, in, nlohmann::json::object());
    }

    /// The node attributes a one-step rule reads (importAttributes); an axis literal is
    /// checked to be the rows' axis (Softmax's ONNX default -1 is that too).
    nlohmann::json attributesFor(const onnx::NodeProto& node, const ImportRule& rule) {
        OnnxStep step = rule.step;
        const auto axis = std::find_if(step.attributes.begin(), step.attributes.end(),
                                       [](const OnnxAttribute& a) { return a.name == "axis"; });
        if (axis != step.attributes.end() && axis->value.front() != '$') {
            requireAxisOne(node);
            step.attributes.erase(axis);
        }
        return importAttributes(node, step, *rule.info, path_);
    }

    void addNode(const onnx::NodeProto& node) {
        const std::string& op = node.op_type();
        if (op == "Identity" || op == "Dropout") { // an inference model: Dropout is the identity
            if (node.input_size() < 1)
                throw ExportError(path_ + ": " + op + " node \"" + nodeName(node) +
                                  "\" has no input");
            values_[node.output(0)] = producer(node.input(0));
            return;
        }
        if (op == "Pad")
            return addEmptyPad(node);
        if (op == "Gemm")
            return addGemm(node);
        const std::vector<const ImportRule*> rules = findImportRules(op, node.input_size());
        if (rules.empty())
            throw ExportError(path_ + ": " + op + " node \"" + nodeName(node) + "\" with " +
                              std::to_string(node.input_size()) +
                              " inputs is not part of anything MiniFlow imports");
        // The first spelling whose attributes match; else the recipe's own complaint.
        const ImportRule* rule = nullptr;
        nlohmann::json attributes;
        std::optional<ExportError> first;
        for (const ImportRule* candidate : rules) {
            try {
                attributes = attributesFor(node, *candidate);
                rule = candidate;
                break;
            } catch (const ExportError& e) {
                if (!first)
                    first = e;
            }
        }
        if (!rule)
            throw *first;
        std::vector<NodeId> in;
        const std::vector<std::string>& args = rule->step.args;
        for (int i = 0; i < node.input_size(); ++i) {
            const std::string& arg =
                args.size() == 1 && args[0] == "*" ? args[0] : args[static_cast<size_t>(i)];
            if (isListArg(arg))
                readListArgument(node, node.input(i), arg, attributes);
            else
                in.push_back(producer(node.input(i)));
        }
        addImported(node, *rule->info, in, attributes);
    }

    /// A Pad that pads nothing passes its input on: torch.onnx.export writes one (all-zero
    /// pads) before nn.AvgPool2d's AveragePool. Other padding belongs in the Conv or pool's
    /// own pads, which MiniFlow imports.
    void addEmptyPad(const onnx::NodeProto& node) {
        std::vector<std::int64_t> pads;
        if (const onnx::AttributeProto* attribute = findAttribute(node, "pads")) { // opset < 11
            pads.assign(attribute->ints().begin(), attribute->ints().end());
        } else if (node.input_size() >= 2) {
            const auto found = intConstants_.find(node.input(1));
            if (found == intConstants_.end())
                throw ExportError(path_ + ": Pad node \"" + nodeName(node) +
                                  "\" computes its pads; MiniFlow imports a Pad only when its "
                                  "pads are a constant of zeros");
            pads = found->second;
        }
        if (node.input_size() < 1 ||
            std::any_of(pads.begin(), pads.end(), [](std::int64_t p) { return p != 0; })) {
            std::string list;
            for (std::int64_t p : pads)
                list += (list.empty() ? "" : ", ") + std::to_string(p);
            throw ExportError(path_ + ": Pad node \"" + nodeName(node) + "\" pads by [" + list +
                              "]; MiniFlow imports only a Pad that pads nothing (export the "
                              "padding as the following Conv or pool's pads instead)");
        }
        values_[node.output(0)] = producer(node.input(0));
    }

    /// A constant int64 input of the node read into attributes by a list argument (the
    /// shape of a Reshape: "[N, $shape:dims]").
    void readListArgument(const onnx::NodeProto& node, const std::string& value,
                          const std::string& spec, nlohmann::json& attributes) {
        const auto found = intConstants_.find(value);
        if (found == intConstants_.end())
            throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                              "\" computes its input \"" + value +
                              "\"; MiniFlow imports it only as a constant (initializer)");
        if (!matchListArgument(spec, found->second, attributes)) {
            std::string list;
            for (std::int64_t v : found->second)
                list += (list.empty() ? "" : ", ") + std::to_string(v);
            throw ExportError(path_ + ": " + node.op_type() + " node \"" + nodeName(node) +
                              "\" has " + value + " = [" + list + "] where MiniFlow imports " +
                              spec + " (N: the batch, -1 or 0)");
        }
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
    std::unordered_map<std::string, std::vector<std::int64_t>> intConstants_;
    std::unordered_map<std::string, std::vector<std::int64_t>> constantDims_; ///< as in the file
    std::map<NodeId, std::vector<std::int64_t>> onnxDims_; ///< Parameters made from constants
    std::unordered_map<std::string, NodeId> values_;
    std::map<NodeId, std::string> outputOnnxOp_; ///< the ONNX op type each imported node came from
};

} // namespace

GraphFile importOnnx(const std::string& path) {
    const onnx::ModelProto model = readModel(path);
    rejectUnsupported(model.graph(), path);
    GraphFile file = Importer(path).run(model.graph());
    const Plan plan = Plan::build(file.graph);
    // NOTE [Memory before allocation]: an imported model's parameters and one training batch
    // of its activations (a conv net's batch x C x H x W per node) must fit before the studio
    // or the CLI allocates them.
    try {
        requireParameterMemory(plan);
        requireBatchMemory(plan, file.training.batchSize);
    } catch (const MemoryError& e) {
        throw ExportError(path + ": the imported model does not fit in memory: " + e.what() +
                          " (a smaller input size or batch size in the model would)");
    }
    return file;
}

} // namespace miniflow
