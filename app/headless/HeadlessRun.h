#pragma once
#include "app/headless/GuiLatencyProbe.h"
#include "app/training/TrainingSnapshot.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>

class StudioAutomation;

/// Drives a shown studio window (StudioAutomation) without a person (main.cpp's --screenshot):
/// trains exactly `steps` steps through the TrainingController (step() N times; the run holds
/// after the last), stops once a snapshot reports them, waits for the run to end so the last
/// gradients are on the canvas, prints the latest epoch's validation accuracy, saves the
/// window's grab() as a PNG and reports an exit code: 0 saved, 1 failed (training error,
/// unwritable file, timeout). Headless runs are never paced (NOTE [Training pace]). With
/// `measure`, it presses Train instead (full speed, as a person does), stops after at least
/// `steps` steps, and prints the training throughput seen by the GUI and how responsive the
/// GUI thread stayed (GuiLatencyProbe) before the screenshot.
class HeadlessRun : public QObject {
    Q_OBJECT
  public:
    static constexpr int kTimeoutMs = 10 * 60 * 1000;

    HeadlessRun(StudioAutomation* window, long steps, QString screenshotPath, bool measure = false,
                QObject* parent = nullptr);
    void start();
    /// Work to do once training is over and before the picture (e.g. step through, check
    /// gradients); it calls `proceed` when the window shows what should be saved.
    void setBeforeScreenshot(std::function<void(std::function<void()> proceed)> work) {
        beforeShot_ = std::move(work);
    }

  signals:
    void finished(int exitCode);

  private:
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onState(TrainingState state);
    void saveScreenshot();
    void fail(const QString& message);
    void startMeasuring();
    void finishMeasuring();
    void printMeasurement(long lastStep) const;
    /// The latest epoch's validation accuracy (or loss) the window received.
    void printAccuracy() const;

    StudioAutomation* window_;
    long steps_;
    QString path_;
    bool stopping_ = false;
    bool done_ = false;
    QTimer timeout_;
    bool measure_;
    GuiLatencyProbe probe_;
    QElapsedTimer clock_; ///< from the first snapshot with a step
    long firstStep_ = -1;
    long lastStep_ = 0; ///< of the latest snapshot
    /// NOTE [Measured steps]: the throughput spans running steps only, from the first snapshot
    /// to the last one before an epoch ended, as `miniflow train` times its epoch's steps and
    /// not the validation after them: the step and time of that last snapshot.
    long rateStep_ = -1;
    qint64 rateNs_ = 0;
    bool epochEnded_ = false; ///< a snapshot reported an epoch's end: the window is closed
    bool measured_ = false;   ///< the measurement was printed
    std::optional<EpochPoint> lastEpoch_;
    std::function<void(std::function<void()>)> beforeShot_;
};
