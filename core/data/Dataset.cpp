#include "data/Dataset.h"

#include "tensor/ParallelRanges.h"

#include <stdexcept>

namespace miniflow {

void gatherRows(const Tensor& source, const std::vector<Index>& rows, Tensor& destination) {
    for (const Index row : rows)
        if (row < 0 || row >= source.rows())
            throw std::out_of_range("gatherRows: row " + std::to_string(row) + " outside 0.." +
                                    std::to_string(source.rows() - 1));
    destination.resize(static_cast<Index>(rows.size()), source.cols());
    forRanges(destination.rows(), destination.cols(), [&](Index begin, Index end) {
        for (Index i = begin; i < end; ++i)
            destination.row(i) = source.row(rows[static_cast<size_t>(i)]);
    });
}

Dataset subset(const Dataset& data, const std::vector<Index>& rows) {
    Dataset out;
    gatherRows(data.features, rows, out.features);
    gatherRows(data.targets, rows, out.targets);
    out.classes = data.classes;
    out.featureNames = data.featureNames;
    out.targetName = data.targetName;
    out.sampleDims = data.sampleDims;
    out.classNames = data.classNames;
    return out;
}

} // namespace miniflow
