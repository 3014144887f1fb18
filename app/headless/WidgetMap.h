#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>

class StudioAutomation;

/// miniflow-studio's --widget-map FILE.json (NOTE [Automation seam]): where a script that
/// drives the studio with real pointer and key events (tests/e2e) should click. Every
/// kIntervalMs the map is rebuilt and, when it changed, written atomically. All rectangles
/// are global screen coordinates [x, y, width, height], points [x, y]:
///   "screen", "window": the screen's and the window's frame geometry
///   "palette": {kind: rect} of the palette entries inside the palette's viewport
///   "widgets": {name: rect} of the visible named controls: train, epochs,
///              canvas, the Dataset panel's datasetSource, datasetSet, validationFraction,
///              fitInputs, and the node inspector's attribute editors ("attribute:role")
///   "nodes": [{id, name, op, role, selected, rect, inputs: [point], output: point}]
///   "edges": [[from, fromPort, to, toPort]]
///   "dataset": {source, name, validationFraction, loading, bindingFits, error}
///   "training": {state, epochs}, "document": {path, modified},
///   "modal": {title, rect} of an open modal dialog, if any
///   "popup": {text: rect} of the rows of an open popup list (a combo box's), if any
class WidgetMap : public QObject {
    Q_OBJECT
  public:
    static constexpr int kIntervalMs = 100;

    WidgetMap(StudioAutomation* studio, QString path, QObject* parent = nullptr);
    QJsonObject describe() const;

  private:
    void refresh();

    StudioAutomation* studio_;
    QString path_;
    QTimer timer_;
    QByteArray written_;
};
