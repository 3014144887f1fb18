#pragma once
#include "app/plot/ImageExport.h"

class GraphScene;

/// The canvas as a picture (NOTE [Image exports]): every node and edge with a margin, fitted
/// into options.size keeping the proportions. With options.liveColours the edges keep their
/// gradient colours and widths and the gradient legend is drawn under the graph; without,
/// every edge is drawn plain and there is no legend.
class CanvasImage {
  public:
    static constexpr int kMargin = 24;

    /// The picture's size at 100 % zoom (graph plus margins, plus the legend's strip).
    static QSize naturalSize(const GraphScene* scene, bool liveColours);
    /// Writes the picture; an empty string on success, else the reason.
    static QString write(GraphScene* scene, const ImageExportOptions& options);
};
