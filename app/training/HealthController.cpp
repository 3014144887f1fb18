#include "app/training/HealthController.h"

#include "app/document/GraphDocument.h"
#include "app/training/HealthSettings.h"
#include "app/training/TrainingController.h"

HealthController::HealthController(GraphDocument* document, TrainingController* training,
                                   QObject* parent)
    : QObject(parent), document_(document), health_(document->graph(), HealthSettings::load()) {
    connect(training, &TrainingController::snapshotReady, this, &HealthController::observe);
    connect(training, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Idle)
            clear();
    });
    connect(document, &GraphDocument::graphReplaced, this, &HealthController::clear);
}

void HealthController::setThresholds(const miniflow::HealthThresholds& thresholds) {
    HealthSettings::save(thresholds);
    health_.setThresholds(thresholds);
    emit changed();
}

void HealthController::observe(const TrainingSnapshot& snapshot) {
    if (snapshot.health.parameters.empty() && snapshot.health.activations.empty())
        return;
    health_.observe(snapshot.health, snapshot.edgeGradients);
    emit changed();
}

void HealthController::clear() {
    health_.reset(document_->graph());
    emit changed();
}
