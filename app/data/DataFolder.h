#pragma once
#include <QString>

/// The folder a document's relative data paths resolve against: the graph file's folder,
/// or the application's folder for built-in examples (":/...") and unsaved documents (then
/// "data:" paths still find ../shared/data above the executable, see resolveDataPath).
QString dataBaseFolder(const QString& documentPath);
