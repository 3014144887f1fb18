#pragma once
#include "data/Dataset.h"
#include "io/DatasetSpec.h"

#include <QImage>
#include <QString>
#include <string>
#include <vector>

/// What the dataset panel shows about a DatasetSpec, computed off the GUI thread by
/// loadDatasetPreview(): the sizes and names of the data exactly as training will see it
/// (loadTrainingData: split and normalized), the first rows of a CSV file and the first
/// images of an image set. Plain values (QImage is safe off the GUI thread).
struct DatasetPreview {
    static constexpr int kTableRows = 20;
    static constexpr int kImages = 10;

    miniflow::DatasetSpec spec; ///< what was loaded
    QString error;              ///< non-empty when loading failed (DataError and friends)
    miniflow::Index trainRows = 0, validationRows = 0, testRows = 0;
    miniflow::Index featureCount = 0; ///< F: columns fed to the features Input
    miniflow::Index targetCount = 0;  ///< T: columns fed to the labels Input
    int classes = 0;                  ///< 0 for regression
    double featureMagnitude = 0;      ///< largest |x| of the prepared training features
    std::vector<std::string> featureNames;
    std::string targetName;
    std::vector<std::string> classNames;
    std::vector<miniflow::Index> sampleDims;
    std::vector<std::string> csvColumns;      ///< csv: every column of the file
    std::vector<std::vector<double>> csvRows; ///< csv: the first kTableRows rows
    bool targetLooksCategorical = false;      ///< csv: whole numbers 0..19 only
    std::vector<QImage> images;               ///< image sets: the first kImages samples
    std::vector<QString> imageLabels;

    bool ok() const { return error.isEmpty(); }
    /// NOTE [Needs scaling]: loaded, not normalized, and features far beyond a unit range.
    bool needsScaling() const;
};

/// Loads `spec` (relative paths against `baseFolder`) and fills a preview; never throws:
/// problems come back in DatasetPreview::error. Runs for seconds on large sets: call it
/// off the GUI thread.
DatasetPreview loadDatasetPreview(const miniflow::DatasetSpec& spec, const std::string& baseFolder);

/// Row `row` of an image set (sampleDims {1 or 3, H, W}, NOTE [Image layout]; or {H, W}) as an
/// image, scaled to its own min..max (the data may be normalized).
QImage sampleImage(const miniflow::Dataset& data, miniflow::Index row);
