#pragma once
#include "app/editor/overlays/OverlayData.h"
#include "inspect/NodeGradientCheck.h"

#include <QWidget>

#include <vector>

class BackgroundJob;
class GraphDocument;
class QAction;
class QLabel;
class QTableWidget;

/// Gradient check per node (NOTE [Gradient check per node]) on the first kSamples samples of
/// the document's data: "Check every node" (Ctrl+Shift+G) or one node (the node inspector's
/// button). Runs off the GUI thread. Each checked node gets a row in the panel's table and a
/// badge with its relative error in green / amber / red (emitted as badgesChanged() for the
/// canvas's BadgeOverlay); the thresholds are stated in the panel and in each badge's
/// tooltip. GraphDocument::contentChanged clears them.
class GradientCheckPanel : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kSamples = 8;

    explicit GradientCheckPanel(GraphDocument* document, QWidget* parent = nullptr);
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
    /// The badges the checked nodes should show (empty: none).
    void badgesChanged(const NodeBadges& badges);
    void failed(const QString& message);

  private:
    struct Outcome;

    void run(std::optional<miniflow::NodeId> node);
    void onOutcome(Outcome& outcome);
    void merge(const std::vector<miniflow::NodeCheck>& checks);
    void showResults();
    void clear();

    GraphDocument* document_;
    BackgroundJob* job_;
    QAction* checkAll_;
    QLabel* status_;
    QTableWidget* table_;
    std::vector<miniflow::NodeCheck> results_;
};
