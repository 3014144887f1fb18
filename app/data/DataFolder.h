#pragma once
#include <QString>

/// The folder a document's relative data paths resolve against: the graph file's folder,
/// or the application's folder for built-in examples (":/...") and unsaved documents (then
/// "data:" paths still find ../shared/data above the executable, see resolveDataPath).
QString dataBaseFolder(const QString& documentPath);

/// NOTE [Dialog folders]
/// Where a file dialog for data (CSV, IDX, CIFAR) starts: the shared data folder
/// ($MINIFLOW_DATA_DIR, else <ancestor>/shared/data of the executable or the working
/// directory, as the core's sharedDataFolder finds it) when there is one, else the folder
/// the last data dialog chose (QSettings "files/lastDataFolder"), else the home folder.
QString dataDialogFolder();
/// Remembers the folder of `chosenPath` (a file or a folder) for dataDialogFolder().
void rememberDataFolder(const QString& chosenPath);
