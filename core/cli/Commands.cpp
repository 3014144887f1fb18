#include "cli/Commands.h"

#include "data/Normalization.h"
#include "inspect/GradientCheck.h"
#include "inspect/NetworkSummary.h"
#include "io/DataSource.h"
#include "io/GraphFile.h"
#include "io/MetricsCsv.h"
#include "io/RunRecorder.h"
#include "io/Sweep.h"
#include "tensor/Threads.h"
#include "tensorboard/TensorBoardLog.h"
#include "train/MetricsLog.h"
#include "train/Trainer.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace miniflow::cli {

namespace {

/// GRAPH.json and --key value pairs.
struct Arguments {
    std::string graph;
    std::map<std::string, std::string> options;
};

Arguments parse(const std::vector<std::string>& args, const std::vector<std::string>& allowed) {
    Arguments a;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0) {
            if (!a.graph.empty())
                throw std::invalid_argument("more than one graph file given: " + a.graph + ", " +
                                            arg);
            a.graph = arg;
            continue;
        }
        const std::string key = arg.substr(2);
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            throw std::invalid_argument("unknown option " + arg + " (see miniflow --help)");
        if (i + 1 >= args.size())
            throw std::invalid_argument("option " + arg + " needs a value");
        a.options[key] = args[++i];
    }
    if (a.graph.empty())
        throw std::invalid_argument("no graph file given (miniflow train GRAPH.json)");
    return a;
}

long long integerOption(const Arguments& a, const std::string& key, long long fallback,
                        long long min) {
    const auto it = a.options.find(key);
    if (it == a.options.end())
        return fallback;
    size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || value < min)
        throw std::invalid_argument("--" + key + " needs an integer >= " + std::to_string(min) +
                                    ", not \"" + it->second + "\"");
    return value;
}

/// --key X as a number >= `min` (and finite).
double numberOption(const Arguments& a, const std::string& key, double fallback, double min) {
    const auto it = a.options.find(key);
    if (it == a.options.end())
        return fallback;
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || !std::isfinite(value) || value < min)
        throw std::invalid_argument("--" + key + " needs a number >= " + std::to_string(min) +
                                    ", not \"" + it->second + "\"");
    return value;
}

std::string folderOf(const std::string& path) {
    return std::filesystem::absolute(path).parent_path().string();
}

/// The graph's dataset, or the one `--data PATH` names; a graph with no data and no --data
/// is refused with the command-line remedy (the core's messages name no flags).
DatasetSpec datasetFor(const GraphFile& file, const Arguments& a) {
    const auto data = a.options.find("data");
    DatasetSpec spec =
        data == a.options.end() ? file.dataset : specForDataPath(data->second, file.dataset);
    if (data == a.options.end() &&
        (spec.source == "none" || (spec.source != "builtin" && spec.path.empty())))
        throw std::invalid_argument(a.graph + ": the graph names no dataset" +
                                    (spec.source == "none" ? "" : " path") +
                                    ": pass --data PATH (a .csv file or a data folder), or set "
                                    "\"dataset\" in the graph file");
    if (const auto norm = a.options.find("normalization"); norm != a.options.end())
        spec.normalization = norm->second;
    return spec;
}

/// NOTE [Needs scaling]: says so when unscaled features are far from a unit range.
void noteScaling(const DatasetSpec& spec, const Dataset& train) {
    const double magnitude = largestMagnitude(train);
    if (spec.normalization == "none" && magnitude > kNeedsScalingMagnitude)
        std::fprintf(stderr,
                     "miniflow: note: the features reach %g and are not normalized; training "
                     "will be slow or fail (pass --normalization standardize, or minmax)\n",
                     magnitude);
}

std::string percent(const std::optional<double>& accuracy) {
    if (!accuracy)
        return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * *accuracy);
    return text;
}

void printEpoch(const EpochReport& r, int epochs) {
    std::printf("epoch %d/%d  train loss %.6f  val loss %s  val accuracy %s  %.0f samples/s\n",
                r.epoch, epochs, r.trainLoss,
                r.validation ? std::to_string(r.validation->loss).c_str() : "-",
                r.validation ? percent(r.validation->accuracy).c_str() : "-", r.samplesPerSecond);
    std::fflush(stdout);
}

/// Prints each epoch as it ends; passes steps and epochs on to `next` (a run recorder).
class EpochPrinter final : public TrainingObserver {
  public:
    explicit EpochPrinter(int epochs, TrainingObserver* next = nullptr)
        : epochs_(epochs), next_(next) {}
    void onStep(const StepReport& r, const Session& s) override {
        if (next_)
            next_->onStep(r, s);
    }
    void onEpoch(const EpochReport& r, const Session& s) override {
        printEpoch(r, epochs_);
        if (next_)
            next_->onEpoch(r, s);
    }

  private:
    int epochs_;
    TrainingObserver* next_;
};

void saveTrained(const std::string& path, GraphFile file, Session& session) {
    file.parameters.clear();
    for (NodeId id : session.parameterIds())
        file.parameters[id] = session.parameter(id);
    writeGraphFile(path, file);
    std::printf("saved trained graph to %s\n", path.c_str());
}

/// Random values for unfed Inputs (labels as valid class indices / 0-1), `rows` samples.
void feedRandomInputs(Session& session, Index rows) {
    Rng rng(7);
    const Plan& plan = session.plan();
    for (const PlannedNode& p : plan.nodes()) {
        if (p.info->source != SourceKind::Input || session.input(p.id).rows() > 0)
            continue;
        Tensor& x = session.input(p.id);
        x.resize(rows, p.shape.cols);
        Index classes = 0;
        bool binary = false;
        for (int e : p.outputEdges) {
            const Edge& edge = plan.edges()[static_cast<size_t>(e)];
            const PlannedNode& consumer = plan.nodes()[static_cast<size_t>(plan.indexOf(edge.to))];
            if (edge.toPort != 1)
                continue;
            const LossPrediction prediction = consumer.info->traits.prediction;
            if (prediction == LossPrediction::ClassLogits)
                classes = plan
                              .nodes()[static_cast<size_t>(plan.indexOf(
                                  plan.edges()[static_cast<size_t>(consumer.inputEdges[0])].from))]
                              .shape.cols;
            binary = binary || prediction == LossPrediction::BinaryLogit;
        }
        for (Index i = 0; i < x.size(); ++i)
            x.data()[i] = classes
                              ? static_cast<float>(rng.below(static_cast<std::uint64_t>(classes)))
                          : binary ? static_cast<float>(rng.below(2))
                                   : static_cast<float>(rng.normal());
    }
}

} // namespace

int usage(int exitCode) {
    (exitCode == 0 ? std::cout : std::cerr)
        << "usage:\n"
           "  miniflow train GRAPH.json [--data PATH] [--epochs N] [--seed S] [--out FILE] "
           "[--threads N]\n"
           "      [--optimizer sgd|momentum|adam|adamw] [--weight-decay D]\n"
           "      [--metrics-csv FILE] [--tensorboard DIR]\n"
           "      train the graph on its dataset (or PATH: a .csv file, a folder of MNIST IDX "
           "files,\n"
           "      or a folder of CIFAR-10 batches); prints one line per epoch and a final "
           "evaluation;\n"
           "      --threads: threads per matrix product (default 1); --optimizer and "
           "--weight-decay\n"
           "      (AdamW's decoupled decay) override the graph's training settings\n"
           "      --metrics-csv: every step's loss and every epoch's results as CSV\n"
           "      --tensorboard: TensorBoard event files in DIR (losses, accuracy, histograms\n"
           "      of parameters and per-edge gradients at epoch ends): tensorboard --logdir DIR\n"
           "      --normalization none|standardize|minmax|per_channel (image folders given "
           "with\n"
           "      --data default to minmax: pixels scaled to 0..1)\n"
           "      --runs DIR: keep the run (curves, settings, best and final parameters) in DIR;\n"
           "      --run-name NAME; --best-by loss|accuracy (which validation metric picks the "
           "best epoch)\n"
           "  miniflow sweep GRAPH.json --grid \"learningRate=1e-3,1e-2;batchSize=32,128\" "
           "[--random N --seed S]\n"
           "                [--runs DIR] [--epochs N] [--data PATH] [--best-by loss|accuracy]\n"
           "      train one run per combination (or N random draws of the listed values) one "
           "after\n"
           "      another, kept in DIR (default: GRAPH.runs beside the graph); settings: "
           "learningRate,\n"
           "      batchSize, optimizer, momentum, epochs, seed, dropout, NODE.units, NODE.rate\n"
           "  miniflow check GRAPH.json [--data PATH]\n"
           "      validate the graph, print every node's shape and run a gradient check\n"
           "  miniflow summary GRAPH.json\n"
           "      print every node's output shape, parameters and multiply-adds per sample, "
           "and the totals\n"
           "  miniflow export GRAPH.json --to pytorch OUT_DIR | --to onnx OUT.onnx\n"
           "      write a PyTorch module + train.py (torchrun-ready), or an ONNX inference model\n"
           "  miniflow import MODEL.onnx [-o GRAPH.json]\n"
           "      rebuild an ONNX MLP as a MiniFlow graph (with a labels Input and a loss)\n"
           "  miniflow --version\n"
           "      print the version and the libraries it runs on\n";
    return exitCode;
}

static BestBy bestByOption(const std::map<std::string, std::string>& options) {
    const auto it = options.find("best-by");
    if (it == options.end() || it->second == "loss")
        return BestBy::ValidationLoss;
    if (it->second == "accuracy")
        return BestBy::ValidationAccuracy;
    throw std::invalid_argument("--best-by needs loss or accuracy, not \"" + it->second + "\"");
}

int train(const std::vector<std::string>& args) {
    const Arguments a =
        parse(args, {"data", "epochs", "seed", "out", "threads", "normalization", "optimizer",
                     "weight-decay", "metrics-csv", "tensorboard", "runs", "run-name", "best-by"});
    const BestBy bestBy = bestByOption(a.options);
    setThreadCount(static_cast<int>(integerOption(a, "threads", 1, 1)));
    GraphFile file = readGraphFile(a.graph);
    file.training.epochs = static_cast<int>(integerOption(a, "epochs", file.training.epochs, 1));
    file.training.seed = static_cast<std::uint64_t>(
        integerOption(a, "seed", static_cast<long long>(file.training.seed), 0));
    if (const auto it = a.options.find("optimizer"); it != a.options.end()) {
        if (!isOptimizerName(it->second))
            throw std::invalid_argument("--optimizer takes " + std::string(optimizerNames()) +
                                        ", not \"" + it->second + "\"");
        file.training.optimizer = it->second;
    }
    file.training.weightDecay = numberOption(a, "weight-decay", file.training.weightDecay, 0.0);
    const DatasetSpec spec = datasetFor(file, a);
    TrainingData data = loadTrainingData(spec, folderOf(a.graph));
    noteScaling(spec, data.train);
    const std::string decay = file.training.optimizer == "adamw"
                                  ? " weight decay " + std::to_string(file.training.weightDecay)
                                  : std::string();
    std::printf("training %s on %lld samples (%s, normalization %s), %d epochs, %s%s lr %g, "
                "batch %lld, seed %llu\n",
                a.graph.c_str(), static_cast<long long>(data.train.size()), spec.source.c_str(),
                spec.normalization.c_str(), file.training.epochs, file.training.optimizer.c_str(),
                decay.c_str(), file.training.learningRate,
                static_cast<long long>(file.training.batchSize),
                static_cast<unsigned long long>(file.training.seed));
    Trainer trainer(Plan::build(file.graph), file.training, std::move(data));
    std::unique_ptr<RunRecorder> recorder;
    if (const auto runs = a.options.find("runs"); runs != a.options.end()) {
        GraphFile trained = file;
        trained.dataset = spec;
        const auto name = a.options.find("run-name");
        recorder = std::make_unique<RunRecorder>(
            runs->second,
            newRunRecord(runs->second, trained,
                         name != a.options.end()
                             ? name->second
                             : std::filesystem::path(a.graph).stem().string() + " run",
                         bestBy));
        std::printf("run %s in %s\n", recorder->record().id.c_str(), runs->second.c_str());
    }
    EpochPrinter printer(file.training.epochs, recorder.get());
    ObserverFan observers;
    observers.add(&printer);
    MetricsRecorder metrics;
    if (a.options.count("metrics-csv"))
        observers.add(&metrics);
    std::unique_ptr<TensorBoardLog> tensorboard;
    if (const auto dir = a.options.find("tensorboard"); dir != a.options.end()) {
        tensorboard = std::make_unique<TensorBoardLog>(dir->second);
        trainer.session().setGradientScope(GradientScope::AllEdges); // every edge's histogram
        observers.add(tensorboard.get());
        std::printf("TensorBoard events: %s\n", tensorboard->path().c_str());
    }
    int status = 0;
    try {
        trainer.run(&observers);
        if (recorder)
            recorder->finish(&trainer.session(), RunStatus::Finished);
    } catch (const NonFiniteError& e) {
        std::fprintf(stderr, "miniflow: training stopped: %s\n", e.what());
        if (recorder)
            recorder->finish(&trainer.session(), RunStatus::Failed, e.what());
        status = 3;
    }
    if (const auto csv = a.options.find("metrics-csv"); csv != a.options.end()) {
        writeMetricsCsv(csv->second, {&metrics.log()});
        std::printf("wrote metrics (%zu steps, %zu epochs) to %s\n", metrics.log().steps.size(),
                    metrics.log().epochs.size(), csv->second.c_str());
    }
    const Dataset& final =
        trainer.data().test.size() > 0 ? trainer.data().test : trainer.data().validation;
    if (final.size() > 0) {
        const Evaluation ev = trainer.evaluate(final);
        std::printf("final %s: loss %.6f  accuracy %s  (%lld samples)\n",
                    trainer.data().test.size() > 0 ? "test" : "validation", ev.loss,
                    percent(ev.accuracy).c_str(), static_cast<long long>(ev.samples));
    } else {
        const Evaluation ev = trainer.evaluate(trainer.data().train);
        std::printf("final train: loss %.6f  accuracy %s\n", ev.loss, percent(ev.accuracy).c_str());
    }
    if (a.options.count("out"))
        saveTrained(a.options.at("out"), file, trainer.session());
    return status;
}

int summary(const std::vector<std::string>& args) {
    const Arguments a = parse(args, {});
    const GraphFile file = readGraphFile(a.graph);
    std::printf("%s\n%s", a.graph.c_str(),
                formatSummaryTable(summarizeNetwork(file.graph)).c_str());
    return 0;
}

int check(const std::vector<std::string>& args) {
    const Arguments a = parse(args, {"data"});
    const GraphFile file = readGraphFile(a.graph);
    const bool hasLoss =
        std::any_of(file.graph.nodes().begin(), file.graph.nodes().end(), [](const Node& n) {
            const OpInfo* info = findOp(n.op);
            return info && info->isLoss;
        });
    Session session(Plan::build(file.graph, hasLoss ? PlanPurpose::Training : PlanPurpose::Forward),
                    file.training.seed);
    std::printf("%s: valid, %zu nodes, %zu edges\n", a.graph.c_str(), file.graph.nodes().size(),
                file.graph.edges().size());
    for (const auto& [id, tensor] : file.parameters)
        session.parameter(id) = tensor;
    if (file.dataset.source != "none" || a.options.count("data")) {
        try {
            const TrainingData data = loadTrainingData(datasetFor(file, a), folderOf(a.graph));
            Trainer probe(session.plan(), file.training, data);
            std::vector<Index> rows;
            for (Index i = 0; i < std::min<Index>(8, data.train.size()); ++i)
                rows.push_back(i);
            for (const PlannedNode& p : session.plan().nodes())
                if (p.info->source == SourceKind::Input)
                    gatherRows(stringAttribute(p.attributes, "role", "features") == "labels"
                                   ? data.train.targets
                                   : data.train.features,
                               rows, session.input(p.id));
        } catch (const std::exception& e) {
            std::printf("(dataset not used for the check: %s; random inputs instead)\n", e.what());
        }
    }
    feedRandomInputs(session, 4);
    const float loss = session.forward(Mode::Train);
    for (const PlannedNode& p : session.plan().nodes()) {
        const Tensor& v = session.value(p.id);
        std::printf("  %-16s %-20s shape %-12s", p.name.c_str(), p.info->kind.c_str(),
                    toString(p.shape).c_str());
        if (v.size() <= 6)
            for (Index i = 0; i < v.size(); ++i)
                std::printf(" %.9g", v.data()[i]);
        std::printf("\n");
    }
    if (session.plan().lossIndex() >= 0)
        std::printf("loss %.9g\n", loss);
    const GradientCheckOptions options;
    std::printf(
        "gradient check (float32 central differences, h = %g, pass if relative error <= %g):\n",
        options.epsilon, options.tolerance);
    bool allPassed = true;
    Index passed = 0, failed = 0, notCheckable = 0, elements = 0, leftOut = 0;
    for (const GradientCheckResult& r : checkGradients(session, options)) {
        const long long probed = static_cast<long long>(r.probed);
        const long long skipped = static_cast<long long>(r.notCheckable);
        elements += r.probed;
        leftOut += r.notCheckable;
        if (!r.checkable()) {
            std::printf("  %-16s not checkable by finite differences: each of its %lld probed "
                        "elements moves a ReLU-like input across its kink within h\n",
                        r.name.c_str(), probed);
            ++notCheckable;
            continue;
        }
        const bool belowResolution = r.relativeError > options.tolerance && r.passed;
        std::printf("  %-16s relative error %.3e  max |diff| %.3e  over %lld elements  %s",
                    r.name.c_str(), r.relativeError, r.maxAbsDifference, probed - skipped,
                    !r.passed         ? "FAILED"
                    : belowResolution ? "ok (differences below float32 resolution)"
                                      : "ok");
        if (skipped > 0)
            std::printf(" (%lld of %lld probed elements not checkable: they cross a kink)", skipped,
                        probed);
        std::printf("\n");
        ++(r.passed ? passed : failed);
        allPassed = allPassed && r.passed;
    }
    std::printf("gradient check: %lld passed, %lld failed, %lld not checkable by finite "
                "differences; %lld of %lld probed elements left out (their differences cross a "
                "kink)\n",
                static_cast<long long>(passed), static_cast<long long>(failed),
                static_cast<long long>(notCheckable), static_cast<long long>(leftOut),
                static_cast<long long>(elements));
    return allPassed ? 0 : 4;
}

int sweep(const std::vector<std::string>& args) {
    const Arguments a = parse(args, {"grid", "random", "seed", "runs", "epochs", "data", "threads",
                                     "normalization", "best-by"});
    if (!a.options.count("grid"))
        throw std::invalid_argument("miniflow sweep needs --grid \"SETTING=V1,V2;SETTING=V3,...\" "
                                    "(e.g. --grid \"learningRate=1e-3,1e-2;batchSize=32,128\")");
    const BestBy bestBy = bestByOption(a.options);
    setThreadCount(static_cast<int>(integerOption(a, "threads", 1, 1)));
    SweepSpec sweepSpec;
    sweepSpec.axes = parseSweepAxes(a.options.at("grid"));
    sweepSpec.randomDraws = static_cast<int>(integerOption(a, "random", 0, 0));
    sweepSpec.seed = static_cast<std::uint64_t>(integerOption(a, "seed", 1, 0));
    GraphFile base = readGraphFile(a.graph);
    base.training.epochs = static_cast<int>(integerOption(a, "epochs", base.training.epochs, 1));
    base.dataset = datasetFor(base, a);
    const std::vector<SweepPoint> points = sweepPoints(sweepSpec);
    // Every point is applied before anything trains: a bad value fails at once.
    std::vector<GraphFile> files;
    for (const SweepPoint& point : points)
        files.push_back(applySweepPoint(base, point));
    const std::string folder =
        a.options.count("runs") ? a.options.at("runs") : runsFolderFor(a.graph);
    const TrainingData data = loadTrainingData(base.dataset, folderOf(a.graph));
    noteScaling(base.dataset, data.train);
    std::printf("sweep of %zu runs (%s) on %lld samples, kept in %s\n", points.size(),
                sweepSpec.randomDraws > 0 ? "random draws" : "grid",
                static_cast<long long>(data.train.size()), folder.c_str());
    int status = 0;
    std::vector<RunRecord> done;
    for (size_t i = 0; i < points.size(); ++i) {
        const std::string name = sweepPointName(points[i]);
        std::printf("run %zu/%zu: %s\n", i + 1, points.size(), name.c_str());
        Trainer trainer(Plan::build(files[i].graph), files[i].training, data);
        RunRecorder recorder(folder, newRunRecord(folder, files[i], name, bestBy));
        EpochPrinter printer(files[i].training.epochs, &recorder);
        try {
            trainer.run(&printer);
            recorder.finish(&trainer.session(), RunStatus::Finished);
        } catch (const NonFiniteError& e) {
            std::fprintf(stderr, "miniflow: run %s stopped: %s\n", name.c_str(), e.what());
            recorder.finish(&trainer.session(), RunStatus::Failed, e.what());
            status = 3;
        }
        done.push_back(recorder.record());
    }
    std::printf("%-40s %-12s %-14s %s\n", "run", "best epoch", "best val loss",
                "best val accuracy");
    for (const RunRecord& run : done) {
        const RunEpoch* best = run.epoch(run.bestEpochByMetric());
        std::printf("%-40s %-12d %-14s %s\n", run.name.c_str(), best ? best->epoch : 0,
                    best && best->validationLoss ? std::to_string(*best->validationLoss).c_str()
                                                 : "-",
                    best ? percent(best->validationAccuracy).c_str() : "-");
    }
    return status;
}

} // namespace miniflow::cli
