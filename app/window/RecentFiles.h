#pragma once
#include <QObject>
#include <QStringList>

class QMenu;

/// The "Recent files" list, kept in QSettings (most recent first, at most kLimit),
/// shown as a menu whose entries emit fileChosen().
class RecentFiles : public QObject {
    Q_OBJECT
  public:
    static constexpr int kLimit = 8;

    RecentFiles(QMenu* menu, QObject* parent = nullptr);
    QStringList files() const;
    /// Puts `path` first (absolute paths; examples are not remembered).
    void add(const QString& path);

  signals:
    void fileChosen(const QString& path);

  private:
    void refreshMenu();

    QMenu* menu_;
};
