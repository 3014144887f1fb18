#pragma once
#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

/// One thing the user can add to a graph: a registered op kind, or the "Dense layer" or
/// "Conv layer" macro (kDenseLayer, kConvLayer), which InsertDenseLayerCommand and
/// InsertConvLayerCommand expand into three nodes.
struct CatalogEntry {
    QString kind;     ///< op kind, or OpCatalog::kDenseLayer / kConvLayer
    QString label;    ///< what menus show
    QString category; ///< OpInfo::category
    QString summary;  ///< tooltip
    bool hasInputs = true;
};

/// The palette's and the add-node menu's shared list, grouped by OpInfo::category in the
/// registry's order, "Dense layer" and "Conv layer" first in "Layers".
class OpCatalog {
  public:
    static constexpr const char* kDenseLayer = "DenseLayer";
    static constexpr const char* kConvLayer = "ConvLayer";
    /// A layer macro (kDenseLayer, kConvLayer): wired after the node it is dropped on.
    static bool isLayerMacro(const QString& kind);
    /// The drag-and-drop format carrying one kind (UTF-8) from the palette to the canvas.
    static constexpr const char* kMimeType = "application/x-miniflow-op";

    static const std::vector<CatalogEntry>& entries();
    static QStringList categories();
    static const CatalogEntry* find(const QString& kind);
    /// The colour nodes of `category` are drawn in.
    static QColor categoryColour(const QString& category);
};
