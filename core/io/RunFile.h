#pragma once
/// Reading and writing run files (NOTE [Run records]).
#include "io/RunRecord.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace miniflow {

/// The runs folder beside a project: "/a/b/net.miniflow.json" -> "/a/b/net.runs"
/// ("net.json" -> "net.runs").
std::string runsFolderFor(const std::string& projectPath);
/// "ID.run.jsonl" inside `folder`.
std::string runFilePath(const std::string& folder, const std::string& id);
/// A fresh id from the time and a random tail, unique in `folder`.
std::string newRunId(const std::string& folder);

/// Appends one run's file. Not thread-safe: one thread owns a writer.
class RunWriter {
  public:
    /// Creates `folder` when missing and writes the header line of `run` (id, name, started,
    /// bestBy, training, dataset and graph must be set; graphHash is filled in here when
    /// empty). Throws std::runtime_error naming the file when it cannot be written.
    RunWriter(const std::string& folder, RunRecord& run);
    ~RunWriter(); ///< closes the file (without an "end" line: the run reads as interrupted)
    RunWriter(const RunWriter&) = delete;
    RunWriter& operator=(const RunWriter&) = delete;

    /// Buffered; flushed when 2 s have passed since the last flush.
    void appendStep(const RunStep& step);
    /// Written and flushed.
    void appendEpoch(const RunEpoch& epoch);
    /// Writes ID.WHICH.params ("best" / "final") and appends the "params" line; returns
    /// the file name.
    std::string writeParameters(const std::string& which, int epoch,
                                const std::map<NodeId, Tensor>& parameters);
    /// Appends the "end" line and flushes; nothing may be appended afterwards.
    void finish(RunStatus status, double seconds, const std::string& message = {});
    void flush();
    const std::string& path() const { return path_; }
    const std::string& folder() const { return folder_; }

  private:
    void writeLine(const std::string& line);

    std::string folder_, path_, id_;
    std::FILE* file_ = nullptr;
    std::chrono::steady_clock::time_point lastFlush_;
};

/// Reads a run file. A last line without its newline that does not parse is ignored (the
/// run was killed while writing it); any other malformed line throws FormatError naming
/// the file and line. A run with no "end" line is RunStatus::Interrupted.
RunRecord readRunFile(const std::string& path);
/// Every *.run.jsonl in `folder`, oldest first (by startedMs, then id). Files that do not
/// read are skipped and their errors appended to `errors` when given. Empty when the
/// folder does not exist.
std::vector<RunRecord> readRunsFolder(const std::string& folder,
                                      std::vector<std::string>* errors = nullptr);
/// Appends a {"t":"name"} line to the run's file (the file stays append-only).
void renameRun(const std::string& folder, const std::string& id, const std::string& name);
/// Removes the run's file and its parameter files. Returns false when nothing was removed.
bool deleteRun(const std::string& folder, const std::string& id);
/// Copies every file of run `id` from `from` into the folder `to` (created when missing).
void copyRun(const std::string& from, const std::string& to, const std::string& id);

} // namespace miniflow
