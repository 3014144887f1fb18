// The canvas as a newcomer meets it: readable text and ports, a fit that keeps text readable,
// the zoom bar, the overview, palette drops that wire themselves in, decorations that go with
// their document, and refusal bubbles that stay in view.
#include "AppTestSupport.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/editor/AddNodeMenu.h"
#include "app/editor/AutoWire.h"
#include "app/editor/MessageBubble.h"
#include "app/editor/MiniMap.h"
#include "app/editor/ZoomBar.h"
#include "app/editor/overlays/ActivationOverlay.h"
#include "app/editor/overlays/BadgeOverlay.h"
#include "app/editor/overlays/StepOverlay.h"
#include "ops/OpRegistry.h"

#include <QFontInfo>
#include <QLineEdit>
#include <QSignalSpy>
#include <QToolButton>

using apptest::Canvas;
using apptest::idOf;
using miniflow::Edge;
using miniflow::NodeId;

namespace {

/// Input -> 29 ReLUs in a row, 220 px apart: wider than any screen at 100 %.
miniflow::GraphFile longChain() {
    miniflow::GraphFile file;
    NodeId previous =
        file.graph.addNode({{}, "Input", "x", {{"shape", {1, 4}}}, miniflow::Position{0, 200}});
    for (int i = 1; i < 30; ++i) {
        const NodeId next =
            file.graph.addNode({{},
                                "ReLU",
                                "relu" + std::to_string(i),
                                nlohmann::json::object(),
                                miniflow::Position{220.0 * i, 200.0 + 40 * (i % 3)}});
        file.graph.addEdge({previous, 0, next, 0});
        previous = next;
    }
    return file;
}

/// The scene rectangle the view shows.
QRectF seen(Canvas& canvas) {
    return canvas.view.mapToScene(canvas.viewport()->rect()).boundingRect();
}

/// The view point on `edge`'s curve at `percent`, checked to hit the edge and no node.
QPoint pointOnEdge(Canvas& canvas, const Edge& edge, double percent) {
    const QPointF onCurve = canvas.scene.edgeItem(edge)->path().pointAtPercent(percent);
    const QPoint at = canvas.at(onCurve);
    for (QGraphicsItem* item : canvas.view.items(at))
        if (item->type() == NodeItem::Type || item->type() == PortItem::Type)
            qFatal("the point on the edge is covered by a node");
    return at;
}

QToolButton* zoomButton(Canvas& canvas, QAction* action) {
    return canvas.view.zoomBar()->button(action);
}

} // namespace

class TestCanvas : public QObject {
    Q_OBJECT
  private slots:
    void textIsAtLeastNinePoints() {
        Canvas canvas("spiral");
        const double dpi = canvas.viewport()->logicalDpiY();
        for (const QFont& font : {NodeItem::titleFont(), NodeItem::textFont()}) {
            const double points = QFontInfo(font).pixelSize() * 72.0 / dpi;
            QVERIFY2(points >= 9.0, qPrintable(QString("%1 pt at %2 dpi").arg(points).arg(dpi)));
        }
    }

    void portHitAreasAreLargeAndApart() {
        Canvas canvas("spiral");
        canvas.view.actualSize();
        for (const miniflow::Node& node : canvas.document.graph().nodes()) {
            const NodeItem* item = canvas.scene.nodeItem(node.id);
            for (int i = 0; i < item->inputCount(); ++i) {
                const PortItem* port = item->inputPort(i);
                const QRectF hit = port->mapToScene(port->shape()).boundingRect();
                QVERIFY2(hit.width() >= 12 && hit.height() >= 12, node.name.c_str());
                if (i + 1 < item->inputCount()) {
                    const PortItem* next = item->inputPort(i + 1);
                    QVERIFY2(!port->mapToScene(port->shape())
                                  .intersects(next->mapToScene(next->shape())),
                             node.name.c_str());
                }
            }
        }
        // The loss's logits and labels: a press on each port's centre grabs that port.
        const NodeItem* loss = canvas.node("loss");
        for (int i = 0; i < 2; ++i) {
            canvas.view.centerOn(loss->inputPort(i)->anchor());
            const QPoint at = canvas.at(loss->inputPort(i)->anchor());
            QGraphicsItem* top = nullptr;
            for (QGraphicsItem* item : canvas.view.items(at))
                if (item->type() == PortItem::Type) {
                    top = item;
                    break;
                }
            QVERIFY(top); // a port is under the press point
            QCOMPARE(static_cast<PortItem*>(top)->port().index, i);
        }
        const double apart =
            QLineF(loss->inputPort(0)->anchor(), loss->inputPort(1)->anchor()).length();
        QVERIFY2(apart >= 2 * PortItem::kHitRadius, qPrintable(QString::number(apart)));
    }

    void fitKeepsTextReadableOnLargeGraphs() {
        Canvas canvas("mnist-mlp");
        canvas.view.fitToView();
        QVERIFY2(canvas.view.zoom() >= GraphView::kReadableZoom,
                 qPrintable(QString::number(canvas.view.zoom())));
        QVERIFY(canvas.view.zoom() <= 1.0);
        canvas.document.load(longChain(), {});
        canvas.view.fitToView();
        QCOMPARE(canvas.view.zoom(), GraphView::kReadableZoom);
        // Shown from its input end; the far end is reached by panning.
        QVERIFY(seen(canvas).contains(canvas.node("x")->sceneBoundingRect()));
        QVERIFY(!seen(canvas).contains(canvas.node("relu29")->sceneBoundingRect()));
    }

    void smallGraphFitsWhole() {
        Canvas canvas("linear");
        canvas.view.fitToView();
        for (const miniflow::Node& node : canvas.document.graph().nodes())
            QVERIFY2(seen(canvas).contains(canvas.scene.nodeItem(node.id)->sceneBoundingRect()),
                     node.name.c_str());
        QVERIFY(canvas.view.zoom() <= 1.0);
    }

    void zoomButtonsAndShortcutsChangeTheZoom() {
        Canvas canvas("spiral");
        ZoomBar* bar = canvas.view.zoomBar();
        QVERIFY(bar->isVisible());
        QVERIFY(canvas.viewport()->geometry().contains(bar->geometry()));
        QVERIFY(zoomButton(canvas, canvas.view.zoomInAction())->toolTip().contains("Ctrl+="));
        QVERIFY(zoomButton(canvas, canvas.view.zoomOutAction())->toolTip().contains("Ctrl+-"));
        QVERIFY(zoomButton(canvas, canvas.view.actualSizeAction())->toolTip().contains("Ctrl+0"));
        QVERIFY(zoomButton(canvas, canvas.view.fitAction())->toolTip().contains("F"));

        QTest::mouseClick(zoomButton(canvas, canvas.view.actualSizeAction()), Qt::LeftButton);
        QCOMPARE(canvas.view.zoom(), 1.0);
        QCOMPARE(zoomButton(canvas, canvas.view.actualSizeAction())->text(), QString("100 %"));
        const QPointF centre = canvas.view.mapToScene(canvas.viewport()->rect().center());
        QTest::mouseClick(zoomButton(canvas, canvas.view.zoomInAction()), Qt::LeftButton);
        QCOMPARE(canvas.view.zoom(), GraphView::kZoomStep);
        QCOMPARE(zoomButton(canvas, canvas.view.actualSizeAction())->text(), QString("125 %"));
        QVERIFY(
            QLineF(canvas.view.mapToScene(canvas.viewport()->rect().center()), centre).length() <
            2);
        QTest::mouseClick(zoomButton(canvas, canvas.view.zoomOutAction()), Qt::LeftButton);
        QTest::mouseClick(zoomButton(canvas, canvas.view.zoomOutAction()), Qt::LeftButton);
        QCOMPARE(canvas.view.zoom(), 1.0 / GraphView::kZoomStep);
        QTest::mouseClick(zoomButton(canvas, canvas.view.fitAction()), Qt::LeftButton);
        const double fitted = canvas.view.zoom();
        QVERIFY(fitted >= GraphView::kReadableZoom && fitted <= 1.0);

        canvas.view.setFocus();
        QTest::keyClick(&canvas.view, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(canvas.view.zoom(), fitted * GraphView::kZoomStep);
        QTest::keyClick(&canvas.view, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(canvas.view.zoom(), fitted);
        QTest::keyClick(&canvas.view, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(canvas.view.zoom(), 1.0);
    }

    void miniMapShowsWhenTheGraphExceedsTheViewAndPans() {
        Canvas canvas("linear");
        canvas.view.fitToView();
        canvas.view.miniMap()->refresh();
        QVERIFY(!canvas.view.miniMap()->isVisible()); // the whole graph is in view

        canvas.document.load(longChain(), {});
        QTRY_VERIFY(canvas.view.miniMap()->isVisible()); // refreshed after the scene rebuilt
        canvas.view.fitToView();
        MiniMap* map = canvas.view.miniMap();
        QVERIFY(map->isVisible());
        QVERIFY(canvas.viewport()->geometry().contains(map->geometry()));
        QVERIFY(!map->geometry().intersects(canvas.view.zoomBar()->geometry()));
        // Clicking the far end of the chain in the overview brings it into view.
        const QRectF last = canvas.node("relu29")->sceneBoundingRect();
        QVERIFY(!seen(canvas).contains(last));
        const QPoint target = map->fromScene(last.center()).toPoint();
        QTest::mouseClick(map, Qt::LeftButton, {}, target);
        QVERIFY2(seen(canvas).contains(last), "the clicked node is not in view");
        // Dragging in the map moves the view along.
        const QPointF before = seen(canvas).center();
        const QPoint from = map->fromScene(before).toPoint();
        QTest::mousePress(map, Qt::LeftButton, {}, from);
        QTest::mouseMove(map, from - QPoint(40, 0));
        QTest::mouseRelease(map, Qt::LeftButton, {}, from - QPoint(40, 0));
        QVERIFY(seen(canvas).center().x() < before.x() - 100);
        // Back to a graph that fits: the map goes.
        canvas.document.load(ProjectFiles::read(ProjectFiles::examplePath("linear")), {});
        canvas.view.fitToView();
        QTRY_VERIFY(!map->isVisible());
    }

    void autoWiringComesFromOpTraits() {
        const auto info = [](const char* kind) { return *miniflow::findOp(kind); };
        for (const char* kind : {"ReLU", "Sigmoid", "Tanh", "Dropout", "LeakyReLU", "Softmax"}) {
            QVERIFY2(AutoWire::wiresAfter(info(kind)), kind);
            QVERIFY2(AutoWire::insertsIntoEdge(info(kind)), kind);
        }
        for (const char* kind : {"MSE", "SoftmaxCrossEntropy", "BinaryCrossEntropy"}) {
            QVERIFY2(AutoWire::wiresAfter(info(kind)), kind);
            QVERIFY2(!AutoWire::insertsIntoEdge(info(kind)), kind);
        }
        for (const char* kind :
             {"Parameter", "Input", "Constant", "Add", "Linear", "MatMul", "Flatten"}) {
            QVERIFY2(!AutoWire::wiresAfter(info(kind)), kind);
            QVERIFY2(!AutoWire::insertsIntoEdge(info(kind)), kind);
        }
    }

    void activationDroppedOnNodeIsWiredAfterIt() {
        Canvas canvas("spiral");
        const NodeId dense3 = idOf(canvas.document, "dense3");
        canvas.view.centerOn(canvas.node("dense3"));
        QVERIFY(canvas.dropFromPalette(
            "Sigmoid", canvas.at(canvas.node("dense3")->sceneBoundingRect().center())));
        const miniflow::Graph& graph = canvas.document.graph();
        const miniflow::Node added = graph.nodes().back(); // a copy: undo removes it
        QCOMPARE(added.op, std::string("Sigmoid"));
        QCOMPARE(graph.edgeInto(added.id, 0), std::optional<Edge>(Edge{dense3, 0, added.id, 0}));
        // Placed to the right of dense3, on no other node.
        QVERIFY(added.position.x >= graph.find(dense3)->position.x + NodeItem::kWidth);
        for (const miniflow::Node& n : graph.nodes())
            if (n.id != added.id)
                QVERIFY2(!canvas.scene.nodeItem(n.id)->sceneBoundingRect().intersects(
                             canvas.scene.nodeItem(added.id)->sceneBoundingRect()),
                         n.name.c_str());
        QCOMPARE(canvas.document.undoStack()->count(), 1);
        canvas.document.undo();
        QVERIFY(!graph.find(added.id));
    }

    /// MSE takes the labels first (y, a): the prediction goes to its port a (predictionPort).
    void lossDroppedOnSelectedNodeWiresItsPredictionPort() {
        Canvas canvas("linear");
        const miniflow::Node prediction = canvas.document.graph().nodes().back();
        canvas.scene.selectNodes({prediction.id});
        const size_t before = canvas.document.graph().edges().size();
        canvas.view.centerOn(canvas.scene.nodeItem(prediction.id));
        QVERIFY(canvas.dropFromPalette(
            "MSE", canvas.at(canvas.scene.nodeItem(prediction.id)->sceneBoundingRect().center())));
        const miniflow::Node& loss = canvas.document.graph().nodes().back();
        QCOMPARE(loss.op, std::string("MSE"));
        QVERIFY(!canvas.document.graph().edgeInto(loss.id, 0)); // y: left for the labels
        const auto fed = canvas.document.graph().edgeInto(loss.id, 1);
        QVERIFY(fed);
        QCOMPARE(fed->from, prediction.id);
        QCOMPARE(canvas.document.graph().edges().size(), before + 1);
    }

    void nonWiringDropOnNodeLandsAtTheDropPoint() {
        Canvas canvas("spiral");
        canvas.view.centerOn(canvas.node("tanh1"));
        const QPoint at = canvas.at(canvas.node("tanh1")->sceneBoundingRect().center());
        const size_t edges = canvas.document.graph().edges().size();
        QVERIFY(canvas.dropFromPalette("Parameter", at));
        const miniflow::Node& added = canvas.document.graph().nodes().back();
        QCOMPARE(added.op, std::string("Parameter"));
        QCOMPARE(QPointF(added.position.x, added.position.y), canvas.view.mapToScene(at));
        QCOMPARE(canvas.document.graph().edges().size(), edges);
    }

    void addedWhileNodeSelectedWiresAfterIt() {
        Canvas canvas("spiral");
        const NodeId dense1 = idOf(canvas.document, "dense1");
        // The palette's double-click.
        canvas.scene.selectNodes({dense1});
        QVERIFY(canvas.view.addKind("ReLU"));
        const miniflow::Node relu = canvas.document.graph().nodes().back();
        QVERIFY(canvas.document.graph().edgeInto(relu.id, 0));
        QCOMPARE(canvas.document.graph().edgeInto(relu.id, 0)->from, dense1);
        QVERIFY(relu.position.x > canvas.document.graph().find(dense1)->position.x);
        // The add-node menu, opened by typing on the canvas.
        canvas.scene.selectNodes({relu.id});
        canvas.view.setFocus();
        QTest::keyClick(&canvas.view, Qt::Key_D);
        auto* menu = canvas.view.findChild<AddNodeMenu*>();
        QVERIFY(menu && menu->isVisible());
        QTest::keyClicks(menu->filterEdit(), "rop");
        QCOMPARE(menu->visibleKinds().front(), QString("Dropout"));
        QTest::keyClick(menu->filterEdit(), Qt::Key_Return);
        const miniflow::Node& dropout = canvas.document.graph().nodes().back();
        QCOMPARE(dropout.op, std::string("Dropout"));
        QCOMPARE(canvas.document.graph().edgeInto(dropout.id, 0)->from, relu.id);
    }

    void nodeDroppedOnEdgeIsInsertedInOneUndoStep() {
        Canvas canvas("spiral");
        const Edge edge{idOf(canvas.document, "tanh1"), 0, idOf(canvas.document, "dense2"), 0};
        QVERIFY(canvas.scene.edgeItem(edge));
        const miniflow::Graph before = canvas.document.graph();
        canvas.view.centerOn(canvas.scene.edgeItem(edge));
        QVERIFY(canvas.dropFromPalette("ReLU", pointOnEdge(canvas, edge, 0.5)));
        const miniflow::Graph& graph = canvas.document.graph();
        const miniflow::Node relu = graph.nodes().back(); // a copy: undo removes it
        QCOMPARE(relu.op, std::string("ReLU"));
        QCOMPARE(graph.edgeInto(relu.id, 0), std::optional<Edge>(Edge{edge.from, 0, relu.id, 0}));
        QCOMPARE(graph.edgeInto(edge.to, 0), std::optional<Edge>(Edge{relu.id, 0, edge.to, 0}));
        QCOMPARE(graph.edges().size(), before.edges().size() + 1);
        QVERIFY(!canvas.scene.edgeItem(edge));
        QVERIFY(canvas.node("dense2")->problem().isEmpty());
        QCOMPARE(canvas.document.undoStack()->count(), 1);
        canvas.document.undo();
        // The same nodes and edges in the same order (the id counter has moved on).
        QCOMPARE(canvas.document.graph().nodes(), before.nodes());
        QCOMPARE(canvas.document.graph().edges(), before.edges());
        QVERIFY(canvas.scene.edgeItem(edge));
        canvas.document.redo();
        QCOMPARE(graph.edgeInto(edge.to, 0)->from, relu.id);
    }

    void lossDroppedOnEdgeIsNotInserted() {
        Canvas canvas("spiral");
        const Edge edge{idOf(canvas.document, "tanh1"), 0, idOf(canvas.document, "dense2"), 0};
        canvas.view.centerOn(canvas.scene.edgeItem(edge));
        QVERIFY(canvas.dropFromPalette("MSE", pointOnEdge(canvas, edge, 0.5)));
        QVERIFY(canvas.document.graph().edgeInto(edge.to, 0) == edge); // the edge stays
        QCOMPARE(canvas.document.graph().nodes().back().op, std::string("MSE"));
    }

    void overlaysClearWhenTheDocumentIsReplaced() {
        Canvas canvas("spiral");
        StepThroughPanel steps(&canvas.document);
        GradientCheckPanel checks(&canvas.document);
        ConfusionPanel confusion(&canvas.document);
        QObject::connect(&steps, &StepThroughPanel::stepMarkChanged, canvas.scene.stepOverlay(),
                         &StepOverlay::setMark);
        QObject::connect(&checks, &GradientCheckPanel::badgesChanged, canvas.scene.badgeOverlay(),
                         &BadgeOverlay::setBadges);
        QObject::connect(&confusion, &ConfusionPanel::activationsChanged,
                         canvas.scene.activationOverlay(), &ActivationOverlay::setActivations);
        QSignalSpy computed(&confusion, &ConfusionPanel::computed);
        confusion.compute();
        QVERIFY(computed.wait(20000));
        const miniflow::ConfusionMatrix& m = *confusion.matrix();
        confusion.showCell(0, m.count(0, 0) > 0 ? 0 : 1);
        confusion.showSample(confusion.listedRows().front());
        QSignalSpy checked(&checks, &GradientCheckPanel::checked);
        checks.checkNode(idOf(canvas.document, "W1"));
        QVERIFY(checked.wait(20000));
        QSignalSpy shown(&steps, &StepThroughPanel::stepShown);
        steps.stepForward(3);
        QVERIFY(shown.wait(10000));
        QVERIFY(
            !canvas.scene.activationOverlay()->cellsOn(idOf(canvas.document, "dense1")).empty());
        QVERIFY(!canvas.scene.badgeOverlay()->badgeTextOn(idOf(canvas.document, "W1")).isEmpty());
        QVERIFY(!canvas.scene.stepOverlay()->drawings().isEmpty());
        QVERIFY(CanvasOverlay::allDrawings(&canvas.scene).size() > 5);

        // Discard and open another example (ids overlap with the old graph's).
        apptest::loadExample(canvas.document, "mnist-mlp");
        QTest::qWait(50); // queued refreshes and deferred deletions run
        QVERIFY(CanvasOverlay::allDrawings(&canvas.scene).isEmpty());
        size_t expected = 0; // every item is the new graph's: a node, its ports, an edge
        for (const miniflow::Node& node : canvas.document.graph().nodes())
            expected += 2 + static_cast<size_t>(canvas.scene.nodeItem(node.id)->inputCount());
        expected += canvas.document.graph().edges().size();
        QCOMPARE(static_cast<size_t>(canvas.scene.items().size()), expected);
        // The panels forgot too: new results would come from the new graph.
        QVERIFY(!confusion.matrix());
        QVERIFY(checks.results().empty());
        QVERIFY(!steps.model());
        // The overlays forgot their results: drawing again (as a move or a resize would)
        // puts nothing on the new graph's items, whose ids overlap the old ones.
        canvas.scene.activationOverlay()->redraw();
        canvas.scene.badgeOverlay()->redraw();
        canvas.scene.stepOverlay()->redraw();
        QVERIFY(CanvasOverlay::allDrawings(&canvas.scene).isEmpty());
    }

    void anEditClearsTheDecorations() {
        Canvas canvas("backprop");
        GradientCheckPanel checks(&canvas.document);
        QObject::connect(&checks, &GradientCheckPanel::badgesChanged, canvas.scene.badgeOverlay(),
                         &BadgeOverlay::setBadges);
        QSignalSpy checked(&checks, &GradientCheckPanel::checked);
        checks.checkAll();
        QVERIFY(checked.wait(20000));
        QVERIFY(!canvas.scene.badgeOverlay()->drawings().isEmpty());
        QVERIFY(canvas.dropFromPalette("ReLU", canvas.emptySpot()));
        QVERIFY(canvas.scene.badgeOverlay()->drawings().isEmpty());
    }

    void refusalBubbleStaysInsideTheView() {
        Canvas canvas("spiral");
        canvas.view.actualSize();
        // A shape mismatch refused at a port near the view's bottom-right corner.
        const PortItem* target = canvas.node("dense2")->inputPort(1);
        const PortItem* source = canvas.node("W1")->outputPort(); // 2 x 16; dense2 needs 16 x 16
        canvas.view.centerOn(target->anchor() + QPointF(-canvas.viewport()->width() / 2.0 + 40,
                                                        -canvas.viewport()->height() / 2.0 + 40));
        QVERIFY(canvas.viewport()->rect().contains(canvas.at(target->anchor())));
        QVERIFY(canvas.viewport()->rect().contains(canvas.at(source->anchor())));
        const miniflow::Graph before = canvas.document.graph();
        canvas.drag(canvas.at(source->anchor()), canvas.at(target->anchor()));
        QCOMPARE(canvas.document.graph(), before);
        QVERIFY2(canvas.scene.lastMessage().contains("shape"),
                 qPrintable(canvas.scene.lastMessage()));
        const MessageBubble* bubble = nullptr;
        for (QGraphicsItem* item : canvas.scene.items())
            if (auto* found = dynamic_cast<MessageBubble*>(item))
                bubble = found;
        QVERIFY(bubble);
        const QRectF shown = bubble->rectIn(&canvas.view);
        QVERIFY2(QRectF(canvas.viewport()->rect()).contains(shown),
                 qPrintable(QString("bubble %1,%2 %3x%4 in a %5x%6 view")
                                .arg(shown.x())
                                .arg(shown.y())
                                .arg(shown.width())
                                .arg(shown.height())
                                .arg(canvas.viewport()->width())
                                .arg(canvas.viewport()->height())));
        // Without the fix the bubble would start right of the pointer and run off the view.
        QVERIFY(canvas.at(target->anchor()).x() + 14 + shown.width() > canvas.viewport()->width());
    }
};

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
