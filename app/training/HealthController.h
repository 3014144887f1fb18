#pragma once
#include "app/training/TrainingSnapshot.h"
#include "inspect/GradientHealth.h"

#include <QObject>

class GraphDocument;
class TrainingController;

/// Holds the run's GradientHealth model on the GUI thread (NOTE [Gradient health]): feeds it
/// each snapshot's health sample and edge gradients, forgets it when the run is reset or
/// another graph is loaded, and applies the thresholds from HealthSettings. Views (canvas
/// badges and sparklines, the health panel) redraw on changed().
class HealthController : public QObject {
    Q_OBJECT
  public:
    HealthController(GraphDocument* document, TrainingController* training,
                     QObject* parent = nullptr);

    const miniflow::GradientHealth& health() const { return health_; }
    /// Re-evaluates the alerts with new thresholds and saves them (QSettings).
    void setThresholds(const miniflow::HealthThresholds& thresholds);

  public slots:
    void observe(const TrainingSnapshot& snapshot);
    void clear();

  signals:
    void changed();

  private:
    GraphDocument* document_;
    miniflow::GradientHealth health_;
};
