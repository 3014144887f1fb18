#include "app/data/DataFolder.h"

#include <QCoreApplication>
#include <QFileInfo>

QString dataBaseFolder(const QString& documentPath) {
    if (documentPath.isEmpty() || documentPath.startsWith(QLatin1Char(':')))
        return QCoreApplication::applicationDirPath();
    return QFileInfo(documentPath).absolutePath();
}
