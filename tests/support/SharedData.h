#pragma once
/// Where the shared real datasets are, for tests that use them when present.
#include <QtTest>

#include <QDir>
#include <QFileInfo>
#include <string>

namespace miniflow::test {

/// MINIFLOW_DATA_DIR from the environment (set by CTest), else the build-time default.
inline QString sharedDataDir() {
    const QByteArray fromEnv = qgetenv("MINIFLOW_DATA_DIR");
    return fromEnv.isEmpty() ? QString(MINIFLOW_DATA_DIR) : QString::fromLocal8Bit(fromEnv);
}

/// Absolute path of `relative` inside the shared data folder ("" when it is absent).
inline std::string sharedDataPath(const QString& relative) {
    const QFileInfo info(QDir(sharedDataDir()).filePath(relative));
    return info.exists() ? info.absoluteFilePath().toStdString() : std::string();
}

inline std::string examplePath(const QString& name) {
    return QDir(QString(MINIFLOW_EXAMPLES_DIR)).filePath(name).toStdString();
}

} // namespace miniflow::test

/// Skips the current test, saying which shared file is missing and why that is fine.
#define MINIFLOW_REQUIRE_SHARED_DATA(relative, pathVariable)                                       \
    const std::string pathVariable = miniflow::test::sharedDataPath(relative);                     \
    if (pathVariable.empty())                                                                      \
    QSKIP(qPrintable(QStringLiteral("%1 not found under %2 (the shared datasets are absent on "    \
                                    "this machine; set MINIFLOW_DATA_DIR to run this test)")       \
                         .arg(relative, miniflow::test::sharedDataDir())))
