#pragma once
/// NOTE [TensorBoard events]
/// `tensorboard --logdir DIR` reads files named events.out.tfevents.TIMESTAMP.HOST in DIR: a
/// sequence of records (NOTE [TFRecord framing]), each one serialized Event
/// (tensorboard/tensorboard_event.proto, TensorBoard's field numbers). The first record is
/// the file_version event "brain.Event:2"; then Summary events: scalars as simple_value,
/// histograms as HistogramProto. Records are flushed at least every second and on close, so
/// a live TensorBoard follows the run and a crash loses at most the last second.
///
/// NOTE [TFRecord framing]
/// Each record: uint64 length (little endian), uint32 masked CRC-32C of those 8 bytes, the
/// data, uint32 masked CRC-32C of the data (tensorboard/Crc32c.h).
#include <chrono>
#include <cstdint>
#include <fstream>
#include <span>
#include <string>

namespace miniflow {

/// Appends TensorBoard events to a new event file in a folder.
class EventFile {
  public:
    static constexpr int kHistogramBuckets = 30;

    /// Creates `folder` (and its parents) if needed and a new event file in it; throws
    /// std::runtime_error naming the folder and the remedy when it cannot.
    explicit EventFile(const std::string& folder);
    ~EventFile();
    EventFile(const EventFile&) = delete;
    EventFile& operator=(const EventFile&) = delete;

    const std::string& path() const { return path_; }
    void addScalar(const std::string& tag, std::int64_t step, double value);
    /// A histogram of `values` in kHistogramBuckets equal-width buckets from their minimum to
    /// their maximum (non-finite values are left out; an empty set writes nothing).
    void addHistogram(const std::string& tag, std::int64_t step, std::span<const float> values);
    void flush();

  private:
    void writeRecord(const std::string& data);
    void flushNowAndThen();

    std::string path_;
    std::ofstream out_;
    std::chrono::steady_clock::time_point lastFlush_;
};

/// "events.out.tfevents.1733547600.myhost": the name TensorBoard looks for.
std::string eventFileName(std::int64_t unixSeconds, const std::string& host);

} // namespace miniflow
