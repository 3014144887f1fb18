#include "app/document/Autosave.h"

#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <memory>
#include <utility>

Autosave::Autosave(GraphDocument* document, QObject* parent)
    : QObject(parent), document_(document) {
    timer_.setSingleShot(true);
    timer_.setInterval(kDefaultInterval);
    connect(&timer_, &QTimer::timeout, this, &Autosave::writeNow);
    connect(document_->undoStack(), &QUndoStack::indexChanged, this, &Autosave::noteChange);
    // Another document: its changes start from its file; the old copy stays for its owner.
    connect(document_, &GraphDocument::graphReplaced, this, [this] { timer_.stop(); });
}

QString Autosave::recoveryPathFor(const QString& projectPath) {
    if (projectPath.isEmpty() || ProjectFiles::isExample(projectPath)) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        return QDir(folder).filePath("untitled.miniflow-recovery.json");
    }
    const QFileInfo project(projectPath);
    return project.dir().filePath("." + project.completeBaseName() + ".miniflow-recovery.json");
}

QString Autosave::pendingRecoveryFor(const QString& projectPath) {
    const QFileInfo copy(recoveryPathFor(projectPath));
    if (!copy.exists())
        return {};
    const QFileInfo project(projectPath);
    const bool onDisk =
        !projectPath.isEmpty() && !ProjectFiles::isExample(projectPath) && project.exists();
    return !onDisk || copy.lastModified() > project.lastModified() ? copy.filePath() : QString();
}

void Autosave::setInterval(std::chrono::milliseconds interval) {
    timer_.setInterval(interval);
}

QString Autosave::recoveryPath() const {
    return recoveryPathFor(document_->path());
}

void Autosave::noteChange() {
    if (!timer_.isActive())
        timer_.start();
}

void Autosave::writeNow() {
    timer_.stop();
    if (writer_.running()) {
        rewrite_ = true;
        return;
    }
    const QString path = recoveryPath();
    auto file = std::make_shared<const miniflow::GraphFile>(document_->file());
    const int generation = generation_;
    inFlight_ = path;
    writer_.start<QString>(
        [path, file]() -> QString {
            try {
                QDir().mkpath(QFileInfo(path).path());
                ProjectFiles::write(path, *file);
                return {};
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
        },
        [this, path, generation](QString& error) { finishWrite(path, error, generation); });
}

void Autosave::finishWrite(const QString& path, const QString& error, int generation) {
    if (generation != generation_)
        return;
    inFlight_.clear();
    if (!error.isEmpty()) {
        emit failed(tr("Autosave failed: %1").arg(error));
    } else {
        if (!written_.isEmpty() && written_ != path)
            QFile::remove(written_); // the document moved (Save As)
        written_ = path;
        emit written(path);
    }
    if (std::exchange(rewrite_, false))
        writeNow();
}

void Autosave::discard() {
    timer_.stop();
    rewrite_ = false;
    ++generation_;
    writer_.wait();
    if (!inFlight_.isEmpty())
        QFile::remove(inFlight_); // finished, but its report is ignored
    inFlight_.clear();
    if (!written_.isEmpty())
        QFile::remove(written_);
    written_.clear();
    QFile::remove(recoveryPath()); // also a copy restored from an earlier session
}
