#include "app/window/FolderDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

FolderDialog::FolderDialog(QWidget* parent, const QString& caption, const QString& startFolder)
    : QFileDialog(parent, caption, startFolder) {
    setOption(QFileDialog::DontUseNativeDialog);
    setOption(QFileDialog::ShowDirsOnly);
    setFileMode(QFileDialog::Directory);
    setLabelText(QFileDialog::Accept, tr("Choose"));
    // Qt disables the accept button for a name that does not exist; queued, this runs after.
    if (auto* name = findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
        connect(name, &QLineEdit::textChanged, this, &FolderDialog::allowNewName,
                Qt::QueuedConnection);
}

void FolderDialog::allowNewName() {
    const auto* name = findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
    const auto* buttons = findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"));
    QPushButton* choose = buttons ? buttons->button(QDialogButtonBox::Open) : nullptr;
    if (!name || !choose || name->text().trimmed().isEmpty())
        return;
    const QFileInfo typed(QDir::cleanPath(directory().absoluteFilePath(name->text().trimmed())));
    if (!typed.exists() && QFileInfo(typed.absolutePath()).isDir())
        choose->setEnabled(true);
}

void FolderDialog::accept() {
    // The typed name, as the dialog's own name field holds it (relative to the folder shown).
    const auto* nameEdit = findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
    const QString typed = nameEdit ? nameEdit->text().trimmed() : QString();
    const QString path = typed.isEmpty() ? directory().absolutePath()
                                         : QDir::cleanPath(directory().absoluteFilePath(typed));
    const QFileInfo info(path);
    if (info.exists() && !info.isDir()) {
        QMessageBox::warning(this, windowTitle(),
                             tr("%1 is a file, not a folder: type another name.").arg(path));
        return;
    }
    created_ = false;
    if (!info.exists()) {
        if (!QFileInfo(info.absolutePath()).isDir()) {
            QMessageBox::warning(
                this, windowTitle(),
                tr("%1 does not exist: a new folder is made inside an existing one.")
                    .arg(info.absolutePath()));
            return;
        }
        if (!QDir().mkdir(path)) {
            QMessageBox::warning(this, windowTitle(),
                                 tr("Cannot create the folder %1 (check the permissions of %2).")
                                     .arg(info.fileName(), info.absolutePath()));
            return;
        }
        created_ = true;
    }
    folder_ = QFileInfo(path).absoluteFilePath();
    QDialog::accept();
}

QString FolderDialog::choose(QWidget* parent, const QString& caption, const QString& startFolder,
                             bool* created) {
    FolderDialog dialog(parent, caption, startFolder);
    const bool accepted = dialog.exec() == QDialog::Accepted;
    if (created)
        *created = accepted && dialog.created();
    return accepted ? dialog.folder() : QString();
}
