#include "app/headless/GuiLatencyProbe.h"

#include <algorithm>
#include <cmath>
#include <sys/resource.h>

namespace {

/// CPU time (user + system) the calling thread has used, in seconds.
double threadCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace

GuiLatencyProbe::GuiLatencyProbe(QObject* parent) : QObject(parent) {
    timer_.setInterval(kIntervalMs);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &GuiLatencyProbe::tick);
}

void GuiLatencyProbe::start() {
    delaysMs_.clear();
    cpuAtStart_ = threadCpuSeconds();
    wall_.start();
    sinceTick_.start();
    timer_.start();
}

void GuiLatencyProbe::stop() {
    timer_.stop();
    cpuSeconds_ = threadCpuSeconds() - cpuAtStart_;
    wallSeconds_ = wall_.nsecsElapsed() / 1e9;
}

void GuiLatencyProbe::tick() {
    delaysMs_.push_back(std::max<qint64>(0, sinceTick_.restart() - kIntervalMs));
}

qint64 GuiLatencyProbe::worstDelayMs() const {
    return delaysMs_.empty() ? 0 : *std::max_element(delaysMs_.begin(), delaysMs_.end());
}

qint64 GuiLatencyProbe::delayPercentileMs(double share) const {
    if (delaysMs_.empty())
        return 0;
    std::vector<qint64> sorted = delaysMs_;
    const auto rank =
        static_cast<size_t>(std::ceil(share * static_cast<double>(sorted.size()))) - 1;
    const auto at = sorted.begin() + static_cast<std::ptrdiff_t>(std::min(rank, sorted.size() - 1));
    std::nth_element(sorted.begin(), at, sorted.end());
    return *at;
}

double GuiLatencyProbe::busyShare() const {
    return wallSeconds_ > 0 ? std::clamp(cpuSeconds_ / wallSeconds_, 0.0, 1.0) : 0.0;
}
