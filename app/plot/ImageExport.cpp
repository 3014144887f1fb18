#include "app/plot/ImageExport.h"

#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include <cmath>

namespace {

constexpr double kScreenDpi = 96.0;

QString checkOptions(const ImageExportOptions& o) {
    if (o.path.isEmpty())
        return QObject::tr("no file name given");
    if (imageFormatOf(o.path) == ImageFormat::Unknown)
        return QObject::tr("%1: unknown picture format (use a .png, .svg or .pdf name)")
            .arg(o.path);
    if (o.size.width() < 16 || o.size.height() < 16 || o.size.width() > 20000 ||
        o.size.height() > 20000)
        return QObject::tr("a size of %1 x %2 is outside 16..20000 pixels per side")
            .arg(o.size.width())
            .arg(o.size.height());
    if (o.dpi < 24 || o.dpi > 1200)
        return QObject::tr("a resolution of %1 dpi is outside 24..1200").arg(o.dpi);
    return {};
}

QString written(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists() || info.size() == 0)
        return QObject::tr("%1 could not be written (check the folder exists and is writable)")
            .arg(path);
    return {};
}

void describe(QSvgGenerator& svg, const ImageExportOptions& o) {
    svg.setFileName(o.path);
    svg.setSize(o.size);
    svg.setViewBox(QRect(QPoint(0, 0), o.size));
    svg.setResolution(o.dpi);
    svg.setTitle(QFileInfo(o.path).completeBaseName());
    svg.setDescription(QObject::tr("Exported from MiniFlow Studio"));
}

} // namespace

ImageFormat imageFormatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png")
        return ImageFormat::Png;
    if (suffix == "svg")
        return ImageFormat::Svg;
    if (suffix == "pdf")
        return ImageFormat::Pdf;
    return ImageFormat::Unknown;
}

QString writePlotImage(QCustomPlot* plot, const ImageExportOptions& o) {
    if (QString problem = checkOptions(o); !problem.isEmpty())
        return problem;
    const int w = o.size.width(), h = o.size.height();
    switch (imageFormatOf(o.path)) {
    case ImageFormat::Png:
        if (!plot->savePng(o.path, w, h, o.dpi / kScreenDpi, -1, o.dpi, QCP::ruDotsPerInch))
            return QObject::tr("%1 could not be written").arg(o.path);
        break;
    case ImageFormat::Pdf:
        if (!plot->savePdf(o.path, w, h, QCP::epNoCosmetic))
            return QObject::tr("%1 could not be written").arg(o.path);
        break;
    case ImageFormat::Svg: {
        QSvgGenerator svg;
        describe(svg, o);
        QCPPainter painter;
        if (!painter.begin(&svg))
            return QObject::tr("%1 could not be written").arg(o.path);
        plot->toPainter(&painter, w, h);
        painter.end();
        break;
    }
    case ImageFormat::Unknown:
        break;
    }
    return written(o.path);
}

QString writePaintedImage(const std::function<void(QPainter&, const QSize&)>& draw,
                          const ImageExportOptions& o) {
    if (QString problem = checkOptions(o); !problem.isEmpty())
        return problem;
    switch (imageFormatOf(o.path)) {
    case ImageFormat::Png: {
        const double scale = o.dpi / kScreenDpi;
        QImage image(QSize(static_cast<int>(std::lround(o.size.width() * scale)),
                           static_cast<int>(std::lround(o.size.height() * scale))),
                     QImage::Format_ARGB32_Premultiplied);
        const int dotsPerMeter = static_cast<int>(std::lround(o.dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.scale(scale, scale);
            draw(painter, o.size);
        }
        if (!image.save(o.path, "PNG"))
            return QObject::tr("%1 could not be written").arg(o.path);
        break;
    }
    case ImageFormat::Svg: {
        QSvgGenerator svg;
        describe(svg, o);
        QPainter painter;
        if (!painter.begin(&svg))
            return QObject::tr("%1 could not be written").arg(o.path);
        draw(painter, o.size);
        painter.end();
        break;
    }
    case ImageFormat::Pdf: {
        QPdfWriter pdf(o.path);
        pdf.setResolution(72); // one device unit = one point: the page is size points
        pdf.setPageSize(
            QPageSize(QSizeF(o.size), QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setCreator(QObject::tr("MiniFlow Studio"));
        QPainter painter;
        if (!painter.begin(&pdf))
            return QObject::tr("%1 could not be written").arg(o.path);
        draw(painter, o.size);
        painter.end();
        break;
    }
    case ImageFormat::Unknown:
        break;
    }
    return written(o.path);
}
