#pragma once
#include "training/TrainingSnapshot.h"

#include <QObject>
#include <QString>
#include <QTimer>

class MainWindow;

/// Drives a shown MainWindow without a person (main.cpp's --screenshot): trains exactly
/// `steps` steps through the TrainingController (step() N times; the run holds after the
/// last), stops once a snapshot reports them, waits for the run to end so the last
/// gradients are on the canvas, saves
/// MainWindow::grab() as a PNG and reports an exit code: 0 saved, 1 failed (training
/// error, unwritable file, timeout).
class HeadlessRun : public QObject {
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 10 * 60 * 1000;

    HeadlessRun(MainWindow* window, long steps, QString screenshotPath, QObject* parent = nullptr);
    void start();

signals:
    void finished(int exitCode);

private:
    void onSnapshot(const TrainingSnapshot& snapshot);
    void onState(TrainingState state);
    void saveScreenshot();
    void fail(const QString& message);

    MainWindow* window_;
    long steps_;
    QString path_;
    bool stopping_ = false;
    bool done_ = false;
    QTimer timeout_;
};
