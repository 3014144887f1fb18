#pragma once
/// The Runs dock (NOTE [Studio runs]): the project's kept runs in a sortable table (name,
/// date, status, the settings that differ between the listed runs, final and best
/// validation metrics, wall time, samples/s). The name cell is editable (rename) and has the
/// overlay checkbox: checked runs are drawn over the loss plot, one colour each, their best
/// epoch starred. Two selected runs show their settings diff (exactly the changed
/// settings); the sweep view plots a setting against the best validation metric. Delete
/// asks first; "Restore settings" pushes one undoable command on the document; "Restore
/// parameters" goes through the TrainingController.
#include "app/plot/RunOverlay.h"

#include <QStringList>
#include <QWidget>
#include <functional>
#include <set>
#include <vector>

class GraphDocument;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTimer;
class QToolButton;
class RunStore;
class SweepRunner;
class SweepView;
class TrainingController;
namespace miniflow {
struct RunRecord;
}

class RunsPanel : public QWidget {
    Q_OBJECT
  public:
    /// Fixed columns; the differing settings come between Status and FinalLoss.
    enum Column { Name, Date, Status };

    RunsPanel(RunStore* store, GraphDocument* document, TrainingController* controller,
              QWidget* parent = nullptr);
    ~RunsPanel() override;

    QTableWidget* table() const { return table_; }
    SweepView* sweepView() const { return sweepView_; }
    SweepRunner* sweepRunner() const { return sweep_; }
    /// The settings shown as columns (those that differ between the listed runs).
    QStringList settingColumns() const { return settingColumns_; }
    /// The diff of the two selected runs: "setting: A -> B" lines (empty otherwise).
    QStringList diffLines() const { return diffLines_; }
    /// Run ids in table order / checked for overlay.
    QStringList runIds() const;
    std::set<QString> checkedRuns() const { return checked_; }
    void setChecked(const QString& id, bool checked);
    /// Selects exactly these runs (tests, and after a rebuild).
    void selectRuns(const QStringList& ids);
    QStringList selectedRuns() const;

    /// Asked before deleting: true to go ahead (a confirmation box by default).
    void setDeleteConfirmation(std::function<bool(const QStringList& names)> confirm) {
        confirmDelete_ = std::move(confirm);
    }

  public slots:
    void deleteSelected();
    void restoreSettings();
    void restoreParameters(bool best = true);
    /// Opens the sweep dialog and starts the sweep it describes.
    void openSweepDialog();

  signals:
    /// The runs to draw over the loss plot changed.
    void overlaysChanged(const std::vector<RunOverlay>& overlays);
    void statusMessage(const QString& message);

  private:
    void rebuild();
    void fillRow(int row, const miniflow::RunRecord& run);
    void updateLiveRow(const QString& id);
    void updateDiff();
    void updateButtons();
    void emitOverlays();

    RunStore* store_;
    GraphDocument* document_;
    TrainingController* controller_;
    SweepRunner* sweep_;
    QTableWidget* table_;
    QTabWidget* tabs_;
    QTableWidget* diff_;
    QLabel* diffHint_;
    SweepView* sweepView_;
    QComboBox* bestBy_;
    QPushButton* delete_;
    QPushButton* restoreSettings_;
    QToolButton* restoreParameters_;
    QPushButton* sweepButton_;
    QTimer* liveTimer_;
    QStringList settingColumns_;
    QStringList diffLines_;
    std::set<QString> checked_;
    bool rebuilding_ = false;
    std::function<bool(const QStringList&)> confirmDelete_;
};
