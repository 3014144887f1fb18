#include "app/editor/GraphView.h"

#include "app/document/GraphDocument.h"
#include "app/editor/AddNodeMenu.h"
#include "app/editor/GraphScene.h"
#include "app/editor/MiniMap.h"
#include "app/editor/NodeItem.h"
#include "app/editor/OpCatalog.h"
#include "app/editor/ZoomBar.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr double kGrid = 40;
constexpr double kFitMargin = 40;
constexpr int kCornerGap = 8;
} // namespace

GraphView::GraphView(GraphScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent), scene_(scene) {
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::BoundingRectViewportUpdate);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true); // palette drops arrive at the viewport
    setFocusPolicy(Qt::StrongFocus);
    createActions();
    createCornerWidgets();
    connect(scene_, &GraphScene::edgeDroppedOnCanvas, this,
            [this](const PortRef& from, const QPointF& scenePos) {
                AddNodeMenu* menu = openAddNodeMenu(mapFromScene(scenePos), {}, from.node);
                menu->setInputsOnly(true);
            });
}

QAction* GraphView::makeAction(const QString& text, const QList<QKeySequence>& keys) {
    auto* action = new QAction(text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(
        Qt::WidgetWithChildrenShortcut); // canvas only: text fields keep their keys
    addAction(action);
    return action;
}

void GraphView::createActions() {
    delete_ = makeAction(tr("&Delete"), {QKeySequence::Delete, Qt::Key_Backspace});
    selectAll_ = makeAction(tr("Select &All"), {QKeySequence::SelectAll});
    cut_ = makeAction(tr("Cu&t"), {QKeySequence::Cut});
    copy_ = makeAction(tr("&Copy"), {QKeySequence::Copy});
    paste_ = makeAction(tr("&Paste"), {QKeySequence::Paste});
    duplicate_ = makeAction(tr("D&uplicate"), {Qt::CTRL | Qt::Key_D});
    fit_ = makeAction(tr("&Fit to View"), {Qt::Key_F});
    zoomIn_ = makeAction(tr("Zoom &In"), {Qt::CTRL | Qt::Key_Equal, QKeySequence::ZoomIn});
    zoomOut_ = makeAction(tr("Zoom &Out"), {Qt::CTRL | Qt::Key_Minus});
    actualSize_ = makeAction(tr("&Actual Size (100 %)"), {Qt::CTRL | Qt::Key_0});
    connect(delete_, &QAction::triggered, scene_, &GraphScene::deleteSelection);
    connect(selectAll_, &QAction::triggered, scene_, &GraphScene::selectAllItems);
    connect(cut_, &QAction::triggered, scene_, &GraphScene::cutSelection);
    connect(copy_, &QAction::triggered, scene_, &GraphScene::copySelection);
    connect(paste_, &QAction::triggered, scene_, &GraphScene::paste);
    connect(duplicate_, &QAction::triggered, scene_, &GraphScene::duplicateSelection);
    connect(fit_, &QAction::triggered, this, &GraphView::fitToView);
    connect(zoomIn_, &QAction::triggered, this, &GraphView::zoomIn);
    connect(zoomOut_, &QAction::triggered, this, &GraphView::zoomOut);
    connect(actualSize_, &QAction::triggered, this, &GraphView::actualSize);
}

/// The zoom bar and the overview, children of the view (not of the viewport, which scrolls
/// its children), kept in the viewport's corners.
void GraphView::createCornerWidgets() {
    zoomBar_ = new ZoomBar(zoomOut_, actualSize_, zoomIn_, fit_, this);
    miniMap_ = new MiniMap(this, this);
    connect(this, &GraphView::zoomChanged, zoomBar_, &ZoomBar::showZoom);
    // Queued: the scene updates its items for these signals first.
    GraphDocument* document = scene_->document();
    connect(document, &GraphDocument::graphReplaced, miniMap_, &MiniMap::refresh,
            Qt::QueuedConnection);
    for (auto signal : {&GraphDocument::nodeAdded, &GraphDocument::nodeRemoved,
                        &GraphDocument::nodeMoved, &GraphDocument::nodeChanged})
        connect(document, signal, miniMap_, &MiniMap::refresh, Qt::QueuedConnection);
    connect(scene_, &GraphScene::nodeItemMoved, miniMap_, &MiniMap::refresh);
    zoomBar_->showZoom(zoom());
    placeCornerWidgets();
}

void GraphView::placeCornerWidgets() {
    const QRect area = viewport()->geometry();
    zoomBar_->adjustSize();
    zoomBar_->move(area.right() - zoomBar_->width() - kCornerGap, area.top() + kCornerGap);
    // The overview takes at most a quarter of a small canvas's width and a third of its height
    // (a 1024x700 window leaves the canvas ~600x250), keeping the full size on larger ones.
    miniMap_->setFixedSize(std::min(MiniMap::kWidth, std::max(80, area.width() / 4)),
                           std::min(MiniMap::kHeight, std::max(52, area.height() / 3)));
    miniMap_->move(area.right() - miniMap_->width() - kCornerGap,
                   area.bottom() - miniMap_->height() - kCornerGap);
    zoomBar_->raise();
    miniMap_->raise();
}

void GraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    placeCornerWidgets();
    miniMap_->refresh();
}

void GraphView::scrollContentsBy(int dx, int dy) {
    QGraphicsView::scrollContentsBy(dx, dy);
    miniMap_->refresh();
}

void GraphView::zoomDone() {
    miniMap_->refresh();
    emit zoomChanged(zoom());
}

double GraphView::zoom() const {
    return transform().m11();
}

void GraphView::zoomAt(double factor, const QPointF& viewPos) {
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    if (target == zoom())
        return;
    const QPointF before = mapToScene(viewPos.toPoint());
    const double applied = target / zoom();
    scale(applied, applied);
    const QPointF after = mapToScene(viewPos.toPoint());
    translate(after.x() - before.x(), after.y() - before.y());
    zoomDone();
}

void GraphView::setZoom(double target) {
    zoomAt(target / zoom(), QPointF(viewport()->rect().center()));
}

void GraphView::zoomIn() {
    setZoom(zoom() * kZoomStep);
}

void GraphView::zoomOut() {
    setZoom(zoom() / kZoomStep);
}

void GraphView::actualSize() {
    setZoom(1.0);
}

void GraphView::fitToView() {
    QRectF bounds;
    for (QGraphicsItem* item : scene_->items())
        if (item->type() == NodeItem::Type)
            bounds |= item->sceneBoundingRect();
    resetTransform();
    if (bounds.isNull()) {
        centerOn(0, 0);
        zoomDone();
        return;
    }
    bounds.adjust(-kFitMargin, -kFitMargin, kFitMargin, kFitMargin);
    const double fit =
        std::min(viewport()->width() / bounds.width(), viewport()->height() / bounds.height());
    const double z = std::clamp(fit, kReadableZoom, 1.0);
    scale(z, z);
    // What does not fit at this zoom is shown from its left / top end.
    const double seenWidth = viewport()->width() / z;
    const double seenHeight = viewport()->height() / z;
    const QPointF centre(
        bounds.width() <= seenWidth ? bounds.center().x() : bounds.left() + seenWidth / 2,
        bounds.height() <= seenHeight ? bounds.center().y() : bounds.top() + seenHeight / 2);
    centerOn(centre);
    zoomDone();
}

bool GraphView::addKind(const QString& kind) {
    const QPointF centre = mapToScene(viewport()->rect().center());
    return scene_->addNodeAt(kind, scene_->placementFor(kind, centre));
}

AddNodeMenu* GraphView::openAddNodeMenu(const QPoint& viewPos, const QString& filter,
                                        std::optional<miniflow::NodeId> feedFrom) {
    auto* menu = new AddNodeMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QPointF scenePos = mapToScene(viewPos);
    connect(menu, &AddNodeMenu::kindChosen, this, [this, scenePos, feedFrom](const QString& kind) {
        scene_->addNodeAt(kind, scenePos, feedFrom);
    });
    menu->setFilter(filter);
    menu->popupAt(viewport()->mapToGlobal(viewPos));
    return menu;
}

bool GraphView::emptyAt(const QPoint& viewPos) const {
    return itemAt(viewPos) == nullptr;
}

void GraphView::wheelEvent(QWheelEvent* event) {
    zoomAt(std::pow(1.0015, event->angleDelta().y()), event->position());
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && spaceHeld_)) {
        panning_ = true;
        panFrom_ = event->pos();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseMoveEvent(QMouseEvent* event) {
    if (panning_) {
        const QPoint delta = event->pos() - panFrom_;
        panFrom_ = event->pos();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent* event) {
    if (panning_) {
        panning_ = false;
        viewport()->setCursor(spaceHeld_ ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void GraphView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && emptyAt(event->pos())) {
        openAddNodeMenu(event->pos());
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void GraphView::contextMenuEvent(QContextMenuEvent* event) {
    if (emptyAt(event->pos()))
        openAddNodeMenu(event->pos());
    for (QGraphicsItem* item = itemAt(event->pos()); item; item = item->parentItem())
        if (const auto* node = dynamic_cast<const NodeItem*>(item)) {
            emit nodeMenuRequested(node->id(), event->globalPos());
            break;
        }
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space) {
        if (!event->isAutoRepeat())
            spaceHeld_ = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        scene_->clearSelection();
        return;
    }
    const bool plain =
        !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (plain && !event->text().isEmpty() &&
        event->text().at(0).isLetter()) { // typing searches for a node
        openAddNodeMenu(viewport()->mapFromGlobal(QCursor::pos()), event->text());
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void GraphView::keyReleaseEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        spaceHeld_ = false;
        if (!panning_)
            viewport()->setCursor(Qt::ArrowCursor);
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void GraphView::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasFormat(OpCatalog::kMimeType))
        event->acceptProposedAction();
    else
        event->ignore();
}

void GraphView::dragMoveEvent(QDragMoveEvent* event) {
    if (event->mimeData()->hasFormat(OpCatalog::kMimeType))
        event->acceptProposedAction();
    else
        event->ignore();
}

/// The dropped kind's node gets its top-left corner at the drop point, or is wired after the
/// node or inserted into the edge it is dropped on (GraphScene::dropKindAt).
void GraphView::dropEvent(QDropEvent* event) {
    if (!event->mimeData()->hasFormat(OpCatalog::kMimeType)) {
        event->ignore();
        return;
    }
    const QString kind = QString::fromUtf8(event->mimeData()->data(OpCatalog::kMimeType));
    const QPointF scenePos = mapToScene(event->position().toPoint());
    event->acceptProposedAction();
    setFocus();
    scene_->dropKindAt(kind, scenePos);
}

void GraphView::drawBackground(QPainter* painter, const QRectF& rect) {
    QGraphicsView::drawBackground(painter, rect);
    if (zoom() < 0.3)
        return; // a dense grid only adds noise when zoomed far out
    painter->setPen(QPen(QColor(0xd8, 0xdb, 0xe0), 0));
    const double left = std::floor(rect.left() / kGrid) * kGrid;
    const double top = std::floor(rect.top() / kGrid) * kGrid;
    for (double x = left; x < rect.right(); x += kGrid)
        painter->drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()));
    for (double y = top; y < rect.bottom(); y += kGrid)
        painter->drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y));
}
