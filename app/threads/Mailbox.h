#pragma once
/// NOTE [Hand-off under our own lock]
/// Values travel from a worker thread to the GUI thread through a Mailbox, a queue guarded by
/// a std::mutex; the queued signal that announces each value carries no arguments. Qt's event
/// queue would carry the values safely too, but its locking lives inside the (uninstrumented)
/// Qt library, where ThreadSanitizer cannot see it and reports every handed-over value as a
/// race. This lock it sees, so `tests/scripts/sanitizers.sh tsan` checks the hand-off itself.
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

/// A thread-safe FIFO: post() on the producing thread, take() on the consuming one.
template <typename T> class Mailbox {
  public:
    Mailbox() = default;
    Mailbox(const Mailbox&) = delete;
    Mailbox& operator=(const Mailbox&) = delete;
    /// Shared owners may let go of it on either thread (a queued connection's functor dies
    /// with its sender, on the sender's thread): the lock orders this after every take().
    ~Mailbox() { const std::lock_guard lock(mutex_); }

    void post(T value) {
        const std::lock_guard lock(mutex_);
        values_.push_back(std::move(value));
    }

    /// The oldest value not taken yet; nothing when the mailbox is empty.
    std::optional<T> take() {
        const std::lock_guard lock(mutex_);
        if (values_.empty())
            return std::nullopt;
        std::optional<T> value(std::move(values_.front()));
        values_.pop_front();
        return value;
    }

  private:
    std::mutex mutex_;
    std::deque<T> values_;
};
