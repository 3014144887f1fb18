#include "app/analysis/KernelTiles.h"

#include <QObject>

using miniflow::Index;

KernelTiles KernelTiles::make(const miniflow::Tensor& weights, const miniflow::KernelDims& dims) {
    KernelTiles out;
    if (weights.rows() != dims.outChannels || weights.cols() != dims.filterSize())
        return out;
    out.scale = TileScale::fitting(weights.data(), weights.size());
    out.scale.kind = TileScale::Kind::Diverging; // weights are signed: one symmetric scale
    const Index area = dims.height * dims.width;
    out.averaged = dims.outChannels * dims.inChannels > kMaxPairs;
    if (out.averaged || dims.inChannels == 1) {
        // Mean over the in-channels (the filter itself for one in-channel), scaled to the
        // means' own largest magnitude.
        miniflow::Tensor mean = miniflow::Tensor::Zero(dims.outChannels, area);
        for (Index i = 0; i < dims.inChannels; ++i)
            mean += weights.middleCols(i * area, area) / static_cast<float>(dims.inChannels);
        out.scale = TileScale::fitting(mean.data(), mean.size());
        out.scale.kind = TileScale::Kind::Diverging;
        for (Index o = 0; o < dims.outChannels; ++o)
            out.tiles.push_back({tileImage(mean.row(o).data(), dims.height, dims.width, out.scale),
                                 QString::number(o)});
        return out;
    }
    out.columns = static_cast<int>(dims.inChannels);
    for (Index i = 0; i < dims.inChannels; ++i)
        out.columnLabels << QObject::tr("in %1").arg(i);
    for (Index o = 0; o < dims.outChannels; ++o) {
        out.rowLabels << QObject::tr("out %1").arg(o);
        for (Index i = 0; i < dims.inChannels; ++i)
            out.tiles.push_back(
                {tileImage(weights.row(o).data() + i * area, dims.height, dims.width, out.scale),
                 QString()});
    }
    return out;
}
