#include "app/window/DocumentActions.h"

#include "app/document/Autosave.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/window/RecentFiles.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace {
const char* const kFileFilter = "MiniFlow projects (*.miniflow.json *.json);;All files (*)";
const char* const kLastProjectFolderKey = "files/lastProjectFolder";
} // namespace

DocumentActions::DocumentActions(GraphDocument* document, Autosave* autosave, QWidget* window)
    : QObject(window), document_(document), autosave_(autosave), window_(window) {}

void DocumentActions::addTo(QMenu* file) {
    file->addAction(tr("&New"), QKeySequence::New, this, &DocumentActions::newProject);
    file->addAction(tr("&Open..."), QKeySequence::Open, this, &DocumentActions::openWithDialog);
    recent_ = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(recent_, &RecentFiles::fileChosen, this, &DocumentActions::openChecked);
    file->addAction(tr("&Save"), QKeySequence::Save, this, &DocumentActions::save);
    file->addAction(tr("Save &As..."), QKeySequence::SaveAs, this, &DocumentActions::saveAs);
}

bool DocumentActions::openFile(const QString& path, QString* error) {
    try {
        miniflow::GraphFile file = ProjectFiles::read(path);
        emit aboutToReplace();
        document_->load(std::move(file), path);
    } catch (const std::exception& e) {
        const QString text = QString::fromStdString(e.what());
        if (error)
            *error = text;
        else
            showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), text);
        return false;
    }
    if (recent_)
        recent_->add(path);
    emit opened();
    return true;
}

bool DocumentActions::openExample(const QString& name, QString* error) {
    if (!ProjectFiles::exampleNames().contains(name)) {
        const QString text = tr("no example called \"%1\" (examples: %2)")
                                 .arg(name, ProjectFiles::exampleNames().join(", "));
        if (error)
            *error = text;
        else
            showError(tr("Unknown example"), text);
        return false;
    }
    return openFile(ProjectFiles::examplePath(name), error);
}

bool DocumentActions::saveTo(const QString& path, QString* error) {
    try {
        ProjectFiles::write(path, document_->file());
    } catch (const std::exception& e) {
        const QString text = QString::fromStdString(e.what());
        if (error)
            *error = text;
        else
            showError(tr("Cannot save %1").arg(QFileInfo(path).fileName()), text);
        return false;
    }
    document_->setPath(path);
    document_->markSaved();
    autosave_->discard();
    if (recent_)
        recent_->add(path);
    emit message(tr("Saved %1").arg(path));
    return true;
}

bool DocumentActions::refuseWhileTraining() {
    if (!document_->structureLocked())
        return false;
    emit message(tr("Stop training to open or create another graph"));
    return true;
}

void DocumentActions::newProject() {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    miniflow::GraphFile empty;
    empty.dataset = document_->file().dataset; // NOTE [Binding at once]
    emit aboutToReplace();
    document_->load(std::move(empty), QString());
    emit opened();
}

void DocumentActions::openWithDialog() {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    const QString path =
        QFileDialog::getOpenFileName(window_, tr("Open graph"), projectFolder(), tr(kFileFilter));
    if (path.isEmpty())
        return;
    rememberProjectFolder(path);
    openFile(path);
}

void DocumentActions::openChecked(const QString& path) {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    openFile(path);
}

bool DocumentActions::save() {
    const QString path = document_->path();
    if (path.isEmpty() || ProjectFiles::isExample(path))
        return saveAs();
    return saveTo(path);
}

bool DocumentActions::saveAs() {
    QString path =
        QFileDialog::getSaveFileName(window_, tr("Save graph"), projectFolder(), tr(kFileFilter));
    if (path.isEmpty())
        return false;
    // Projects stay JSON; a name without an extension gets ".miniflow.json", the glob the
    // desktop's MIME type knows them by (resources/desktop/miniflow-studio-mime.xml).
    if (QFileInfo(path).suffix().isEmpty())
        path += ".miniflow.json";
    rememberProjectFolder(path);
    return saveTo(path);
}

bool DocumentActions::maybeSave() {
    if (!document_->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        window_, tr("Unsaved changes"), tr("The graph has unsaved changes. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool DocumentActions::releaseDocument() {
    if (!maybeSave())
        return false;
    autosave_->discard();
    return true;
}

void DocumentActions::showError(const QString& title, const QString& text) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, window_);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString DocumentActions::projectFolder() const {
    const QString last = QSettings().value(kLastProjectFolderKey).toString();
    return !last.isEmpty() && QFileInfo(last).isDir() ? last : QDir::homePath();
}

void DocumentActions::rememberProjectFolder(const QString& path) {
    QSettings().setValue(kLastProjectFolderKey, QFileInfo(path).absolutePath());
}
