// The backprop views on a shown canvas: step-through (highlight follows the cursor, numbers
// shown), gradient-check badges, and the confusion matrix with a single-sample forward.
#include "AppTestSupport.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/document/RenameNodeCommand.h"
#include "app/editor/overlays/ActivationOverlay.h"
#include "app/editor/overlays/BadgeOverlay.h"
#include "app/editor/overlays/StepOverlay.h"

#include <QSignalSpy>
#include <QtTest>

using apptest::Canvas;
using miniflow::NodeId;
using Halo = StepOverlay::Halo;

namespace {
/// The panel on the canvas, connected as the studio connects them.
void connectToCanvas(StepThroughPanel& panel, Canvas& canvas) {
    QObject::connect(&panel, &StepThroughPanel::stepMarkChanged, canvas.scene.stepOverlay(),
                     &StepOverlay::setMark);
}
void connectToCanvas(GradientCheckPanel& panel, Canvas& canvas) {
    QObject::connect(&panel, &GradientCheckPanel::badgesChanged, canvas.scene.badgeOverlay(),
                     &BadgeOverlay::setBadges);
}
void connectToCanvas(ConfusionPanel& panel, Canvas& canvas) {
    QObject::connect(&panel, &ConfusionPanel::activationsChanged, canvas.scene.activationOverlay(),
                     &ActivationOverlay::setActivations);
}
} // namespace

class TestBackpropViews : public QObject {
    Q_OBJECT
  private slots:
    void stepThroughHighlightsTheNodeAtTheCursor() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document);
        connectToCanvas(panel, canvas);
        const auto halo = [&](const std::string& name) {
            return canvas.scene.stepOverlay()->haloOn(apptest::idOf(canvas.document, name));
        };
        QSignalSpy shown(&panel, &StepThroughPanel::stepShown);
        panel.stepForward(10); // 7 forward steps, then BP @ cost, BP @ activation, BP @ f1
        QVERIFY(shown.wait(10000));
        QVERIFY(panel.model());
        QCOMPARE(panel.model()->position(), 9);
        QCOMPARE(panel.model()->currentBackward()->name, std::string("f1"));
        QCOMPARE(halo("f1"), Halo::Backward);
        QCOMPARE(halo("activation"), Halo::None);
        const NodeId f1 = apptest::idOf(canvas.document, "f1");
        const NodeId w1 = apptest::idOf(canvas.document, "W1");
        QVERIFY(canvas.scene.stepOverlay()->edgeLit({w1, 0, f1, 1}));
        QVERIFY(panel.detailsText().contains("BP @ f1 (Linear)"));
        QVERIFY(panel.detailsText().contains("∂L/∂W1 = Xᵀ · ∂L/∂f1"));
        QVERIFY(panel.detailsText().contains("5.01029e-05")); // the seed's dL/dW1, row 1

        panel.stepBack();
        QCOMPARE(halo("activation"), Halo::Backward);
        QCOMPARE(halo("f1"), Halo::None);
        QVERIFY(!canvas.scene.stepOverlay()->edgeLit({w1, 0, f1, 1}));
        panel.reset();
        QCOMPARE(halo("activation"), Halo::None);
        panel.stepForward();
        QCOMPARE(panel.model()->currentForward()->name, panel.model()->forwardSteps().front().name);
        QCOMPARE(canvas.scene.stepOverlay()->haloOn(panel.model()->currentNode()), Halo::Forward);
    }

    void aChangedGraphDropsThePass() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document);
        connectToCanvas(panel, canvas);
        QSignalSpy shown(&panel, &StepThroughPanel::stepShown);
        panel.runToEnd();
        QVERIFY(shown.wait(10000));
        QVERIFY(panel.model()->atEnd());
        const NodeId lit = panel.model()->currentNode();
        canvas.document.push(new RenameNodeCommand(&canvas.document,
                                                   apptest::idOf(canvas.document, "f1"), "linear"));
        QVERIFY(!panel.model());
        QCOMPARE(canvas.scene.stepOverlay()->haloOn(lit), Halo::None);
        QVERIFY(canvas.scene.stepOverlay()->drawings().isEmpty());
    }

    void stepShortcutsAreStatedInTooltips() {
        Canvas canvas("backprop");
        StepThroughPanel panel(&canvas.document);
        connectToCanvas(panel, canvas);
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
        GradientCheckPanel panel(&canvas.document);
        connectToCanvas(panel, canvas);
        const BadgeOverlay* badges = canvas.scene.badgeOverlay();
        QSignalSpy checked(&panel, &GradientCheckPanel::checked);
        panel.checkAll();
        QVERIFY(checked.wait(20000));
        QCOMPARE(panel.results().size(), size_t{7}); // X, W1, b, y and the three ops
        for (const miniflow::NodeCheck& c : panel.results()) {
            QVERIFY2(badges->badgeTextOn(c.node).startsWith("✓"), c.name.c_str());
            QVERIFY(badges->badgeToolTipOn(c.node).contains("amber: < 0.01"));
        }
        canvas.document.push(new RenameNodeCommand(&canvas.document,
                                                   apptest::idOf(canvas.document, "f1"), "linear"));
        QVERIFY(panel.results().empty());
        QVERIFY(badges->badgeTextOn(apptest::idOf(canvas.document, "W1")).isEmpty());
        QVERIFY(badges->drawings().isEmpty());
    }

    void confusionMatrixListsCellsAndRunsOneSample() {
        Canvas canvas("spiral"); // built-in spiral: 100 validation samples, 2 classes
        ConfusionPanel panel(&canvas.document);
        connectToCanvas(panel, canvas);
        const auto cells = [&](const std::string& name) {
            return canvas.scene.activationOverlay()->cellsOn(apptest::idOf(canvas.document, name));
        };
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
        QCOMPARE(cells("dense1").size(), size_t{16});
        QCOMPARE(cells("points").size(), size_t{2});
        QVERIFY(cells("W1").empty()); // parameters are not per sample
        QVERIFY(cells("loss").empty());
    }
};

QTEST_MAIN(TestBackpropViews)
#include "tst_backprop_views.moc"
