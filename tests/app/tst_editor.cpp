/// The canvas, driven as a user drives it: palette drops, port drags, keys, the mouse.
#include "AppTestSupport.h"

#include "app/editor/AddNodeMenu.h"
#include "app/editor/OpCatalog.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QWheelEvent>

using apptest::Canvas;
using apptest::idOf;
using miniflow::Edge;

class TestEditor : public QObject {
    Q_OBJECT
  private slots:
    void paletteDropLandsAtDropPoint_data();
    void paletteDropLandsAtDropPoint();
    void paletteIsGroupedByCategory();
    void denseLayerDropIsWiredFromSelection();
    void convLayerDropIsWiredFromSelection();
    void portDragMakesEdge();
    void dragFromInputToOutputMakesEdge();
    void cycleIsRefusedWithPath();
    void shapeMismatchIsRefusedWithBothShapes();
    void outputToOutputIsRefused();
    void compatiblePortsAreHighlightedWhileDragging();
    void connectingIntoOccupiedInputReplacesEdge();
    void detachedEdgeDroppedOnNothingIsRemoved();
    void detachedEdgeReroutesInOneStep();
    void deleteThenUndoRestoresExactGraph();
    void backspaceDeletesSelectedEdgeAlone();
    void moveIsOneUndoStep();
    void rubberBandSelects();
    void escapeClearsAndCtrlASelectsAll();
    void wheelZoomsTowardCursorAndClamps();
    void doubleClickOpensSearchableMenu();
    void edgeDroppedOnCanvasOffersConnectedNode();
    void copyPasteMakesNewIdsAndOffsets();
    void structuralEditsRefusedWhileLockedButMovesAllowed();
    void gradientStylesEdges();
};

void TestEditor::paletteDropLandsAtDropPoint_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QPoint>("where");
    QTest::newRow("ReLU") << "ReLU" << QPoint(150, 120);
    QTest::newRow("Parameter") << "Parameter" << QPoint(600, 500);
    QTest::newRow("MSE") << "MSE" << QPoint(333, 77);
}

void TestEditor::paletteDropLandsAtDropPoint() {
    QFETCH(QString, kind);
    QFETCH(QPoint, where);
    Canvas canvas("spiral");
    const size_t before = canvas.document.graph().nodes().size();
    QVERIFY(canvas.dropFromPalette(kind, where));
    const auto& nodes = canvas.document.graph().nodes();
    QCOMPARE(nodes.size(), before + 1);
    const miniflow::Node& added = nodes.back();
    QCOMPARE(QString::fromStdString(added.op), kind);
    const QPointF expected = canvas.view.mapToScene(where);
    QCOMPARE(added.position.x, expected.x());
    QCOMPARE(added.position.y, expected.y());
    QCOMPARE(canvas.scene.nodeItem(added.id)->pos(), expected);
    QCOMPARE(canvas.scene.selectedNodes(), std::vector<miniflow::NodeId>{added.id});
}

void TestEditor::paletteIsGroupedByCategory() {
    NodePalette palette;
    QCOMPARE(palette.topLevelItemCount(), OpCatalog::categories().size());
    QCOMPARE(palette.itemForKind(OpCatalog::kDenseLayer)->parent()->text(0), QString("Layers"));
    QCOMPARE(palette.itemForKind(OpCatalog::kConvLayer)->parent()->text(0), QString("Layers"));
    QCOMPARE(palette.itemForKind("Tanh")->parent()->text(0), QString("Activations"));
    QCOMPARE(palette.itemForKind("GELU")->parent()->text(0), QString("Activations")); // one op file
    QCOMPARE(palette.itemForKind("MSE")->parent()->text(0), QString("Losses"));
    QVERIFY(!palette.itemForKind("Nothing"));
}

void TestEditor::denseLayerDropIsWiredFromSelection() {
    Canvas canvas("spiral");
    const auto tanh2 = idOf(canvas.document, "tanh2");
    canvas.scene.selectNodes({tanh2});
    QVERIFY(canvas.dropFromPalette(OpCatalog::kDenseLayer, QPoint(500, 450)));
    const miniflow::Graph& graph = canvas.document.graph();
    QCOMPARE(graph.nodes().size(), size_t(17));
    const miniflow::Node& linear = graph.nodes()[14];
    QCOMPARE(linear.op, std::string("Linear"));
    QCOMPARE(graph.edgeInto(linear.id, 0)->from, tanh2);
    COMPARE_JSON(graph.find(graph.edgeInto(linear.id, 1)->from)->attributes["rows"], 16);
    COMPARE_JSON(graph.find(graph.edgeInto(linear.id, 2)->from)->attributes["cols"], 16);
    QCOMPARE(canvas.scene.nodeItem(linear.id)->shapeText(), QString("N x 16"));
    QCOMPARE(canvas.scene.selectedNodes(), std::vector<miniflow::NodeId>{linear.id});
    QCOMPARE(canvas.document.undoStack()->count(), 1);
}

/// Dropped on the canvas with the image Input selected: Conv2D, W (8 x 1*3*3) and b, wired
/// from the Input, the node showing its C x H x W output, one undo step.
void TestEditor::convLayerDropIsWiredFromSelection() {
    Canvas canvas("mnist-mlp");
    const auto images = idOf(canvas.document, "images");
    const size_t before = canvas.document.graph().nodes().size();
    canvas.scene.selectNodes({images});
    QVERIFY(canvas.dropFromPalette(OpCatalog::kConvLayer, QPoint(500, 450)));
    const miniflow::Graph& graph = canvas.document.graph();
    QCOMPARE(graph.nodes().size(), before + 3);
    const miniflow::Node& conv = graph.nodes()[before];
    QCOMPARE(conv.op, std::string("Conv2D"));
    QCOMPARE(graph.edgeInto(conv.id, 0)->from, images);
    COMPARE_JSON(graph.find(graph.edgeInto(conv.id, 1)->from)->attributes["cols"], 9);
    COMPARE_JSON(graph.find(graph.edgeInto(conv.id, 2)->from)->attributes["cols"], 8);
    QCOMPARE(canvas.scene.nodeItem(conv.id)->shapeText(), QString("N x 8x26x26"));
    QCOMPARE(canvas.scene.selectedNodes(), std::vector<miniflow::NodeId>{conv.id});
    QCOMPARE(canvas.document.undoStack()->count(), 1);
}

/// spiral without its first edge: points -> dense1.X is free to make by hand.
static void removeFirstEdge(Canvas& canvas) {
    canvas.document.eraseEdge(canvas.document.graph().edges().front());
}

void TestEditor::portDragMakesEdge() {
    Canvas canvas("spiral");
    removeFirstEdge(canvas);
    const Edge expected{idOf(canvas.document, "points"), 0, idOf(canvas.document, "dense1"), 0};
    QVERIFY(!canvas.document.graph().edgeInto(expected.to, 0));
    QCOMPARE(canvas.node("dense1")->shapeText(), QString()); // X missing: shape unknown
    canvas.drag(canvas.outputOf("points"), canvas.inputOf("dense1", 0));
    QCOMPARE(canvas.node("dense1")->shapeText(), QString("N x 16"));
    QCOMPARE(canvas.document.graph().edgeInto(expected.to, 0), std::optional<Edge>(expected));
    QVERIFY(canvas.scene.edgeItem(expected));
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    canvas.document.undo();
    QVERIFY(!canvas.document.graph().edgeInto(expected.to, 0));
    QVERIFY(!canvas.scene.edgeItem(expected));
}

void TestEditor::dragFromInputToOutputMakesEdge() {
    Canvas canvas("spiral");
    removeFirstEdge(canvas);
    canvas.drag(canvas.inputOf("dense1", 0), canvas.outputOf("points"));
    const Edge expected{idOf(canvas.document, "points"), 0, idOf(canvas.document, "dense1"), 0};
    QCOMPARE(canvas.document.graph().edgeInto(expected.to, 0), std::optional<Edge>(expected));
}

void TestEditor::cycleIsRefusedWithPath() {
    Canvas canvas("spiral");
    const miniflow::Graph before = canvas.document.graph();
    canvas.drag(canvas.outputOf("tanh2"), canvas.inputOf("dense1", 0));
    QCOMPARE(canvas.document.graph(), before);
    QCOMPARE(canvas.scene.lastMessage(),
             QString("would make a cycle: dense1 -> tanh1 -> dense2 -> tanh2 -> dense1"));
    QCOMPARE(canvas.document.undoStack()->count(), 0);
}

void TestEditor::shapeMismatchIsRefusedWithBothShapes() {
    Canvas canvas("spiral");
    // W2 is 16 x 16, but dense1's X (points) gives 2 features.
    const miniflow::Graph before = canvas.document.graph();
    canvas.drag(canvas.outputOf("W2"), canvas.inputOf("dense1", 1));
    QCOMPARE(canvas.document.graph(), before);
    const QString message = canvas.scene.lastMessage();
    QVERIFY2(message.contains("shape mismatch"), qPrintable(message));
    QVERIFY2(message.contains("16 x 16") && message.contains("N x 2"), qPrintable(message));
    QVERIFY2(message.contains("(make W2 2 x 16)"), qPrintable(message));
}

void TestEditor::outputToOutputIsRefused() {
    Canvas canvas("spiral");
    const miniflow::Graph before = canvas.document.graph();
    canvas.drag(canvas.outputOf("W1"), canvas.outputOf("b1"));
    QCOMPARE(canvas.document.graph(), before);
    QVERIFY2(canvas.scene.lastMessage().contains("two outputs"),
             qPrintable(canvas.scene.lastMessage()));
}

void TestEditor::compatiblePortsAreHighlightedWhileDragging() {
    Canvas canvas("spiral");
    const QPoint from = canvas.outputOf("b1");
    QTest::mousePress(canvas.viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(canvas.viewport(), from + QPoint(40, 40));
    using H = PortItem::Highlight;
    QCOMPARE(canvas.node("dense2")->inputPort(2)->highlight(), H::Compatible);   // b: 1 x 16 fits
    QCOMPARE(canvas.node("dense3")->inputPort(2)->highlight(), H::Incompatible); // b: needs 1 x 2
    QCOMPARE(canvas.node("dense1")->inputPort(1)->highlight(), H::Incompatible); // W: needs 2 x 16
    QCOMPARE(canvas.node("W2")->outputPort()->highlight(), H::Incompatible);     // output to output
    QTest::mouseRelease(canvas.viewport(), Qt::LeftButton, {}, from + QPoint(40, 40));
    QCOMPARE(canvas.node("dense2")->inputPort(2)->highlight(), H::None);
}

void TestEditor::connectingIntoOccupiedInputReplacesEdge() {
    Canvas canvas("spiral");
    const miniflow::GraphFile original = canvas.document.file();
    const auto dense2 = idOf(canvas.document, "dense2");
    canvas.drag(canvas.outputOf("b1"), canvas.inputOf("dense2", 2));
    QCOMPARE(canvas.document.graph().edgeInto(dense2, 2)->from, idOf(canvas.document, "b1"));
    QCOMPARE(canvas.document.graph().edges().size(), original.graph.edges().size());
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    canvas.document.undo();
    QVERIFY(canvas.document.file() == original);
}

void TestEditor::detachedEdgeDroppedOnNothingIsRemoved() {
    Canvas canvas("spiral");
    const miniflow::GraphFile original = canvas.document.file();
    const auto dense1 = idOf(canvas.document, "dense1");
    canvas.drag(canvas.inputOf("dense1", 0), canvas.emptySpot());
    QVERIFY(!canvas.document.graph().edgeInto(dense1, 0));
    QCOMPARE(canvas.document.graph().edges().size(), original.graph.edges().size() - 1);
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    canvas.document.undo();
    QVERIFY(canvas.document.file() == original);
}

void TestEditor::detachedEdgeReroutesInOneStep() {
    Canvas canvas("spiral");
    const miniflow::GraphFile original = canvas.document.file();
    // b3 (1 x 2) feeds dense3's b; re-routing it to dense1's b (needs 1 x 16) is refused and it
    // stays.
    canvas.drag(canvas.inputOf("dense3", 2), canvas.inputOf("dense1", 2));
    QVERIFY(canvas.document.file() == original);
    QVERIFY2(canvas.scene.lastMessage().contains("b3 (1 x 2)"),
             qPrintable(canvas.scene.lastMessage()));
    QVERIFY(canvas.scene
                .edgeItem(*canvas.document.graph().edgeInto(idOf(canvas.document, "dense3"), 2))
                ->isVisible());
    // b1 feeds dense1's b; re-route it to dense2's b (both 1 x 16): one step, b2's edge replaced.
    canvas.drag(canvas.inputOf("dense1", 2), canvas.inputOf("dense2", 2));
    const auto b1 = idOf(canvas.document, "b1");
    QCOMPARE(canvas.document.graph().edgeInto(idOf(canvas.document, "dense2"), 2)->from, b1);
    QVERIFY(!canvas.document.graph().edgeInto(idOf(canvas.document, "dense1"), 2));
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    canvas.document.undo();
    QCOMPARE(canvas.document.graph(), original.graph);
    QVERIFY(canvas.document.file() == original);
}

void TestEditor::deleteThenUndoRestoresExactGraph() {
    Canvas canvas("spiral");
    const miniflow::GraphFile original = canvas.document.file();
    canvas.node("dense2")->setSelected(true);
    canvas.node("W1")->setSelected(true);
    canvas.view.setFocus();
    QTest::keyClick(canvas.viewport(), Qt::Key_Delete);
    const miniflow::Graph& graph = canvas.document.graph();
    QVERIFY(!graph.findByName("dense2") && !graph.findByName("W1"));
    QCOMPARE(graph.nodes().size(), original.graph.nodes().size() - 2);
    QCOMPARE(graph.edges().size(),
             original.graph.edges().size() - 5); // 4 touch dense2, 1 touches W1
    const miniflow::GraphFile deleted = canvas.document.file();
    QVERIFY(canvas.document.undo());
    QVERIFY(canvas.document.file() == original);
    QVERIFY(canvas.node("dense2") && canvas.scene.edgeItem(original.graph.edges()[4]));
    QVERIFY(canvas.document.redo());
    QVERIFY(canvas.document.file() == deleted);
}

void TestEditor::backspaceDeletesSelectedEdgeAlone() {
    Canvas canvas("spiral");
    const Edge edge = *canvas.document.graph().edgeInto(idOf(canvas.document, "tanh1"), 0);
    EdgeItem* item = canvas.scene.edgeItem(edge);
    const QPoint middle = canvas.at(item->path().pointAtPercent(0.5));
    QTest::mouseClick(canvas.viewport(), Qt::LeftButton, {}, middle);
    QCOMPARE(canvas.scene.selectedEdges(), std::vector<Edge>{edge});
    QVERIFY(canvas.scene.selectedNodes().empty());
    canvas.view.setFocus();
    QTest::keyClick(canvas.viewport(), Qt::Key_Backspace);
    QCOMPARE(canvas.document.edgeIndex(edge), -1);
    QCOMPARE(canvas.document.graph().nodes().size(), size_t(14));
}

void TestEditor::moveIsOneUndoStep() {
    Canvas canvas("spiral");
    NodeItem* node = canvas.node("tanh1");
    const QPointF start = node->pos();
    const QPoint grab = canvas.at(node->pos() + QPointF(60, 12)); // on the header
    canvas.drag(grab, grab + QPoint(90, 70));
    const miniflow::Position moved = canvas.document.graph().find(node->id())->position;
    QVERIFY(moved.x > start.x() + 50 && moved.y > start.y() + 40);
    QCOMPARE(node->pos(), QPointF(moved.x, moved.y));
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    // the edges follow the node
    const Edge in = *canvas.document.graph().edgeInto(node->id(), 0);
    QCOMPARE(canvas.scene.edgeItem(in)->path().currentPosition(), node->inputPort(0)->anchor());
    canvas.document.undo();
    QCOMPARE(node->pos(), start);
    QCOMPARE(canvas.document.graph().find(node->id())->position,
             (miniflow::Position{start.x(), start.y()}));
}

void TestEditor::rubberBandSelects() {
    Canvas canvas("spiral");
    const QRectF area =
        canvas.node("W1")->sceneBoundingRect().united(canvas.node("b1")->sceneBoundingRect());
    const QPoint from = canvas.at(area.topLeft() - QPointF(20, 20));
    const QPoint to = canvas.at(area.bottomRight() + QPointF(10, 10));
    QVERIFY(canvas.view.items(from).isEmpty());
    canvas.drag(from, to);
    const std::vector<miniflow::NodeId> selected = canvas.scene.selectedNodes();
    QCOMPARE(selected, (std::vector<miniflow::NodeId>{idOf(canvas.document, "W1"),
                                                      idOf(canvas.document, "b1")}));
}

void TestEditor::escapeClearsAndCtrlASelectsAll() {
    Canvas canvas("spiral");
    canvas.view.setFocus();
    QTest::keyClick(canvas.viewport(), Qt::Key_A, Qt::ControlModifier);
    QCOMPARE(canvas.scene.selectedNodes().size(), size_t(14));
    QCOMPARE(canvas.scene.selectedEdges().size(), size_t(13));
    QTest::keyClick(canvas.viewport(), Qt::Key_Escape);
    QVERIFY(canvas.scene.selectedItems().isEmpty());
}

void TestEditor::wheelZoomsTowardCursorAndClamps() {
    Canvas canvas("spiral");
    const QPoint cursor(300, 200);
    const QPointF under = canvas.view.mapToScene(cursor);
    const double zoom = canvas.view.zoom();
    const auto wheel = [&](int delta) {
        QWheelEvent event(cursor, canvas.viewport()->mapToGlobal(cursor), {}, QPoint(0, delta),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas.viewport(), &event);
    };
    wheel(120);
    QVERIFY(canvas.view.zoom() > zoom * 1.1);
    const QPointF after = canvas.view.mapToScene(cursor);
    QVERIFY2(QLineF(after, under).length() < 2.0 / canvas.view.zoom(),
             "the point under the cursor moved");
    for (int i = 0; i < 40; ++i)
        wheel(600);
    QCOMPARE(canvas.view.zoom(), GraphView::kMaxZoom);
    for (int i = 0; i < 80; ++i)
        wheel(-600);
    QCOMPARE(canvas.view.zoom(), GraphView::kMinZoom);
}

void TestEditor::doubleClickOpensSearchableMenu() {
    Canvas canvas("spiral");
    const QPoint spot = canvas.emptySpot();
    QTest::mouseDClick(canvas.viewport(), Qt::LeftButton, {}, spot);
    auto* menu = canvas.view.findChild<AddNodeMenu*>();
    QVERIFY(menu && menu->isVisible());
    QTest::keyClicks(menu->filterEdit(), "sigm");
    QCOMPARE(menu->visibleKinds(),
             (QStringList{"Sigmoid", "BinaryCrossEntropy"})); // name, then description
    QTest::keyClick(menu->filterEdit(), Qt::Key_Return);
    const miniflow::Node& added = canvas.document.graph().nodes().back();
    QCOMPARE(added.op, std::string("Sigmoid"));
    QCOMPARE(QPointF(added.position.x, added.position.y), canvas.view.mapToScene(spot));
}

void TestEditor::edgeDroppedOnCanvasOffersConnectedNode() {
    Canvas canvas("spiral");
    const QPoint spot = canvas.emptySpot();
    canvas.drag(canvas.outputOf("tanh2"), spot);
    auto* menu = canvas.view.findChild<AddNodeMenu*>();
    QVERIFY(menu && menu->isVisible());
    QVERIFY(!menu->visibleKinds().contains("Parameter")); // sources take no edge
    QTest::keyClicks(menu->filterEdit(), "relu");
    QTest::keyClick(menu->filterEdit(), Qt::Key_Return);
    const miniflow::Node& added = canvas.document.graph().nodes().back();
    QCOMPARE(added.op, std::string("ReLU"));
    QCOMPARE(canvas.document.graph().edgeInto(added.id, 0)->from, idOf(canvas.document, "tanh2"));
    QCOMPARE(canvas.document.undoStack()->count(), 1);
}

void TestEditor::copyPasteMakesNewIdsAndOffsets() {
    Canvas canvas("spiral");
    canvas.scene.selectNodes({idOf(canvas.document, "dense1"), idOf(canvas.document, "W1"),
                              idOf(canvas.document, "b1")});
    canvas.view.setFocus();
    QTest::keyClick(canvas.viewport(), Qt::Key_C, Qt::ControlModifier);
    QTest::keyClick(canvas.viewport(), Qt::Key_V, Qt::ControlModifier);
    const miniflow::Graph& graph = canvas.document.graph();
    QCOMPARE(graph.nodes().size(), size_t(17));
    const miniflow::Node* copy = graph.findByName("dense1_2");
    QVERIFY(copy);
    QCOMPARE(copy->id.value, 17); // W1, b1, dense1 became 15, 16, 17
    const miniflow::Node* original = graph.findByName("dense1");
    QVERIFY(copy->position.x > original->position.x && copy->position.y > original->position.y);
    QCOMPARE(graph.edgeInto(copy->id, 1)->from, idOf(canvas.document, "W1_2"));
    QCOMPARE(graph.edgeInto(copy->id, 2)->from, idOf(canvas.document, "b1_2"));
    QVERIFY(!graph.edgeInto(copy->id, 0)); // points was not copied
    QCOMPARE(canvas.scene.selectedNodes().size(), size_t(3));
    QTest::keyClick(canvas.viewport(), Qt::Key_D,
                    Qt::ControlModifier); // duplicate the pasted three
    QCOMPARE(graph.nodes().size(), size_t(20));
    QCOMPARE(canvas.document.undoStack()->count(), 2);
}

void TestEditor::structuralEditsRefusedWhileLockedButMovesAllowed() {
    Canvas canvas("spiral");
    QSignalSpy refused(&canvas.document, &GraphDocument::editRefused);
    canvas.document.setStructureLocked(true, {});
    const miniflow::Graph before = canvas.document.graph();
    QVERIFY(canvas.dropFromPalette("ReLU", QPoint(100, 100)));
    canvas.node("dense1")->setSelected(true);
    canvas.view.setFocus();
    QTest::keyClick(canvas.viewport(), Qt::Key_Delete);
    canvas.drag(canvas.outputOf("b1"), canvas.inputOf("dense2", 2));
    QCOMPARE(canvas.document.graph(), before);
    QCOMPARE(canvas.document.undoStack()->count(), 0);
    QCOMPARE(canvas.scene.lastMessage(), QString("Stop training to edit the graph"));
    QVERIFY(refused.count() >= 2);
    NodeItem* node = canvas.node("tanh1");
    const QPoint grab = canvas.at(node->pos() + QPointF(60, 12));
    canvas.drag(grab, grab + QPoint(50, 50));
    QCOMPARE(canvas.document.undoStack()->count(), 1);
    QVERIFY(canvas.document.graph().find(node->id())->position !=
            before.find(node->id())->position);
}

void TestEditor::gradientStylesEdges() {
    Canvas canvas("spiral");
    const auto& edges = canvas.document.graph().edges();
    TrainingSnapshot snapshot;
    for (size_t i = 0; i < edges.size(); ++i) {
        miniflow::GradientSummary g;
        g.l2Norm = std::pow(10.0, -4.0 + static_cast<double>(i) * 0.4);
        g.rows = 16;
        g.cols = 2;
        snapshot.edgeGradients.emplace_back(edges[i], g);
    }
    QSignalSpy range(&canvas.scene, &GraphScene::edgeScaleChanged);
    canvas.scene.applySnapshot(snapshot);
    QCOMPARE(range.count(), 1);
    QCOMPARE(canvas.scene.gradientScale().minValue(), 1e-4);
    EdgeItem* smallest = canvas.scene.edgeItem(edges.front());
    EdgeItem* largest = canvas.scene.edgeItem(edges.back());
    QCOMPARE(smallest->gradient()->l2Norm, 1e-4);
    QVERIFY(largest->toolTip().contains("L2 norm"));
    QVERIFY(largest->toolTip().contains(QString::number(largest->gradient()->l2Norm, 'g', 4)));
    const GradientScale& scale = canvas.scene.gradientScale();
    QCOMPARE(scale.position(1e-4), 0.0);
    QCOMPARE(scale.position(largest->gradient()->l2Norm), 1.0);
    QVERIFY(scale.width(1e-4) < scale.width(largest->gradient()->l2Norm));
    QVERIFY(scale.colour(1e-4) != scale.colour(largest->gradient()->l2Norm));
    // the next snapshot updates the hover text
    snapshot.edgeGradients.back().second.l2Norm = 0.5;
    canvas.scene.applySnapshot(snapshot);
    QVERIFY(largest->toolTip().contains("0.5"));
}

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
