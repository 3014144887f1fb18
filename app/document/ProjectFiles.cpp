#include "app/document/ProjectFiles.h"

#include <QFile>

/// The examples live in the studio library's resources; a static library's resources
/// must be registered by hand before the first read. (Global namespace: the macro
/// declares the resource's registration function where it is used.)
static void registerResources() {
    static const bool registered = [] {
        Q_INIT_RESOURCE(resources);
        return true;
    }();
    (void)registered;
}

QStringList ProjectFiles::exampleNames() {
    return {"add",         "mul",       "linear",    "linear-sigmoid", "mse",
            "backprop",    "boston",    "mnist-mlp", "cifar-fc",       "lenet-mnist",
            "cnn-fashion", "cifar-cnn", "spiral"};
}

QString ProjectFiles::examplePath(const QString& name) {
    return ":/examples/" + name + ".json";
}

miniflow::GraphFile ProjectFiles::read(const QString& path) {
    if (!isExample(path))
        return miniflow::readGraphFile(path.toStdString());
    registerResources();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw miniflow::FormatError(path.toStdString() + ": no such example");
    const QByteArray bytes = file.readAll();
    try {
        return miniflow::graphFileFromJson(
            nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size()),
            path.toStdString());
    } catch (const nlohmann::json::exception& e) {
        throw miniflow::FormatError(path.toStdString() + ": " + e.what());
    }
}

void ProjectFiles::write(const QString& path, const miniflow::GraphFile& file) {
    miniflow::writeGraphFile(path.toStdString(), file);
}
