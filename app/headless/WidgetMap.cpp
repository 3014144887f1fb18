#include "app/headless/WidgetMap.h"

#include "app/data/DatasetPanel.h"
#include "app/document/GraphDocument.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeItem.h"
#include "app/editor/NodePalette.h"
#include "app/editor/OpCatalog.h"
#include "app/editor/PortItem.h"
#include "app/headless/StudioAutomation.h"
#include "app/headless/StudioReport.h"
#include "app/inspector/NodeInspector.h"
#include "app/training/TrainingController.h"
#include "app/window/TrainingToolBar.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QScreen>
#include <QSpinBox>
#include <QTreeWidgetItem>

#include <algorithm>
#include <utility>

namespace {

/// The Dataset panel's controls a script sets (their objectName).
const char* const kDatasetControls[] = {"datasetSource", "datasetSet", "validationFraction",
                                        "fitInputs"};

QJsonArray rectArray(const QRect& r) {
    return {r.x(), r.y(), r.width(), r.height()};
}

QJsonArray pointArray(const QPoint& p) {
    return {p.x(), p.y()};
}

QRect globalRect(const QWidget* widget) {
    return {widget->mapToGlobal(QPoint(0, 0)), widget->size()};
}

void addWidget(QJsonObject& widgets, const QString& name, const QWidget* widget) {
    if (widget && widget->isVisible())
        widgets[name] = rectArray(globalRect(widget));
}

QJsonObject paletteRects(const NodePalette* palette) {
    QJsonObject rects;
    if (!palette->isVisible())
        return rects;
    const QRect viewport = palette->viewport()->rect();
    for (const CatalogEntry& entry : OpCatalog::entries()) {
        const QTreeWidgetItem* item = palette->itemForKind(entry.kind);
        // The visible part of the entry (a narrow palette clips long names): its centre is
        // where a script presses.
        const QRect r = item ? palette->visualItemRect(item).intersected(viewport) : QRect();
        if (r.height() >= 8 && r.width() >= 8)
            rects[entry.kind] =
                rectArray({palette->viewport()->mapToGlobal(r.topLeft()), r.size()});
    }
    return rects;
}

/// The rows of an open popup list (a combo box's), text -> rect.
QJsonObject popupItems(const QWidget* popup) {
    QJsonObject items;
    const auto* list = popup->findChild<QAbstractItemView*>();
    if (!list || !list->model())
        return items;
    for (int row = 0; row < list->model()->rowCount(list->rootIndex()); ++row) {
        const QModelIndex index = list->model()->index(row, 0, list->rootIndex());
        const QRect r = list->visualRect(index);
        if (r.isValid() && list->viewport()->rect().contains(r.center()))
            items[index.data().toString()] =
                rectArray({list->viewport()->mapToGlobal(r.topLeft()), r.size()});
    }
    return items;
}

QJsonArray nodeList(const StudioAutomation* studio) {
    const GraphView* view = studio->view();
    const GraphScene* scene = studio->scene();
    const QWidget* viewport = view->viewport();
    const auto global = [&](const QPointF& scenePos) {
        return viewport->mapToGlobal(view->mapFromScene(scenePos));
    };
    const std::vector<miniflow::NodeId> selected = scene->selectedNodes();
    QJsonArray nodes;
    for (const miniflow::Node& n : studio->document()->graph().nodes()) {
        QJsonObject entry{
            {"id", static_cast<qint64>(n.id.value)},
            {"name", QString::fromStdString(n.name)},
            {"op", QString::fromStdString(n.op)},
            {"selected", std::find(selected.begin(), selected.end(), n.id) != selected.end()}};
        if (const auto role = n.attributes.find("role");
            role != n.attributes.end() && role->is_string())
            entry["role"] = QString::fromStdString(role->get<std::string>());
        if (const NodeItem* item = scene->nodeItem(n.id)) {
            const QRectF box = item->sceneBoundingRect();
            entry["rect"] = rectArray(QRect(global(box.topLeft()), global(box.bottomRight())));
            QJsonArray inputs;
            for (int i = 0; i < item->inputCount(); ++i)
                inputs.append(pointArray(global(item->inputPort(i)->anchor())));
            entry["inputs"] = inputs;
            if (const PortItem* output = item->outputPort())
                entry["output"] = pointArray(global(output->anchor()));
        }
        nodes.append(entry);
    }
    return nodes;
}

} // namespace

WidgetMap::WidgetMap(StudioAutomation* studio, QString path, QObject* parent)
    : QObject(parent), studio_(studio), path_(std::move(path)) {
    timer_.setInterval(kIntervalMs);
    connect(&timer_, &QTimer::timeout, this, &WidgetMap::refresh);
    timer_.start();
}

QJsonObject WidgetMap::describe() const {
    QWidget* window = studio_->studioWindow();
    QJsonObject map{{"window", rectArray(window->frameGeometry())}};
    if (const QScreen* screen = window->screen())
        map["screen"] = rectArray(screen->geometry());
    map["palette"] = paletteRects(studio_->nodePalette());

    QJsonObject widgets;
    const TrainingToolBar* toolBar = studio_->trainingToolBar();
    addWidget(widgets, "train", toolBar->widgetForAction(toolBar->trainAction()));
    addWidget(widgets, "epochs", toolBar->epochsBox());
    addWidget(widgets, "canvas", studio_->view()->viewport());
    const DatasetPanel* panel = studio_->datasetPanel();
    for (const char* name : kDatasetControls)
        addWidget(widgets, name, panel->findChild<QWidget*>(name));
    for (const QWidget* editor : studio_->nodeInspector()->findChildren<QWidget*>())
        if (editor->objectName().startsWith("attribute:"))
            addWidget(widgets, editor->objectName(), editor);
    map["widgets"] = widgets;

    map["nodes"] = nodeList(studio_);
    QJsonArray edges;
    for (const miniflow::Edge& e : studio_->document()->graph().edges())
        edges.append(QJsonArray{static_cast<qint64>(e.from.value), e.fromPort,
                                static_cast<qint64>(e.to.value), e.toPort});
    map["edges"] = edges;

    const miniflow::GraphFile& file = studio_->document()->file();
    map["dataset"] = QJsonObject{{"source", QString::fromStdString(file.dataset.source)},
                                 {"name", QString::fromStdString(file.dataset.name)},
                                 {"validationFraction", file.dataset.validationFraction},
                                 {"loading", panel->isLoading()},
                                 {"bindingFits", panel->bindingFits()},
                                 {"error", panel->hasError() ? panel->statusText() : QString()}};
    map["training"] = QJsonObject{{"state", stateKey(studio_->trainingController()->state())},
                                  {"epochs", file.training.epochs}};
    map["document"] = QJsonObject{{"path", studio_->document()->path()},
                                  {"modified", studio_->document()->isModified()}};
    if (const QWidget* modal = QApplication::activeModalWidget())
        map["modal"] = QJsonObject{{"title", modal->windowTitle()},
                                   {"rect", rectArray(modal->frameGeometry())}};
    if (const QWidget* popup = QApplication::activePopupWidget())
        map["popup"] = popupItems(popup);
    return map;
}

/// Rewrites the file only when the map changed, so a script can wait on its contents.
void WidgetMap::refresh() {
    const QByteArray text = QJsonDocument(describe()).toJson(QJsonDocument::Compact);
    if (text == written_)
        return;
    QSaveFile out(path_);
    if (out.open(QIODevice::WriteOnly) && out.write(text) == text.size() && out.commit())
        written_ = text;
}
