#pragma once
/// Kernel banks as tiles, shared by the kernel view and the edge inspector (NOTE [Image
/// views], NOTE [Tile colours]).
#include "app/analysis/TileGrid.h"
#include "app/analysis/TileScale.h"
#include "inspect/ImageLayout.h"

#include <vector>

struct KernelTiles {
    /// One tile per (out, in) pair while there are at most this many; else one tile per
    /// out-channel, the mean over its in-channels.
    static constexpr miniflow::Index kMaxPairs = 256;

    std::vector<TileGrid::Tile> tiles;
    int columns = 0; ///< for TileGrid::setTiles (0: wrap)
    QStringList rowLabels, columnLabels;
    bool averaged = false; ///< one tile per out-channel, mean over in-channels
    TileScale scale;       ///< symmetric around 0, |limit| = max |W|

    /// `weights` is outChannels x (in x kH x kW) in PyTorch order (the conv contract).
    static KernelTiles make(const miniflow::Tensor& weights, const miniflow::KernelDims& dims);
};
