#pragma once
#include <QDialog>

/// Help > About: the icon, name and version (MINIFLOW_VERSION, the one CMake sets), what the
/// studio is for, and each library it runs on with the version found at build or run time
/// and its licence.
class AboutDialog : public QDialog {
    Q_OBJECT
  public:
    explicit AboutDialog(QWidget* parent = nullptr);

    /// One row per library: name, version, licence (in the table's order).
    struct Library {
        QString name;
        QString version;
        QString licence;
    };
    static QList<Library> libraries();
};
