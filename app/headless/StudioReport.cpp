#include "app/headless/StudioReport.h"

#include "app/document/GraphDocument.h"
#include "app/headless/StudioAutomation.h"
#include "app/training/TrainingController.h"
#include "autograd/Plan.h"
#include "autograd/Session.h"
#include "ops/OpRegistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QScreen>
#include <QWidget>

#include <cstdio>
#include <utility>

namespace {

QJsonArray rectArray(const QRect& r) {
    return {r.x(), r.y(), r.width(), r.height()};
}

QJsonObject graphSummary(const miniflow::Graph& graph) {
    QJsonArray nodes;
    for (const miniflow::Node& n : graph.nodes())
        nodes.append(QJsonObject{
            {"id", static_cast<qint64>(n.id.value)},
            {"name", QString::fromStdString(n.name)},
            {"op", QString::fromStdString(n.op)},
            {"attributes",
             QJsonDocument::fromJson(QByteArray::fromStdString(n.attributes.dump())).object()}});
    QJsonArray edges;
    for (const miniflow::Edge& e : graph.edges())
        edges.append(QJsonObject{{"from", static_cast<qint64>(e.from.value)},
                                 {"fromPort", e.fromPort},
                                 {"to", static_cast<qint64>(e.to.value)},
                                 {"toPort", e.toPort}});
    return {{"nodes", nodes}, {"edges", edges}};
}

/// Each Parameter's shape and norms: as a run with the document's seed starts (the
/// Session's initializers) and as the document holds it after training, if it does.
QJsonArray parameterSummary(const miniflow::GraphFile& file, QString* problem) {
    std::optional<miniflow::Session> initial;
    try {
        initial.emplace(miniflow::Plan::build(file.graph, miniflow::PlanPurpose::Training),
                        file.training.seed);
    } catch (const std::exception& e) {
        *problem = QString::fromStdString(e.what()); // the graph does not build yet
    }
    QJsonArray list;
    for (const miniflow::Node& n : file.graph.nodes()) {
        const miniflow::OpInfo* info = miniflow::findOp(n.op);
        if (!info || info->source != miniflow::SourceKind::Parameter)
            continue;
        QJsonObject entry{{"id", static_cast<qint64>(n.id.value)},
                          {"name", QString::fromStdString(n.name)}};
        const auto trained = file.parameters.find(n.id);
        entry["trained"] = trained != file.parameters.end();
        if (initial) {
            const miniflow::Tensor& start = initial->parameter(n.id);
            entry["rows"] = static_cast<qint64>(start.rows());
            entry["cols"] = static_cast<qint64>(start.cols());
            entry["initialNorm"] = static_cast<double>(start.norm());
            if (trained != file.parameters.end() && trained->second.rows() == start.rows() &&
                trained->second.cols() == start.cols())
                entry["maxAbsChange"] =
                    static_cast<double>((trained->second - start).cwiseAbs().maxCoeff());
        }
        if (trained != file.parameters.end())
            entry["trainedNorm"] = static_cast<double>(trained->second.norm());
        list.append(entry);
    }
    return list;
}

} // namespace

QString stateKey(TrainingState state) {
    switch (state) {
    case TrainingState::Idle:
        return "idle";
    case TrainingState::Running:
        return "running";
    case TrainingState::Paused:
        return "paused";
    case TrainingState::Finished:
        return "finished";
    case TrainingState::Stopped:
        return "stopped";
    case TrainingState::Failed:
        return "failed";
    }
    return {};
}

StudioReport::StudioReport(StudioAutomation* studio, QString path, QObject* parent)
    : QObject(parent), studio_(studio), path_(std::move(path)) {
    TrainingController* controller = studio_->trainingController();
    connect(controller, &TrainingController::snapshotReady, this, &StudioReport::onSnapshot);
    connect(controller, &TrainingController::stateChanged, this, &StudioReport::onState);
    connect(controller, &TrainingController::failed, this,
            [this](const QString& message) { failure_ = message; });
    connect(controller, &TrainingController::parametersStored, this,
            [this] { writeOrWarn("parameters stored"); });
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this,
            [this] { writeOrWarn("exit"); });
}

void StudioReport::onSnapshot(const TrainingSnapshot& snapshot) {
    step_ = snapshot.step;
    epochs_.insert(epochs_.end(), snapshot.epochs.begin(), snapshot.epochs.end());
}

void StudioReport::onState(TrainingState state) {
    const bool newRun = state == TrainingState::Running && state_ != TrainingState::Paused;
    state_ = state;
    if (newRun) {
        epochs_.clear();
        step_ = 0;
        failure_.clear();
    }
    if (state == TrainingState::Finished || state == TrainingState::Stopped ||
        state == TrainingState::Failed)
        writeOrWarn("run ended");
}

QJsonObject StudioReport::runSummary() const {
    QJsonArray epochs;
    for (const EpochPoint& p : epochs_) {
        QJsonObject entry{{"epoch", p.epoch}, {"trainLoss", p.trainLoss}};
        if (p.validationLoss)
            entry["validationLoss"] = *p.validationLoss;
        if (p.validationAccuracy)
            entry["validationAccuracy"] = *p.validationAccuracy;
        epochs.append(entry);
    }
    return {{"state", stateKey(state_)},
            {"step", static_cast<qint64>(step_)},
            {"epochsCompleted", static_cast<int>(epochs_.size())},
            {"epochs", epochs},
            {"failure", failure_}};
}

QJsonObject StudioReport::describe() const {
    const GraphDocument* document = studio_->document();
    const miniflow::GraphFile& file = document->file();
    const miniflow::DatasetSpec& d = file.dataset;
    const miniflow::TrainingConfig& t = file.training;
    QString parameterProblem;
    QJsonObject report{
        {"graph", graphSummary(file.graph)},
        {"document", QJsonObject{{"path", document->path()}, {"modified", document->isModified()}}},
        {"dataset", QJsonObject{{"source", QString::fromStdString(d.source)},
                                {"name", QString::fromStdString(d.name)},
                                {"path", QString::fromStdString(d.path)},
                                {"samples", static_cast<qint64>(d.samples)},
                                {"classes", d.classes},
                                {"validationFraction", d.validationFraction}}},
        {"training", QJsonObject{{"optimizer", QString::fromStdString(t.optimizer)},
                                 {"learningRate", t.learningRate},
                                 {"batchSize", static_cast<qint64>(t.batchSize)},
                                 {"epochs", t.epochs},
                                 {"seed", static_cast<qint64>(t.seed)}}},
        {"run", runSummary()},
        {"parameters", parameterSummary(file, &parameterProblem)},
    };
    if (!parameterProblem.isEmpty())
        report["parametersProblem"] = parameterProblem;
    QWidget* window = studio_->studioWindow();
    report["window"] = QJsonObject{{"frame", rectArray(window->frameGeometry())},
                                   {"geometry", rectArray(window->geometry())}};
    if (const QScreen* screen = window->screen())
        report["screen"] = QJsonObject{{"geometry", rectArray(screen->geometry())},
                                       {"available", rectArray(screen->availableGeometry())}};
    return report;
}

bool StudioReport::write(const QString& reason, QString* error) const {
    QJsonObject report = describe();
    report["written"] = reason;
    QSaveFile out(path_);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(report).toJson()) < 0 ||
        !out.commit()) {
        if (error)
            *error = out.errorString();
        return false;
    }
    return true;
}

void StudioReport::writeOrWarn(const QString& reason) const {
    QString error;
    if (!write(reason, &error))
        std::fprintf(stderr, "miniflow-studio: cannot write the report %s: %s\n", qPrintable(path_),
                     qPrintable(error));
}
