#include "app/editor/CanvasImage.h"

#include "app/editor/EdgeItem.h"
#include "app/editor/GradientLegend.h"
#include "app/editor/GraphScene.h"

#include <QGraphicsItem>
#include <QPainter>

#include <algorithm>

namespace {

QRectF graphArea(const GraphScene* scene) {
    QRectF area = scene->itemsBoundingRect();
    if (area.isEmpty())
        area = QRectF(0, 0, 200, 120);
    return area.adjusted(-CanvasImage::kMargin, -CanvasImage::kMargin, CanvasImage::kMargin,
                         CanvasImage::kMargin);
}

int legendHeight() {
    GradientLegend legend;
    return legend.sizeHint().height() + 8;
}

/// Every edge drawn plain while it lives (pictures without the live colours).
class PlainEdges {
  public:
    PlainEdges(GraphScene* scene, bool plain) {
        if (!plain)
            return;
        for (QGraphicsItem* item : scene->items())
            if (auto* edge = qgraphicsitem_cast<EdgeItem*>(item)) {
                edge->setPlainLook(true);
                edges_.push_back(edge);
            }
    }
    ~PlainEdges() {
        for (EdgeItem* edge : edges_)
            edge->setPlainLook(false);
    }
    PlainEdges(const PlainEdges&) = delete;
    PlainEdges& operator=(const PlainEdges&) = delete;

  private:
    std::vector<EdgeItem*> edges_;
};

} // namespace

QSize CanvasImage::naturalSize(const GraphScene* scene, bool liveColours) {
    const QSize graph = graphArea(scene).size().toSize();
    return {std::max(graph.width(), 320), graph.height() + (liveColours ? legendHeight() : 0)};
}

QString CanvasImage::write(GraphScene* scene, const ImageExportOptions& options) {
    const QRectF source = graphArea(scene);
    const PlainEdges plain(scene, !options.liveColours);
    return writePaintedImage(
        [&](QPainter& painter, const QSize& size) {
            painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
            const int legend = options.liveColours ? legendHeight() : 0;
            const QRectF target(0, 0, size.width(), std::max(1, size.height() - legend));
            scene->render(&painter, target, source, Qt::KeepAspectRatio);
            if (legend == 0)
                return;
            GradientLegend key;
            key.setScale(scene->gradientScale());
            key.resize(std::min(size.width() - 2 * kMargin, 560), legend - 8);
            painter.save();
            painter.translate(kMargin, size.height() - legend + 4);
            key.render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
            painter.restore();
        },
        options);
}
