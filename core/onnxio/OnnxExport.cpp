#include "onnxio/OnnxExport.h"

#include "export/ExportError.h"
#include "export/ExportTemplate.h"
#include "export/ModelRoles.h"
#include "onnxio/OnnxRecipe.h"
#include "ops/SourceOps.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <set>

namespace miniflow {

namespace {

constexpr int kOpsetVersion = 13;
constexpr int kIrVersion = 7;

/// A float initializer of `value`'s data, shaped `dims` (default rows x cols).
void addInitializer(onnx::GraphProto& graph, const std::string& name, const Tensor& value,
                    std::vector<Index> dims = {}) {
    onnx::TensorProto* t = graph.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    if (dims.empty())
        dims = {value.rows(), value.cols()};
    for (Index d : dims)
        t->add_dims(d);
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

/// True for a value with per-sample dims (an image C x H x W; NCHW in ONNX).
bool isImage(const Shape& shape) {
    return shape.sampleDims.size() >= 2;
}

/// Translates the plan's computing nodes one by one. ONNX values are N x C x H x W where
/// MiniFlow's rows hold images and the op works on images (OnnxForm::keepsImages, or an
/// elementwise op on such a value), N x F otherwise: a Flatten or Reshape goes between.
class OnnxWriter {
  public:
    explicit OnnxWriter(const ModelRoles& roles, onnx::GraphProto& graph)
        : roles_(roles), graph_(graph) {}

    /// Records that the value of `node` is 4-D in ONNX (the features of an image input).
    void markImage(const PlannedNode& node) { image_.insert(node.name); }
    bool isImageValue(const std::string& name) const { return image_.count(name) > 0; }

    /// The node's OnnxForm::recipe, step by step (NOTE [Export templates]).
    void addNode(int index) {
        const PlannedNode& p = roles_.node(index);
        if (p.info->traits.onnx.recipe.empty())
            throw ExportError("node \"" + p.name + "\": ONNX export does not know the op " +
                              p.info->kind);
        const std::vector<OnnxStep> steps =
            parseRecipe(expandTemplate(p.info->traits.onnx.recipe, templateContext(roles_, index)));
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
                else if (isListArg(arg))
                    args.push_back(intList(p, arg));
                else
                    args.push_back(in.at(static_cast<size_t>(inputPortOf(arg))));
            }
            const std::string out = last ? p.name : p.name + "_" + step.op + std::to_string(s + 1);
            onnx::NodeProto& node = isBinary(step.op) && args.size() > 2
                                        ? addChain(step.op, p, args, out)
                                        : add(step.op, p, args, out);
            for (const OnnxAttribute& a : step.attributes)
                setAttribute(node, p, a.name, a.value);
            previous = out;
        }
        if (keepsImages(p) ? isImage(p.shape)
                           : !in.empty() && std::all_of(in.begin(), in.end(), [&](auto& name) {
                                 return isImageValue(name);
                             }))
            image_.insert(p.name);
    }

  private:
    static bool keepsImages(const PlannedNode& p) { return p.info->traits.onnx.keepsImages; }

    /// The ONNX values of the node's inputs, adapted to the op: images flattened for an op
    /// on rows, image rows reshaped to N x C x H x W for an op on images.
    std::vector<std::string> inputs(int index) {
        const PlannedNode& p = roles_.node(index);
        std::vector<std::string> names;
        for (size_t port = 0; port < p.inputEdges.size(); ++port) {
            const PlannedNode& from = roles_.producer(index, static_cast<int>(port));
            std::string name = from.name;
            const bool wantImage = keepsImages(p) && isImage(from.shape);
            if (p.info->traits.elementwise || !from.shape.isBatched()) {
            } else if (wantImage && !isImageValue(name)) {
                name = from.name + "_image";
                if (adapted_.insert(name).second) {
                    const std::string shape =
                        intList(from, "[N, " + joinDims(from.shape.sampleDims) + "]");
                    add("Reshape", from, {from.name, shape}, name);
                    image_.insert(name);
                }
            } else if (!wantImage && isImageValue(name)) {
                name = from.name + "_rows";
                if (adapted_.insert(name).second)
                    intAttribute(add("Flatten", from, {from.name}, name), "axis", 1);
            }
            names.push_back(name);
        }
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

    /// An int64 initializer of the list argument "[N, $shape:dims]" (N: the batch, -1).
    std::string intList(const PlannedNode& p, const std::string& arg) {
        const std::vector<std::int64_t> values = listValues(p, arg);
        const std::string name = p.name + "_shape" + std::to_string(++constants_);
        onnx::TensorProto* t = graph_.add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::INT64);
        t->add_dims(static_cast<std::int64_t>(values.size()));
        for (std::int64_t v : values)
            t->add_int64_data(v);
        return name;
    }

    /// The node's number attribute `key` (its default when absent).
    static double attributeValue(const PlannedNode& p, const std::string& key) {
        const nlohmann::json& defaults = p.info->defaultAttributes;
        const double fallback =
            defaults.contains(key) && defaults[key].is_number() ? defaults[key].get<double>() : 0.0;
        return numberAttribute(p.attributes, key, fallback);
    }

    /// An integer expression item "(...)" of a list: + - * / (rounding down) and parentheses
    /// over integers and $name attributes ('same' pads: "($dilationH*($kernelH-1))/2").
    static std::int64_t evaluate(const PlannedNode& p, const std::string& text, size_t& at) {
        std::int64_t value = term(p, text, at);
        while (at < text.size() && (text[at] == '+' || text[at] == '-')) {
            const char op = text[at++];
            const std::int64_t right = term(p, text, at);
            value = op == '+' ? value + right : value - right;
        }
        return value;
    }
    static std::int64_t term(const PlannedNode& p, const std::string& text, size_t& at) {
        std::int64_t value = factor(p, text, at);
        while (at < text.size() && (text[at] == '*' || text[at] == '/')) {
            const char op = text[at++];
            const std::int64_t right = factor(p, text, at);
            if (op == '/' && right == 0)
                throw ExportError("export recipe expression \"" + text + "\" divides by zero");
            value =
                op == '*' ? value * right : (value - (((value % right) + right) % right)) / right;
        }
        return value;
    }
    static std::int64_t factor(const PlannedNode& p, const std::string& text, size_t& at) {
        while (at < text.size() && text[at] == ' ')
            ++at;
        std::int64_t value = 0;
        if (at < text.size() && text[at] == '(') {
            value = evaluate(p, text, ++at);
            if (at >= text.size() || text[at] != ')')
                throw ExportError("export recipe expression \"" + text + "\" misses a ')'");
            ++at;
        } else if (at < text.size() && text[at] == '$') {
            const size_t end = text.find_first_of("+-*/() ", at + 1);
            const std::string key = text.substr(at + 1, end - at - 1);
            value = static_cast<std::int64_t>(attributeValue(p, key));
            at = end == std::string::npos ? text.size() : end;
        } else {
            const size_t end = text.find_first_not_of("0123456789", at);
            if (end == at)
                throw ExportError("export recipe expression \"" + text + "\" has no number at " +
                                  std::to_string(at));
            value = std::stoll(text.substr(at, end - at));
            at = end == std::string::npos ? text.size() : end;
        }
        while (at < text.size() && text[at] == ' ')
            ++at;
        return value;
    }

    /// "[N, $padH, 2, $shape:dims]" as ints (N: -1; a dims string "1x28x28": 1, 28, 28).
    static std::vector<std::int64_t> listValues(const PlannedNode& p, const std::string& list) {
        std::vector<std::int64_t> values;
        for (const std::string& item : splitOutside(list.substr(1, list.size() - 2), ',')) {
            if (item == "N") {
                values.push_back(-1);
            } else if (item.front() == '(') {
                size_t at = 0;
                values.push_back(evaluate(p, item, at));
            } else if (item.size() > 6 && item.front() == '$' &&
                       item.compare(item.size() - 5, 5, ":dims") == 0) {
                const std::string dims =
                    stringAttribute(p.attributes, item.substr(1, item.size() - 6), "");
                for (const std::string& d : splitOutside(dims, 'x'))
                    values.push_back(std::stoll(d));
            } else if (!item.empty() && item.front() == '$') {
                const size_t colon = item.find(':');
                values.push_back(static_cast<std::int64_t>(attributeValue(
                    p, item.substr(1, colon == std::string::npos ? colon : colon - 1))));
            } else {
                values.push_back(std::stoll(item));
            }
        }
        return values;
    }

    /// 'text': a string; [..]: ints; $name: the node's number attribute as a float
    /// ($name:int an int, $name:oneminus 1 - it); otherwise an int, or a float when the
    /// literal has a point or an exponent (NOTE [Export templates]).
    static void setAttribute(onnx::NodeProto& node, const PlannedNode& p, const std::string& name,
                             const std::string& value) {
        if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
            onnx::AttributeProto* a = node.add_attribute();
            a->set_name(name);
            a->set_type(onnx::AttributeProto::STRING);
            a->set_s(value.substr(1, value.size() - 2));
        } else if (isListArg(value)) {
            onnx::AttributeProto* a = node.add_attribute();
            a->set_name(name);
            a->set_type(onnx::AttributeProto::INTS);
            for (std::int64_t v : listValues(p, value))
                a->add_ints(v);
        } else if (!value.empty() && value.front() == '$') {
            const size_t colon = value.find(':');
            const std::string key = value.substr(1, colon == std::string::npos ? colon : colon - 1);
            const std::string form = colon == std::string::npos ? "" : value.substr(colon + 1);
            const double v = attributeValue(p, key);
            if (form == "int")
                intAttribute(node, name, static_cast<std::int64_t>(v));
            else
                floatAttribute(node, name, form == "oneminus" ? 1.0 - v : v);
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
    std::set<std::string> image_;   ///< ONNX values that are N x C x H x W
    std::set<std::string> adapted_; ///< Reshape / Flatten outputs written for inputs
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
        addInitializer(graph, roles.node(roles.plan.indexOf(id)).name, value,
                       exportedDims(roles, roles.plan.indexOf(id)));
    OnnxWriter writer(roles, graph);
    if (isImage(features.shape))
        writer.markImage(features);
    for (size_t i = 0; i < roles.plan.nodes().size(); ++i) {
        const PlannedNode& p = roles.plan.nodes()[i];
        if (p.info->source == SourceKind::Constant)
            addInitializer(graph, p.name, constantValue(p.attributes));
        if (p.info->source != SourceKind::None || static_cast<int>(i) == roles.loss)
            continue;
        writer.addNode(static_cast<int>(i));
    }
    const PlannedNode& prediction = roles.node(roles.prediction);
    describeValue(*graph.add_output(), prediction.name,
                  writer.isImageValue(prediction.name) ? prediction.shape.sampleDims
                                                       : std::vector<Index>{prediction.shape.cols});
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
