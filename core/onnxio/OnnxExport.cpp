#include "onnxio/OnnxExport.h"

#include "export/ExportError.h"
#include "export/ModelRoles.h"
#include "onnxio/OnnxRecipe.h"
#include "ops/SourceOps.h"

#include <onnx/onnx_pb.h>

#include <fstream>

namespace miniflow {

namespace {

constexpr int kOpsetVersion = 13;
constexpr int kIrVersion = 7;

void addInitializer(onnx::GraphProto& graph, const std::string& name, const Tensor& value) {
    onnx::TensorProto* t = graph.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    t->add_dims(value.rows());
    t->add_dims(value.cols());
    t->set_raw_data(std::string(reinterpret_cast<const char*>(value.data()),
                                sizeof(float) * static_cast<size_t>(value.size())));
}

/// A float tensor value with a symbolic batch dimension "N" followed by `dims`.
void describeValue(onnx::ValueInfoProto& info, const std::string& name,
                   const std::vector<Index>& dims) {
    info.set_name(name);
    onnx::TypeProto_Tensor* type = info.mutable_type()->mutable_tensor_type();
    type->set_elem_type(onnx::TensorProto::FLOAT);
    type->mutable_shape()->add_dim()->set_dim_param("N");
    for (Index d : dims)
        type->mutable_shape()->add_dim()->set_dim_value(d);
}

/// Translates the plan's computing nodes one by one.
class OnnxWriter {
  public:
    explicit OnnxWriter(const ModelRoles& roles, onnx::GraphProto& graph)
        : roles_(roles), graph_(graph) {}

    /// The node's OnnxForm::recipe, step by step (NOTE [Export templates]).
    void addNode(int index) {
        const PlannedNode& p = roles_.node(index);
        if (p.info->traits.onnx.recipe.empty())
            throw ExportError("node \"" + p.name + "\": ONNX export does not know the op " +
                              p.info->kind);
        const std::vector<OnnxStep> steps = parseRecipe(p.info->traits.onnx.recipe);
        const std::vector<std::string> in = inputs(index);
        std::string previous;
        for (size_t s = 0; s < steps.size(); ++s) {
            const OnnxStep& step = steps[s];
            const bool last = s + 1 == steps.size();
            std::vector<std::string> args;
            for (const std::string& arg : step.args) {
                if (arg == "*")
                    args.insert(args.end(), in.begin(), in.end());
                else if (arg == "_")
                    args.push_back(previous);
                else if (isConstantArg(arg))
                    args.push_back(scalar(p, std::stod(arg)));
                else
                    args.push_back(in.at(static_cast<size_t>(inputPortOf(arg))));
            }
            const std::string out = last ? p.name : p.name + "_" + step.op + std::to_string(s + 1);
            onnx::NodeProto& node = isBinary(step.op) && args.size() > 2
                                        ? addChain(step.op, p, args, out)
                                        : add(step.op, p, args, out);
            for (const auto& [name, value] : step.attributes)
                setAttribute(node, p, name, value);
            previous = out;
        }
    }

  private:
    std::vector<std::string> inputs(int index) const {
        std::vector<std::string> names;
        for (size_t port = 0; port < roles_.node(index).inputEdges.size(); ++port)
            names.push_back(roles_.producer(index, static_cast<int>(port)).name);
        return names;
    }

    onnx::NodeProto& add(const std::string& op, const PlannedNode&,
                         const std::vector<std::string>& in, const std::string& output) {
        onnx::NodeProto* node = graph_.add_node();
        node->set_op_type(op);
        node->set_name(output);
        for (const std::string& name : in)
            node->add_input(name);
        node->add_output(output);
        return *node;
    }

    /// A binary ONNX op over n inputs: ((a op b) op c) ..., the last one named `output`.
    onnx::NodeProto& addChain(const std::string& op, const PlannedNode& p,
                              const std::vector<std::string>& in, const std::string& output) {
        std::string left = in[0];
        for (size_t i = 1;; ++i) {
            const bool last = i + 1 == in.size();
            const std::string out = last ? output : output + "_" + op + "_part" + std::to_string(i);
            onnx::NodeProto& node = add(op, p, {left, in[i]}, out);
            if (last)
                return node;
            left = out;
        }
    }

    /// A 1 x 1 float initializer holding `value`, named after the node.
    std::string scalar(const PlannedNode& p, double value) {
        const std::string name = p.name + "_constant" + std::to_string(++constants_);
        addInitializer(graph_, name, Tensor::Constant(1, 1, static_cast<float>(value)));
        return name;
    }

    /// "$name": the node's number attribute as a float; otherwise an int, or a float when
    /// the literal has a point or an exponent.
    static void setAttribute(onnx::NodeProto& node, const PlannedNode& p, const std::string& name,
                             const std::string& value) {
        if (!value.empty() && value.front() == '$') {
            const std::string key = value.substr(1);
            const double fallback = p.info->defaultAttributes.contains(key)
                                        ? p.info->defaultAttributes[key].get<double>()
                                        : 0.0;
            floatAttribute(node, name, numberAttribute(p.attributes, key, fallback));
        } else if (value.find_first_of(".eE") != std::string::npos) {
            floatAttribute(node, name, std::stod(value));
        } else {
            intAttribute(node, name, std::stoll(value));
        }
    }

    static void floatAttribute(onnx::NodeProto& node, const std::string& name, double value) {
        onnx::AttributeProto* a = node.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::FLOAT);
        a->set_f(static_cast<float>(value));
    }

    static void intAttribute(onnx::NodeProto& node, const std::string& name, std::int64_t value) {
        onnx::AttributeProto* a = node.add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INT);
        a->set_i(value);
    }

    const ModelRoles& roles_;
    onnx::GraphProto& graph_;
    int constants_ = 0;
};

onnx::ModelProto buildModel(const GraphFile& file) {
    const ModelRoles roles = findModelRoles(file.graph);
    onnx::ModelProto model;
    model.set_ir_version(kIrVersion);
    model.set_producer_name("MiniFlow Studio");
    model.set_doc_string(file.description);
    onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpsetVersion);
    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name("miniflow");

    const PlannedNode& features = roles.node(roles.features);
    describeValue(*graph.add_input(), features.name,
                  features.shape.sampleDims.empty() ? std::vector<Index>{features.shape.cols}
                                                    : features.shape.sampleDims);
    for (const auto& [id, value] : currentParameters(file, roles.plan))
        addInitializer(graph, roles.node(roles.plan.indexOf(id)).name, value);
    OnnxWriter writer(roles, graph);
    for (size_t i = 0; i < roles.plan.nodes().size(); ++i) {
        const PlannedNode& p = roles.plan.nodes()[i];
        if (p.info->source == SourceKind::Constant)
            addInitializer(graph, p.name, constantValue(p.attributes));
        if (p.info->source != SourceKind::None || static_cast<int>(i) == roles.loss)
            continue;
        writer.addNode(static_cast<int>(i));
    }
    const PlannedNode& prediction = roles.node(roles.prediction);
    describeValue(*graph.add_output(), prediction.name, {prediction.shape.cols});
    return model;
}

} // namespace

void exportOnnx(const GraphFile& file, const std::string& path) {
    const onnx::ModelProto model = buildModel(file);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !model.SerializeToOstream(&out) || !out.flush())
        throw ExportError(
            path + ": cannot write the ONNX model (check the folder exists and is writable)");
}

} // namespace miniflow
