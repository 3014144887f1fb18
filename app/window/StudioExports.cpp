#include "app/window/StudioExports.h"

#include "app/editor/CanvasImage.h"
#include "app/plot/ImageExportDialog.h"
#include "app/plot/PlotExportMenu.h"
#include "app/training/RunMetrics.h"
#include "app/training/TrainingController.h"
#include "io/MetricsCsv.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <qcustomplot.h>

StudioExports::StudioExports(QMenu* exportMenu, GraphScene* scene, TrainingController* controller,
                             QWidget* window)
    : QObject(window), scene_(scene), controller_(controller), window_(window),
      metrics_(new RunMetrics(controller, this)) {
    exportMenu->addSeparator();
    exportMenu->addAction(tr("&Canvas Image..."), this, &StudioExports::chooseCanvas)
        ->setObjectName("exportCanvasAction");
    QMenu* plots = exportMenu->addMenu(tr("P&lot Image"));
    plots->setObjectName("exportPlotMenu");
    connect(plots, &QMenu::aboutToShow, this, [this, plots] { fillPlotMenu(plots); });
    fillPlotMenu(plots);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("&Metrics CSV..."), this, &StudioExports::chooseMetrics)
        ->setObjectName("exportMetricsAction");
    tensorboard_ = exportMenu->addAction(tr("&TensorBoard Logs While Training..."));
    tensorboard_->setObjectName("tensorBoardAction");
    tensorboard_->setCheckable(true);
    tensorboard_->setToolTip(tr("Runs started from now on write TensorBoard event files "
                                "(tensorboard --logdir FOLDER)"));
    connect(tensorboard_, &QAction::triggered, this, &StudioExports::chooseTensorBoard);
}

QString StudioExports::exportCanvas(const ImageExportOptions& options) const {
    return CanvasImage::write(scene_, options);
}

QString StudioExports::exportMetricsCsv(const QString& path) const {
    if (metrics_->log().steps.empty() && metrics_->log().epochs.empty())
        return tr("there is no run to export yet: train first (Reset forgets a run)");
    try {
        miniflow::writeMetricsCsv(path.toStdString(), {&metrics_->log()});
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void StudioExports::fail(const QString& what, const QString& error) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                tr("%1 could not be exported:\n\n%2").arg(what, error),
                                QMessageBox::Ok, window_);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void StudioExports::chooseCanvas() {
    ImageExportOptions initial;
    initial.path = QDir(ImageExportDialog::lastFolder()).filePath("graph.png");
    initial.size = CanvasImage::naturalSize(scene_, true);
    initial.dpi = 192;
    ImageExportDialog dialog(tr("Export canvas image"), initial, {"png", "svg", "pdf"}, true,
                             window_);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ImageExportOptions options = dialog.options();
    if (const QString error = exportCanvas(options); !error.isEmpty())
        return fail(tr("The canvas"), error);
    ImageExportDialog::rememberFolder(options.path);
    emit exported(tr("Exported the canvas to %1").arg(QDir::toNativeSeparators(options.path)));
}

void StudioExports::fillPlotMenu(QMenu* menu) {
    menu->clear();
    const QList<QCustomPlot*> plots = exportablePlots(window_);
    for (QCustomPlot* plot : plots)
        menu->addAction(exportablePlotTitle(plot) + "...", this,
                        [this, plot] { exportPlotInteractively(plot, "png", window_); });
    if (plots.isEmpty())
        menu->addAction(tr("(no plots)"))->setEnabled(false);
}

void StudioExports::chooseMetrics() {
    const QString path = QFileDialog::getSaveFileName(
        window_, tr("Export metrics CSV"),
        QDir(ImageExportDialog::lastFolder()).filePath("metrics.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportMetricsCsv(path); !error.isEmpty())
        return fail(tr("The metrics"), error);
    ImageExportDialog::rememberFolder(path);
    emit exported(tr("Exported %1 steps and %2 epochs to %3")
                      .arg(metrics_->log().steps.size())
                      .arg(metrics_->log().epochs.size())
                      .arg(QDir::toNativeSeparators(path)));
}

void StudioExports::chooseTensorBoard(bool on) {
    if (!on) {
        controller_->setTensorBoardFolder({});
        emit exported(tr("Runs no longer write TensorBoard logs"));
        return;
    }
    const QString folder = QFileDialog::getExistingDirectory(
        window_, tr("TensorBoard logs: choose a folder"), ImageExportDialog::lastFolder());
    if (folder.isEmpty()) {
        tensorboard_->setChecked(false);
        return;
    }
    controller_->setTensorBoardFolder(folder);
    tensorboard_->setToolTip(tr("Writing TensorBoard logs to %1").arg(folder));
    emit exported(tr("Runs started from now on write TensorBoard logs to %1 "
                     "(tensorboard --logdir %1)")
                      .arg(QDir::toNativeSeparators(folder)));
}
