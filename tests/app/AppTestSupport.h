#pragma once
/// Shared by the studio's Qt Test suites: a shown canvas over a document, and gestures
/// performed the way a user does them (mouse on the view's viewport, drops with the
/// palette's QMimeData).
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeItem.h"
#include "app/editor/NodePalette.h"
#include "app/editor/PortItem.h"

#include <QDropEvent>
#include <QMimeData>
#include <QTest>

#include <memory>

// How QCOMPARE prints the core's values (found by argument-dependent lookup).
namespace miniflow {
inline char* toString(const NodeId& id) {
    return qstrdup(QByteArray("#") + QByteArray::number(id.value));
}
inline char* toString(const Edge& e) {
    return qstrdup(QString("#%1:%2 -> #%3:%4")
                       .arg(e.from.value)
                       .arg(e.fromPort)
                       .arg(e.to.value)
                       .arg(e.toPort)
                       .toUtf8());
}
inline char* toString(const Position& p) {
    return qstrdup(QString("(%1, %2)").arg(p.x).arg(p.y).toUtf8());
}
inline char* toString(const Node& n) {
    return qstrdup(QString("#%1 %2 \"%3\" %4 at (%5, %6)")
                       .arg(n.id.value)
                       .arg(QString::fromStdString(n.op), QString::fromStdString(n.name),
                            QString::fromStdString(n.attributes.dump()))
                       .arg(n.position.x)
                       .arg(n.position.y)
                       .toUtf8());
}
inline char* toString(const std::optional<Edge>& e) {
    return e ? toString(*e) : qstrdup("no edge");
}
template <typename T> char* toString(const std::vector<T>& list) {
    QByteArray text = "[";
    for (const T& item : list) {
        char* one = toString(item);
        text += (text.size() > 1 ? ", " : "") + QByteArray(one);
        delete[] one;
    }
    return qstrdup(text + "]");
}
inline char* toString(const Graph& g) {
    QByteArray text = QByteArray::number(qsizetype(g.nodes().size())) + " nodes, " +
                      QByteArray::number(qsizetype(g.edges().size())) + " edges: ";
    char* nodes = toString(g.nodes());
    char* edges = toString(g.edges());
    text += QByteArray(nodes) + " " + edges;
    delete[] nodes;
    delete[] edges;
    return qstrdup(text);
}
} // namespace miniflow

/// QCOMPARE for JSON values (json converts to anything, which confuses QCOMPARE's overloads).
#define COMPARE_JSON(actual, expected)                                                             \
    QVERIFY2((actual) == nlohmann::json(expected),                                                 \
             qPrintable(QString("%1 is %2, expected %3")                                           \
                            .arg(#actual, QString::fromStdString((actual).dump()),                 \
                                 QString::fromStdString(nlohmann::json(expected).dump()))))

namespace apptest {

inline void loadExample(GraphDocument& document, const QString& name) {
    const QString path = ProjectFiles::examplePath(name);
    document.load(ProjectFiles::read(path), path);
}

inline miniflow::NodeId idOf(const GraphDocument& document, const std::string& name) {
    const miniflow::Node* node = document.graph().findByName(name);
    if (!node)
        qFatal("no node named %s", name.c_str());
    return node->id;
}

/// A document shown on a canvas, as in the studio's centre.
struct Canvas {
    GraphDocument document;
    GraphScene scene{&document};
    GraphView view{&scene};
    NodePalette palette;

    explicit Canvas(const QString& example = {}) {
        if (!example.isEmpty())
            loadExample(document, example);
        view.resize(1100, 700);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            qFatal("canvas not exposed");
        view.fitToView();
    }

    QWidget* viewport() { return view.viewport(); }
    QPoint at(const QPointF& scenePos) { return view.mapFromScene(scenePos); }
    NodeItem* node(const std::string& name) { return scene.nodeItem(idOf(document, name)); }
    QPoint outputOf(const std::string& name) { return at(node(name)->outputPort()->anchor()); }
    QPoint inputOf(const std::string& name, int port) {
        return at(node(name)->inputPort(port)->anchor());
    }

    /// A left-button drag in several moves, as a hand does it.
    void drag(QPoint from, QPoint to, Qt::KeyboardModifiers modifiers = {}) {
        QTest::mousePress(viewport(), Qt::LeftButton, modifiers, from);
        const int steps = 6;
        for (int i = 1; i <= steps; ++i)
            QTest::mouseMove(viewport(), from + (to - from) * i / steps);
        QTest::mouseRelease(viewport(), Qt::LeftButton, modifiers, to);
    }

    /// Drags the palette's data for `kind` into the canvas and drops it at view point
    /// `where` (what QDrag's own loop would send); true if both were accepted.
    bool dropFromPalette(const QString& kind, QPoint where) {
        std::unique_ptr<QMimeData> mime(palette.mimeDataForKind(kind));
        QDragEnterEvent enter(where, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &enter); // a drop goes where the drag entered
        QDropEvent drop(QPointF(where), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &drop);
        return enter.isAccepted() && drop.isAccepted();
    }

    /// A visible spot of canvas with no item within 30 pixels.
    QPoint emptySpot() {
        for (int y = 40; y < viewport()->height() - 40; y += 20)
            for (int x = 40; x < viewport()->width() - 40; x += 20)
                if (view.items(QRect(x - 30, y - 30, 60, 60)).isEmpty())
                    return QPoint(x, y);
        qFatal("no empty canvas in view");
    }
};

} // namespace apptest
