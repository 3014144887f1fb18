#include "app/runs/RunsPanel.h"

#include "app/document/GraphDocument.h"
#include "app/document/SetTrainingConfigCommand.h"
#include "app/runs/RunOverlays.h"
#include "app/runs/RunStore.h"
#include "app/runs/SweepDialog.h"
#include "app/runs/SweepRunner.h"
#include "app/runs/SweepView.h"
#include "app/training/TrainingController.h"
#include "io/RunRecord.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

using miniflow::RunRecord;

namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kSortRole = Qt::UserRole + 1;

/// Sorts by a number (kSortRole) when both cells have one, else by text; empty cells last.
class SortItem : public QTableWidgetItem {
  public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override {
        const QVariant a = data(kSortRole), b = other.data(kSortRole);
        if (a.isValid() && b.isValid())
            return a.toDouble() < b.toDouble();
        if (a.isValid() != b.isValid())
            return a.isValid();
        return text() < other.text();
    }
};

QTableWidgetItem* cell(const QString& text, std::optional<double> sortValue = std::nullopt) {
    auto* item = new SortItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sortValue)
        item->setData(kSortRole, *sortValue);
    return item;
}

QTableWidgetItem* numberCell(std::optional<double> value, bool percent = false) {
    if (!value || !std::isfinite(*value))
        return cell(QString());
    return cell(percent ? QString::number(100 * *value, 'f', 2) + " %"
                        : QString::number(*value, 'g', 4),
                *value);
}

QString statusText(const RunRecord& run) {
    switch (run.status) {
    case miniflow::RunStatus::Running:
        return QObject::tr("running");
    case miniflow::RunStatus::Finished:
        return QObject::tr("finished");
    case miniflow::RunStatus::Stopped:
        return QObject::tr("stopped");
    case miniflow::RunStatus::Failed:
        return QObject::tr("failed");
    case miniflow::RunStatus::Interrupted:
        break;
    }
    return QObject::tr("interrupted");
}

std::string settingValue(const RunRecord& run, const std::string& key) {
    for (const auto& [k, v] : miniflow::runSettings(run))
        if (k == key)
            return v;
    return {};
}

/// Columns after the settings.
const char* const kMetricTitles[] = {"final val loss", "final val acc", "best epoch",
                                     "best val loss",  "best val acc",  "time (s)",
                                     "samples/s"};

} // namespace

RunsPanel::RunsPanel(RunStore* store, GraphDocument* document, TrainingController* controller,
                     QWidget* parent)
    : QWidget(parent), store_(store), document_(document), controller_(controller),
      sweep_(new SweepRunner(controller, this)), table_(new QTableWidget(this)),
      tabs_(new QTabWidget(this)), diff_(new QTableWidget(this)), diffHint_(new QLabel(this)),
      sweepView_(new SweepView(store, this)), bestBy_(new QComboBox(this)),
      delete_(new QPushButton(tr("Delete"), this)),
      restoreSettings_(new QPushButton(tr("Restore settings"), this)),
      restoreParameters_(new QToolButton(this)), sweepButton_(new QPushButton(tr("Sweep…"), this)),
      liveTimer_(new QTimer(this)) {
    setObjectName("runsPanel");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto* row = new QHBoxLayout;
    bestBy_->addItem(tr("Best by validation loss"), int(miniflow::BestBy::ValidationLoss));
    bestBy_->addItem(tr("Best by validation accuracy"), int(miniflow::BestBy::ValidationAccuracy));
    bestBy_->setCurrentIndex(store_->bestBy() == miniflow::BestBy::ValidationAccuracy ? 1 : 0);
    bestBy_->setToolTip(tr("Which epoch's parameters new runs keep as their best"));
    restoreParameters_->setText(tr("Restore parameters"));
    restoreParameters_->setPopupMode(QToolButton::MenuButtonPopup);
    restoreParameters_->setToolTip(
        tr("Put the selected run's best-epoch parameters into the graph (the next Train "
           "continues from them); the menu also offers its final parameters"));
    auto* menu = new QMenu(restoreParameters_);
    menu->addAction(tr("Best epoch's parameters"), this, [this] { restoreParameters(true); });
    menu->addAction(tr("Final parameters"), this, [this] { restoreParameters(false); });
    restoreParameters_->setMenu(menu);
    restoreSettings_->setToolTip(tr("Set the training settings to the selected run's (undoable)"));
    delete_->setToolTip(tr("Delete the selected runs' files (asks first)"));
    sweepButton_->setToolTip(tr("Train one run per combination of chosen settings"));
    for (QWidget* w : std::initializer_list<QWidget*>{bestBy_, sweepButton_, restoreSettings_,
                                                      restoreParameters_, delete_})
        row->addWidget(w);
    row->addStretch(1);
    layout->addLayout(row);

    table_->setObjectName("runsTable");
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionsMovable(true);
    table_->setSortingEnabled(true);
    table_->setWordWrap(false);

    diff_->setObjectName("runsDiff");
    diff_->setColumnCount(3);
    diff_->verticalHeader()->hide();
    diff_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    diff_->horizontalHeader()->setStretchLastSection(true);
    auto* diffPage = new QWidget;
    auto* diffLayout = new QVBoxLayout(diffPage);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addWidget(diffHint_);
    diffLayout->addWidget(diff_, 1);
    tabs_->addTab(diffPage, tr("Settings diff"));
    tabs_->addTab(sweepView_, tr("Sweep view"));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(table_);
    split->addWidget(tabs_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(store_, &RunStore::runsChanged, this, &RunsPanel::rebuild);
    // Live curves: the row and the overlays follow at most twice a second.
    liveTimer_->setSingleShot(true);
    liveTimer_->setInterval(500);
    connect(store_, &RunStore::liveRunUpdated, this, [this] {
        if (!liveTimer_->isActive())
            liveTimer_->start();
    });
    connect(liveTimer_, &QTimer::timeout, this, [this] {
        updateLiveRow(store_->liveRun());
        if (checked_.count(store_->liveRun()))
            emitOverlays();
    });
    connect(table_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (rebuilding_ || item->column() != Name)
            return;
        const QString id = item->data(kIdRole).toString();
        const bool checked = item->checkState() == Qt::Checked;
        if (checked != bool(checked_.count(id))) {
            if (checked)
                checked_.insert(id);
            else
                checked_.erase(id);
            emitOverlays();
        }
        const RunRecord* run = store_->find(id);
        if (run && item->text().toStdString() != run->name) {
            QString error;
            if (!store_->rename(id, item->text(), &error))
                emit statusMessage(error.isEmpty() ? tr("A run needs a name") : error);
        }
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        updateDiff();
        updateButtons();
    });
    connect(bestBy_, &QComboBox::currentIndexChanged, this, [this] {
        store_->setBestBy(static_cast<miniflow::BestBy>(bestBy_->currentData().toInt()));
    });
    connect(delete_, &QPushButton::clicked, this, &RunsPanel::deleteSelected);
    connect(restoreSettings_, &QPushButton::clicked, this, &RunsPanel::restoreSettings);
    connect(restoreParameters_, &QToolButton::clicked, this, [this] { restoreParameters(true); });
    connect(sweepButton_, &QPushButton::clicked, this, &RunsPanel::openSweepDialog);
    connect(sweep_, &SweepRunner::progress, this, [this](int done, int total) {
        emit statusMessage(done < total ? tr("Sweep: run %1 of %2").arg(done + 1).arg(total)
                                        : tr("Sweep finished: %1 runs").arg(total));
        if (done >= total)
            tabs_->setCurrentWidget(sweepView_);
    });
    confirmDelete_ = [this](const QStringList& names) {
        return QMessageBox::question(
                   this, tr("Delete runs"),
                   tr("Delete %n run(s)? Their curves and parameters are removed from disk:\n%1",
                      nullptr, int(names.size()))
                       .arg(names.join(", "))) == QMessageBox::Yes;
    };
    rebuild();
}

RunsPanel::~RunsPanel() = default;

QStringList RunsPanel::runIds() const {
    QStringList ids;
    for (int r = 0; r < table_->rowCount(); ++r)
        ids << table_->item(r, Name)->data(kIdRole).toString();
    return ids;
}

void RunsPanel::setChecked(const QString& id, bool checked) {
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, Name)->data(kIdRole).toString() == id)
            table_->item(r, Name)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

QStringList RunsPanel::selectedRuns() const {
    QStringList ids;
    for (const QModelIndex& index : table_->selectionModel()->selectedRows(Name))
        ids << index.data(kIdRole).toString();
    return ids;
}

void RunsPanel::selectRuns(const QStringList& ids) {
    table_->clearSelection();
    for (int r = 0; r < table_->rowCount(); ++r)
        if (ids.contains(table_->item(r, Name)->data(kIdRole).toString()))
            table_->selectionModel()->select(table_->model()->index(r, 0),
                                             QItemSelectionModel::Select |
                                                 QItemSelectionModel::Rows);
}

void RunsPanel::rebuild() {
    const QStringList selected = selectedRuns();
    rebuilding_ = true;
    const auto& runs = store_->runs();
    std::vector<const RunRecord*> pointers;
    std::set<QString> present;
    for (const RunRecord& r : runs) {
        pointers.push_back(&r);
        present.insert(QString::fromStdString(r.id));
    }
    std::erase_if(checked_, [&](const QString& id) { return !present.count(id); });
    settingColumns_.clear();
    for (const std::string& key : miniflow::settingsThatDiffer(pointers))
        if (key != "graphHash") // a column of hashes says nothing the other columns do not
            settingColumns_ << QString::fromStdString(key);
    QStringList headers{tr("name"), tr("date"), tr("status")};
    headers << settingColumns_;
    for (const char* title : kMetricTitles)
        headers << tr(title);
    table_->setSortingEnabled(false);
    table_->clear();
    table_->setColumnCount(int(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(int(runs.size()));
    for (int r = 0; r < int(runs.size()); ++r)
        fillRow(r, runs[size_t(r)]);
    table_->setSortingEnabled(true);
    table_->resizeColumnsToContents();
    rebuilding_ = false;
    selectRuns(selected);
    updateDiff();
    updateButtons();
    emitOverlays();
}

void RunsPanel::fillRow(int row, const RunRecord& run) {
    const QString id = QString::fromStdString(run.id);
    auto* name = new SortItem(QString::fromStdString(run.name));
    name->setData(kIdRole, id);
    name->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable |
                   Qt::ItemIsUserCheckable);
    name->setCheckState(checked_.count(id) ? Qt::Checked : Qt::Unchecked);
    name->setToolTip(tr("Double-click to rename; check to draw it over the loss plot"));
    table_->setItem(row, Name, name);
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(run.startedMs);
    table_->setItem(
        row, Date,
        cell(started.toLocalTime().toString("yyyy-MM-dd HH:mm:ss"), double(run.startedMs)));
    auto* status = cell(statusText(run));
    if (!run.message.empty())
        status->setToolTip(QString::fromStdString(run.message));
    table_->setItem(row, Status, status);
    int column = Status + 1;
    for (const QString& key : settingColumns_) {
        const QString value = QString::fromStdString(settingValue(run, key.toStdString()));
        bool numeric = false;
        const double number = value.toDouble(&numeric);
        table_->setItem(row, column++,
                        cell(value, numeric ? std::optional<double>(number) : std::nullopt));
    }
    const miniflow::RunEpoch* last = run.epochs.empty() ? nullptr : &run.epochs.back();
    const int bestNumber = run.bestEpoch > 0 ? run.bestEpoch : run.bestEpochByMetric();
    const miniflow::RunEpoch* best = run.epoch(bestNumber);
    table_->setItem(row, column++, numberCell(last ? last->validationLoss : std::nullopt));
    table_->setItem(row, column++,
                    numberCell(last ? last->validationAccuracy : std::nullopt, true));
    table_->setItem(row, column++,
                    best ? cell(QString::number(best->epoch), best->epoch) : cell(QString()));
    table_->setItem(row, column++, numberCell(best ? best->validationLoss : std::nullopt));
    table_->setItem(row, column++,
                    numberCell(best ? best->validationAccuracy : std::nullopt, true));
    table_->setItem(row, column++, cell(QString::number(run.seconds, 'f', 1), run.seconds));
    const double rate = run.samplesPerSecond();
    table_->setItem(row, column++,
                    rate > 0 ? cell(QString::number(rate, 'f', 0), rate) : cell(QString()));
}

void RunsPanel::updateLiveRow(const QString& id) {
    const RunRecord* run = store_->find(id);
    if (!run)
        return;
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, Name)->data(kIdRole).toString() == id) {
            rebuilding_ = true;
            table_->setSortingEnabled(false);
            fillRow(r, *run);
            table_->setSortingEnabled(true);
            rebuilding_ = false;
            selectRuns(selectedRuns());
            return;
        }
}

void RunsPanel::updateDiff() {
    const QStringList ids = selectedRuns();
    diffLines_.clear();
    diff_->setRowCount(0);
    if (ids.size() != 2) {
        diffHint_->setText(tr("Select two runs to compare their settings."));
        diff_->setHorizontalHeaderLabels({tr("setting"), tr("run A"), tr("run B")});
        return;
    }
    const RunRecord* a = store_->find(ids[0]);
    const RunRecord* b = store_->find(ids[1]);
    if (!a || !b)
        return;
    const std::vector<std::string> changed = miniflow::changedSettings(*a, *b);
    diffHint_->setText(changed.empty() ? tr("These runs have the same settings.")
                                       : tr("%n setting(s) differ:", nullptr, int(changed.size())));
    diff_->setHorizontalHeaderLabels(
        {tr("setting"), QString::fromStdString(a->name), QString::fromStdString(b->name)});
    diff_->setRowCount(int(changed.size()));
    for (int i = 0; i < int(changed.size()); ++i) {
        const QString key = QString::fromStdString(changed[size_t(i)]);
        const QString va = QString::fromStdString(settingValue(*a, changed[size_t(i)]));
        const QString vb = QString::fromStdString(settingValue(*b, changed[size_t(i)]));
        diff_->setItem(i, 0, new QTableWidgetItem(key));
        diff_->setItem(i, 1, new QTableWidgetItem(va));
        diff_->setItem(i, 2, new QTableWidgetItem(vb));
        diffLines_ << QString("%1: %2 -> %3").arg(key, va, vb);
    }
    diff_->resizeColumnsToContents();
}

void RunsPanel::updateButtons() {
    const QStringList ids = selectedRuns();
    const bool one = ids.size() == 1;
    restoreSettings_->setEnabled(one);
    restoreParameters_->setEnabled(one && ids[0] != store_->liveRun());
    delete_->setEnabled(!ids.isEmpty() && !ids.contains(store_->liveRun()));
}

void RunsPanel::emitOverlays() {
    std::vector<RunOverlay> overlays;
    int n = 0;
    for (const RunRecord& run : store_->runs())
        if (checked_.count(QString::fromStdString(run.id)))
            overlays.push_back(overlayFor(run, overlayColor(n++)));
    emit overlaysChanged(overlays);
}

void RunsPanel::deleteSelected() {
    const QStringList ids = selectedRuns();
    if (ids.isEmpty())
        return;
    if (ids.contains(store_->liveRun())) {
        emit statusMessage(tr("The run being trained cannot be deleted; stop it first"));
        return;
    }
    QStringList names;
    for (const QString& id : ids)
        if (const RunRecord* run = store_->find(id))
            names << QString::fromStdString(run->name);
    if (confirmDelete_ && !confirmDelete_(names))
        return;
    for (const QString& id : ids) {
        checked_.erase(id);
        store_->remove(id);
    }
    emit statusMessage(tr("Deleted %n run(s)", nullptr, int(ids.size())));
}

void RunsPanel::restoreSettings() {
    const QStringList ids = selectedRuns();
    const RunRecord* run = ids.size() == 1 ? store_->find(ids[0]) : nullptr;
    if (!run)
        return;
    if (run->training == document_->file().training) {
        emit statusMessage(tr("The training settings already are those of %1")
                               .arg(QString::fromStdString(run->name)));
        return;
    }
    document_->push(new SetTrainingConfigCommand(document_, run->training));
    const bool sameGraph = run->graphHash == miniflow::structureHash(document_->graph());
    emit statusMessage(
        sameGraph ? tr("Training settings of %1 restored (Ctrl+Z undoes)")
                        .arg(QString::fromStdString(run->name))
                  : tr("Training settings of %1 restored (Ctrl+Z undoes); its graph differs "
                       "from this one (layers, units or dropout) and was left as it is")
                        .arg(QString::fromStdString(run->name)));
}

void RunsPanel::restoreParameters(bool best) {
    const QStringList ids = selectedRuns();
    if (ids.size() != 1 || ids[0] == store_->liveRun())
        return;
    const RunRecord* run = store_->find(ids[0]);
    QString error;
    const auto parameters = store_->parameters(ids[0], best, &error);
    if (parameters.empty()) {
        emit statusMessage(error);
        return;
    }
    const int restored = controller_->restoreParameters(parameters);
    const QString which = best ? tr("best epoch (%1)").arg(run->bestEpoch)
                               : tr("final epoch (%1)").arg(run->finalEpoch);
    if (restored == 0)
        emit statusMessage(tr("None of %1's parameters fit this graph (its layers differ)")
                               .arg(QString::fromStdString(run->name)));
    else
        emit statusMessage(tr("Restored %1 of %2 parameters of %3, %4; Train continues from them")
                               .arg(restored)
                               .arg(parameters.size())
                               .arg(QString::fromStdString(run->name), which));
}

void RunsPanel::openSweepDialog() {
    SweepDialog dialog(document_->file(), this);
    if (dialog.exec() != QDialog::Accepted || dialog.runCount() == 0)
        return;
    try {
        sweep_->start(document_->file(), dialog.spec());
    } catch (const std::exception& e) { // the dialog checked every point: not expected
        emit statusMessage(tr("The sweep did not start: %1").arg(e.what()));
    }
}
