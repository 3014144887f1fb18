#include "app/document/ModelTemplates.h"

#include "app/data/DatasetPreview.h"
#include "graph/AutoLayout.h"

#include <QObject>

using miniflow::Graph;
using miniflow::Index;
using miniflow::Node;
using miniflow::NodeId;

namespace {

const char* const kClassifier = "MLP classifier";
const char* const kRegressor = "MLP regressor";

/// Widths of the hidden layers: two small ones for a few features (2-D toy sets need the
/// depth), one wider one for many (images).
std::vector<Index> hiddenWidths(Index features) {
    return features <= 64 ? std::vector<Index>{16, 16} : std::vector<Index>{64};
}

class Builder {
  public:
    NodeId add(const std::string& op, const std::string& name, nlohmann::json attributes) {
        return graph.addNode(Node{NodeId{}, op, graph.uniqueName(name), std::move(attributes), {}});
    }
    void connect(NodeId from, NodeId to, int port) { graph.addEdge({from, 0, to, port}); }
    /// X . W + b with `units` columns; returns the Linear.
    NodeId dense(NodeId input, Index inputs, Index units, const std::string& name) {
        const NodeId w =
            add("Parameter", "W",
                {{"rows", inputs}, {"cols", units}, {"initializer", "glorot_uniform"}});
        const NodeId b =
            add("Parameter", "b", {{"rows", 1}, {"cols", units}, {"initializer", "zeros"}});
        const NodeId linear = add("Linear", name, {{"units", units}});
        connect(input, linear, 0);
        connect(w, linear, 1);
        connect(b, linear, 2);
        return linear;
    }
    Graph graph;
};

} // namespace

namespace ModelTemplates {

QStringList names() {
    return {QObject::tr(kClassifier), QObject::tr(kRegressor)};
}

std::optional<miniflow::GraphFile> make(const QString& name, const DatasetPreview& data,
                                        QString* error) {
    const bool classifier = name == QObject::tr(kClassifier);
    if (!classifier && name != QObject::tr(kRegressor)) {
        *error = QObject::tr("no template called \"%1\"").arg(name);
        return std::nullopt;
    }
    if (!data.ok() || data.featureCount <= 0) {
        *error = QObject::tr("Choose a dataset first (Dataset panel): the template is sized to "
                             "its features and classes.");
        return std::nullopt;
    }
    if (classifier && data.classes <= 0) {
        *error = QObject::tr("This dataset has numeric targets, not classes: use the MLP "
                             "regressor, or mark the CSV target as classification.");
        return std::nullopt;
    }
    if (!classifier && data.classes > 0) {
        *error =
            QObject::tr("This dataset has %1 classes: use the MLP classifier.").arg(data.classes);
        return std::nullopt;
    }
    Builder b;
    nlohmann::json features{{"features", data.featureCount}, {"role", "features"}};
    if (data.sampleDims.size() > 1)
        features["sampleDims"] = data.sampleDims;
    const NodeId x = b.add("Input", "x", features);
    const Index labelColumns = classifier ? 1 : data.targetCount;
    const NodeId y = b.add("Input", "y", {{"features", labelColumns}, {"role", "labels"}});
    NodeId last = x;
    if (data.sampleDims.size() > 1) { // images: Linear layers take flat rows
        last = b.add("Flatten", "flatten", nlohmann::json::object());
        b.connect(x, last, 0);
    }
    Index width = data.featureCount;
    int layer = 1;
    for (Index units : hiddenWidths(data.featureCount)) {
        const NodeId linear = b.dense(last, width, units, "dense" + std::to_string(layer++));
        last = b.add("ReLU", "relu", nlohmann::json::object());
        b.connect(linear, last, 0);
        width = units;
    }
    const Index outputs = classifier ? data.classes : data.targetCount;
    const NodeId out = b.dense(last, width, outputs, classifier ? "logits" : "prediction");
    const NodeId loss =
        b.add(classifier ? "SoftmaxCrossEntropy" : "MSE", "loss", nlohmann::json::object());
    b.connect(out, loss, classifier ? 0 : 1);
    b.connect(y, loss, classifier ? 1 : 0);
    miniflow::layOutByDepth(b.graph);

    miniflow::GraphFile file;
    file.graph = std::move(b.graph);
    file.dataset = data.spec;
    const bool large = data.trainRows >= 10000;
    file.training.optimizer = "adam";
    file.training.learningRate = large ? 1e-3 : 1e-2;
    file.training.batchSize = large ? 64 : 32;
    file.training.epochs = large ? 2 : 100;
    file.description = name.toStdString() + " for " +
                       (data.spec.source == "builtin" ? data.spec.name : data.spec.path);
    return file;
}

} // namespace ModelTemplates
