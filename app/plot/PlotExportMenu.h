#pragma once
/// Every QCustomPlot in the studio is exportable (NOTE [Image exports]): registered with a
/// title, it gets a context menu "Export Plot as PNG / SVG / PDF..." and is listed under
/// File > Export > Plot (exportablePlots).
#include <QList>
#include <QString>

class QCustomPlot;
class QWidget;

void makePlotExportable(QCustomPlot* plot, const QString& title);
QString exportablePlotTitle(const QCustomPlot* plot);
/// Every registered plot among `root`'s descendants, in creation order.
QList<QCustomPlot*> exportablePlots(const QWidget* root);
/// Asks for the file, size and resolution (`suffix` preselects the format), writes the
/// picture, and says where (status bar) or why not (a dialog).
void exportPlotInteractively(QCustomPlot* plot, const QString& suffix, QWidget* parent);
