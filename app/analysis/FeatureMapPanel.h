#pragma once
#include "app/analysis/SampleProbe.h"
#include "app/analysis/TileScale.h"
#include "graph/Graph.h"

#include <QPointer>
#include <QWidget>
#include <memory>

class BackgroundJob;
class GraphDocument;
class QComboBox;
class QLabel;
class QSpinBox;
class TileGrid;
class TrainingController;
struct TrainingSnapshot;

/// The feature-map view: for one sample, each channel of the selected node's output as a
/// small image (C tiles of H x W for an output of sampleDims {C, H, W}, NOTE [Image views]),
/// on one colour scale shared by the tiles and stated under them (NOTE [Tile colours]). The
/// sample is chosen here (set and row) or from the confusion matrix's sample list. The
/// forward pass runs off the GUI thread (NOTE [Sample probe]); while a run trains, the view
/// asks for the live parameters (only while it is visible) and probes again with the
/// newest ones when the previous probe is done, so it never queues work.
class FeatureMapPanel : public QWidget {
    Q_OBJECT
  public:
    /// At most this many channels are drawn (the rest are counted in the caption).
    static constexpr int kMaxTiles = 256;

    explicit FeatureMapPanel(GraphDocument* document, QWidget* parent = nullptr);
    ~FeatureMapPanel() override;

    void watch(TrainingController* controller);
    /// The node whose output is shown (invalid: none).
    void showNode(miniflow::NodeId node);
    void setSample(SampleRef sample);
    miniflow::NodeId node() const { return node_; }
    SampleRef sample() const { return sample_; }

    TileGrid* tiles() const { return tiles_; }
    TileScale scale() const { return scale_; }
    QString captionText() const;
    QString scaleText() const;
    bool busy() const;
    /// Probes whose result was shown (tests count live updates).
    int shownCount() const { return shownCount_; }

  signals:
    /// A probe's result (or its error) is shown.
    void updated();

  protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

  private:
    struct Result;
    using Parameters = std::shared_ptr<const SampleProbe::Parameters>;

    void request();
    void onResult(Result& result);
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onParametersChanged();
    void onStructureChanged();
    void showMessage(const QString& text);

    GraphDocument* document_;
    /// Weak: the window destroys the controller before its docks, and a floating dock
    /// destroyed then still hides this panel (hideEvent).
    QPointer<TrainingController> controller_;
    BackgroundJob* job_;
    std::shared_ptr<SampleProbe> probe_; ///< built by the first job after a change
    Parameters parameters_;              ///< null: the seed's initial values
    miniflow::NodeId node_;
    SampleRef sample_;
    /// Counts changes of the graph's structure or data: a probe built before the latest one
    /// is dropped when its result arrives.
    int structure_ = 0;
    bool pending_ = false; ///< a probe is wanted once the running one ends or when shown
    int shownCount_ = 0;
    TileScale scale_;

    QLabel* caption_;
    QComboBox* set_;
    QSpinBox* row_;
    QLabel* thumbnail_;
    QLabel* sampleText_;
    TileGrid* tiles_;
    QLabel* scaleLabel_;
    QLabel* message_;
};
