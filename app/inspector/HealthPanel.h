#pragma once
#include "graph/Graph.h"

#include <QWidget>

class HealthController;
class QLabel;
class QListWidget;

/// The gradient-health alerts in words, one per row (kind, place, what it means, what helps),
/// mirroring HealthController; activating a row asks to show that node on the canvas.
class HealthPanel : public QWidget {
    Q_OBJECT
  public:
    explicit HealthPanel(HealthController* health, QWidget* parent = nullptr);

    QListWidget* list() const { return list_; }

  signals:
    void nodeActivated(miniflow::NodeId node);

  private:
    void refresh();

    HealthController* health_;
    QLabel* summary_;
    QListWidget* list_;
};
