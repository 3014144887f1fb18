/// NodeInspector: attribute edits as a user types them, each one undo step.
#include "AppTestSupport.h"

#include "app/document/AddEdgeCommand.h"
#include "app/document/AddNodeCommand.h"
#include "app/inspector/NodeInspector.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

using apptest::idOf;
using apptest::loadExample;
using miniflow::NodeId;

class TestInspector : public QObject {
    Q_OBJECT
  private slots:
    void init();
    void showsAttributesWithDefaults();
    void unitsResizesWeightsInOneStep();
    void shapeFollowsAUnitsChange();
    void numberAndChoiceEditsAreUndoSteps();
    void renameRefusesDuplicates();
    void fewerInputsRemovesTheirEdgesInOneStep();
    void lockedEditIsRefusedAndReverts();
    void canvasShortcutsAreOffWhileTyping();

  private:
    std::unique_ptr<GraphDocument> doc_;
    std::unique_ptr<NodeInspector> inspector_;
    template <typename T> T* editor(const char* key) {
        auto* widget = qobject_cast<T*>(inspector_->editorFor(key));
        if (!widget)
            qFatal("no editor for %s", key);
        return widget;
    }
    void typeInto(QWidget* field, const QString& text) {
        field->setFocus();
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(field))
            spin->selectAll();
        if (auto* edit = qobject_cast<QLineEdit*>(field))
            edit->selectAll();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    }
};

void TestInspector::init() {
    doc_ = std::make_unique<GraphDocument>();
    loadExample(*doc_, "spiral");
    inspector_ = std::make_unique<NodeInspector>(doc_.get());
    inspector_->show();
    QVERIFY(QTest::qWaitForWindowExposed(inspector_.get()));
}

void TestInspector::showsAttributesWithDefaults() {
    inspector_->showNode(idOf(*doc_, "W1"));
    QCOMPARE(editor<QSpinBox>("rows")->value(), 2);
    QCOMPARE(editor<QSpinBox>("cols")->value(), 16);
    QCOMPARE(editor<QComboBox>("initializer")->currentText(), QString("glorot_uniform"));
    inspector_->showNode(idOf(*doc_, "points"));
    QCOMPARE(editor<QComboBox>("role")->currentText(), QString("features"));
    QCOMPARE(editor<QSpinBox>("features")->value(), 2);
    const miniflow::Node dropout{doc_->graph().nextId(), "Dropout", "drop", {}, {}};
    doc_->push(new AddNodeCommand(doc_.get(), dropout));
    inspector_->showNode(dropout.id);
    QCOMPARE(editor<QDoubleSpinBox>("rate")->value(), 0.5); // the op's default, not stored
    QVERIFY(!inspector_->editorFor("units"));
}

void TestInspector::unitsResizesWeightsInOneStep() {
    inspector_->showNode(idOf(*doc_, "dense1"));
    const miniflow::GraphFile original = doc_->file();
    typeInto(editor<QSpinBox>("units"), "24");
    const miniflow::Graph& g = doc_->graph();
    COMPARE_JSON(g.findByName("dense1")->attributes["units"], 24);
    COMPARE_JSON(g.findByName("W1")->attributes["cols"], 24);
    COMPARE_JSON(g.findByName("b1")->attributes["cols"], 24);
    COMPARE_JSON(g.findByName("W2")->attributes["rows"], 24);
    QCOMPARE(doc_->undoStack()->count(), 1);
    doc_->undo();
    QVERIFY(doc_->file() == original);
    QCOMPARE(editor<QSpinBox>("units")->value(), 16);
}

void TestInspector::numberAndChoiceEditsAreUndoSteps() {
    const miniflow::Node leaky{doc_->graph().nextId(), "LeakyReLU", "leaky", {}, {}};
    doc_->push(new AddNodeCommand(doc_.get(), leaky));
    inspector_->showNode(leaky.id);
    typeInto(editor<QDoubleSpinBox>("alpha"), "0.2");
    QCOMPARE(doc_->graph().find(leaky.id)->attributes["alpha"].get<double>(), 0.2);
    inspector_->showNode(idOf(*doc_, "b2"));
    QComboBox* init = editor<QComboBox>("initializer");
    init->setFocus();
    QTest::keyClick(init, Qt::Key_Down); // zeros -> constant
    COMPARE_JSON(doc_->graph().findByName("b2")->attributes["initializer"], "constant");
    QCOMPARE(doc_->undoStack()->count(), 3);
    doc_->undo();
    QCOMPARE(init->currentText(), QString("zeros"));
}

void TestInspector::renameRefusesDuplicates() {
    inspector_->showNode(idOf(*doc_, "tanh1"));
    auto* name = inspector_->findChild<QLineEdit*>("name");
    typeInto(name, "tanh2");
    QVERIFY(doc_->graph().findByName("tanh1"));
    QCOMPARE(doc_->undoStack()->count(), 0);
    typeInto(name, "squash1");
    QVERIFY(doc_->graph().findByName("squash1") && !doc_->graph().findByName("tanh1"));
    QCOMPARE(doc_->undoStack()->count(), 1);
}

void TestInspector::fewerInputsRemovesTheirEdgesInOneStep() {
    GraphDocument& doc = *doc_;
    const NodeId add = doc.graph().nextId();
    doc.push(new AddNodeCommand(&doc, {add, "Add", "sum", {{"inputs", 3}}, {}}));
    for (int port = 0; port < 3; ++port)
        doc.push(new AddEdgeCommand(&doc, {idOf(doc, "tanh2"), 0, add, port}));
    const miniflow::GraphFile before = doc.file();
    const int steps = doc.undoStack()->count();
    inspector_->showNode(add);
    typeInto(editor<QSpinBox>("inputs"), "2");
    COMPARE_JSON(doc.graph().find(add)->attributes["inputs"], 2);
    QVERIFY(!doc.graph().edgeInto(add, 2));
    QVERIFY(doc.graph().edgeInto(add, 1));
    QCOMPARE(doc.undoStack()->count(), steps + 1);
    doc.undo();
    QVERIFY(doc.file() == before);
}

void TestInspector::lockedEditIsRefusedAndReverts() {
    inspector_->showNode(idOf(*doc_, "dense1"));
    doc_->setStructureLocked(true, {});
    typeInto(editor<QSpinBox>("units"), "40");
    COMPARE_JSON(doc_->graph().findByName("dense1")->attributes["units"], 16);
    QCOMPARE(editor<QSpinBox>("units")->value(), 16);
    typeInto(inspector_->findChild<QLineEdit*>("name"), "first"); // names stay editable
    QVERIFY(doc_->graph().findByName("first"));
}

/// Delete / Ctrl+A typed into the name field edit the text, not the graph.
void TestInspector::canvasShortcutsAreOffWhileTyping() {
    GraphScene scene(doc_.get());
    QWidget window;
    auto* layout = new QHBoxLayout(&window);
    auto* view = new GraphView(&scene);
    auto* inspector = new NodeInspector(doc_.get());
    layout->addWidget(view);
    layout->addWidget(inspector);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const NodeId tanh1 = idOf(*doc_, "tanh1");
    scene.selectNodes({tanh1});
    inspector->showNode(tanh1);
    auto* name = inspector->findChild<QLineEdit*>("name");
    name->setFocus();
    name->setCursorPosition(0);
    QTest::keyClick(name, Qt::Key_Delete);
    QTest::keyClick(name, Qt::Key_A, Qt::ControlModifier);
    QVERIFY(doc_->graph().find(tanh1));
    QCOMPARE(scene.selectedNodes(), std::vector<NodeId>{tanh1});
    QCOMPARE(name->text(), QString("anh1"));
    QCOMPARE(name->selectedText(), QString("anh1"));
    view->setFocus(); // the same key on the canvas deletes
    QTest::keyClick(view->viewport(), Qt::Key_Delete);
    QVERIFY(!doc_->graph().find(tanh1));
}

/// Issue 18: "Output shape: N x 16" stayed after units were set to 2 (the Linear changed
/// before its W did, and later changes to other nodes were not listened to).
void TestInspector::shapeFollowsAUnitsChange() {
    inspector_->showNode(idOf(*doc_, "dense1"));
    QVERIFY2(inspector_->shapeText().endsWith("x 16"), qPrintable(inspector_->shapeText()));
    typeInto(editor<QSpinBox>("units"), "2");
    COMPARE_JSON(doc_->graph().findByName("dense1")->attributes["units"], 2);
    QVERIFY2(inspector_->shapeText().endsWith("x 2"), qPrintable(inspector_->shapeText()));
    doc_->undo();
    QVERIFY2(inspector_->shapeText().endsWith("x 16"), qPrintable(inspector_->shapeText()));
}

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
