#include "onnxio/OnnxExport.h"

#include "export/ExportError.h"
#include "export/ModelRoles.h"
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

    void addNode(int index) {
        const PlannedNode& p = roles_.node(index);
        const std::string& kind = p.info->kind;
        if (kind == "Linear")
            add("Gemm", p, inputs(index));
        else if (kind == "MatMul")
            add("MatMul", p, inputs(index));
        else if (kind == "Add")
            add("Sum", p, inputs(index));
        else if (kind == "Mul")
            addProduct(p, inputs(index));
        else if (kind == "Sigmoid")
            add("Sigmoid", p, inputs(index));
        else if (kind == "ReLU")
            add("Relu", p, inputs(index));
        else if (kind == "Tanh")
            add("Tanh", p, inputs(index));
        else if (kind == "LeakyReLU")
            floatAttribute(add("LeakyRelu", p, inputs(index)), "alpha",
                           numberAttribute(p.attributes, "alpha", 0.01));
        else if (kind == "Softmax")
            intAttribute(add("Softmax", p, inputs(index)), "axis", 1);
        else if (kind == "Dropout")
            add("Identity", p, inputs(index));
        else if (kind == "Flatten")
            intAttribute(add("Flatten", p, inputs(index)), "axis", 1);
        else
            throw ExportError("node \"" + p.name + "\": ONNX export does not know the op " + kind);
    }

  private:
    std::vector<std::string> inputs(int index) const {
        std::vector<std::string> names;
        for (size_t port = 0; port < roles_.node(index).inputEdges.size(); ++port)
            names.push_back(roles_.producer(index, static_cast<int>(port)).name);
        return names;
    }

    onnx::NodeProto& add(const std::string& op, const PlannedNode& p,
                         const std::vector<std::string>& in, const std::string& output = {}) {
        onnx::NodeProto* node = graph_.add_node();
        node->set_op_type(op);
        node->set_name(output.empty() ? p.name : output);
        for (const std::string& name : in)
            node->add_input(name);
        node->add_output(output.empty() ? p.name : output);
        return *node;
    }

    /// ONNX Mul is binary: ((a * b) * c) ..., the last product named after the node.
    void addProduct(const PlannedNode& p, const std::vector<std::string>& in) {
        std::string left = in[0];
        for (size_t i = 1; i < in.size(); ++i) {
            const bool last = i + 1 == in.size();
            const std::string out = last ? p.name : p.name + "_product" + std::to_string(i);
            add("Mul", p, {left, in[i]}, last ? std::string() : out);
            left = out;
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
