#include "app/data/DataFolder.h"

#include "io/DataSource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {
const char* const kLastDataFolderKey = "files/lastDataFolder";
}

QString dataBaseFolder(const QString& documentPath) {
    if (documentPath.isEmpty() || documentPath.startsWith(QLatin1Char(':')))
        return QCoreApplication::applicationDirPath();
    return QFileInfo(documentPath).absolutePath();
}

QString dataDialogFolder() {
    const QString shared = QString::fromStdString(
        miniflow::sharedDataFolder(QCoreApplication::applicationDirPath().toStdString()));
    if (!shared.isEmpty())
        return QDir(shared).absolutePath();
    const QString last = QSettings().value(kLastDataFolderKey).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    return QDir::homePath();
}

void rememberDataFolder(const QString& chosenPath) {
    const QFileInfo info(chosenPath);
    QSettings().setValue(kLastDataFolderKey,
                         info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}
