#pragma once
#include "app/plot/ImageExport.h"

#include <QObject>
#include <QString>

class GraphScene;
class QAction;
class QMenu;
class QWidget;
class RunMetrics;
class TrainingController;

/// File > Export's pictures and metrics (NOTE [Image exports], NOTE [Metrics CSV]):
///   Canvas Image...           the graph as PNG / SVG / PDF, with or without the live colours
///   Plot Image >              every exportable plot of the window (PlotExportMenu)
///   Metrics CSV...            the current run's steps and epochs (RunMetrics)
///   TensorBoard Logs While Training...   checkable: later runs write events to a folder
/// Successes are reported with exported(), failures in a dialog.
class StudioExports : public QObject {
    Q_OBJECT
  public:
    /// Adds the entries to `exportMenu`; dialogs open over `window`.
    StudioExports(QMenu* exportMenu, GraphScene* scene, TrainingController* controller,
                  QWidget* window);

    RunMetrics* runMetrics() const { return metrics_; }
    /// The work behind the menu entries, without dialogs (tests, automation). Each returns an
    /// empty string on success, else the reason.
    QString exportCanvas(const ImageExportOptions& options) const;
    QString exportMetricsCsv(const QString& path) const;
    QAction* tensorBoardAction() const { return tensorboard_; }

  signals:
    void exported(const QString& message);

  private:
    void chooseCanvas();
    void chooseMetrics();
    void chooseTensorBoard(bool on);
    void fillPlotMenu(QMenu* menu);
    void fail(const QString& what, const QString& error);

    GraphScene* scene_;
    TrainingController* controller_;
    QWidget* window_;
    RunMetrics* metrics_;
    QAction* tensorboard_;
};
