#pragma once
#include "app/data/DatasetPreview.h"

#include <QObject>

/// Runs loadDatasetPreview() on the global thread pool so the GUI never waits for a file.
/// Only the latest request counts: results of superseded requests are dropped, and a
/// loader destroyed mid-load drops its result too (the job finishes on its own, on copies).
/// Both ways through our own lock: NOTE [Pool hand-off].
class PreviewLoader : public QObject {
    Q_OBJECT
  public:
    explicit PreviewLoader(QObject* parent = nullptr);

    /// Starts loading `spec` (relative paths against `baseFolder`); returns at once.
    void load(const miniflow::DatasetSpec& spec, const std::string& baseFolder);
    /// Drops the pending request, if any.
    void cancel();
    bool busy() const { return busy_; }

  signals:
    /// The latest request finished (see DatasetPreview::error), on the loader's thread.
    void loaded(const DatasetPreview& preview);

  private:
    int generation_ = 0;
    bool busy_ = false;
};
