#pragma once
#include <QImage>
#include <QStringList>
#include <QWidget>

#include <vector>

/// Small images in a grid, drawn pixel for pixel (nearest neighbour, no smoothing) at the
/// largest whole zoom, up to kMaxZoom, that fits the widget's width. Row-major: tile i sits
/// in row i / columns, column i % columns. Optional labels name the rows (left) and columns
/// (top); otherwise each tile may carry a caption under it. The height follows the width
/// (heightForWidth), so the grid wraps into a scroll area without clipping.
class TileGrid : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMaxZoom = 8;
    static constexpr int kGap = 4;
    /// A tile is drawn at least this wide on screen when the width allows (zoom permitting).
    static constexpr int kPreferredTile = 64;

    struct Tile {
        QImage image;
        QString caption;
    };

    explicit TileGrid(QWidget* parent = nullptr);

    /// Shows `tiles` (all of one size) in `columns` columns; 0 chooses as many as fit.
    void setTiles(std::vector<Tile> tiles, int columns = 0, QStringList rowLabels = {},
                  QStringList columnLabels = {});
    void clear();

    int tileCount() const { return static_cast<int>(tiles_.size()); }
    const QImage& tile(int i) const { return tiles_[static_cast<size_t>(i)].image; }
    /// Columns in use at the current width.
    int columns() const;
    /// Zoom in use at the current width (screen pixels per tile pixel).
    int zoom() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

  private:
    struct Geometry {
        int columns = 1, rows = 0, zoom = 1, left = 0, top = 0, caption = 0;
    };
    Geometry geometryFor(int width) const;

    std::vector<Tile> tiles_;
    int fixedColumns_ = 0;
    QStringList rowLabels_, columnLabels_;
};
