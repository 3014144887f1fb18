#include "app/MainWindow.h"

#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/data/DatasetPanel.h"
#include "app/document/Autosave.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/editor/EdgeItem.h"
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
#include "app/training/HealthController.h"
#include "app/training/TrainingController.h"
#include "app/window/AboutDialog.h"
#include "app/window/ExportActions.h"
#include "app/window/HealthSettingsDialog.h"
#include "app/window/RecentFiles.h"
#include "app/window/ShortcutsDialog.h"
#include "app/window/TrainingMetrics.h"
#include "app/window/TrainingToolBar.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

using miniflow::NodeId;

namespace {
constexpr int kMessageMs = 6000;
constexpr std::chrono::seconds kCheckpointInterval{
    30}; ///< trained parameters reach the recovery copy
const char* kFileFilter = "MiniFlow graphs (*.json);;All files (*)";

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
    autosave_ = new Autosave(document_, this);
    controller_->setCheckpointInterval(kCheckpointInterval);
    connect(controller_, &TrainingController::parametersStored, autosave_, &Autosave::noteChange);
    connect(autosave_, &Autosave::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    resize(1600, 1000);
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
    auto* legendRow = new QHBoxLayout;
    legendRow->setContentsMargins(6, 0, 6, 2);
    legendRow->addStretch();
    legendRow->addWidget(legend_);
    legend_->setMinimumWidth(std::max(legend_->sizeHint().width(), 360)); // room for its caption
    layout->addLayout(legendRow);
    setCentralWidget(centre);
    connect(scene_, &GraphScene::gradientRangeChanged, legend_, &GradientLegend::setRange);
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
    QDockWidget* lossDock = addDock(tr("Loss"), "lossDock", lossPlot_, Qt::BottomDockWidgetArea);
    QDockWidget* dataDock =
        addDock(tr("Dataset"), "datasetDock", datasetPanel_, Qt::BottomDockWidgetArea);
    splitDockWidget(lossDock, dataDock, Qt::Horizontal);
    createBackpropDocks(dataDock);
    resizeDocks({lossDock}, {260}, Qt::Vertical);
    resizeDocks({findChild<QDockWidget*>("paletteDock"), findChild<QDockWidget*>("inspectorDock")},
                {165, 250}, Qt::Horizontal);
    connect(palette_, &NodePalette::kindActivated, view_, &GraphView::addKind);
}

/// Step-through, gradient check and confusion matrix: tabs next to the Dataset dock.
void MainWindow::createBackpropDocks(QDockWidget* besides) {
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
        tabifyDockWidget(besides,
                         addDock(title, name.constData(), panel, Qt::BottomDockWidgetArea));
    }
    besides->raise();
    connect(nodeInspector_, &NodeInspector::gradientCheckRequested, this, [this](NodeId node) {
        raisePanel(gradientCheck_);
        gradientCheck_->checkNode(node);
    });
    connect(stepThrough_, &StepThroughPanel::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Step through: %1").arg(message), kMessageMs);
    });
}

void MainWindow::raisePanel(QWidget* panel) {
    if (auto* d = qobject_cast<QDockWidget*>(panel->parentWidget())) {
        d->show();
        d->raise();
    }
}

QDockWidget* MainWindow::addDock(const QString& title, const char* name, QWidget* content,
                                 Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(content);
    addDockWidget(area, d);
    return d;
}

void MainWindow::createStatusBar() {
    stateLabel_ = new QLabel;
    metrics_ = new TrainingMetrics(controller_);
    statusBar()->addPermanentWidget(metrics_);
    statusBar()->addPermanentWidget(stateLabel_);
    connect(toolBar_, &TrainingToolBar::message, this,
            [this](const QString& message) { statusBar()->showMessage(message, kMessageMs); });
    showState(controller_->state());
}

// ---- menus -----------------------------------------------------------------------------

void MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newProject);
    file->addAction(tr("&Open..."), QKeySequence::Open, this, &MainWindow::openWithDialog);
    recent_ = new RecentFiles(file->addMenu(tr("Open &Recent")), this);
    connect(recent_, &RecentFiles::fileChosen, this, &MainWindow::openChecked);
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As..."), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    auto* exports = new ExportActions(file, document_, this);
    connect(exports, &ExportActions::exported, this,
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
        examples->addAction(name, this,
                            [this, name] { openChecked(ProjectFiles::examplePath(name)); });
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
    splitDockWidget(findChild<QDockWidget*>("datasetDock"), healthDock, Qt::Horizontal);
    QDockWidget* boundaryDock =
        addDock(tr("Decision boundary"), "boundaryDock", boundaryView_, Qt::RightDockWidgetArea);
    viewMenu_->addActions({healthDock->toggleViewAction(), boundaryDock->toggleViewAction()});
    resizeDocks({boundaryDock}, {420}, Qt::Vertical);
    resizeDocks({boundaryDock}, {330}, Qt::Horizontal);
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
    connect(controller_, &TrainingController::snapshotReady, boundaryView_,
            [this](const TrainingSnapshot& s) {
                if (s.boundary)
                    boundaryView_->setMap(s.boundary);
            });
    connect(controller_, &TrainingController::stateChanged, boundaryView_,
            [this](TrainingState state) {
                if (state == TrainingState::Idle)
                    boundaryView_->clear();
            });
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

void MainWindow::connectTraining() {
    connect(controller_, &TrainingController::snapshotReady, this, &MainWindow::showSnapshot);
    connect(controller_, &TrainingController::stateChanged, this, &MainWindow::showState);
    connect(controller_, &TrainingController::failed, this, &MainWindow::showFailure);
}

void MainWindow::showSelection() {
    const std::vector<NodeId> nodes = scene_->selectedNodes();
    const std::vector<miniflow::Edge> edges = scene_->selectedEdges();
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

void MainWindow::showSnapshot(const TrainingSnapshot& snapshot) {
    scene_->applySnapshot(snapshot);
    lossPlot_->append(snapshot);
    edgeInspector_->updateFrom(snapshot);
}

void MainWindow::showState(TrainingState state) {
    stateLabel_->setText(stateName(state));
    if (state == TrainingState::Running)
        scene_->refreshShapes(); // a new run: the last failure's mark goes
    if (state == TrainingState::Idle) {
        lossPlot_->clear();
        scene_->clearGradients();
    }
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

// ---- files -----------------------------------------------------------------------------

bool MainWindow::openFile(const QString& path, QString* error) {
    try {
        document_->load(ProjectFiles::read(path), path);
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        if (error)
            *error = message;
        else
            showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), message);
        return false;
    }
    recent_->add(path);
    QTimer::singleShot(0, view_, &GraphView::fitToView);
    return true;
}

bool MainWindow::openExample(const QString& name, QString* error) {
    if (!ProjectFiles::exampleNames().contains(name)) {
        const QString message = tr("no example called \"%1\" (examples: %2)")
                                    .arg(name, ProjectFiles::exampleNames().join(", "));
        if (error)
            *error = message;
        else
            showError(tr("Unknown example"), message);
        return false;
    }
    return openFile(ProjectFiles::examplePath(name), error);
}

bool MainWindow::saveTo(const QString& path, QString* error) {
    try {
        ProjectFiles::write(path, document_->file());
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        if (error)
            *error = message;
        else
            showError(tr("Cannot save %1").arg(QFileInfo(path).fileName()), message);
        return false;
    }
    document_->setPath(path);
    document_->markSaved();
    autosave_->discard();
    recent_->add(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), kMessageMs);
    return true;
}

bool MainWindow::refuseWhileTraining() {
    if (!document_->structureLocked())
        return false;
    statusBar()->showMessage(tr("Stop training to open or create another graph"), kMessageMs);
    return true;
}

void MainWindow::newProject() {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    document_->load(miniflow::GraphFile{}, QString());
}

void MainWindow::openWithDialog() {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open graph"), QString(), tr(kFileFilter));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::openChecked(const QString& path) {
    if (refuseWhileTraining() || !releaseDocument())
        return;
    openFile(path);
}

bool MainWindow::save() {
    const QString path = document_->path();
    if (path.isEmpty() || ProjectFiles::isExample(path))
        return saveAs();
    return saveTo(path);
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save graph"), QString(), tr(kFileFilter));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".json";
    return saveTo(path);
}

/// Asks before unsaved changes would be lost; false means "cancel what you were doing".
bool MainWindow::maybeSave() {
    if (!document_->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("The graph has unsaved changes. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::releaseDocument() {
    if (!maybeSave())
        return false;
    autosave_->discard();
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
    if (releaseDocument())
        event->accept();
    else
        event->ignore();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!std::exchange(shown_, true))
        QTimer::singleShot(0, view_, &GraphView::fitToView);
}
