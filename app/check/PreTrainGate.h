#pragma once
#include "app/check/PreTrainDialog.h"
#include "graph/Graph.h"

#include <QObject>
#include <QPointer>

class DatasetPanel;
class GraphDocument;
class GraphScene;
class GraphView;
class TrainingController;

/// NOTE [Pre-Train check]: wires the check into the window. Train (or Step) with problems
/// opens the PreTrainDialog instead of starting; the data's class count reaches the
/// canvas (a too-narrow classifier is marked on its node as soon as the data is loaded); a
/// right-click on a marked node offers its fixes.
class PreTrainGate : public QObject {
    Q_OBJECT
  public:
    PreTrainGate(GraphDocument* document, DatasetPanel* panel, GraphScene* scene, GraphView* view,
                 TrainingController* controller, QObject* parent = nullptr);

    /// True when nothing stops training; otherwise opens (or refreshes) the dialog.
    bool allowStart();
    /// The open dialog, or nullptr.
    PreTrainDialog* dialog() const { return dialog_; }

  signals:
    void showDatasetPanel();

  private:
    void offerFixes(miniflow::NodeId node, const QPoint& globalPos);
    void select(const std::vector<miniflow::NodeId>& nodes);

    GraphDocument* document_;
    DatasetPanel* panel_;
    GraphScene* scene_;
    GraphView* view_;
    TrainingController* controller_;
    QPointer<PreTrainDialog> dialog_;
};
