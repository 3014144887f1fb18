#pragma once
/// Runs one computation off the GUI thread (NOTE [Thread model]): the work gets only values
/// copied in, and its result comes back by value to a QObject on the GUI thread, through a
/// Mailbox (NOTE [Hand-off under our own lock]).
#include "app/threads/Mailbox.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

/// One job at a time per owner: start() refuses while the previous job runs. The owner's
/// destructor must call wait() so no thread outlives the objects it reports to.
class BackgroundJob : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;
    /// Waits for a job in flight and deletes its thread: the finished() handler that would
    /// have deleted it never runs once this object is gone (the monkey's LeakSanitizer found
    /// the thread of an autosave write in flight at window close, seed 1006 #499).
    ~BackgroundJob() override {
        wait();
        delete thread_.data();
    }

    bool running() const { return thread_ && thread_->isRunning(); }
    void wait() {
        if (thread_)
            thread_->wait();
    }

    /// Runs `work` on a new thread, then `done(result)` on this object's thread. False (and
    /// nothing runs) while a previous job is still running.
    template <typename Result>
    bool start(std::function<Result()> work, std::function<void(Result&)> done) {
        if (running())
            return false;
        auto result = std::make_shared<Mailbox<Result>>();
        QThread* thread =
            QThread::create([work = std::move(work), result] { result->post(work()); });
        connect(thread, &QThread::finished, this, [this, thread, result, done = std::move(done)] {
            thread->deleteLater();
            if (thread_ == thread)
                thread_ = nullptr;
            if (auto value = result->take())
                done(*value);
        });
        thread_ = thread;
        thread->start();
        return true;
    }

  private:
    QPointer<QThread> thread_;
};
