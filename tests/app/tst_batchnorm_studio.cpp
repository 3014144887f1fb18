/// BatchNorm and regularization in the studio: the "BatchNorm layer" palette entry wires a
/// BatchNorm with its four Parameters in one undo step (per channel after an image, per
/// feature after flat rows), the inspector edits "trainable", "l2" and "l1", and the toolbar
/// sets AdamW's weight decay through the document.
#include "AppTestSupport.h"

#include "app/MainWindow.h"
#include "app/document/AddNodeCommand.h"
#include "app/editor/OpCatalog.h"
#include "app/inspector/NodeInspector.h"
#include "app/window/TrainingToolBar.h"
#include "autograd/Plan.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

using apptest::Canvas;
using apptest::idOf;
using apptest::loadExample;
using miniflow::Node;
using miniflow::NodeId;

namespace {

/// The producers of a node's input ports, in port order.
std::vector<const Node*> producers(const miniflow::Graph& g, NodeId node, int ports) {
    std::vector<const Node*> found;
    for (int port = 0; port < ports; ++port) {
        const auto edge = g.edgeInto(node, port);
        found.push_back(edge ? g.find(edge->from) : nullptr);
    }
    return found;
}

} // namespace

class TestBatchNormStudio : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    /// After flat rows (spiral's tanh2, 16 units): a BatchNorm of 16 features, scale ones,
    /// shift zeros, running mean zeros and variance ones not trainable; one undo step.
    void batchNormLayerAfterFlatRows() {
        Canvas canvas("spiral");
        const size_t before = canvas.document.graph().nodes().size();
        const NodeId tanh2 = idOf(canvas.document, "tanh2");
        canvas.scene.selectNodes({tanh2});
        QVERIFY(OpCatalog::find(OpCatalog::kBatchNormLayer));
        QVERIFY(canvas.dropFromPalette(OpCatalog::kBatchNormLayer, QPoint(500, 450)));
        const miniflow::Graph& g = canvas.document.graph();
        QCOMPARE(g.nodes().size(), before + 5);
        QCOMPARE(canvas.document.undoStack()->count(), 1);
        const std::vector<NodeId> selected = canvas.scene.selectedNodes();
        QCOMPARE(selected.size(), size_t{1});
        const Node& bn = *g.find(selected.front());
        QCOMPARE(bn.op, std::string("BatchNorm"));
        const std::vector<const Node*> in = producers(g, bn.id, 5);
        QVERIFY(in[0] && in[0]->id == tanh2);
        const char* initializers[] = {"constant", "zeros", "zeros", "constant"};
        const bool trainable[] = {true, true, false, false};
        for (int port = 1; port <= 4; ++port) {
            const Node* p = in[static_cast<size_t>(port)];
            QVERIFY(p && p->op == "Parameter");
            COMPARE_JSON(p->attributes["rows"], 1);
            COMPARE_JSON(p->attributes["cols"], 16);
            COMPARE_JSON(p->attributes["initializer"], initializers[port - 1]);
            COMPARE_JSON(p->attributes["trainable"], trainable[port - 1]);
        }
        COMPARE_JSON(in[1]->attributes["value"], 1.0);
        COMPARE_JSON(in[4]->attributes["value"], 1.0);
        const miniflow::ShapeInference shapes = miniflow::inferShapes(g);
        QCOMPARE(miniflow::toString(shapes.shapes.at(bn.id)), std::string("N x 16"));
        for (const miniflow::Diagnostic& d :
             miniflow::Plan::check(g, miniflow::PlanPurpose::Forward))
            QVERIFY2(std::find(d.nodes.begin(), d.nodes.end(), bn.id) == d.nodes.end(),
                     d.message.c_str());
        canvas.document.undo();
        QCOMPARE(g.nodes().size(), before);
    }

    /// After an image Input {3, 4, 4}: one statistic per channel (1 x 3), not per value.
    void batchNormLayerAfterAnImageIsPerChannel() {
        Canvas canvas;
        const Node image{canvas.document.graph().nextId(),
                         "Input",
                         "images",
                         {{"role", "features"}, {"features", 48}, {"sampleDims", {3, 4, 4}}},
                         {0, 0}};
        canvas.document.push(new AddNodeCommand(&canvas.document, image));
        canvas.scene.selectNodes({image.id});
        QVERIFY(canvas.dropFromPalette(OpCatalog::kBatchNormLayer, QPoint(600, 300)));
        const miniflow::Graph& g = canvas.document.graph();
        const NodeId bn = canvas.scene.selectedNodes().front();
        for (const Node* p : producers(g, bn, 5))
            if (p != nullptr && p->id != image.id)
                COMPARE_JSON(p->attributes["cols"], 3);
        const miniflow::ShapeInference shapes = miniflow::inferShapes(g);
        QCOMPARE(shapes.shapes.at(bn).sampleDims, (std::vector<miniflow::Index>{3, 4, 4}));
        QVERIFY(shapes.problems.empty());
    }

    /// A Parameter's "trainable" is a check box, "l2" and "l1" take small numbers; each edit
    /// is one undo step.
    void inspectorEditsTrainingAttributes() {
        GraphDocument doc;
        loadExample(doc, "spiral");
        NodeInspector inspector(&doc);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        const NodeId w1 = idOf(doc, "W1");
        inspector.showNode(w1);
        auto* trainable = qobject_cast<QCheckBox*>(inspector.editorFor("trainable"));
        auto* l2 = qobject_cast<QDoubleSpinBox*>(inspector.editorFor("l2"));
        QVERIFY(trainable && l2 && inspector.editorFor("l1"));
        QVERIFY(trainable->isChecked()); // the default, not stored in the file
        QCOMPARE(l2->value(), 0.0);
        QCOMPARE(l2->minimum(), 0.0); // no negative penalty can be typed
        const int steps = doc.undoStack()->count();
        QTest::mouseClick(trainable, Qt::LeftButton, {}, QPoint(4, trainable->height() / 2));
        COMPARE_JSON(doc.graph().find(w1)->attributes["trainable"], false);
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        l2->setFocus();
        l2->selectAll();
        QTest::keyClicks(l2, "0.0005");
        QTest::keyClick(l2, Qt::Key_Return);
        const nlohmann::json& typed = doc.graph().find(w1)->attributes["l2"];
        QVERIFY2(typed.is_number() && std::abs(typed.get<double>() - 0.0005) < 1e-12,
                 typed.dump().c_str());
        QCOMPARE(doc.undoStack()->count(), steps + 2);
        doc.undo();
        doc.undo();
        QVERIFY(!doc.graph().find(w1)->attributes.contains("trainable") ||
                doc.graph().find(w1)->attributes["trainable"] == true);
        QTRY_VERIFY(trainable->isChecked());
    }

    /// The toolbar offers adamw; its weight decay is editable only then, goes to the document
    /// (the one route to the worker) and is undone like any setting.
    void toolbarSetsAdamwWeightDecay() {
        MainWindow window;
        QString error;
        QVERIFY2(window.openExample("spiral", &error), qPrintable(error));
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TrainingToolBar* bar = window.trainingToolBar();
        QComboBox* optimizer = bar->optimizerBox();
        QDoubleSpinBox* decay = bar->weightDecayBox();
        QVERIFY(!decay->isEnabled());
        const int adamw = optimizer->findText("adamw");
        QVERIFY(adamw >= 0);
        optimizer->setCurrentIndex(adamw);
        emit optimizer->activated(adamw);
        QCOMPARE(window.document()->file().training.optimizer, std::string("adamw"));
        QVERIFY(decay->isEnabled());
        QCOMPARE(decay->value(), 0.01);
        decay->setFocus();
        decay->selectAll();
        QTest::keyClicks(decay, "0.05");
        QTest::keyClick(decay, Qt::Key_Return);
        QCOMPARE(window.document()->file().training.weightDecay, 0.05);
        window.document()->undo();
        QCOMPARE(window.document()->file().training.weightDecay, 0.01);
        QCOMPARE(decay->value(), 0.01);
        window.document()->markSaved();
    }
};

QTEST_MAIN(TestBatchNormStudio)
#include "tst_batchnorm_studio.moc"
