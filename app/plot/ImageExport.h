#pragma once
/// NOTE [Image exports]
/// Plots and the canvas leave the studio as PNG, SVG or PDF (the format follows the file's
/// suffix) at a chosen size and resolution. `size` is the picture in logical pixels (1/96
/// inch, what the screen shows at 100 %); `dpi` sets the PNG's pixel density (its pixels are
/// size x dpi/96, and the file records the dpi) and the SVG's resolution. PDF and SVG are
/// vector pictures of the same size (a PDF page of size points). QCustomPlot plots are
/// drawn by QCustomPlot itself (savePng / savePdf, toPainter into Qt's QSvgGenerator), other
/// pictures through a painter callback.
#include <QSize>
#include <QString>

#include <functional>

class QCustomPlot;
class QPainter;

struct ImageExportOptions {
    QString path;
    QSize size{800, 500};
    int dpi = 96;
    bool liveColours = true; ///< the canvas: gradient colours on the edges and their legend
};

enum class ImageFormat { Png, Svg, Pdf, Unknown };

/// From the path's suffix (case-insensitive).
ImageFormat imageFormatOf(const QString& path);

/// Writes `plot` to options.path; an empty string on success, else a sentence saying what
/// failed and where.
QString writePlotImage(QCustomPlot* plot, const ImageExportOptions& options);

/// Writes what `draw` paints into a size-sized area to options.path (white background for
/// PNG); an empty string on success, else the reason.
QString writePaintedImage(const std::function<void(QPainter& painter, const QSize& size)>& draw,
                          const ImageExportOptions& options);
