#include "app/check/PreTrainGate.h"

#include "app/check/PreTrainCheck.h"
#include "app/check/PreTrainDialog.h"
#include "app/data/DatasetPanel.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeItem.h"
#include "app/training/TrainingController.h"

#include <QMenu>

PreTrainGate::PreTrainGate(GraphDocument* document, DatasetPanel* panel, GraphScene* scene,
                           GraphView* view, TrainingController* controller, QObject* parent)
    : QObject(parent), document_(document), panel_(panel), scene_(scene), view_(view),
      controller_(controller) {
    controller_->setStartCheck([this] { return allowStart(); });
    connect(panel_, &DatasetPanel::previewLoaded, this, [this] {
        const DatasetPreview& preview = panel_->preview();
        scene_->setClassCount(preview.ok() ? preview.classes : 0);
        if (dialog_)
            dialog_->refresh();
    });
    connect(view_, &GraphView::nodeMenuRequested, this, &PreTrainGate::offerFixes);
}

bool PreTrainGate::allowStart() {
    if (preTrainProblems(document_, panel_).empty()) {
        if (dialog_)
            dialog_->close();
        return true;
    }
    if (!dialog_) {
        dialog_ = new PreTrainDialog([this] { return preTrainProblems(document_, panel_); },
                                     view_->window());
        dialog_->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog_, &PreTrainDialog::selectNodes, this, &PreTrainGate::select);
        connect(dialog_, &PreTrainDialog::showDatasetPanel, this, &PreTrainGate::showDatasetPanel);
        connect(dialog_, &PreTrainDialog::trainRequested, controller_, &TrainingController::train);
    } else {
        dialog_->refresh();
    }
    dialog_->show();
    dialog_->raise();
    return false;
}

void PreTrainGate::select(const std::vector<miniflow::NodeId>& nodes) {
    scene_->selectNodes(nodes);
    if (NodeItem* item = scene_->nodeItem(nodes.front()))
        view_->centerOn(item);
}

/// A menu of the fixes for the problems marked on `node`, when there are any.
void PreTrainGate::offerFixes(miniflow::NodeId node, const QPoint& globalPos) {
    const std::vector<TrainProblem> problems =
        problemsAt(preTrainProblems(document_, panel_), node);
    QMenu menu;
    for (const TrainProblem& problem : problems)
        if (problem.fix) {
            QAction* action = menu.addAction(problem.fixLabel);
            action->setToolTip(problem.text);
            connect(action, &QAction::triggered, this, [fix = problem.fix] { fix(); });
        }
    if (!menu.isEmpty())
        menu.exec(globalPos);
}
