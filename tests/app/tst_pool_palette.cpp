/// The pooling and shape ops in the studio: where the palette lists them, and each one dropped
/// from the palette onto the canvas and wired to a 1x28x28 image by a port drag, as a user
/// does it, showing the shape it infers.
#include "AppTestSupport.h"

#include "app/editor/OpCatalog.h"
#include "ops/OpRegistry.h"

using apptest::Canvas;
using apptest::idOf;

namespace {

miniflow::Shape image(miniflow::Index c, miniflow::Index h, miniflow::Index w) {
    return miniflow::Shape{miniflow::Shape::kBatchRows, c * h * w, {c, h, w}};
}

} // namespace

class TestPoolPalette : public QObject {
    Q_OBJECT
  private slots:
    void paletteListsThemByCategory() {
        NodePalette palette;
        for (const char* kind : {"MaxPool2D", "AvgPool2D", "GlobalAvgPool"}) {
            QTreeWidgetItem* item = palette.itemForKind(kind);
            QVERIFY2(item, kind);
            QCOMPARE(item->parent()->text(0), QString("Pooling"));
        }
        for (const char* kind : {"Reshape", "Concat"}) {
            QTreeWidgetItem* item = palette.itemForKind(kind);
            QVERIFY2(item, kind);
            QCOMPARE(item->parent()->text(0), QString("Layers"));
        }
        QVERIFY(OpCatalog::categories().contains("Pooling"));
        // Its own colour, not the fallback grey of unknown categories.
        QVERIFY(OpCatalog::categoryColour("Pooling") != OpCatalog::categoryColour("Nothing"));
    }

    void droppedAndWiredTheyShowTheirShape_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("shape");
        QTest::newRow("MaxPool2D")
            << "MaxPool2D" << QString::fromStdString(toString(image(1, 14, 14)));
        QTest::newRow("AvgPool2D")
            << "AvgPool2D" << QString::fromStdString(toString(image(1, 14, 14)));
        QTest::newRow("GlobalAvgPool")
            << "GlobalAvgPool" << QString::fromStdString(toString(image(1, 1, 1)));
        QTest::newRow("Reshape") << "Reshape" << QString::fromStdString(toString(image(1, 28, 28)));
        QTest::newRow("Concat") << "Concat" << QString::fromStdString(toString(image(2, 28, 28)));
    }
    void droppedAndWiredTheyShowTheirShape() {
        QFETCH(QString, kind);
        QFETCH(QString, shape);
        Canvas canvas;
        QVERIFY(canvas.document.insertNode(
            miniflow::Node{miniflow::NodeId{7},
                           "Input",
                           "pixels",
                           {{"role", "features"}, {"features", 784}, {"sampleDims", {1, 28, 28}}},
                           {0, 0}}));
        canvas.view.fitToView();
        const QPoint spot = canvas.at(canvas.node("pixels")->pos() + QPointF(400, 0));
        QVERIFY(canvas.dropFromPalette(kind, spot));
        const miniflow::Node added = canvas.document.graph().nodes().back();
        QCOMPARE(QString::fromStdString(added.op), kind);
        COMPARE_JSON(added.attributes, miniflow::findOp(kind.toStdString())->defaultAttributes);
        canvas.view.fitToView();
        const int ports = NodeItem::portCountOf(added);
        QCOMPARE(ports, kind == "Concat" ? 2 : 1);
        for (int port = 0; port < ports; ++port)
            canvas.drag(canvas.outputOf("pixels"), canvas.inputOf(added.name, port));
        QCOMPARE(canvas.document.graph().edges().size(), size_t(ports));
        QCOMPARE(canvas.node(added.name)->shapeText(), shape);
    }
};

QTEST_MAIN(TestPoolPalette)
#include "tst_pool_palette.moc"
