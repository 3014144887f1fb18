#pragma once
#include "io/GraphFile.h"

#include <string>

namespace miniflow {

/// Writes `outDir` (created if missing; files of an earlier export are replaced):
///   model.py         the graph as an nn.Module, op for op (see TorchModelSource.h)
///   parameters/*.npy the current parameters (see currentParameters), one file per node
///   train.py         MiniFlow's data loading, split, normalization, batch order, optimizer,
///                    learning rate, batch size, epochs and seed; runs alone or under torchrun
///   dataset/*.npy    generated ("builtin") datasets only: the rows MiniFlow generates,
///                    before the split (other sources are read from their files by train.py)
/// `graphPath` is where `file` was read from: relative dataset paths resolve against its
/// folder. Throws ExportError, GraphError or DataError; nothing is written before the
/// graph has been translated.
void exportPyTorch(const GraphFile& file, const std::string& graphPath, const std::string& outDir);

} // namespace miniflow
