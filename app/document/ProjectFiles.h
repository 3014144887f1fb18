#pragma once
#include "io/GraphFile.h"

#include <QString>
#include <QStringList>

/// Where projects come from: graph files on disk (core readGraphFile / writeGraphFile,
/// atomic) and the built-in examples compiled into Qt resources (":/examples/NAME.json").
class ProjectFiles {
  public:
    /// The examples in menu order: add, mul, linear, ..., spiral.
    static QStringList exampleNames();
    static QString examplePath(const QString& name);
    static bool isExample(const QString& path) { return path.startsWith(":/"); }
    /// Reads a file on disk or in the resources; throws miniflow::FormatError naming the
    /// file and the problem.
    static miniflow::GraphFile read(const QString& path);
    /// Writes atomically; throws std::exception (FormatError, filesystem errors).
    static void write(const QString& path, const miniflow::GraphFile& file);
};
