#include "MonkeyDriver.h"

#include "app/MainWindow.h"
#include "app/analysis/ConfusionPanel.h"
#include "app/analysis/GradientCheckPanel.h"
#include "app/analysis/StepThroughPanel.h"
#include "app/data/DatasetPanel.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/editor/EdgeItem.h"
#include "app/editor/GraphScene.h"
#include "app/editor/GraphView.h"
#include "app/editor/NodeItem.h"
#include "app/editor/NodePalette.h"
#include "app/editor/PortItem.h"
#include "app/inspector/HealthPanel.h"
#include "app/inspector/NodeInspector.h"
#include "app/window/TrainingToolBar.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidgetItemIterator>
#include <QWheelEvent>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#include <sanitizer/common_interface_defs.h>
#define MINIFLOW_MONKEY_SANITIZED 1
#endif

namespace {

// ---- the crash report: a ring of the last actions, written with async-signal-safe calls ----

constexpr int kRing = 20;
constexpr int kLine = 300;
char ringLines[kRing][kLine];
int ringNext = 0;
int ringCount = 0;
char ringSeed[64] = "no seed yet";

void writeText(const char* text) {
    const size_t length = std::strlen(text);
    size_t done = 0;
    while (done < length) {
        const ssize_t n = ::write(2, text + done, length - done);
        if (n <= 0)
            return;
        done += static_cast<size_t>(n);
    }
}

void writeRing() {
    writeText("\n==== GUI monkey: the process is dying; ");
    writeText(ringSeed);
    writeText("; the last actions, oldest first:\n");
    const int first = ringCount < kRing ? 0 : ringNext;
    for (int i = 0; i < std::min(ringCount, kRing); ++i) {
        writeText("  ");
        writeText(ringLines[(first + i) % kRing]);
        writeText("\n");
    }
    writeText("==== end of the GUI monkey's actions\n");
}

void onFatalSignal(int signal) {
    writeRing();
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

QAction* menuAction(QMainWindow* window, const QString& menu, const QString& entry) {
    for (QAction* top : window->menuBar()->actions()) {
        if (!top->menu() || top->text().remove('&') != menu)
            continue;
        for (QAction* action : top->menu()->actions())
            if (action->text().remove('&').startsWith(entry))
                return action;
    }
    return nullptr;
}

QString describe(const QPoint& p) {
    return QString("(%1, %2)").arg(p.x()).arg(p.y());
}

/// The data folder the studio finds (MINIFLOW_DATA_DIR), or empty.
QString dataFolder() {
    const QString folder = qEnvironmentVariable("MINIFLOW_DATA_DIR");
    return !folder.isEmpty() && QDir(folder).exists() ? folder : QString();
}

} // namespace

void MonkeyDriver::installCrashReport() {
#ifdef MINIFLOW_MONKEY_SANITIZED
    // The sanitizers own SIGSEGV and friends (their report comes first); they call this last.
    __sanitizer_set_death_callback(writeRing);
#else
    for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL})
        std::signal(signal, onFatalSignal);
#endif
    std::signal(SIGABRT, onFatalSignal); // qFatal, failed assertions
}

MonkeyDriver::MonkeyDriver(MainWindow* window, std::uint64_t seed, QString folder)
    : window_(window), seed_(seed), folder_(std::move(folder)), rng_(seed),
      answerer_(new QTimer(this)) {
    std::snprintf(ringSeed, sizeof ringSeed, "seed %llu", static_cast<unsigned long long>(seed));
    ringCount = 0;
    ringNext = 0;
    QFile broken(QDir(folder_).filePath("broken.json"));
    if (broken.open(QIODevice::WriteOnly))
        broken.write(R"({"format": "miniflow-graph", "version": 1, "nodes": [{"id": 1}]})");
    addActions();
    answerer_->setInterval(15);
    // Answers run from a posted call, not from the timer's slot: Qt does not fire a timer
    // again while its slot runs, and an answer may have to wait in a nested dialog's loop
    // for another answer.
    connect(answerer_, &QTimer::timeout, this, [this] {
        if (!answerQueued_) {
            answerQueued_ = true;
            QMetaObject::invokeMethod(this, &MonkeyDriver::answerModals, Qt::QueuedConnection);
        }
    });
    answerer_->start();
}

MonkeyDriver::~MonkeyDriver() = default;

int MonkeyDriver::pick(int n) {
    return n <= 1 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng_);
}

double MonkeyDriver::uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(rng_);
}

bool MonkeyDriver::chance(double p) {
    return uniform(0, 1) < p;
}

void MonkeyDriver::settle(int ms) {
    if (ms <= 0)
        QCoreApplication::processEvents();
    else
        QTest::qWait(ms);
}

/// MINIFLOW_MONKEY_TRACE=1 prints every action as it starts and ends.
bool MonkeyDriver::trace() {
    static const bool on = qEnvironmentVariableIntValue("MINIFLOW_MONKEY_TRACE") > 0;
    return on;
}

void MonkeyDriver::record(const QString& text) {
    QString line = text;
    line.replace('\n', ' ');
    if (trace())
        std::fprintf(stderr, "monkey: %s\n", qPrintable(line));
    history_ << line;
    const QByteArray bytes = line.toUtf8().left(kLine - 1);
    std::memcpy(ringLines[ringNext], bytes.constData(), static_cast<size_t>(bytes.size()));
    ringLines[ringNext][bytes.size()] = '\0';
    ringNext = (ringNext + 1) % kRing;
    ++ringCount;
}

QStringList MonkeyDriver::lastActions(int n) const {
    return history_.mid(std::max<qsizetype>(0, history_.size() - n));
}

// ---- the action table ----------------------------------------------------------------------

void MonkeyDriver::addActions() {
    const auto edit = [this](const QStringList& entries) {
        return [this, entries] { return triggerMenu("Edit", entries); };
    };
    actions_ = {
        {"palette drop", 4, [this] { return dropFromPalette(); }},
        {"palette activate", 1, [this] { return activatePaletteItem(); }},
        {"port drag", 5, [this] { return dragPort(); }},
        {"node drag", 2, [this] { return dragNode(); }},
        {"canvas click", 4, [this] { return clickCanvas(); }},
        {"hover", 1, [this] { return hoverNode(); }},
        {"double click", 1, [this] { return doubleClickCanvas(); }},
        {"wheel", 1, [this] { return wheelCanvas(); }},
        {"delete", 2, edit({"Delete"})},
        {"undo/redo", 5, edit({"Undo", "Undo", "Redo"})},
        {"clipboard", 3, edit({"Cut", "Copy", "Paste", "Duplicate", "Select All"})},
        {"file", 3,
         [this] {
             return triggerMenu("File", {"New", "Open...", "Save", "Save As..."});
         }},
        {"example", 3, [this] { return openExample(); }},
        {"view", 1,
         [this] {
             return triggerMenu(
                 "View", {"Fit to View", "Gradient sparklines", "Gradient health thresholds"});
         }},
        {"dock float", 2, [this] { return floatDock(); }},
        {"dock toggle", 1, [this] { return toggleDock(); }},
        {"training", 8, [this] { return training(); }},
        {"toolbar setting", 2, [this] { return toolbarSetting(); }},
        {"dataset", 2, [this] { return datasetSetting(); }},
        {"inspector", 3, [this] { return inspectorEdit(); }},
        {"confusion", 2, [this] { return confusion(); }},
        {"step through", 2, [this] { return stepThrough(); }},
        {"gradient check", 1, [this] { return gradientCheck(); }},
        {"health list", 1, [this] { return healthList(); }},
        {"resize", 1, [this] { return resizeWindow(); }},
        {"wait", 3, [this] { return wait(); }},
    };
    for (const Action& a : actions_)
        totalWeight_ += a.weight;
}

bool MonkeyDriver::run(int count) {
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < count; ++i) {
        int ticket = pick(totalWeight_);
        const Action* chosen = &actions_.front();
        for (const Action& a : actions_) {
            if (ticket < a.weight) {
                chosen = &a;
                break;
            }
            ticket -= a.weight;
        }
        const QString prefix = QString("seed %1 #%2 %3").arg(seed_).arg(i).arg(chosen->name);
        const int slot = ringNext;
        const int countBefore = ringCount;
        const qsizetype line = history_.size();
        record(prefix + ": (running)"); // what a crash in the middle of it prints
        const Outcome outcome = chosen->run();
        const QString done = prefix + ": " + (outcome ? *outcome : "skipped (widget not found)");
        history_[line] = done; // answers to dialogs it raised follow it
        if (trace())
            std::fprintf(stderr, "monkey: %s [%lld ms]\n", qPrintable(done),
                         static_cast<long long>(clock.restart()));
        if (ringCount - countBefore <= kRing) {
            const QByteArray bytes = done.toUtf8().left(kLine - 1);
            std::memcpy(ringLines[slot], bytes.constData(), static_cast<size_t>(bytes.size()));
            ringLines[slot][bytes.size()] = '\0';
        }
        if (history_.size() > 400)
            history_ = history_.mid(history_.size() - 200);
        if (!outcome) {
            ++skipped_[chosen->name];
            continue;
        }
        ++performed_[chosen->name];
        ++performedTotal_;
        settle(0);
        if (GraphView* view = window_->view())
            view->viewport()->repaint(); // paints from the scene's index: stale items show here
        if (i % 25 == 24)
            window_->grab(); // every dock and panel painted
        failure_ = checkMirror();
        if (!failure_.isEmpty())
            return false;
    }
    return true;
}

/// The canvas mirrors the document (NOTE [Document model]) and the title its modified flag.
QString MonkeyDriver::checkMirror() const {
    GraphScene* scene = window_->scene();
    GraphDocument* document = window_->document();
    if (!scene || !document)
        return {};
    const miniflow::Graph& graph = document->graph();
    size_t nodeItems = 0;
    for (QGraphicsItem* item : scene->items()) {
        if (item->type() == NodeItem::Type) {
            ++nodeItems;
            const miniflow::NodeId id = static_cast<NodeItem*>(item)->id();
            if (!graph.find(id) || scene->nodeItem(id) != item)
                return QString("the canvas shows node #%1, which the document does not hold")
                    .arg(id.value);
        } else if (item->type() == EdgeItem::Type) {
            const miniflow::Edge& e = static_cast<EdgeItem*>(item)->edge();
            if (std::find(graph.edges().begin(), graph.edges().end(), e) == graph.edges().end())
                return QString("the canvas shows edge #%1 -> #%2, which the document does not hold")
                    .arg(e.from.value)
                    .arg(e.to.value);
        }
    }
    if (nodeItems != graph.nodes().size())
        return QString("the canvas shows %1 nodes, the document holds %2")
            .arg(nodeItems)
            .arg(graph.nodes().size());
    for (const miniflow::Node& n : graph.nodes())
        if (!scene->nodeItem(n.id))
            return QString("node %1 has no item on the canvas").arg(QString::fromStdString(n.name));
    if (window_->isWindowModified() != document->isModified())
        return QString("the title says modified = %1, the document %2")
            .arg(window_->isWindowModified())
            .arg(document->isModified());
    return {};
}

// ---- modal dialogs and popups ----------------------------------------------------------------

/// Answers whatever dialog or popup is up with a random allowed choice (a file dialog with a
/// path in the run's folder, or a shared dataset file for the dataset panel's dialogs).
void MonkeyDriver::answerModals() {
    answerQueued_ = false;
    QList<QPointer<QWidget>> windows; // an answer's nested event loop may delete some
    for (QWidget* w : QApplication::topLevelWidgets())
        windows << w;
    for (const QPointer<QWidget>& guarded : windows) {
        QWidget* w = guarded.data();
        if (!w)
            continue;
        // An answer may open another modal (a file dialog's "replace it?"): this timer answers
        // that one from inside the first answer's loop, skipping the widgets still answered.
        if (!w->isVisible() || answering_.contains(w))
            continue;
        answering_ << w;
        if (auto* box = qobject_cast<QMessageBox*>(w)) {
            const QList<QAbstractButton*> buttons = box->buttons();
            if (QAbstractButton* button = any(buttons)) {
                record(QString("  answer \"%1\": %2").arg(box->text().left(60), button->text()));
                button->click();
            } else {
                box->close();
            }
        } else if (auto* files = qobject_cast<QFileDialog*>(w)) {
            QString path;
            const QString title = files->windowTitle();
            const QString data = dataFolder();
            if (files->acceptMode() == QFileDialog::AcceptSave) {
                path = QDir(folder_).filePath(QString("graph%1.json").arg(saveCount_++ % 4));
            } else if (chance(0.25)) {
                path.clear();
            } else if (title.contains("CSV") && !data.isEmpty()) {
                const QStringList csvs = {"csv/iris.csv", "csv/wine.csv", "csv/boston_housing.csv"};
                path = QDir(data).filePath(csvs.at(pick(static_cast<int>(csvs.size()))));
            } else if (title.contains("IDX") && !data.isEmpty()) {
                path = QDir(data).filePath("mnist/t10k-images-idx3-ubyte.gz");
            } else if (files->fileMode() == QFileDialog::Directory) {
                path = folder_;
            } else {
                const QStringList graphs = QDir(folder_).entryList({"*.json"}, QDir::Files);
                if (!graphs.isEmpty())
                    path = QDir(folder_).filePath(graphs.at(pick(static_cast<int>(graphs.size()))));
            }
            record(QString("  answer file dialog \"%1\": %2")
                       .arg(title, path.isEmpty() ? "cancel" : path));
            // Typed into the name field (selectFile() leaves a focused field alone); a dialog
            // that stays up after three answers is cancelled.
            auto* name = files->findChild<QLineEdit*>("fileNameEdit");
            if (path.isEmpty() || ++fileAnswers_[files] > 3) {
                files->reject();
            } else if (name) {
                name->setText(path);
                static_cast<QDialog*>(files)->accept(); // QFileDialog::accept checks the path
            } else {
                files->selectFile(path);
                static_cast<QDialog*>(files)->accept();
            }
        } else if (w->inherits("AddNodeMenu")) {
            auto* filter = w->findChild<QLineEdit*>();
            if (filter && chance(0.6)) {
                record("  add-node popup: Return");
                QTest::keyClick(filter, Qt::Key_Return);
            } else {
                record("  add-node popup: close");
            }
            if (w->isVisible())
                w->close();
        } else if (auto* menu = qobject_cast<QMenu*>(w)) {
            menu->close();
        } else if (auto* dialog = qobject_cast<QDialog*>(w)) {
            const bool accept = chance(0.5);
            record(QString("  answer dialog \"%1\": %2")
                       .arg(dialog->windowTitle(), accept ? "accept" : "reject"));
            accept ? dialog->accept() : dialog->reject();
        }
        answering_.removeAll(w);
    }
}

// ---- canvas ------------------------------------------------------------------------------------

MonkeyDriver::Outcome MonkeyDriver::dropFromPalette() {
    NodePalette* palette = window_->palette();
    GraphView* view = window_->view();
    if (!palette || !view)
        return std::nullopt;
    QStringList kinds;
    for (QTreeWidgetItemIterator it(palette); *it; ++it)
        if (const QString kind = (*it)->data(0, Qt::UserRole).toString(); !kind.isEmpty())
            kinds << kind;
    if (kinds.isEmpty())
        return std::nullopt;
    const QString kind = kinds.at(pick(static_cast<int>(kinds.size())));
    QWidget* viewport = view->viewport();
    const QPoint where(pick(std::max(1, viewport->width())), pick(std::max(1, viewport->height())));
    std::unique_ptr<QMimeData> mime(palette->mimeDataForKind(kind));
    QDragEnterEvent enter(where, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(where, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QDropEvent drop(QPointF(where), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
    return QString("%1 at %2").arg(kind, describe(where));
}

MonkeyDriver::Outcome MonkeyDriver::activatePaletteItem() {
    NodePalette* palette = window_->palette();
    if (!palette || !palette->isVisible())
        return std::nullopt;
    QList<QTreeWidgetItem*> items;
    for (QTreeWidgetItemIterator it(palette); *it; ++it)
        if (!(*it)->data(0, Qt::UserRole).toString().isEmpty())
            items << *it;
    QTreeWidgetItem* item = any(items);
    if (!item)
        return std::nullopt;
    palette->scrollToItem(item);
    const QPoint at = palette->visualItemRect(item).center();
    QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, at);
    return QString("double-click %1").arg(item->text(0));
}

MonkeyDriver::Outcome MonkeyDriver::dragPort() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QList<PortItem*> ports;
    for (QGraphicsItem* item : view->items(view->viewport()->rect()))
        if (item->type() == PortItem::Type && item->isVisible())
            ports << static_cast<PortItem*>(item);
    if (ports.size() < 2) {
        view->fitToView();
        return QString("fewer than 2 ports in view: fit to view");
    }
    PortItem* from = any(ports);
    const QPoint start = view->mapFromScene(from->anchor());
    QPoint end;
    QString target;
    if (chance(0.2)) {
        end = start + QPoint(pick(300) - 150, pick(300) - 150);
        target = "empty canvas " + describe(end);
    } else {
        PortItem* to = any(ports);
        end = view->mapFromScene(to->anchor());
        target = QString("#%1:%2%3")
                     .arg(to->port().node.value)
                     .arg(to->port().index)
                     .arg(to->port().output ? " out" : "");
    }
    QWidget* viewport = view->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    for (int s = 1; s <= 4; ++s)
        QTest::mouseMove(viewport, start + (end - start) * s / 4);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, end);
    return QString("#%1:%2%3 -> %4")
        .arg(from->port().node.value)
        .arg(from->port().index)
        .arg(from->port().output ? " out" : "", target);
}

MonkeyDriver::Outcome MonkeyDriver::dragNode() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QList<NodeItem*> nodes;
    for (QGraphicsItem* item : view->items(view->viewport()->rect()))
        if (item->type() == NodeItem::Type)
            nodes << static_cast<NodeItem*>(item);
    NodeItem* node = any(nodes);
    if (!node)
        return QString("no node in view");
    const QPoint start = view->mapFromScene(node->mapToScene(QPointF(NodeItem::kWidth / 2, 8)));
    const QPoint end = start + QPoint(pick(240) - 120, pick(240) - 120);
    QWidget* viewport = view->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    for (int s = 1; s <= 4; ++s)
        QTest::mouseMove(viewport, start + (end - start) * s / 4);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, end);
    return QString("#%1 by %2").arg(node->id().value).arg(describe(end - start));
}

MonkeyDriver::Outcome MonkeyDriver::clickCanvas() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QWidget* viewport = view->viewport();
    QList<QGraphicsItem*> targets;
    for (QGraphicsItem* item : view->items(viewport->rect()))
        if (item->type() == NodeItem::Type || item->type() == EdgeItem::Type)
            targets << item;
    const Qt::KeyboardModifiers modifiers =
        chance(0.2) ? Qt::ShiftModifier : (chance(0.1) ? Qt::ControlModifier : Qt::NoModifier);
    QGraphicsItem* item = chance(0.8) ? any(targets) : nullptr;
    if (!item) {
        const QPoint a(pick(std::max(1, viewport->width())), pick(std::max(1, viewport->height())));
        const QPoint b = a + QPoint(pick(300) - 150, pick(300) - 150);
        QTest::mousePress(viewport, Qt::LeftButton, modifiers, a);
        QTest::mouseMove(viewport, (a + b) / 2);
        QTest::mouseMove(viewport, b);
        QTest::mouseRelease(viewport, Qt::LeftButton, modifiers, b);
        return QString("rubber band %1 -> %2").arg(describe(a), describe(b));
    }
    QPointF scenePoint;
    QString what;
    if (item->type() == NodeItem::Type) {
        scenePoint = item->mapToScene(QPointF(NodeItem::kWidth / 2, 8));
        what = QString("node #%1").arg(static_cast<NodeItem*>(item)->id().value);
    } else {
        auto* edge = static_cast<EdgeItem*>(item);
        scenePoint = edge->path().pointAtPercent(0.5);
        what = QString("edge #%1 -> #%2").arg(edge->edge().from.value).arg(edge->edge().to.value);
    }
    QTest::mouseClick(viewport, Qt::LeftButton, modifiers, view->mapFromScene(scenePoint));
    return QString("%1%2").arg(what, modifiers != Qt::NoModifier ? " (with a modifier)" : "");
}

MonkeyDriver::Outcome MonkeyDriver::hoverNode() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QList<NodeItem*> nodes;
    for (QGraphicsItem* item : view->items(view->viewport()->rect()))
        if (item->type() == NodeItem::Type)
            nodes << static_cast<NodeItem*>(item);
    NodeItem* node = any(nodes);
    if (!node)
        return QString("no node in view");
    const QPoint at = view->mapFromScene(node->sceneBoundingRect().center());
    QTest::mouseMove(view->viewport(), at);
    settle(pick(150));
    if (chance(0.5))
        QTest::mouseMove(view->viewport(), at + QPoint(400, 400));
    return QString("over #%1").arg(node->id().value);
}

MonkeyDriver::Outcome MonkeyDriver::doubleClickCanvas() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QWidget* viewport = view->viewport();
    const QPoint at(pick(std::max(1, viewport->width())), pick(std::max(1, viewport->height())));
    QTest::mouseDClick(viewport, Qt::LeftButton, {}, at);
    return describe(at);
}

MonkeyDriver::Outcome MonkeyDriver::wheelCanvas() {
    GraphView* view = window_->view();
    if (!view)
        return std::nullopt;
    QWidget* viewport = view->viewport();
    const QPointF at(pick(std::max(1, viewport->width())), pick(std::max(1, viewport->height())));
    const int delta = (pick(2) ? 1 : -1) * 120 * (1 + pick(3));
    QWheelEvent wheel(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &wheel);
    return QString("%1 at %2").arg(delta).arg(describe(at.toPoint()));
}

// ---- menus, docks, window ---------------------------------------------------------------------

MonkeyDriver::Outcome MonkeyDriver::triggerMenu(const QString& menu, const QStringList& entries) {
    const QString entry = entries.at(pick(static_cast<int>(entries.size())));
    QAction* action = menuAction(window_, menu, entry);
    if (!action)
        return std::nullopt;
    if (!action->isEnabled())
        return QString("%1 > %2 (disabled)").arg(menu, entry);
    action->trigger();
    return QString("%1 > %2").arg(menu, entry);
}

MonkeyDriver::Outcome MonkeyDriver::openExample() {
    const QStringList names = ProjectFiles::exampleNames();
    // The large-data examples less often: each opening loads its data for the panels.
    QString name = names.at(pick(static_cast<int>(names.size())));
    if ((name == "mnist-mlp" || name == "cifar-fc") && chance(0.5))
        name = "spiral";
    return triggerMenu("Examples", {name});
}

MonkeyDriver::Outcome MonkeyDriver::floatDock() {
    QDockWidget* dock = any(window_->findChildren<QDockWidget*>());
    if (!dock)
        return std::nullopt;
    const bool wasFloating = dock->isFloating();
    dock->setFloating(!wasFloating);
    settle(pick(80));
    if (!wasFloating && chance(0.3))
        dock->move(dock->pos() + QPoint(pick(200), pick(200)));
    if (chance(0.75)) {
        dock->setFloating(wasFloating);
        return QString("%1: float and back").arg(dock->objectName());
    }
    return QString("%1: floating = %2").arg(dock->objectName()).arg(!wasFloating);
}

MonkeyDriver::Outcome MonkeyDriver::toggleDock() {
    QDockWidget* dock = any(window_->findChildren<QDockWidget*>());
    if (!dock)
        return std::nullopt;
    dock->toggleViewAction()->trigger();
    if (!dock->isVisible() && chance(0.7))
        dock->toggleViewAction()->trigger(); // mostly shown: its panel gets used
    return QString("%1: visible = %2").arg(dock->objectName()).arg(dock->isVisible());
}

MonkeyDriver::Outcome MonkeyDriver::resizeWindow() {
    if (chance(0.1)) {
        window_->isMaximized() ? window_->showNormal() : window_->showMaximized();
        return QString("maximized = %1").arg(window_->isMaximized());
    }
    const QSize size(700 + pick(1000), 450 + pick(650));
    window_->resize(size);
    return QString("%1 x %2").arg(size.width()).arg(size.height());
}

MonkeyDriver::Outcome MonkeyDriver::wait() {
    const int ms = pick(400);
    settle(ms);
    return QString("%1 ms").arg(ms);
}

// ---- training and settings ---------------------------------------------------------------------

MonkeyDriver::Outcome MonkeyDriver::training() {
    TrainingToolBar* bar = window_->trainingToolBar();
    if (!bar)
        return std::nullopt;
    const std::pair<QAction*, const char*> choices[] = {
        {bar->trainAction(), "Train"}, {bar->trainAction(), "Train"}, {bar->pauseAction(), "Pause"},
        {bar->stepAction(), "Step"},   {bar->stepAction(), "Step"},   {bar->stopAction(), "Stop"},
        {bar->stopAction(), "Stop"},   {bar->resetAction(), "Reset"}};
    const auto& [action, name] = choices[pick(static_cast<int>(std::size(choices)))];
    if (!action)
        return std::nullopt;
    const bool enabled = action->isEnabled();
    action->trigger();
    const int ms = pick(250);
    settle(ms);
    return QString("%1%2, then %3 ms").arg(name, enabled ? "" : " (disabled)").arg(ms);
}

MonkeyDriver::Outcome MonkeyDriver::toolbarSetting() {
    TrainingToolBar* bar = window_->trainingToolBar();
    if (!bar)
        return std::nullopt;
    const auto type = [](QAbstractSpinBox* box, const QString& text) {
        box->setFocus();
        box->selectAll();
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Return);
    };
    switch (pick(6)) {
    case 0:
        if (QComboBox* box = bar->optimizerBox(); box && box->count() > 0) {
            box->setCurrentIndex(pick(box->count()));
            return QString("optimizer %1").arg(box->currentText());
        }
        return std::nullopt;
    case 1:
        if (QDoubleSpinBox* box = bar->learningRateBox()) {
            const QStringList rates = {"0.0001", "0.001", "0.01", "0.1", "0.5", "1", "5", "50"};
            const QString rate = rates.at(pick(static_cast<int>(rates.size())));
            type(box, rate);
            return QString("learning rate %1 (shows %2)").arg(rate, box->text());
        }
        return std::nullopt;
    case 2:
        if (QSpinBox* box = bar->batchSizeBox()) {
            const QStringList sizes = {"1", "8", "32", "128", "1000"};
            const QString size = sizes.at(pick(static_cast<int>(sizes.size())));
            type(box, size);
            return QString("batch %1").arg(size);
        }
        return std::nullopt;
    case 3:
        if (QSpinBox* box = bar->epochsBox()) {
            const QString epochs = QString::number(1 + pick(5));
            type(box, epochs);
            return QString("epochs %1").arg(epochs);
        }
        return std::nullopt;
    case 4:
        if (QSpinBox* box = bar->seedBox()) {
            const QString seed = QString::number(pick(1000));
            type(box, seed);
            return QString("seed %1").arg(seed);
        }
        return std::nullopt;
    default:
        if (QDoubleSpinBox* box = bar->clipNormBox()) {
            const QStringList clips = {"0", "0.5", "5"};
            const QString clip = clips.at(pick(static_cast<int>(clips.size())));
            type(box, clip);
            return QString("clip %1").arg(clip);
        }
        return std::nullopt;
    }
}

/// One of the dataset panel's visible, enabled inputs, with a value a user could choose (the
/// browse buttons open file dialogs that answerModals() answers).
MonkeyDriver::Outcome MonkeyDriver::datasetSetting() {
    DatasetPanel* panel = window_->datasetPanel();
    if (!panel)
        return std::nullopt;
    window_->raisePanel(panel);
    QList<QWidget*> inputs;
    for (QWidget* w : panel->findChildren<QWidget*>())
        if ((qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
             qobject_cast<QAbstractButton*>(w)) &&
            w->isEnabled() && w->isVisibleTo(panel))
            inputs << w;
    QWidget* input = any(inputs);
    if (!input)
        return std::nullopt;
    if (auto* combo = qobject_cast<QComboBox*>(input)) {
        if (combo->count() == 0)
            return QString("empty combo box");
        combo->setCurrentIndex(pick(combo->count()));
        return QString("choice %1").arg(combo->currentText());
    }
    if (auto* spin = qobject_cast<QSpinBox*>(input)) {
        const int values[] = {2, 3, 10, 100, 400, 1500};
        spin->setValue(values[pick(static_cast<int>(std::size(values)))]);
        return QString("number %1").arg(spin->value());
    }
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(input)) {
        const double values[] = {0, 0.05, 0.2, 0.5, 0.9};
        spin->setValue(values[pick(static_cast<int>(std::size(values)))]);
        return QString("number %1").arg(spin->value());
    }
    auto* button = static_cast<QAbstractButton*>(input);
    button->click();
    return QString("button \"%1\"").arg(button->text());
}

/// Edits one attribute (or the name) of the inspected node; selects a node first when none is.
MonkeyDriver::Outcome MonkeyDriver::inspectorEdit() {
    NodeInspector* inspector = window_->nodeInspector();
    GraphScene* scene = window_->scene();
    if (!inspector || !scene)
        return std::nullopt;
    if (!inspector->node().valid()) {
        const auto& nodes = window_->document()->graph().nodes();
        if (nodes.empty())
            return QString("no node to inspect");
        scene->selectNodes({nodes[static_cast<size_t>(pick(static_cast<int>(nodes.size())))].id});
        settle(0);
    }
    QList<QWidget*> editors;
    for (QWidget* w : inspector->findChildren<QWidget*>())
        if ((w->objectName().startsWith("attribute:") || w->objectName() == "name") &&
            w->isEnabled())
            editors << w;
    QWidget* editor = any(editors);
    if (!editor)
        return std::nullopt;
    const QString key = editor->objectName();
    if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        const int values[] = {1, 2, 3, 4, 8, 16, 64};
        spin->setValue(values[pick(static_cast<int>(std::size(values)))]);
        return QString("%1 = %2").arg(key).arg(spin->value());
    }
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(editor)) {
        const double values[] = {0, 0.1, 0.5, 0.9, -1, 3};
        spin->setValue(values[pick(static_cast<int>(std::size(values)))]);
        return QString("%1 = %2").arg(key).arg(spin->value());
    }
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        if (combo->count() == 0)
            return QString("%1: no choices").arg(key);
        combo->setCurrentIndex(pick(combo->count()));
        return QString("%1 = %2").arg(key, combo->currentText());
    }
    if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        const QStringList texts = {"x", "hidden", "", "[2, 3]", "not json {", "W1", "relu1"};
        const QString text = texts.at(pick(static_cast<int>(texts.size())));
        line->setFocus();
        line->selectAll();
        QTest::keyClicks(line, text);
        QTest::keyClick(line, Qt::Key_Return);
        return QString("%1 typed \"%2\"").arg(key, text);
    }
    return QString("%1: an editor of another kind").arg(key);
}

// ---- analysis panels ----------------------------------------------------------------------------

MonkeyDriver::Outcome MonkeyDriver::confusion() {
    ConfusionPanel* panel = window_->confusionPanel();
    if (!panel)
        return std::nullopt;
    window_->raisePanel(panel);
    settle(0);
    auto* table = panel->findChild<QTableWidget*>();
    auto* samples = panel->findChild<QListWidget*>();
    const int choice = pick(3);
    if (choice == 0 || !table || !samples) {
        QPushButton* compute = nullptr;
        for (QPushButton* b : panel->findChildren<QPushButton*>())
            if (b->text().startsWith("Compute"))
                compute = b;
        if (!compute)
            return std::nullopt;
        compute->click();
        settle(pick(300));
        return QString("compute");
    }
    if (choice == 1) {
        if (table->rowCount() == 0 || table->columnCount() == 0)
            return QString("no matrix to click");
        const int row = pick(table->rowCount());
        const int column = pick(table->columnCount());
        table->scrollTo(table->model()->index(row, column));
        const QRect cell = table->visualRect(table->model()->index(row, column));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        return QString("cell %1, %2").arg(row).arg(column);
    }
    if (samples->count() == 0)
        return QString("no sample listed");
    QListWidgetItem* item = samples->item(pick(samples->count()));
    samples->scrollToItem(item);
    QTest::mouseClick(samples->viewport(), Qt::LeftButton, {},
                      samples->visualItemRect(item).center());
    return QString("sample %1").arg(item->text());
}

MonkeyDriver::Outcome MonkeyDriver::stepThrough() {
    StepThroughPanel* panel = window_->stepThroughPanel();
    if (!panel)
        return std::nullopt;
    window_->raisePanel(panel);
    QList<QAction*> actions = panel->stepActions();
    if (auto* samples = panel->findChild<QSpinBox*>(); samples && chance(0.15)) {
        samples->setValue(1 + pick(16));
        return QString("samples %1").arg(samples->value());
    }
    QAction* action = any(actions);
    if (!action)
        return std::nullopt;
    action->trigger();
    settle(pick(100));
    return QString("%1%2").arg(action->text(), action->isEnabled() ? "" : " (disabled)");
}

MonkeyDriver::Outcome MonkeyDriver::gradientCheck() {
    GradientCheckPanel* panel = window_->gradientCheckPanel();
    if (!panel)
        return std::nullopt;
    if (chance(0.5)) {
        auto* button = window_->nodeInspector()
                           ? window_->nodeInspector()->findChild<QPushButton*>("checkGradient")
                           : nullptr;
        if (!button)
            return std::nullopt;
        if (!button->isEnabled())
            return QString("check this node (disabled)");
        button->click();
        return QString("check this node");
    }
    window_->raisePanel(panel);
    panel->checkAllAction()->trigger();
    settle(pick(200));
    return QString("check every node");
}

MonkeyDriver::Outcome MonkeyDriver::healthList() {
    HealthPanel* panel = window_->healthPanel();
    if (!panel || !panel->list())
        return std::nullopt;
    window_->raisePanel(panel);
    QListWidget* list = panel->list();
    if (list->count() == 0)
        return QString("no alerts listed");
    QListWidgetItem* item = list->item(pick(list->count()));
    list->scrollToItem(item);
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    return QString("activate \"%1\"").arg(item->text().left(40));
}
