// The backprop views on a shown canvas: step-through (highlight follows the cursor, numbers
// shown), gradient-check badges, and the confusion matrix with a single-sample forward.
#include "AppTestSupport.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/document/RenameNodeCommand.h"
#include "app/editor/EdgeItem.h"

#include <QSignalSpy>
#include <QtTest>

using apptest::Canvas;
using miniflow::NodeId;

class TestBackpropViews : public QObject {
    Q_OBJECT
  private slots:
    void stepThroughHighlightsTheNodeAtTheCursor() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document, &canvas.scene);
        QSignalSpy shown(&panel, &StepThroughPanel::stepShown);
        panel.stepForward(10); // 7 forward steps, then BP @ cost, BP @ activation, BP @ f1
        QVERIFY(shown.wait(10000));
        QVERIFY(panel.model());
        QCOMPARE(panel.model()->position(), 9);
        QCOMPARE(panel.model()->currentBackward()->name, std::string("f1"));
        QCOMPARE(canvas.node("f1")->highlight(), NodeItem::Highlight::Backward);
        QCOMPARE(canvas.node("activation")->highlight(), NodeItem::Highlight::None);
        const NodeId f1 = apptest::idOf(canvas.document, "f1");
        const NodeId w1 = apptest::idOf(canvas.document, "W1");
        QVERIFY(canvas.scene.edgeItem({w1, 0, f1, 1})->stepHighlighted());
        QVERIFY(panel.detailsText().contains("BP @ f1 (Linear)"));
        QVERIFY(panel.detailsText().contains("∂L/∂W1 = Xᵀ · ∂L/∂f1"));
        QVERIFY(panel.detailsText().contains("5.01029e-05")); // the seed's dL/dW1, row 1

        panel.stepBack();
        QCOMPARE(canvas.node("activation")->highlight(), NodeItem::Highlight::Backward);
        QCOMPARE(canvas.node("f1")->highlight(), NodeItem::Highlight::None);
        QVERIFY(!canvas.scene.edgeItem({w1, 0, f1, 1})->stepHighlighted());
        panel.reset();
        QCOMPARE(canvas.node("activation")->highlight(), NodeItem::Highlight::None);
        panel.stepForward();
        QCOMPARE(panel.model()->currentForward()->name, panel.model()->forwardSteps().front().name);
        QCOMPARE(canvas.scene.nodeItem(panel.model()->currentNode())->highlight(),
                 NodeItem::Highlight::Forward);
    }

    void aChangedGraphDropsThePass() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document, &canvas.scene);
        QSignalSpy shown(&panel, &StepThroughPanel::stepShown);
        panel.runToEnd();
        QVERIFY(shown.wait(10000));
        QVERIFY(panel.model()->atEnd());
        const NodeId lit = panel.model()->currentNode();
        canvas.document.push(new RenameNodeCommand(&canvas.document,
                                                   apptest::idOf(canvas.document, "f1"), "linear"));
        QVERIFY(!panel.model());
        QCOMPARE(canvas.scene.nodeItem(lit)->highlight(), NodeItem::Highlight::None);
    }

    void stepShortcutsAreStatedInTooltips() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document, &canvas.scene);
        QStringList tips;
        for (QAction* action : panel.stepActions())
            tips << action->toolTip();
        QVERIFY(tips.join('|').contains("(F10)"));
        QVERIFY(tips.join('|').contains("(Shift+F10)"));
        QVERIFY(tips.join('|').contains("(F5)"));
        QVERIFY(tips.join('|').contains("(Shift+F5)"));
    }

    void gradientCheckPutsABadgeOnEveryCheckedNode() {
        Canvas canvas("backprop");
        GradientCheckPanel panel(&canvas.document, &canvas.scene);
        QSignalSpy checked(&panel, &GradientCheckPanel::checked);
        panel.checkAll();
        QVERIFY(checked.wait(20000));
        QCOMPARE(panel.results().size(), size_t{7}); // X, W1, b, y and the three ops
        for (const miniflow::NodeCheck& c : panel.results()) {
            NodeItem* item = canvas.scene.nodeItem(c.node);
            QVERIFY2(item->badgeText().startsWith("✓"), c.name.c_str());
            QVERIFY(item->toolTip().contains("amber: < 0.01"));
        }
        canvas.document.push(new RenameNodeCommand(&canvas.document,
                                                   apptest::idOf(canvas.document, "f1"), "linear"));
        QVERIFY(panel.results().empty());
        QVERIFY(canvas.node("W1")->badgeText().isEmpty());
    }

    void confusionMatrixListsCellsAndRunsOneSample() {
        Canvas canvas("spiral"); // built-in spiral: 100 validation samples, 2 classes
        ConfusionPanel panel(&canvas.document, &canvas.scene);
        QSignalSpy computed(&panel, &ConfusionPanel::computed);
        panel.compute();
        QVERIFY(computed.wait(20000));
        const miniflow::ConfusionMatrix* m = panel.matrix();
        QCOMPARE(m->total(), miniflow::Index{100});
        QCOMPARE(m->count(0, 0) + m->count(0, 1) + m->count(1, 0) + m->count(1, 1),
                 miniflow::Index{100});
        const auto cell = m->count(0, 1) > 0 ? std::pair{0, 1} : std::pair{0, 0};
        panel.showCell(cell.first, cell.second);
        QCOMPARE(panel.listedRows(), m->samples(cell.first, cell.second));
        const miniflow::Index row = panel.listedRows().front();
        panel.showSample(row);
        QCOMPARE(canvas.node("dense1")->activation().size(), size_t{16});
        QCOMPARE(canvas.node("points")->activation().size(), size_t{2});
        QVERIFY(canvas.node("W1")->activation().empty()); // parameters are not per sample
        QVERIFY(canvas.node("loss")->activation().empty());
    }
};

QTEST_MAIN(TestBackpropViews)
#include "tst_backprop_views.moc"
