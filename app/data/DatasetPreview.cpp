#include "app/data/DatasetPreview.h"

#include "data/CsvLoader.h"
#include "data/Normalization.h"
#include "io/DataSource.h"

#include <algorithm>
#include <cmath>

using miniflow::Dataset;
using miniflow::Index;

namespace {

void addCsvTable(DatasetPreview& preview, const std::string& baseFolder) {
    miniflow::CsvTable table =
        miniflow::readCsv(miniflow::resolveDataPath(preview.spec.path, baseFolder));
    preview.csvColumns = table.columns;
    const size_t shown = std::min<size_t>(table.rows.size(), DatasetPreview::kTableRows);
    preview.csvRows.assign(table.rows.begin(),
                           table.rows.begin() + static_cast<std::ptrdiff_t>(shown));
    const auto target =
        preview.spec.target.empty()
            ? table.columns.end() - 1
            : std::find(table.columns.begin(), table.columns.end(), preview.spec.target);
    if (target == table.columns.end())
        return;
    const size_t column = static_cast<size_t>(target - table.columns.begin());
    preview.targetLooksCategorical =
        std::all_of(table.rows.begin(), table.rows.end(), [column](const auto& row) {
            return row[column] >= 0 && row[column] < 20 && row[column] == std::floor(row[column]);
        });
}

void addImages(DatasetPreview& preview, const Dataset& train) {
    if (train.sampleDims.size() < 2)
        return;
    const Index count = std::min<Index>(train.size(), DatasetPreview::kImages);
    for (Index row = 0; row < count; ++row) {
        preview.images.push_back(sampleImage(train, row));
        const int label = static_cast<int>(train.targets(row, 0));
        const bool named = label >= 0 && static_cast<size_t>(label) < train.classNames.size();
        preview.imageLabels.push_back(
            named ? QString::fromStdString(train.classNames[static_cast<size_t>(label)])
                  : QString::number(label));
    }
}

} // namespace

bool DatasetPreview::needsScaling() const {
    return ok() && spec.normalization == "none" &&
           featureMagnitude > miniflow::kNeedsScalingMagnitude;
}

namespace {

void describe(DatasetPreview& preview, const miniflow::TrainingData& data) {
    const Dataset& train = data.train;
    preview.trainRows = train.size();
    preview.validationRows = data.validation.size();
    preview.testRows = data.test.size();
    preview.featureCount = train.features.cols();
    preview.targetCount = train.targets.cols();
    preview.classes = train.classes;
    preview.featureNames = train.featureNames;
    preview.targetName = train.targetName;
    preview.classNames = train.classNames;
    preview.sampleDims = train.sampleDims;
    preview.featureMagnitude = miniflow::largestMagnitude(train);
}

} // namespace

/// One sample as an image, each sample scaled to its own min..max (the data is normalized).
QImage sampleImage(const Dataset& data, Index row) {
    // {C, H, W} channel-major (NOTE [Image layout]); {H, W} is one channel.
    const bool planes = data.sampleDims.size() > 2;
    const Index channels = planes ? data.sampleDims[0] : 1;
    const Index height = data.sampleDims[planes ? 1 : 0], width = data.sampleDims[planes ? 2 : 1];
    const float* values = data.features.row(row).data(); // rows are contiguous (row-major)
    const auto [lowest, highest] = std::minmax_element(values, values + data.features.cols());
    const float low = *lowest, high = *highest;
    const float scale = high > low ? 255.0f / (high - low) : 0.0f;
    QImage image(static_cast<int>(width), static_cast<int>(height), QImage::Format_RGB32);
    for (Index y = 0; y < height; ++y)
        for (Index x = 0; x < width; ++x) {
            int rgb[3];
            for (int c = 0; c < 3; ++c) {
                const Index channel = channels == 3 ? c : 0;
                rgb[c] =
                    static_cast<int>((values[(channel * height + y) * width + x] - low) * scale);
            }
            image.setPixel(static_cast<int>(x), static_cast<int>(y), qRgb(rgb[0], rgb[1], rgb[2]));
        }
    return image;
}

DatasetPreview loadDatasetPreview(const miniflow::DatasetSpec& spec,
                                  const std::string& baseFolder) {
    DatasetPreview preview;
    preview.spec = spec;
    try {
        if (spec.source == "csv")
            addCsvTable(preview, baseFolder);
        const miniflow::TrainingData data = miniflow::loadTrainingData(spec, baseFolder);
        describe(preview, data);
        addImages(preview, data.train);
    } catch (const std::exception& e) {
        preview.error = QString::fromStdString(e.what());
    }
    return preview;
}
