#pragma once
#include <QByteArray>
#include <QDataStream>
#include <QFile>
#include <QString>

#include <vector>

namespace miniflow::test {

/// Writes an IDX file: the big-endian magic, each dimension, then `data` as is. Aborts the
/// test run when the file cannot be written.
inline void writeIdx(const QString& path, quint32 magic, const std::vector<quint32>& dims,
                     const QByteArray& data) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QDataStream out(&file); // big-endian, as IDX wants
    out << magic;
    for (quint32 d : dims)
        out << d;
    file.write(data);
}

} // namespace miniflow::test
