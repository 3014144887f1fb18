#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

/// How responsive the GUI thread stays while something runs (the studio's --measure):
/// a timer due every kIntervalMs whose lateness is what a click or key press would have
/// waited, and the GUI thread's CPU time over the same wall time. Lives on the GUI thread.
class GuiLatencyProbe : public QObject {
    Q_OBJECT
  public:
    static constexpr int kIntervalMs = 10;

    explicit GuiLatencyProbe(QObject* parent = nullptr);
    void start();
    void stop();

    /// Largest lateness of a tick in ms (0 before any tick).
    qint64 worstDelayMs() const;
    /// Lateness in ms that `share` (e.g. 0.99) of the ticks stayed within.
    qint64 delayPercentileMs(double share) const;
    /// GUI-thread CPU seconds / wall seconds between start() and stop(), in [0, 1].
    double busyShare() const;

  private:
    void tick();

    QTimer timer_;
    QElapsedTimer sinceTick_;
    QElapsedTimer wall_;
    std::vector<qint64> delaysMs_;
    double cpuAtStart_ = 0;
    double cpuSeconds_ = 0;
    double wallSeconds_ = 0;
};
