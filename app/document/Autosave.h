#pragma once
/// NOTE [Recovery copies]
/// While a project has changes that are not on disk (edits, or trained parameters from a
/// run), Autosave writes the whole document to a recovery copy, atomically (core
/// writeGraphFile: temporary file, fsync, rename), at most `interval` after the first
/// change and again every `interval` while changes keep coming. A project on disk keeps its
/// copy next to it (".NAME.miniflow-recovery.json"); an untitled document or an example
/// uses "untitled.miniflow-recovery.json" in the application's data folder. The project
/// file itself is only ever written by Save. A clean save or close removes the copy; a
/// crash leaves it, and the next start offers it (RecoveryPrompt) when it is newer than the
/// project file. Writing runs off the GUI thread on a copy of the document (a trained
/// mnist-mlp project is 10 MB of JSON, ~0.2 s to write: a visible freeze every interval of a
/// run otherwise); a change while a write is in flight is written after it.
#include "app/threads/BackgroundJob.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

class GraphDocument;

class Autosave : public QObject {
    Q_OBJECT
  public:
    static constexpr std::chrono::milliseconds kDefaultInterval{5000};

    explicit Autosave(GraphDocument* document, QObject* parent = nullptr);

    /// Where the recovery copy of a document opened from `projectPath` lives (see the NOTE).
    static QString recoveryPathFor(const QString& projectPath);
    /// The recovery copy to offer when `projectPath` is opened: it exists and is newer than
    /// the project file (or there is no project file on disk). Empty when there is none.
    static QString pendingRecoveryFor(const QString& projectPath);

    void setInterval(std::chrono::milliseconds interval);
    /// The copy for the current document.
    QString recoveryPath() const;

  public slots:
    /// Something not on disk changed: schedules a write (unless one is scheduled already).
    void noteChange();
    /// Starts writing the recovery copy of the document as it is now; written() or failed()
    /// follows. While an earlier write is in flight, this one starts when it ends.
    void writeNow();
    /// Everything is on disk (saved) or deliberately dropped (closed): removes the current
    /// document's copy and the one this object last wrote; cancels a scheduled write.
    /// A write in flight is waited for first, so no copy appears afterwards.
    void discard();

  signals:
    void written(const QString& recoveryPath);
    void failed(const QString& message);

  private:
    void finishWrite(const QString& path, const QString& error, int generation);

    GraphDocument* document_;
    QTimer timer_;
    QString written_;      ///< the copy this object last wrote (removed by discard())
    QString inFlight_;     ///< the copy being written, until its report arrives
    bool rewrite_ = false; ///< writeNow() came while a write was in flight
    int generation_ = 0;   ///< discard() ends a generation: its writes report nothing
    BackgroundJob writer_; ///< last member: its destructor waits for a write in flight
};
