#include "data/Dataset.h"

#include <stdexcept>

namespace miniflow {

void gatherRows(const Tensor& source, const std::vector<Index>& rows, Tensor& destination) {
    destination.resize(static_cast<Index>(rows.size()), source.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i] < 0 || rows[i] >= source.rows())
            throw std::out_of_range("gatherRows: row " + std::to_string(rows[i]) + " outside 0.." +
                                    std::to_string(source.rows() - 1));
        destination.row(static_cast<Index>(i)) = source.row(rows[i]);
    }
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
