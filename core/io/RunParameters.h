#pragma once
/// A run's stored parameters (ID.best.params / ID.final.params beside its run file):
/// little-endian binary, "MFPARAMS" (8 bytes), uint32 version (1), uint32 count, then per
/// parameter int64 node id, int64 rows, int64 cols, rows*cols float32 in row-major order.
/// They restore like a graph file's "parameters" (restoreParameters, io/StoredParameters.h):
/// put them in GraphFile::parameters.
#include "graph/Graph.h"
#include "tensor/Tensor.h"

#include <map>
#include <string>

namespace miniflow {

/// Writes atomically (temporary file, then renamed). Throws std::runtime_error naming the file.
void writeRunParameters(const std::string& path, const std::map<NodeId, Tensor>& parameters);
/// Throws FormatError naming the file and byte offset on a short or malformed file.
std::map<NodeId, Tensor> readRunParameters(const std::string& path);

} // namespace miniflow
