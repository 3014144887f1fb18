#include "onnxio/OnnxReading.h"

#include "export/ExportError.h"
#include "onnxio/OnnxImportRules.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace miniflow {

onnx::ModelProto readModel(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ExportError(path + ": cannot open the file");
    onnx::ModelProto model;
    if (!model.ParseFromIstream(&in))
        throw ExportError(path +
                          ": not an ONNX model (the protobuf does not parse as onnx.ModelProto)");
    for (const onnx::NodeProto& node : model.graph().node())
        if (node.output_size() < 1 || node.output(0).empty())
            throw ExportError(path + ": " + node.op_type() + " node \"" + node.name() +
                              "\" has no output; the file is damaged or not a model graph");
    return model;
}

/// Every op type outside importableOnnxOps() with its node count, or nothing.
void rejectUnsupported(const onnx::GraphProto& graph, const std::string& path) {
    const std::set<std::string> supportedOps = importableOnnxOps();
    std::map<std::string, int> unsupported;
    for (const onnx::NodeProto& node : graph.node())
        if (!supportedOps.count(node.op_type()))
            ++unsupported[node.op_type()];
    if (unsupported.empty())
        return;
    std::string list;
    for (const auto& [op, count] : unsupported)
        list += (list.empty() ? "" : ", ") + op + " (" + std::to_string(count) +
                (count == 1 ? " node)" : " nodes)");
    std::string supported;
    for (const std::string& op : supportedOps)
        supported += (supported.empty() ? "" : ", ") + op;
    throw ExportError(path + ": MiniFlow cannot import these ONNX ops: " + list +
                      ". Supported: " + supported + ".");
}

Tensor matrixFrom(const onnx::TensorProto& t, const std::string& path) {
    if (t.data_type() != onnx::TensorProto::FLOAT)
        throw ExportError(path + ": tensor \"" + t.name() +
                          "\" is not float32 (MiniFlow imports float32 weights)");
    // The declared size is checked against the data before anything is allocated: an
    // untrusted file may declare any dimensions (NOTE [Memory budget]).
    std::uint64_t count = 1;
    for (const std::int64_t d : t.dims()) {
        if (d < 0 || (d > 0 && count > (std::uint64_t{1} << 40) / static_cast<std::uint64_t>(d)))
            throw ExportError(path + ": tensor \"" + t.name() + "\" declares dimension " +
                              std::to_string(d) + ", which no float32 tensor in a file can have");
        count *= static_cast<std::uint64_t>(d);
    }
    const std::uint64_t bytes = sizeof(float) * count;
    const bool raw = t.has_raw_data() && t.raw_data().size() == bytes;
    if (!raw && static_cast<std::uint64_t>(t.float_data_size()) != count)
        throw ExportError(path + ": tensor \"" + t.name() +
                          "\" holds no data of its declared size (external data is not supported)");
    const Index rows = t.dims_size() >= 2 ? static_cast<Index>(t.dims(0)) : 1;
    const Index cols = rows > 0 ? static_cast<Index>(count) / rows : 0;
    Tensor m(rows, cols);
    if (raw)
        std::memcpy(m.data(), t.raw_data().data(), static_cast<size_t>(bytes));
    else
        std::copy(t.float_data().begin(), t.float_data().end(), m.data());
    return m;
}

std::vector<std::int64_t> intsFrom(const onnx::TensorProto& t, const std::string& path) {
    std::uint64_t count = 1;
    for (const std::int64_t d : t.dims())
        count = d < 0 || d > 64 ? 65 : count * static_cast<std::uint64_t>(d);
    if (count > 64)
        throw ExportError(path + ": int64 tensor \"" + t.name() +
                          "\" is not a short list (MiniFlow reads int64 tensors as shapes)");
    std::vector<std::int64_t> values;
    if (t.has_raw_data() && t.raw_data().size() == 8 * count) {
        values.resize(static_cast<size_t>(count));
        std::memcpy(values.data(), t.raw_data().data(), t.raw_data().size());
    } else if (static_cast<std::uint64_t>(t.int64_data_size()) == count) {
        values.assign(t.int64_data().begin(), t.int64_data().end());
    } else {
        throw ExportError(path + ": tensor \"" + t.name() +
                          "\" holds no data of its declared size (external data is not supported)");
    }
    return values;
}

const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name) {
    for (const onnx::AttributeProto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

} // namespace miniflow
