#pragma once
#include "inspect/NodeGradientCheck.h"

#include <QWidget>

#include <vector>

class BackgroundJob;
class GraphDocument;
class GraphScene;
class QAction;
class QLabel;
class QTableWidget;

/// Gradient check per node (NOTE [Gradient check per node]) on the first kSamples samples of
/// the document's data: "Check every node" (Ctrl+Shift+G) or one node (the node inspector's
/// button). Runs off the GUI thread. Each checked node gets a badge with its relative error
/// in green / amber / red, and a row in the panel's table; the thresholds are stated in the
/// panel and in each badge's tooltip. Any change to the graph, data or parameters clears them.
class GradientCheckPanel : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kSamples = 8;

    GradientCheckPanel(GraphDocument* document, GraphScene* scene, QWidget* parent = nullptr);
    ~GradientCheckPanel() override;

    QAction* checkAllAction() const { return checkAll_; }
    void checkAll();
    void checkNode(miniflow::NodeId node);
    /// The latest result of every node checked since the last change, in graph order.
    const std::vector<miniflow::NodeCheck>& results() const { return results_; }
    bool busy() const;
    /// "green < 1e-3 ...", as the panel states it.
    static QString thresholdsText();

  signals:
    void checked();
    void failed(const QString& message);

  private:
    struct Outcome;

    void run(std::optional<miniflow::NodeId> node);
    void onOutcome(Outcome& outcome);
    void merge(const std::vector<miniflow::NodeCheck>& checks);
    void showResults();
    void clear();

    GraphDocument* document_;
    GraphScene* scene_;
    BackgroundJob* job_;
    QAction* checkAll_;
    QLabel* status_;
    QTableWidget* table_;
    std::vector<miniflow::NodeCheck> results_;
};
