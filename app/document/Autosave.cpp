#include "document/Autosave.h"

#include "document/GraphDocument.h"
#include "document/ProjectFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

Autosave::Autosave(GraphDocument* document, QObject* parent) : QObject(parent), document_(document) {
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
    if (!copy.exists()) return {};
    const QFileInfo project(projectPath);
    const bool onDisk = !projectPath.isEmpty() && !ProjectFiles::isExample(projectPath) && project.exists();
    return !onDisk || copy.lastModified() > project.lastModified() ? copy.filePath() : QString();
}

void Autosave::setInterval(std::chrono::milliseconds interval) { timer_.setInterval(interval); }

std::chrono::milliseconds Autosave::interval() const { return timer_.intervalAsDuration(); }

QString Autosave::recoveryPath() const { return recoveryPathFor(document_->path()); }

void Autosave::noteChange() {
    if (!timer_.isActive()) timer_.start();
}

bool Autosave::writeNow() {
    timer_.stop();
    const QString path = recoveryPath();
    try {
        QDir().mkpath(QFileInfo(path).path());
        ProjectFiles::write(path, document_->file());
    } catch (const std::exception& e) {
        emit failed(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    if (!written_.isEmpty() && written_ != path) QFile::remove(written_); // the document moved (Save As)
    written_ = path;
    emit written(path);
    return true;
}

void Autosave::discard() {
    timer_.stop();
    if (!written_.isEmpty()) QFile::remove(written_);
    written_.clear();
    QFile::remove(recoveryPath()); // also a copy restored from an earlier session
}
