#include "app/plot/PlotExportMenu.h"

#include "app/plot/ImageExportDialog.h"

#include <QDir>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStatusBar>
#include <qcustomplot.h>

namespace {

const char* kTitleProperty = "miniflowExportTitle";

QString fileStem(const QString& title) {
    QString stem = title.toLower();
    stem.replace(QRegularExpression("[^a-z0-9]+"), "-");
    return stem.isEmpty() ? QStringLiteral("plot") : stem;
}

} // namespace

void makePlotExportable(QCustomPlot* plot, const QString& title) {
    plot->setProperty(kTitleProperty, title);
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(plot, &QWidget::customContextMenuRequested, plot, [plot](const QPoint& at) {
        QMenu menu(plot);
        for (const QString& suffix :
             {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf")})
            menu.addAction(QObject::tr("Export Plot as %1...").arg(suffix.toUpper()), plot,
                           [plot, suffix] { exportPlotInteractively(plot, suffix, plot); })
                ->setObjectName("exportPlot" + suffix.toUpper());
        menu.exec(plot->mapToGlobal(at));
    });
}

QString exportablePlotTitle(const QCustomPlot* plot) {
    return plot->property(kTitleProperty).toString();
}

QList<QCustomPlot*> exportablePlots(const QWidget* root) {
    QList<QCustomPlot*> plots;
    for (QCustomPlot* plot : root->findChildren<QCustomPlot*>())
        if (!exportablePlotTitle(plot).isEmpty())
            plots << plot;
    return plots;
}

void exportPlotInteractively(QCustomPlot* plot, const QString& suffix, QWidget* parent) {
    const QString title = exportablePlotTitle(plot);
    ImageExportOptions initial;
    initial.path = QDir(ImageExportDialog::lastFolder()).filePath(fileStem(title) + "." + suffix);
    if (plot->width() >= 100 && plot->height() >= 80)
        initial.size = plot->size();
    initial.dpi = suffix == "png" ? 192 : 96;
    ImageExportDialog dialog(QObject::tr("Export %1 plot").arg(title), initial,
                             {"png", "svg", "pdf"}, false, parent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ImageExportOptions options = dialog.options();
    const QString error = writePlotImage(plot, options);
    if (!error.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("Export failed"),
                             QObject::tr("The plot could not be exported:\n\n%1").arg(error));
        return;
    }
    ImageExportDialog::rememberFolder(options.path);
    if (auto* window = qobject_cast<QMainWindow*>(parent->window()))
        window->statusBar()->showMessage(QObject::tr("Exported the %1 plot to %2")
                                             .arg(title, QDir::toNativeSeparators(options.path)),
                                         6000);
}
