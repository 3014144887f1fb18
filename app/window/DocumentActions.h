#pragma once
#include <QObject>
#include <QString>

class Autosave;
class GraphDocument;
class QMenu;
class QWidget;
class RecentFiles;

/// The file workflow of the studio's one document: New, Open..., Open Recent, Save and
/// Save As... (entries added to the File menu by addTo), opening built-in examples, and
/// the "save changes?" question before unsaved work would be lost. Opening or creating is
/// refused while training locks the graph. Errors name the file and go to *error when the
/// caller passes one (scripts, tests), else to a window-modal message box.
/// Graph dialogs start in the folder of the last graph opened or saved (QSettings
/// "files/lastProjectFolder"), else the home folder.
class DocumentActions : public QObject {
    Q_OBJECT
  public:
    DocumentActions(GraphDocument* document, Autosave* autosave, QWidget* window);

    /// New, Open..., Open Recent, Save, Save As..., in that order.
    void addTo(QMenu* file);

    /// Opens a graph file (or a ":/examples/..." resource). On failure the current project
    /// stays untouched and the message goes to *error, or to a dialog when error is null.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Opens a built-in example by name (ProjectFiles::exampleNames()).
    bool openExample(const QString& name, QString* error = nullptr);
    /// Saves the document in the graph file format; same error reporting as openFile().
    bool saveTo(const QString& path, QString* error = nullptr);

    /// New graph (asks about unsaved changes first).
    void newProject();
    /// openFile() after asking about unsaved changes (menus: recent files, examples).
    void openChecked(const QString& path);
    bool save();
    bool saveAs();
    /// Asks before unsaved changes would be lost, then drops the document's recovery copy
    /// (NOTE [Recovery copies]); false means "cancel what you were doing".
    bool releaseDocument();

  signals:
    /// The document is about to be replaced by a file that was read (or a new graph).
    void aboutToReplace();
    /// A graph was opened or created: views may fit it.
    void opened();
    /// A status-bar message (saved, refused while training).
    void message(const QString& text);

  private:
    void openWithDialog();
    bool maybeSave();
    bool refuseWhileTraining();
    void showError(const QString& title, const QString& text);
    QString projectFolder() const;
    void rememberProjectFolder(const QString& path);

    GraphDocument* document_;
    Autosave* autosave_;
    QWidget* window_;
    RecentFiles* recent_ = nullptr;
};
