#pragma once
#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

/// One thing the user can add to a graph: a registered op kind, or the "Dense layer"
/// macro (kDenseLayer), which InsertDenseLayerCommand expands into three nodes.
struct CatalogEntry {
    QString kind;     ///< op kind, or OpCatalog::kDenseLayer
    QString label;    ///< what menus show
    QString category; ///< OpInfo::category
    QString summary;  ///< tooltip
    bool hasInputs = true;
};

/// The palette's and the add-node menu's shared list, grouped by OpInfo::category in the
/// registry's order, "Dense layer" first in "Layers".
class OpCatalog {
  public:
    static constexpr const char* kDenseLayer = "DenseLayer";
    /// The drag-and-drop format carrying one kind (UTF-8) from the palette to the canvas.
    static constexpr const char* kMimeType = "application/x-miniflow-op";

    static const std::vector<CatalogEntry>& entries();
    static QStringList categories();
    static const CatalogEntry* find(const QString& kind);
    /// The colour nodes of `category` are drawn in.
    static QColor categoryColour(const QString& category);
};
