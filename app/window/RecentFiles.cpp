#include "app/window/RecentFiles.h"

#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
const char* kKey = "recentFiles";
}

RecentFiles::RecentFiles(QMenu* menu, QObject* parent) : QObject(parent), menu_(menu) {
    refreshMenu();
}

QStringList RecentFiles::files() const {
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString& path) {
    if (path.startsWith(":/"))
        return;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kLimit)
        list.removeLast();
    QSettings().setValue(kKey, list);
    refreshMenu();
}

void RecentFiles::refreshMenu() {
    menu_->clear();
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        QAction* action =
            menu_->addAction(QString("&%1 %2").arg(i + 1).arg(QFileInfo(list[i]).fileName()));
        action->setToolTip(list[i]);
        const QString path = list[i];
        connect(action, &QAction::triggered, this, [this, path] { emit fileChosen(path); });
    }
    menu_->setEnabled(!list.isEmpty());
}
