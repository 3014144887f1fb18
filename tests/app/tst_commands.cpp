/// The document's undo commands, edge rules and project files, without widgets.
#include "AppTestSupport.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/document/DeleteSelectionCommand.h"
#include "app/document/InsertConvLayerCommand.h"
#include "app/document/InsertDenseLayerCommand.h"
#include "app/document/MoveNodesCommand.h"
#include "app/document/PasteCommand.h"
#include "app/document/RenameNodeCommand.h"
#include "app/document/ResizeUnitsCommand.h"
#include "app/document/SetNodeAttributesCommand.h"
#include "app/document/SetTrainingConfigCommand.h"
#include "app/editor/EdgeRules.h"
#include "autograd/Plan.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using apptest::idOf;
using apptest::loadExample;
using miniflow::Edge;
using miniflow::NodeId;

class TestCommands : public QObject {
    Q_OBJECT
  private slots:
    void deleteUndoRestoresIdsOrderAndTrainedValues();
    void addNodeRedoKeepsId();
    void addEdgeIntoOccupiedInputReplacesIt();
    void denseLayerIsWiredWithRightShapes();
    void denseLayerWithoutUpstream();
    void convLayerIsShapedFromTheInputsChannels_data();
    void convLayerIsShapedFromTheInputsChannels();
    void resizeUnitsResizesParametersInOneStep();
    void pasteMakesFreshIdsAndNames();
    void renameAndSettingsAreUndoableAndMarkModified();
    void lockedDocumentRefusesStructuralEdits();
    void edgeRules_data();
    void edgeRules();
    void fragmentRoundTrip();
    void everyExampleOpens();
    void saveThenOpenGivesSameProject();
};

void TestCommands::deleteUndoRestoresIdsOrderAndTrainedValues() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const NodeId w1 = idOf(doc, "W1");
    doc.setParameters({{w1, miniflow::Tensor::Constant(2, 16, 0.25f)}});
    const miniflow::GraphFile original = doc.file();
    QVERIFY(doc.push(new DeleteSelectionCommand(&doc, {idOf(doc, "dense1"), w1}, {})));
    QVERIFY(!doc.graph().find(w1) && doc.file().parameters.empty());
    doc.undo();
    QVERIFY(doc.file() == original);
    QCOMPARE(doc.graph().nextId(), original.graph.nextId());
    doc.redo();
    QCOMPARE(doc.graph().nodes().size(), size_t(12));
}

void TestCommands::addNodeRedoKeepsId() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const miniflow::Node node{doc.graph().nextId(), "ReLU", "relu", {}, {10, 20}};
    QVERIFY(doc.push(new AddNodeCommand(&doc, node)));
    QCOMPARE(*doc.graph().find(node.id), node);
    doc.undo();
    QVERIFY(!doc.graph().find(node.id));
    doc.redo();
    QCOMPARE(doc.graph().nodes().back(), node);
}

void TestCommands::addEdgeIntoOccupiedInputReplacesIt() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const miniflow::GraphFile original = doc.file();
    const Edge old = *doc.graph().edgeInto(idOf(doc, "dense2"), 2);
    const Edge replacement{idOf(doc, "b1"), 0, idOf(doc, "dense2"), 2};
    QVERIFY(doc.push(new AddEdgeCommand(&doc, replacement)));
    QCOMPARE(doc.edgeIndex(old), -1);
    QCOMPARE(*doc.graph().edgeInto(replacement.to, 2), replacement);
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undo();
    QVERIFY(doc.file() == original);
}

void TestCommands::denseLayerIsWiredWithRightShapes() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const NodeId tanh1 = idOf(doc, "tanh1");
    auto* command = new InsertDenseLayerCommand(&doc, {700, 500}, tanh1, 8);
    const NodeId linear = command->linearNode();
    QVERIFY(doc.push(command));
    const miniflow::Graph& g = doc.graph();
    QCOMPARE(g.find(linear)->op, std::string("Linear"));
    COMPARE_JSON(g.find(linear)->attributes["units"], 8);
    QCOMPARE(g.edgeInto(linear, 0)->from, tanh1);
    const miniflow::Node* w = g.find(g.edgeInto(linear, 1)->from);
    const miniflow::Node* b = g.find(g.edgeInto(linear, 2)->from);
    COMPARE_JSON(w->attributes,
                 (nlohmann::json{{"rows", 16}, {"cols", 8}, {"initializer", "glorot_uniform"}}));
    COMPARE_JSON(b->attributes,
                 (nlohmann::json{{"rows", 1}, {"cols", 8}, {"initializer", "zeros"}}));
    const miniflow::ShapeInference shapes = miniflow::inferShapes(g);
    QVERIFY(shapes.shapes.at(linear) == miniflow::Shape::batch(8));
    QVERIFY(shapes.problems.empty());
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undo();
    QCOMPARE(doc.graph().nodes().size(), size_t(14));
}

void TestCommands::denseLayerWithoutUpstream() {
    GraphDocument doc;
    auto* command = new InsertDenseLayerCommand(&doc, {0, 0}, std::nullopt);
    const NodeId linear = command->linearNode();
    QVERIFY(doc.push(command));
    QCOMPARE(doc.graph().nodes().size(), size_t(3));
    QVERIFY(!doc.graph().edgeInto(linear, 0));
    COMPARE_JSON(doc.graph().find(doc.graph().edgeInto(linear, 1)->from)->attributes["rows"], 1);
}

void TestCommands::convLayerIsShapedFromTheInputsChannels_data() {
    QTest::addColumn<QString>("example");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("side");
    QTest::newRow("mnist-mlp: 1 x 28 x 28") << "mnist-mlp" << 1 << 28;
    QTest::newRow("cifar-fc: 3 x 32 x 32") << "cifar-fc" << 3 << 32;
}

/// The Conv layer macro: Conv2D + W (outChannels x C*k*k, C from the fed image) + b, wired,
/// valid at once, one undo step; a second one after it takes the first one's channels.
void TestCommands::convLayerIsShapedFromTheInputsChannels() {
    QFETCH(QString, example);
    QFETCH(int, channels);
    QFETCH(int, side);
    GraphDocument doc;
    loadExample(doc, example);
    const miniflow::Graph before = doc.graph();
    const NodeId images = idOf(doc, "images");
    auto* first = new InsertConvLayerCommand(&doc, {300, 100}, images, 6, 5);
    const NodeId conv = first->convNode();
    QVERIFY(doc.push(first));
    QCOMPARE(doc.undoStack()->count(), 1);
    const miniflow::Graph& g = doc.graph();
    QCOMPARE(g.nodes().size(), before.nodes().size() + 3);
    QCOMPARE(g.find(conv)->op, std::string("Conv2D"));
    COMPARE_JSON(g.find(conv)->attributes["outChannels"], 6);
    COMPARE_JSON(g.find(conv)->attributes["kernelW"], 5);
    COMPARE_JSON(g.find(conv)->attributes["padding"], "valid");
    QCOMPARE(g.edgeInto(conv, 0)->from, images);
    const miniflow::Node* w = g.find(g.edgeInto(conv, 1)->from);
    const miniflow::Node* b = g.find(g.edgeInto(conv, 2)->from);
    COMPARE_JSON(w->attributes["rows"], 6);
    COMPARE_JSON(w->attributes["cols"], channels * 25);
    COMPARE_JSON(w->attributes["initializer"], "normal");
    QVERIFY(std::abs(w->attributes["stddev"].get<double>() - std::sqrt(2.0 / (channels * 25))) <
            1e-4);
    COMPARE_JSON(b->attributes,
                 (nlohmann::json{{"rows", 1}, {"cols", 6}, {"initializer", "zeros"}}));
    miniflow::ShapeInference shapes = miniflow::inferShapes(g);
    const miniflow::Shape convShape = shapes.shapes.at(conv);
    QCOMPARE(convShape.sampleDims, (std::vector<miniflow::Index>{6, side - 4, side - 4}));
    QVERIFY(std::none_of(
        shapes.problems.begin(), shapes.problems.end(), [&](const miniflow::Diagnostic& p) {
            return std::find(p.nodes.begin(), p.nodes.end(), conv) != p.nodes.end();
        }));

    auto* second = new InsertConvLayerCommand(&doc, {600, 100}, conv);
    const NodeId conv2 = second->convNode();
    QVERIFY(doc.push(second));
    COMPARE_JSON(doc.graph().find(doc.graph().edgeInto(conv2, 1)->from)->attributes["cols"], 6 * 9);
    shapes = miniflow::inferShapes(doc.graph());
    QCOMPARE(shapes.shapes.at(conv2).sampleDims,
             (std::vector<miniflow::Index>{8, side - 6, side - 6}));
    doc.undo();
    doc.undo();
    // Same nodes (ids, order, attributes) and edges; the id counter only moves forward (ids
    // handed out stay unique), so it is not part of what undo gives back.
    QVERIFY(doc.graph().nodes() == before.nodes());
    QVERIFY(doc.graph().edges() == before.edges());
    QVERIFY(doc.graph().nextId().value >= before.nextId().value);
}

void TestCommands::resizeUnitsResizesParametersInOneStep() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const miniflow::GraphFile original = doc.file();
    QVERIFY(doc.push(new ResizeUnitsCommand(&doc, idOf(doc, "dense1"), 32)));
    const miniflow::Graph& g = doc.graph();
    COMPARE_JSON(g.findByName("dense1")->attributes["units"], 32);
    COMPARE_JSON(g.findByName("W1")->attributes["cols"], 32);
    COMPARE_JSON(g.findByName("b1")->attributes["cols"], 32);
    COMPARE_JSON(g.findByName("W2")->attributes["rows"], 32); // through tanh1
    COMPARE_JSON(g.findByName("W2")->attributes["cols"], 16);
    QVERIFY(miniflow::Plan::check(g).empty());
    QCOMPARE(doc.undoStack()->count(), 1);
    doc.undo();
    QVERIFY(doc.file() == original);
}

void TestCommands::pasteMakesFreshIdsAndNames() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const GraphFragment fragment =
        GraphFragment::of(doc.graph(), {idOf(doc, "dense3"), idOf(doc, "W3")});
    QCOMPARE(fragment.edges().size(), size_t(1));
    auto* command = new PasteCommand(&doc, fragment, {30, 40});
    const std::vector<NodeId> pasted = command->pastedNodes();
    QVERIFY(doc.push(command));
    QCOMPARE(pasted, (std::vector<NodeId>{NodeId{15}, NodeId{16}}));
    const miniflow::Node* copy = doc.graph().find(pasted[1]);
    QCOMPARE(copy->name, std::string("dense3_2"));
    QCOMPARE(copy->position, (miniflow::Position{1730, 240}));
    QCOMPARE(*doc.graph().edgeInto(pasted[1], 1), (Edge{pasted[0], 0, pasted[1], 1}));
}

void TestCommands::renameAndSettingsAreUndoableAndMarkModified() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    QVERIFY(!doc.isModified());
    QVERIFY(doc.push(new RenameNodeCommand(&doc, idOf(doc, "dense1"), "hidden1")));
    QVERIFY(doc.graph().findByName("hidden1") && doc.isModified());
    miniflow::TrainingConfig config = doc.file().training;
    config.learningRate = 0.5;
    QVERIFY(doc.push(new SetTrainingConfigCommand(&doc, config)));
    QCOMPARE(doc.file().training.learningRate, 0.5);
    doc.undo();
    doc.undo();
    QCOMPARE(doc.file().training.learningRate, 0.01);
    QVERIFY(doc.graph().findByName("dense1") && !doc.isModified());
}

void TestCommands::lockedDocumentRefusesStructuralEdits() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const NodeId dense1 = idOf(doc, "dense1");
    QVERIFY(doc.push(new DeleteSelectionCommand(&doc, {idOf(doc, "b3")}, {})));
    QSignalSpy refused(&doc, &GraphDocument::editRefused);
    doc.setStructureLocked(true, "Training is running");
    const miniflow::GraphFile locked = doc.file();
    QVERIFY(!doc.push(new AddNodeCommand(&doc, {doc.graph().nextId(), "ReLU", "r", {}, {}})));
    QVERIFY(!doc.push(new SetNodeAttributesCommand(&doc, dense1, {{"units", 3}})));
    QVERIFY(!doc.undo()); // the delete is structural
    QCOMPARE(refused.count(), 3);
    QCOMPARE(refused.back().at(0).toString(), QString("Training is running"));
    QVERIFY(doc.file() == locked);
    QVERIFY(doc.push(new MoveNodesCommand(&doc, {{dense1, {420, 200}, {500, 260}}})));
    QVERIFY(doc.push(new RenameNodeCommand(&doc, dense1, "first")));
    QVERIFY(doc.undo() && doc.undo()); // moves and names are not structural
    QCOMPARE(doc.graph().find(dense1)->position, (miniflow::Position{420, 200}));
    doc.setStructureLocked(false);
    QVERIFY(doc.undo());
    QVERIFY(doc.graph().findByName("b3"));
}

void TestCommands::edgeRules_data() {
    QTest::addColumn<QString>("fromName");
    QTest::addColumn<bool>("fromOutput");
    QTest::addColumn<QString>("toName");
    QTest::addColumn<int>("toPort");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("reason");
    QTest::newRow("fits") << "b1" << true << "dense2" << 2 << true << "";
    QTest::newRow("occupied input is replaced") << "tanh1" << true << "dense2" << 0 << true << "";
    QTest::newRow("self") << "tanh1" << true << "tanh1" << 0 << false
                          << "a node cannot feed itself (tanh1)";
    QTest::newRow("cycle") << "tanh1" << true << "dense1" << 0 << false
                           << "would make a cycle: dense1 -> tanh1 -> dense1";
    QTest::newRow("two inputs")
        << "dense1" << false << "dense2" << 0 << false
        << "cannot join two inputs: an edge goes from an output to an input";
    QTest::newRow("bias mismatch")
        << "b3" << true << "dense1" << 2 << false
        << "shape mismatch at \"dense1\" (Linear): Linear's bias must be 1 x 16 to match W1 "
           "(2 x 16), but b3 (1 x 2) is not (resize the Parameter in the inspector)";
    QTest::newRow("loss labels")
        << "points" << true << "loss" << 1 << false
        << "shape mismatch at \"loss\" (SoftmaxCrossEntropy): SoftmaxCrossEntropy takes labels "
           "as one class index per row, but points (N x 2) has 2 columns (feed the logits to "
           "the first input and the labels to the second)";
}

void TestCommands::edgeRules() {
    QFETCH(QString, fromName);
    QFETCH(bool, fromOutput);
    QFETCH(QString, toName);
    QFETCH(int, toPort);
    QFETCH(bool, allowed);
    QFETCH(QString, reason);
    GraphDocument doc;
    loadExample(doc, "spiral");
    const PortRef from{idOf(doc, fromName.toStdString()), 0, fromOutput};
    const PortRef to{idOf(doc, toName.toStdString()), toPort, false};
    const EdgeVerdict verdict = checkEdge(doc.graph(), from, to);
    QCOMPARE(verdict.reason, reason);
    QCOMPARE(verdict.allowed, allowed);
    QCOMPARE(checkEdge(doc.graph(), to, from).allowed, allowed); // either order
}

void TestCommands::fragmentRoundTrip() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const GraphFragment fragment =
        GraphFragment::of(doc.graph(), {idOf(doc, "dense1"), idOf(doc, "W1")});
    const std::optional<GraphFragment> back = GraphFragment::fromBytes(fragment.toBytes());
    QVERIFY(back);
    QCOMPARE(back->nodes(), fragment.nodes());
    QCOMPARE(back->edges(), fragment.edges());
    QVERIFY(!GraphFragment::fromBytes("not json"));
    QVERIFY(!GraphFragment::fromBytes("{\"format\": \"other\"}"));
}

void TestCommands::everyExampleOpens() {
    for (const QString& name : ProjectFiles::exampleNames()) {
        const miniflow::GraphFile file = ProjectFiles::read(ProjectFiles::examplePath(name));
        QVERIFY2(!file.graph.nodes().empty(), qPrintable(name));
    }
    QVERIFY_THROWS_EXCEPTION(miniflow::FormatError, ProjectFiles::read(":/examples/nothing.json"));
}

void TestCommands::saveThenOpenGivesSameProject() {
    GraphDocument doc;
    loadExample(doc, "spiral");
    const NodeId dense2 = idOf(doc, "dense2");
    doc.push(new MoveNodesCommand(&doc, {{dense2, {1060, 200}, {1066.5, 233.25}}}));
    doc.push(new InsertDenseLayerCommand(&doc, {300, 600}, dense2, 4));
    doc.push(new SetNodeAttributesCommand(&doc, idOf(doc, "tanh1"), {{"note", "kept"}}));
    miniflow::TrainingConfig config = doc.file().training;
    config.optimizer = "momentum";
    config.batchSize = 7;
    doc.push(new SetTrainingConfigCommand(&doc, config));
    doc.setParameters({{idOf(doc, "b1"), miniflow::Tensor::Constant(1, 16, -0.5f)}});
    QTemporaryDir dir;
    const QString path = dir.filePath("project.json");
    ProjectFiles::write(path, doc.file());
    GraphDocument reopened;
    reopened.load(ProjectFiles::read(path), path);
    QVERIFY(reopened.file() == doc.file());
    QCOMPARE(reopened.graph().find(dense2)->position, (miniflow::Position{1066.5, 233.25}));
    QCOMPARE(reopened.file().training.optimizer, std::string("momentum"));
}

QTEST_MAIN(TestCommands)
#include "tst_commands.moc"
