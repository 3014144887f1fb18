#pragma once
#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

/// One thing the user can add to a graph: a registered op kind, or a layer macro: "Dense
/// layer" (kDenseLayer, InsertDenseLayerCommand: Linear, W, b), "Conv layer" (kConvLayer,
/// InsertConvLayerCommand: Conv2D, W, b) or "BatchNorm layer" (kBatchNormLayer,
/// InsertBatchNormLayerCommand: BatchNorm and its four Parameters).
struct CatalogEntry {
    QString kind;     ///< op kind, or a macro (OpCatalog::isMacro)
    QString label;    ///< what menus show
    QString category; ///< OpInfo::category
    QString summary;  ///< tooltip
    bool hasInputs = true;
};

/// The palette's and the add-node menu's shared list, grouped by OpInfo::category in the
/// registry's order, the layer macros first in "Layers".
class OpCatalog {
  public:
    static constexpr const char* kDenseLayer = "DenseLayer";
    static constexpr const char* kConvLayer = "ConvLayer";
    static constexpr const char* kBatchNormLayer = "BatchNormLayer";
    /// A layer macro: it expands into several nodes and wires after the selected node.
    static bool isMacro(const QString& kind);
    /// The drag-and-drop format carrying one kind (UTF-8) from the palette to the canvas.
    static constexpr const char* kMimeType = "application/x-miniflow-op";

    static const std::vector<CatalogEntry>& entries();
    static QStringList categories();
    static const CatalogEntry* find(const QString& kind);
    /// The colour nodes of `category` are drawn in.
    static QColor categoryColour(const QString& category);
};
