#include "app/MainWindow.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/check/PreTrainGate.h"
#include "app/data/DatasetPanel.h"
#include "app/document/Autosave.h"
#include "app/document/GraphDocument.h"
#include "app/document/ModelTemplates.h"
#include "app/document/ProjectFiles.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/EdgeScaleControls.h"
#include "app/editor/GradientLegend.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeHoverWatcher.h"
#include "app/editor/NodeItem.h"
#include "app/editor/NodePalette.h"
#include "app/editor/overlays/ActivationOverlay.h"
#include "app/editor/overlays/BadgeOverlay.h"
#include "app/editor/overlays/HealthOverlay.h"
#include "app/editor/overlays/StepOverlay.h"
#include "app/inspector/EdgeInspector.h"
#include "app/inspector/HealthPanel.h"
#include "app/inspector/NodeInspector.h"
#include "app/plot/DecisionBoundaryView.h"
#include "app/plot/LossPlot.h"
#include "app/runs/RunStore.h"
#include "app/runs/RunsPanel.h"
#include "app/training/HealthController.h"
#include "app/training/TrainingController.h"
#include "app/window/AboutDialog.h"
#include "app/window/DocumentActions.h"
#include "app/window/ExportActions.h"
#include "app/window/HealthSettingsDialog.h"
#include "app/window/NetworkStatistics.h"
#include "app/window/ShortcutsDialog.h"
#include "app/window/StudioExports.h"
#include "app/window/TrainingMetrics.h"
#include "app/window/TrainingToolBar.h"
#include "app/window/WindowLayout.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

using miniflow::NodeId;

namespace {
constexpr int kMessageMs = 6000;
constexpr std::chrono::seconds kCheckpointInterval{
    30}; ///< trained parameters reach the recovery copy

QString stateName(TrainingState state) {
    switch (state) {
    case TrainingState::Idle:
        return QObject::tr("Ready");
    case TrainingState::Running:
        return QObject::tr("Training");
    case TrainingState::Paused:
        return QObject::tr("Paused");
    case TrainingState::Finished:
        return QObject::tr("Finished");
    case TrainingState::Stopped:
        return QObject::tr("Stopped");
    case TrainingState::Failed:
        return QObject::tr("Failed");
    }
    return {};
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), document_(new GraphDocument(this)),
      controller_(new TrainingController(document_, this)),
      scene_(new GraphScene(document_, this)) {
    autosave_ = new Autosave(document_, this);
    files_ = new DocumentActions(document_, autosave_, this);
    createCentre();
    createDocks();
    toolBar_ = new TrainingToolBar(document_, controller_, this);
    addToolBar(Qt::TopToolBarArea, toolBar_);
    createFileMenu();
    createEditMenu();
    createViewMenu();
    createHealthViews();
    createExamplesMenu();
    createBackpropMenu();
    createHelpMenu();
    createStatusBar();
    connectDocument();
    connectTraining();
    preTrain_ = new PreTrainGate(document_, datasetPanel_, scene_, view_, controller_, this);
    connect(preTrain_, &PreTrainGate::showDatasetPanel, this,
            [this] { raisePanel(datasetPanel_); });
    createLayout();
    controller_->setCheckpointInterval(kCheckpointInterval);
    connect(controller_, &TrainingController::parametersStored, autosave_, &Autosave::noteChange);
    connect(autosave_, &Autosave::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    updateTitle();
}

/// The scene and the document die after this window's own part (children of its QWidget
/// base): the scene's item removal emits selectionChanged and the document's undo stack emits
/// modifiedChanged as it is destroyed; neither may reach a half-destroyed window (UBSan).
MainWindow::~MainWindow() {
    disconnect(scene_, nullptr, this, nullptr);
    disconnect(document_, nullptr, this, nullptr);
}

// ---- layout --------------------------------------------------------------------------

void MainWindow::createCentre() {
    view_ = new GraphView(scene_);
    legend_ = new GradientLegend;
    auto* centre = new QWidget;
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(view_, 1);
    edgeScale_ = new EdgeScaleControls(scene_);
    auto* legendRow = new QHBoxLayout;
    legendRow->setContentsMargins(6, 0, 6, 2);
    legendRow->addWidget(edgeScale_);
    legendRow->addWidget(legend_, 1);
    legend_->setMinimumWidth(150); // its ticks and caption elide below this, never the row
    layout->addLayout(legendRow);
    setCentralWidget(centre);
    connect(scene_, &GraphScene::edgeScaleChanged, legend_, &GradientLegend::setScale);
    legend_->setScale(scene_->gradientScale());
}

void MainWindow::createDocks() {
    palette_ = new NodePalette;
    addDock(tr("Nodes"), "paletteDock", palette_, Qt::LeftDockWidgetArea);
    nodeInspector_ = new NodeInspector(document_);
    edgeInspector_ = new EdgeInspector;
    inspectorStack_ = new QStackedWidget;
    inspectorStack_->addWidget(nodeInspector_);
    inspectorStack_->addWidget(edgeInspector_);
    addDock(tr("Inspector"), "inspectorDock", inspectorStack_, Qt::RightDockWidgetArea);
    lossPlot_ = new LossPlot;
    datasetPanel_ = new DatasetPanel(document_);
    addDock(tr("Loss"), "lossDock", lossPlot_, Qt::BottomDockWidgetArea);
    addDock(tr("Dataset"), "datasetDock", datasetPanel_, Qt::BottomDockWidgetArea);
    createBackpropDocks();
    runStore_ = new RunStore(document_, this);
    runStore_->watch(controller_);
    runsPanel_ = new RunsPanel(runStore_, document_, controller_);
    addDock(tr("Runs"), "runsDock", runsPanel_, Qt::BottomDockWidgetArea);
    connect(runsPanel_, &RunsPanel::overlaysChanged, lossPlot_, &LossPlot::setOverlays);
    connect(runsPanel_, &RunsPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    connect(palette_, &NodePalette::kindActivated, view_, &GraphView::addKind);
}

/// Step-through, gradient check and confusion matrix (tabs beside the Dataset dock, see
/// NOTE [Window layout]).
void MainWindow::createBackpropDocks() {
    stepThrough_ = new StepThroughPanel(document_);
    gradientCheck_ = new GradientCheckPanel(document_);
    confusion_ = new ConfusionPanel(document_);
    connect(stepThrough_, &StepThroughPanel::stepMarkChanged, scene_->stepOverlay(),
            &StepOverlay::setMark);
    connect(gradientCheck_, &GradientCheckPanel::badgesChanged, scene_->badgeOverlay(),
            &BadgeOverlay::setBadges);
    connect(confusion_, &ConfusionPanel::activationsChanged, scene_->activationOverlay(),
            &ActivationOverlay::setActivations);
    const std::pair<QWidget*, QString> panels[] = {{stepThrough_, tr("Step through")},
                                                   {gradientCheck_, tr("Gradient check")},
                                                   {confusion_, tr("Confusion matrix")}};
    for (const auto& [panel, title] : panels) {
        const QByteArray name = panel->metaObject()->className() + QByteArray("Dock");
        addDock(title, name.constData(), panel, Qt::BottomDockWidgetArea);
    }
    connect(nodeInspector_, &NodeInspector::gradientCheckRequested, this, [this](NodeId node) {
        raisePanel(gradientCheck_);
        gradientCheck_->checkNode(node);
    });
    connect(stepThrough_, &StepThroughPanel::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Step through: %1").arg(message), kMessageMs);
    });
}

void MainWindow::raisePanel(QWidget* panel) {
    if (QDockWidget* d = dockOf(panel)) {
        d->show();
        d->raise();
    }
}

void MainWindow::showPanel(QWidget* panel, int height) {
    raisePanel(panel);
    if (QDockWidget* d = dockOf(panel); d && height > 0)
        resizeDocks({d}, {height}, Qt::Vertical);
}

void MainWindow::showStatusMessage(const QString& text) {
    statusBar()->showMessage(text);
}

/// Every dock's content scrolls inside the dock: what a panel shows (a long form, a list, a
/// node's many attributes) never raises the window's minimum size (NOTE [Window layout]).
QDockWidget* MainWindow::addDock(const QString& title, const char* name, QWidget* content,
                                 Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    auto* scroll = new QScrollArea(d);
    scroll->setObjectName(QByteArray(name) + "Scroll");
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    d->setWidget(scroll);
    addDockWidget(area, d);
    return d;
}

QDockWidget* MainWindow::dockOf(QWidget* panel) const {
    for (QWidget* w = panel; w; w = w->parentWidget())
        if (auto* d = qobject_cast<QDockWidget*>(w))
            return d;
    return nullptr;
}

void MainWindow::createLayout() {
    WindowLayout::Docks docks;
    docks.palette = dockOf(palette_);
    docks.inspector = dockOf(inspectorStack_);
    docks.boundary = dockOf(boundaryView_);
    docks.bottomLeft = {dockOf(lossPlot_), dockOf(healthPanel_)};
    docks.bottomRight = {dockOf(datasetPanel_), dockOf(stepThrough_), dockOf(gradientCheck_),
                         dockOf(confusion_), dockOf(runsPanel_)};
    layout_ = new WindowLayout(this, docks, {toolBar_});
    layout_->placeOnScreen();
    layout_->arrangeDefault();
    viewMenu_->addSeparator();
    viewMenu_->addAction(tr("&Reset Layout"), layout_, &WindowLayout::arrangeDefault)
        ->setObjectName("resetLayoutAction");
}

bool MainWindow::restoreLayout() {
    return layout_->restore(QSettings());
}

void MainWindow::saveLayout() const {
    QSettings settings;
    layout_->save(settings);
}

void MainWindow::createStatusBar() {
    stateLabel_ = new QLabel;
    metrics_ = new TrainingMetrics(controller_);
    statistics_ = new NetworkStatistics(document_);
    statusBar()->addPermanentWidget(statistics_);
    statusBar()->addPermanentWidget(metrics_);
    statusBar()->addPermanentWidget(stateLabel_);
    connect(toolBar_, &TrainingToolBar::message, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    showState(controller_->state());
}

// ---- menus -----------------------------------------------------------------------------

void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    files_->addTo(file);
    connect(files_, &DocumentActions::message, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    connect(files_, &DocumentActions::opened, view_, &GraphView::fitToView, Qt::QueuedConnection);
    // Items deleted while selected would report the selection change half destroyed.
    connect(files_, &DocumentActions::aboutToReplace, scene_, &QGraphicsScene::clearSelection);
    QMenu* templates = file->addMenu(tr("New from &Template"));
    for (const QString& name : ModelTemplates::names())
        templates->addAction(name, this, [this, name] { newFromTemplate(name); });
    auto* exports = new ExportActions(file, document_, this);
    connect(exports, &ExportActions::exported, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    studioExports_ = new StudioExports(exports->menu(), scene_, controller_, this);
    connect(studioExports_, &StudioExports::exported, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
}

void MainWindow::createEditMenu() {
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo =
        edit->addAction(tr("&Undo"), QKeySequence::Undo, document_, &GraphDocument::undo);
    QAction* redo = edit->addAction(tr("&Redo"), this, [this] { document_->redo(); });
    redo->setShortcuts({Qt::CTRL | Qt::SHIFT | Qt::Key_Z, Qt::CTRL | Qt::Key_Y});
    QUndoStack* stack = document_->undoStack();
    undo->setEnabled(stack->canUndo());
    redo->setEnabled(stack->canRedo());
    connect(stack, &QUndoStack::canUndoChanged, undo, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redo, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, undo,
            [undo](const QString& text) { undo->setText(tr("&Undo %1").arg(text)); });
    connect(stack, &QUndoStack::redoTextChanged, redo,
            [redo](const QString& text) { redo->setText(tr("&Redo %1").arg(text)); });
    edit->addSeparator();
    edit->addActions({view_->cutAction(), view_->copyAction(), view_->pasteAction(),
                      view_->duplicateAction(), view_->deleteAction()});
    edit->addSeparator();
    edit->addAction(view_->selectAllAction());
}

void MainWindow::createViewMenu() {
    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->addActions({view_->fitAction(), view_->zoomInAction(), view_->zoomOutAction(),
                           view_->actualSizeAction()});
    viewMenu_->addMenu(edgeScale_->menu());
    QAction* edgeShapes = viewMenu_->addAction(tr("S&hapes on Edges"));
    edgeShapes->setObjectName("edgeShapesAction");
    edgeShapes->setCheckable(true);
    connect(edgeShapes, &QAction::toggled, scene_, &GraphScene::setEdgeShapesVisible);
    viewMenu_->addSeparator();
    for (QDockWidget* d : findChildren<QDockWidget*>())
        viewMenu_->addAction(d->toggleViewAction());
    viewMenu_->addAction(toolBar_->toggleViewAction());
}

void MainWindow::createBackpropMenu() {
    QMenu* menu = menuBar()->addMenu(tr("&Backprop"));
    for (QAction* action : stepThrough_->stepActions()) {
        menu->addAction(action);
        connect(action, &QAction::triggered, this, [this] { raisePanel(stepThrough_); });
    }
    menu->addSeparator();
    menu->addAction(gradientCheck_->checkAllAction());
    connect(gradientCheck_->checkAllAction(), &QAction::triggered, this,
            [this] { raisePanel(gradientCheck_); });
    menu->addAction(tr("Confusion matrix"), this, [this] {
        raisePanel(confusion_);
        confusion_->compute();
    });
}

void MainWindow::createHelpMenu() {
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence(Qt::Key_F1), this, [this] {
        ShortcutsDialog dialog(menuBar(), this);
        dialog.exec();
    });
    help->addAction(tr("&About MiniFlow Studio"), this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
}

void MainWindow::createExamplesMenu() {
    QMenu* examples = menuBar()->addMenu(tr("E&xamples"));
    for (const QString& name : ProjectFiles::exampleNames())
        examples->addAction(name, files_,
                            [this, name] { files_->openChecked(ProjectFiles::examplePath(name)); });
}

/// Gradient health (badges, sparklines, alert list, thresholds) and the decision boundary,
/// each a dock or overlay of its own; their View-menu entries go at the end of the menu.
void MainWindow::createHealthViews() {
    health_ = new HealthController(document_, controller_, this);
    healthOverlay_ = new HealthOverlay(scene_, health_, this);
    healthPanel_ = new HealthPanel(health_);
    boundaryView_ = new DecisionBoundaryView;
    viewMenu_->addSeparator();
    QDockWidget* healthDock =
        addDock(tr("Gradient health"), "healthDock", healthPanel_, Qt::BottomDockWidgetArea);
    QDockWidget* boundaryDock =
        addDock(tr("Decision boundary"), "boundaryDock", boundaryView_, Qt::RightDockWidgetArea);
    viewMenu_->addActions({healthDock->toggleViewAction(), boundaryDock->toggleViewAction()});
    sparklinesAction_ = viewMenu_->addAction(tr("Gradient &sparklines"));
    sparklinesAction_->setCheckable(true);
    connect(sparklinesAction_, &QAction::toggled, healthOverlay_,
            &HealthOverlay::setSparklinesVisible);
    viewMenu_->addAction(tr("Gradient health &thresholds..."), this,
                         &MainWindow::showHealthSettings);
    connect(healthPanel_, &HealthPanel::nodeActivated, this, [this](NodeId node) {
        scene_->selectNodes({node});
        if (NodeItem* item = scene_->nodeItem(node))
            view_->centerOn(item);
    });
    boundaryView_->watch(controller_);
    connect(document_, &GraphDocument::graphReplaced, boundaryView_, &DecisionBoundaryView::clear);
    auto* hover = new NodeHoverWatcher(scene_, this);
    connect(hover, &NodeHoverWatcher::hoveredNodeChanged, boundaryView_, [this](NodeId node) {
        const miniflow::Node* found = document_->graph().find(node);
        boundaryView_->showNode(node, found ? QString::fromStdString(found->name) : QString());
    });
}

void MainWindow::showHealthSettings() {
    HealthSettingsDialog dialog(health_->health().thresholds(), this);
    if (dialog.exec() == QDialog::Accepted)
        health_->setThresholds(dialog.thresholds());
}

// ---- wiring ----------------------------------------------------------------------------

void MainWindow::connectDocument() {
    connect(document_, &GraphDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document_, &GraphDocument::pathChanged, this, &MainWindow::updateTitle);
    connect(document_, &GraphDocument::editRefused, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    connect(scene_, &GraphScene::messageShown, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    connect(scene_, &QGraphicsScene::selectionChanged, this, &MainWindow::showSelection);
    connect(document_, &GraphDocument::structureLockChanged, this, [this](bool locked) {
        const QString lockMessage = tr("Training: the graph is locked (nodes can still be moved)");
        if (locked)
            statusBar()->showMessage(lockMessage, kMessageMs);
        else if (statusBar()->currentMessage() == lockMessage)
            statusBar()->clearMessage(); // keep a failure's words
    });
}

/// Every view follows the controller itself (NOTE [Thread model]: snapshots fan out from
/// TrainingController::snapshotReady); the window keeps only its status bar.
void MainWindow::connectTraining() {
    scene_->watch(controller_);
    lossPlot_->watch(controller_);
    edgeInspector_->watch(controller_);
    confusion_->watch(controller_);
    connect(controller_, &TrainingController::stateChanged, this, &MainWindow::showState);
    connect(controller_, &TrainingController::failed, this, &MainWindow::showFailure);
}

void MainWindow::showSelection() {
    const std::vector<NodeId> nodes = scene_->selectedNodes();
    const std::vector<miniflow::Edge> edges = scene_->selectedEdges();
    boundaryView_->pinNode(nodes.size() == 1 && edges.empty() ? nodes.front() : NodeId{},
                           nodes.size() == 1 ? nodeName(nodes.front()) : QString());
    if (nodes.size() == 1 && edges.empty()) {
        nodeInspector_->showNode(nodes.front());
        inspectorStack_->setCurrentWidget(nodeInspector_);
        controller_->clearWatchedEdge();
    } else if (edges.size() == 1 && nodes.empty()) {
        const miniflow::Edge& e = edges.front();
        const miniflow::Graph& graph = document_->graph();
        edgeInspector_->showEdge(
            e, QString::fromStdString(graph.find(e.from)->name + " -> " + graph.find(e.to)->name));
        inspectorStack_->setCurrentWidget(edgeInspector_);
        controller_->setWatchedEdge(e);
    } else {
        nodeInspector_->clearNode();
        edgeInspector_->clearEdge();
        inspectorStack_->setCurrentWidget(nodeInspector_);
        controller_->clearWatchedEdge();
    }
}

QString MainWindow::nodeName(NodeId id) const {
    const miniflow::Node* node = document_->graph().find(id);
    return node ? QString::fromStdString(node->name) : QString();
}

/// The status bar's run numbers (TrainingMetrics): "epoch · step", and the rate only when
/// the worker measured one over running steps (NOTE [Samples per second]).
QString MainWindow::progressText() const {
    const QString speed = metrics_->speedText();
    return speed.isEmpty() ? metrics_->progressText() : metrics_->progressText() + " · " + speed;
}

void MainWindow::showState(TrainingState state) {
    stateLabel_->setText(stateName(state));
}

/// Says what went wrong (status bar and a non-blocking dialog) and points at the node.
void MainWindow::showFailure(const QString& message, NodeId node) {
    statusBar()->showMessage(tr("Training failed: %1").arg(message));
    if (NodeItem* item = scene_->nodeItem(node)) {
        scene_->selectNodes({node});
        item->setProblem(message);
        view_->centerOn(item);
    }
    showError(tr("Training failed"), message);
}

void MainWindow::showError(const QString& title, const QString& text) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ---- files ---------------------------------------------------------------------------

bool MainWindow::openFile(const QString& path, QString* error) {
    return files_->openFile(path, error);
}

bool MainWindow::openExample(const QString& name, QString* error) {
    return files_->openExample(name, error);
}

bool MainWindow::saveTo(const QString& path, QString* error) {
    return files_->saveTo(path, error);
}

bool MainWindow::newFromTemplate(const QString& name, QString* error) {
    QString reason;
    const auto file = ModelTemplates::make(name, datasetPanel_->preview(), &reason);
    if (!file) {
        if (error)
            *error = reason;
        else
            showError(tr("New from Template"), reason);
        return false;
    }
    if (document_->structureLocked()) {
        statusBar()->showMessage(tr("Stop training to open or create another graph"), kMessageMs);
        return false;
    }
    if (!files_->releaseDocument())
        return false;
    scene_->clearSelection();
    document_->load(*file, QString());
    QTimer::singleShot(0, view_, &GraphView::fitToView);
    return true;
}

void MainWindow::updateTitle() {
    const QString path = document_->path();
    QString name = path.isEmpty() ? tr("Untitled") : QFileInfo(path).completeBaseName();
    if (ProjectFiles::isExample(path))
        name += tr(" (example)");
    setWindowTitle(name + "[*] — MiniFlow Studio");
    setWindowModified(document_->isModified());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (files_->releaseDocument()) {
        saveLayout();
        event->accept();
    } else {
        event->ignore();
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!std::exchange(shown_, true))
        QTimer::singleShot(0, view_, &GraphView::fitToView);
}
