#include "onnxio/OnnxReading.h"

#include "export/ExportError.h"
#include "onnxio/OnnxImportRules.h"

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

/// A float tensor of rank 0..2 as a matrix; rank 1 becomes one row (a bias).
Tensor matrixFrom(const onnx::TensorProto& t, const std::string& path) {
    if (t.data_type() != onnx::TensorProto::FLOAT)
        throw ExportError(path + ": tensor \"" + t.name() +
                          "\" is not float32 (MiniFlow imports float32 weights)");
    if (t.dims_size() > 2)
        throw ExportError(path + ": tensor \"" + t.name() + "\" has " +
                          std::to_string(t.dims_size()) +
                          " dimensions; MiniFlow parameters are matrices");
    const Index rows = t.dims_size() == 2 ? t.dims(0) : 1;
    const Index cols = t.dims_size() == 2 ? t.dims(1) : t.dims_size() == 1 ? t.dims(0) : 1;
    Tensor m(rows, cols);
    const size_t bytes = sizeof(float) * static_cast<size_t>(m.size());
    if (t.has_raw_data() && t.raw_data().size() == bytes)
        std::memcpy(m.data(), t.raw_data().data(), bytes);
    else if (t.float_data_size() == m.size())
        std::copy(t.float_data().begin(), t.float_data().end(), m.data());
    else
        throw ExportError(path + ": tensor \"" + t.name() +
                          "\" holds no data of its declared size (external data is not supported)");
    return m;
}

const onnx::AttributeProto* findAttribute(const onnx::NodeProto& node, const std::string& name) {
    for (const onnx::AttributeProto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

} // namespace miniflow
