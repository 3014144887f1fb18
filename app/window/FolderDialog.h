#pragma once
#include <QFileDialog>

/// "Choose or create" a folder: Qt's own folder dialog (the same on every desktop) that
/// also accepts the name of a folder that does not exist yet, inside one that does, and
/// creates it on accept. A name that cannot be created (missing parent, a file of that
/// name, no permission) is refused with a message and the dialog stays open.
class FolderDialog : public QFileDialog {
    Q_OBJECT
  public:
    FolderDialog(QWidget* parent, const QString& caption, const QString& startFolder);

    /// The chosen folder (absolute), empty before accept.
    QString folder() const { return folder_; }
    /// True when accept() created the chosen folder (callers may remove it again when what
    /// they wanted to write there failed).
    bool created() const { return created_; }

    /// Runs the dialog; the chosen (possibly new) folder, or empty when cancelled.
    static QString choose(QWidget* parent, const QString& caption, const QString& startFolder,
                          bool* created = nullptr);

  public slots:
    void accept() override;

  private:
    void allowNewName();

    QString folder_;
    bool created_ = false;
};
