#include "tensorboard/EventFile.h"

#include "tensorboard/Crc32c.h"
#include "tensorboard_event.pb.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>

namespace miniflow {

namespace {

double unixNow() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string hostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "localhost";
    return name;
}

void putLittleEndian(char* out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out[i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
}

} // namespace

std::string eventFileName(std::int64_t unixSeconds, const std::string& host) {
    return "events.out.tfevents." + std::to_string(unixSeconds) + "." + host;
}

EventFile::EventFile(const std::string& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw std::runtime_error(folder + ": cannot create the TensorBoard folder: " +
                                 error.message() + " (choose a writable folder)");
    const double now = unixNow();
    const std::filesystem::path base =
        std::filesystem::path(folder) /
        eventFileName(static_cast<std::int64_t>(std::floor(now)), hostName());
    std::filesystem::path candidate = base;
    for (int n = 2; std::filesystem::exists(candidate); ++n)
        candidate = base.string() + "." + std::to_string(n);
    path_ = candidate.string();
    out_.open(candidate, std::ios::binary | std::ios::trunc);
    if (!out_)
        throw std::runtime_error(path_ + ": cannot create the TensorBoard event file (choose a "
                                         "writable folder)");
    tensorboard::Event first;
    first.set_wall_time(now);
    first.set_file_version("brain.Event:2");
    writeRecord(first.SerializeAsString());
    flush();
}

EventFile::~EventFile() {
    out_.flush();
}

void EventFile::writeRecord(const std::string& data) {
    char header[12];
    putLittleEndian(header, data.size(), 8);
    putLittleEndian(header + 8, maskedCrc32c(header, 8), 4);
    char footer[4];
    putLittleEndian(footer, maskedCrc32c(data.data(), data.size()), 4);
    out_.write(header, sizeof header);
    out_.write(data.data(), static_cast<std::streamsize>(data.size()));
    out_.write(footer, sizeof footer);
    if (!out_)
        throw std::runtime_error(path_ + ": writing the TensorBoard event file failed (disk "
                                         "full?)");
}

void EventFile::flush() {
    out_.flush();
    lastFlush_ = std::chrono::steady_clock::now();
}

void EventFile::flushNowAndThen() {
    if (std::chrono::steady_clock::now() - lastFlush_ >= std::chrono::seconds(1))
        flush();
}

void EventFile::addScalar(const std::string& tag, std::int64_t step, double value) {
    tensorboard::Event event;
    event.set_wall_time(unixNow());
    event.set_step(step);
    tensorboard::Summary::Value* v = event.mutable_summary()->add_value();
    v->set_tag(tag);
    v->set_simple_value(static_cast<float>(value));
    writeRecord(event.SerializeAsString());
    flushNowAndThen();
}

void EventFile::addHistogram(const std::string& tag, std::int64_t step,
                             std::span<const float> values) {
    double low = std::numeric_limits<double>::infinity();
    double high = -low, sum = 0, squares = 0, count = 0;
    for (float f : values) {
        if (!std::isfinite(f))
            continue;
        const double x = f;
        low = std::min(low, x);
        high = std::max(high, x);
        sum += x;
        squares += x * x;
        ++count;
    }
    if (count == 0)
        return;
    const int buckets = high > low ? kHistogramBuckets : 1;
    const double width = (high - low) / buckets;
    std::vector<double> counts(static_cast<size_t>(buckets), 0.0);
    for (float f : values) {
        if (!std::isfinite(f))
            continue;
        int b = width > 0 ? static_cast<int>((f - low) / width) : 0;
        counts[static_cast<size_t>(std::clamp(b, 0, buckets - 1))] += 1;
    }
    tensorboard::Event event;
    event.set_wall_time(unixNow());
    event.set_step(step);
    tensorboard::Summary::Value* v = event.mutable_summary()->add_value();
    v->set_tag(tag);
    tensorboard::HistogramProto* h = v->mutable_histo();
    h->set_min(low);
    h->set_max(high);
    h->set_num(count);
    h->set_sum(sum);
    h->set_sum_squares(squares);
    for (int b = 0; b < buckets; ++b) {
        h->add_bucket_limit(b + 1 == buckets ? high : low + width * (b + 1));
        h->add_bucket(counts[static_cast<size_t>(b)]);
    }
    writeRecord(event.SerializeAsString());
    flushNowAndThen();
}

} // namespace miniflow
