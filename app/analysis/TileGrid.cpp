#include "app/analysis/TileGrid.h"

#include <QPainter>
#include <algorithm>

TileGrid::TileGrid(QWidget* parent) : QWidget(parent) {
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void TileGrid::setTiles(std::vector<Tile> tiles, int columns, QStringList rowLabels,
                        QStringList columnLabels) {
    tiles_ = std::move(tiles);
    fixedColumns_ = columns;
    rowLabels_ = std::move(rowLabels);
    columnLabels_ = std::move(columnLabels);
    updateGeometry();
    update();
}

void TileGrid::clear() {
    setTiles({});
}

TileGrid::Geometry TileGrid::geometryFor(int width) const {
    Geometry g;
    if (tiles_.empty())
        return g;
    const QFontMetrics metrics = fontMetrics();
    for (const QString& label : rowLabels_)
        g.left = std::max(g.left, metrics.horizontalAdvance(label) + kGap);
    g.top = columnLabels_.isEmpty() ? 0 : metrics.height();
    const bool captions = std::any_of(tiles_.begin(), tiles_.end(),
                                      [](const Tile& t) { return !t.caption.isEmpty(); });
    g.caption = captions ? metrics.height() : 0;
    const QSize tile = tiles_.front().image.size();
    const int room = std::max(1, width - g.left);
    const int count = static_cast<int>(tiles_.size());
    const int preferredZoom = std::clamp(kPreferredTile / std::max(1, tile.width()), 1, kMaxZoom);
    if (fixedColumns_ > 0) {
        g.columns = std::min(fixedColumns_, count);
        g.zoom =
            std::clamp((room / g.columns - kGap) / std::max(1, tile.width()), 1, preferredZoom);
    } else {
        g.zoom = preferredZoom;
        // Too few fit at the preferred zoom: shrink the zoom before dropping columns.
        g.columns = std::min(count, std::max(1, (room + kGap) / (tile.width() * g.zoom + kGap)));
        while (g.zoom > 1 && g.columns < std::min(count, 4)) {
            --g.zoom;
            g.columns =
                std::min(count, std::max(1, (room + kGap) / (tile.width() * g.zoom + kGap)));
        }
    }
    g.rows = (count + g.columns - 1) / g.columns;
    return g;
}

int TileGrid::columns() const {
    return geometryFor(width()).columns;
}

int TileGrid::zoom() const {
    return geometryFor(width()).zoom;
}

int TileGrid::heightForWidth(int width) const {
    if (tiles_.empty())
        return 0;
    const Geometry g = geometryFor(width);
    const int cell = tiles_.front().image.height() * g.zoom + g.caption + kGap;
    return g.top + g.rows * cell;
}

QSize TileGrid::sizeHint() const {
    const int width = std::max(200, this->width());
    return {width, heightForWidth(width)};
}

QSize TileGrid::minimumSizeHint() const {
    return {64, tiles_.empty() ? 0 : heightForWidth(std::max(64, width()))};
}

void TileGrid::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateGeometry(); // the height follows the width
}

void TileGrid::paintEvent(QPaintEvent*) {
    if (tiles_.empty())
        return;
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const Geometry g = geometryFor(width());
    const QSize tile = tiles_.front().image.size() * g.zoom;
    const int cellW = tile.width() + kGap, cellH = tile.height() + g.caption + kGap;
    painter.setPen(palette().color(QPalette::WindowText));
    for (int c = 0; c < columnLabels_.size() && c < g.columns; ++c)
        painter.drawText(QRect(g.left + c * cellW, 0, cellW, g.top), Qt::AlignLeft,
                         columnLabels_[c]);
    for (int r = 0; r < rowLabels_.size() && r < g.rows; ++r)
        painter.drawText(QRect(0, g.top + r * cellH, g.left, tile.height()), Qt::AlignVCenter,
                         rowLabels_[r]);
    for (size_t i = 0; i < tiles_.size(); ++i) {
        const int r = static_cast<int>(i) / g.columns, c = static_cast<int>(i) % g.columns;
        const QRect target(g.left + c * cellW, g.top + r * cellH, tile.width(), tile.height());
        painter.drawImage(target, tiles_[i].image);
        if (g.caption > 0)
            painter.drawText(QRect(target.left(), target.bottom() + 1, cellW, g.caption),
                             Qt::AlignLeft, tiles_[i].caption);
    }
}
