// The studio's image views (NOTE [Image views]): the feature-map view, the kernel view, the
// edge inspector's tiles, step-through grids, their shared colours (NOTE [Tile colours]) and
// the live-parameter route they use while training (NOTE [Live parameters]), offscreen.
#include "app/analysis/FeatureMapPanel.h"
#include "app/analysis/KernelPanel.h"
#include "app/analysis/KernelTiles.h"
#include "app/analysis/StepDetails.h"
#include "app/analysis/TileGrid.h"
#include "app/analysis/TileScale.h"
#include "app/document/GraphDocument.h"
#include "app/document/ProjectFiles.h"
#include "app/inspector/EdgeInspector.h"
#include "app/training/TrainingController.h"
#include "inspect/ImageLayout.h"
#include "inspect/ProbeSession.h"
#include "inspect/StepThrough.h"
#include "io/GraphFile.h"

#include <QSignalSpy>
#include <QtTest>

using miniflow::Index;
using miniflow::NodeId;
using miniflow::Tensor;

namespace {

const QRgb kBlue = qRgb(33, 102, 172);
const QRgb kWhite = qRgb(247, 247, 247);
const QRgb kRed = qRgb(178, 24, 43);

/// A graph whose Input holds one 2 x 3 x 4 image: value i - 12 at column i, so channel 0
/// runs -12..-1 and channel 1 runs 0..11.
miniflow::GraphFile imageInputGraph() {
    nlohmann::json row = nlohmann::json::array();
    for (int i = 0; i < 24; ++i)
        row.push_back(i - 12);
    const nlohmann::json graph = {
        {"format", "miniflow-graph"},
        {"version", 1},
        {"nodes",
         {{{"id", 1},
           {"op", "Input"},
           {"name", "image"},
           {"attributes",
            {{"role", "features"},
             {"features", 24},
             {"sampleDims", {2, 3, 4}},
             {"value", nlohmann::json::array({row})}}},
           {"position", {0, 0}}},
          {{"id", 2},
           {"op", "ReLU"},
           {"name", "relu"},
           {"attributes", nlohmann::json::object()},
           {"position", {200, 0}}}}},
        {"edges", {{{"from", 1}, {"fromPort", 0}, {"to", 2}, {"toPort", 0}}}},
        {"dataset", {{"source", "none"}}}};
    return miniflow::graphFileFromJson(graph, "image test graph");
}

/// Input 1 x 4 x 4 -> Conv2D (2 out-channels, 2 x 2 kernels) with a known W.
miniflow::GraphFile convGraph() {
    nlohmann::json row = nlohmann::json::array();
    for (int i = 0; i < 16; ++i)
        row.push_back(i);
    const nlohmann::json graph = {
        {"format", "miniflow-graph"},
        {"version", 1},
        {"nodes",
         {{{"id", 1},
           {"op", "Input"},
           {"name", "x"},
           {"attributes",
            {{"role", "features"},
             {"features", 16},
             {"sampleDims", {1, 4, 4}},
             {"value", nlohmann::json::array({row})}}},
           {"position", {0, 0}}},
          {{"id", 2},
           {"op", "Parameter"},
           {"name", "W"},
           {"attributes",
            {{"rows", 2},
             {"cols", 4},
             {"value", {{1.0, 0.0, 0.0, -1.0}, {0.5, 0.5, -0.5, -0.25}}}}},
           {"position", {0, 120}}},
          {{"id", 3},
           {"op", "Parameter"},
           {"name", "b"},
           {"attributes", {{"rows", 1}, {"cols", 2}, {"value", {{0.0, 0.0}}}}},
           {"position", {0, 240}}},
          {{"id", 4},
           {"op", "Conv2D"},
           {"name", "conv"},
           {"attributes", {{"outChannels", 2}, {"kernelH", 2}, {"kernelW", 2}}},
           {"position", {200, 0}}}}},
        {"edges",
         {{{"from", 1}, {"fromPort", 0}, {"to", 4}, {"toPort", 0}},
          {{"from", 2}, {"fromPort", 0}, {"to", 4}, {"toPort", 1}},
          {{"from", 3}, {"fromPort", 0}, {"to", 4}, {"toPort", 2}}}},
        {"dataset", {{"source", "none"}}}};
    return miniflow::graphFileFromJson(graph, "conv test graph");
}

/// convGraph() with labels (18 zeros) and an MSE loss on the conv's output, for a backward
/// pass.
miniflow::GraphFile convGraphWithLoss() {
    miniflow::GraphFile file = convGraph();
    miniflow::Node labels;
    labels.op = "Input";
    labels.name = "y";
    labels.attributes = {{"role", "labels"},
                         {"features", 18},
                         {"value", nlohmann::json::array({std::vector<float>(18, 0.0f)})}};
    const NodeId y = file.graph.addNode(labels);
    miniflow::Node mse;
    mse.op = "MSE";
    mse.name = "loss";
    const NodeId loss = file.graph.addNode(mse);
    file.graph.addEdge({y, 0, loss, 0});
    file.graph.addEdge({NodeId{4}, 0, loss, 1});
    return file;
}

bool haveConv() {
    return miniflow::findOp("Conv2D") != nullptr;
}

} // namespace

class TestImageViews : public QObject {
    Q_OBJECT
  private slots:
    void tileScaleMapsValuesToColours();
    void kernelTilesDrawAKnownKernel();
    void kernelTilesAverageManyInChannels();
    void imageDimsReadShapes();
    void shapesReadAsChannelsHeightWidth();
    void featureMapViewShowsOneTilePerChannel();
    void featureMapViewSaysWhenAValueIsNoImage();
    void kernelViewShowsOneTilePerOutChannel();
    void edgeInspectorTilesAKernelGradient();
    void edgeInspectorTilesAnImageGradient();
    void stepDetailsPrintImagesAsGrids();
    void stepThroughExplainsTheConvRuleOnGrids();
    void liveParametersOnlyWhileAViewWantsThem();
};

void TestImageViews::tileScaleMapsValuesToColours() {
    const TileScale diverging{TileScale::Kind::Diverging, 2.0f};
    QCOMPARE(diverging.colour(-2.0f), kBlue);
    QCOMPARE(diverging.colour(0.0f), kWhite);
    QCOMPARE(diverging.colour(2.0f), kRed);
    QCOMPARE(diverging.colour(7.0f), kRed);                // beyond the limit: the end colour
    QCOMPARE(diverging.colour(1.0f), qRgb(213, 136, 145)); // halfway white -> red (rounded)
    QCOMPARE(diverging.colour(std::nanf("")), qRgb(255, 0, 255));
    const TileScale gray{TileScale::Kind::Gray, 4.0f};
    QCOMPARE(gray.colour(0.0f), qRgb(0, 0, 0));
    QCOMPARE(gray.colour(4.0f), qRgb(255, 255, 255));
    QCOMPARE(gray.colour(1.0f), qRgb(64, 64, 64));

    const float mixed[] = {-3.0f, 1.0f, 2.0f};
    const TileScale fitted = TileScale::fitting(mixed, 3);
    QCOMPARE(fitted.kind, TileScale::Kind::Diverging);
    QCOMPARE(fitted.limit, 3.0f);
    const float positive[] = {0.0f, 0.5f, 2.5f};
    QCOMPARE(TileScale::fitting(positive, 3).kind, TileScale::Kind::Gray);
    QCOMPARE(TileScale::fitting(positive, 3).limit, 2.5f);
    QVERIFY(fitted.describe().contains("3"));
}

/// 2 out-channels x 2 in-channels of 1 x 2 kernels: four tiles, row-major (out, in), on
/// one symmetric scale of max |W| = 4.
void TestImageViews::kernelTilesDrawAKnownKernel() {
    Tensor w(2, 4);
    w << 4, -4, 0, 2, //
        -2, 1, 4, 0;
    const miniflow::KernelDims dims{2, 2, 1, 2};
    const KernelTiles bank = KernelTiles::make(w, dims);
    QCOMPARE(bank.tiles.size(), size_t(4));
    QVERIFY(!bank.averaged);
    QCOMPARE(bank.columns, 2);
    QCOMPARE(bank.rowLabels.size(), 2);
    QCOMPARE(bank.scale.limit, 4.0f);
    for (const TileGrid::Tile& t : bank.tiles)
        QCOMPARE(t.image.size(), QSize(2, 1));
    QCOMPARE(bank.tiles[0].image.pixel(0, 0), kRed);   // out 0, in 0: 4
    QCOMPARE(bank.tiles[0].image.pixel(1, 0), kBlue);  // -4
    QCOMPARE(bank.tiles[1].image.pixel(0, 0), kWhite); // out 0, in 1: 0
    QCOMPARE(bank.tiles[3].image.pixel(0, 0), kRed);   // out 1, in 1: 4
    QCOMPARE(bank.tiles[2].image.pixel(0, 0),
             TileScale({TileScale::Kind::Diverging, 4}).colour(-2));

    TileGrid grid;
    grid.resize(400, 300);
    grid.setTiles(KernelTiles::make(w, dims).tiles, 2);
    QCOMPARE(grid.tileCount(), 4);
    QCOMPARE(grid.columns(), 2);
    QVERIFY(grid.zoom() > 1); // small kernels are drawn larger than one pixel per value
    QVERIFY(grid.heightForWidth(400) > 0);
}

void TestImageViews::kernelTilesAverageManyInChannels() {
    const miniflow::KernelDims dims{20, 16, 3, 3}; // 320 pairs > kMaxPairs
    Tensor w = Tensor::Zero(20, 16 * 9);
    w.row(3).setConstant(0.5f); // out-channel 3: every in-channel 0.5 -> mean 0.5
    w(5, 0) = -16.0f;           // out-channel 5, in 0, pixel 0 -> mean -1
    const KernelTiles bank = KernelTiles::make(w, dims);
    QVERIFY(bank.averaged);
    QCOMPARE(bank.tiles.size(), size_t(20));
    QCOMPARE(bank.scale.limit, 1.0f); // the means' largest magnitude
    QCOMPARE(bank.tiles[5].image.pixel(0, 0), kBlue);
    QCOMPARE(bank.tiles[3].image.pixel(2, 2),
             TileScale({TileScale::Kind::Diverging, 1.0f}).colour(0.5f));
    QCOMPARE(bank.tiles[0].image.pixel(1, 1), kWhite);
}

void TestImageViews::imageDimsReadShapes() {
    miniflow::Shape image = miniflow::Shape::batch(6 * 24 * 24);
    image.sampleDims = {6, 24, 24};
    QVERIFY(miniflow::imageDims(image) == (miniflow::ImageDims{6, 24, 24}));
    miniflow::Shape gray = miniflow::Shape::batch(784);
    gray.sampleDims = {28, 28};
    QVERIFY(miniflow::imageDims(gray) == (miniflow::ImageDims{1, 28, 28}));
    QVERIFY(!miniflow::imageDims(miniflow::Shape::batch(120)));
    miniflow::Shape wrong = miniflow::Shape::batch(10);
    wrong.sampleDims = {2, 2, 2};
    QVERIFY(!miniflow::imageDims(wrong)); // dims that do not multiply to the columns
}

void TestImageViews::shapesReadAsChannelsHeightWidth() {
    miniflow::Shape image = miniflow::Shape::batch(6 * 24 * 24);
    image.sampleDims = {6, 24, 24};
    QCOMPARE(QString::fromStdString(miniflow::shapeText(image)), QString("N x 6 x 24 x 24"));
    QCOMPARE(QString::fromStdString(miniflow::shapeText(miniflow::Shape::batch(120))),
             QString("N x 120"));
}

void TestImageViews::featureMapViewShowsOneTilePerChannel() {
    GraphDocument document;
    document.load(imageInputGraph(), QString());
    FeatureMapPanel panel(&document);
    panel.resize(500, 400);
    panel.show();
    QSignalSpy updated(&panel, &FeatureMapPanel::updated);
    panel.showNode(NodeId{1});
    QVERIFY(updated.wait(10000));
    QVERIFY2(panel.tiles()->tileCount() == 2, qPrintable(panel.captionText()));
    for (int c = 0; c < 2; ++c)
        QCOMPARE(panel.tiles()->tile(c).size(), QSize(4, 3)); // W x H
    QVERIFY(panel.captionText().contains("N x 2 x 3 x 4"));
    // Values -12..11 share one symmetric scale of limit 12: -12 blue, 0 white.
    QCOMPARE(panel.scale().kind, TileScale::Kind::Diverging);
    QCOMPARE(panel.scale().limit, 12.0f);
    QCOMPARE(panel.tiles()->tile(0).pixel(0, 0), kBlue);  // channel 0, (0, 0): -12
    QCOMPARE(panel.tiles()->tile(1).pixel(0, 0), kWhite); // channel 1, (0, 0): 0
    QCOMPARE(panel.tiles()->tile(1).pixel(3, 2), panel.scale().colour(11)); // (h 2, w 3)
    QCOMPARE(panel.tiles()->tile(0).pixel(1, 2), panel.scale().colour(-12 + 9));
    QVERIFY(panel.scaleText().contains("12"));

    // ReLU keeps the image: every value >= 0, so a gray scale from 0.
    panel.showNode(NodeId{2});
    QVERIFY(updated.wait(10000));
    QCOMPARE(panel.tiles()->tileCount(), 2);
    QCOMPARE(panel.scale().kind, TileScale::Kind::Gray);
    QCOMPARE(panel.scale().limit, 11.0f);
    QCOMPARE(panel.tiles()->tile(0).pixel(2, 1), qRgb(0, 0, 0));
    QCOMPARE(panel.tiles()->tile(1).pixel(3, 2), qRgb(255, 255, 255));
}

void TestImageViews::featureMapViewSaysWhenAValueIsNoImage() {
    GraphDocument document;
    document.load(ProjectFiles::read(":/examples/add.json"), QString());
    FeatureMapPanel panel(&document);
    panel.show();
    QSignalSpy updated(&panel, &FeatureMapPanel::updated);
    panel.showNode(NodeId{4});
    QVERIFY(updated.wait(10000));
    QCOMPARE(panel.tiles()->tileCount(), 0);
    QVERIFY2(panel.captionText().contains("not an image"), qPrintable(panel.captionText()));
}

void TestImageViews::kernelViewShowsOneTilePerOutChannel() {
    if (!haveConv())
        QSKIP("no Conv2D op registered in this build");
    GraphDocument document;
    document.load(convGraph(), QString());
    KernelPanel panel(&document);
    panel.resize(400, 300);
    panel.show();
    QSignalSpy updated(&panel, &KernelPanel::updated);
    panel.showNode(NodeId{4}); // the conv: its W is found through the edge
    if (panel.tiles()->tileCount() == 0)
        QVERIFY(updated.wait(10000));
    QCOMPARE(panel.kernel(), NodeId{2});
    QVERIFY(panel.dims() == (miniflow::KernelDims{2, 1, 2, 2}));
    QCOMPARE(panel.tiles()->tileCount(), 2); // outChannels tiles (one in-channel)
    QCOMPARE(panel.tiles()->tile(0).size(), QSize(2, 2));
    QCOMPARE(panel.scale().limit, 1.0f);
    QCOMPARE(panel.tiles()->tile(0).pixel(0, 0), kRed);  // W[0] = 1
    QCOMPARE(panel.tiles()->tile(0).pixel(1, 1), kBlue); // W[3] = -1
    QCOMPARE(panel.tiles()->tile(0).pixel(1, 0), kWhite);
    QCOMPARE(panel.tiles()->tile(1).pixel(1, 1), panel.scale().colour(-0.25f));
    QVERIFY(panel.captionText().contains("W"));
    QVERIFY(panel.scaleText().contains("1"));
    panel.showNode(NodeId{3}); // b is no kernel bank
    QCOMPARE(panel.tiles()->tileCount(), 0);
}

void TestImageViews::edgeInspectorTilesAKernelGradient() {
    EdgeInspector inspector;
    inspector.resize(330, 700);
    inspector.show();
    const miniflow::Edge edge{NodeId{2}, 0, NodeId{4}, 1};
    inspector.setLayout(std::nullopt, miniflow::KernelDims{3, 2, 2, 2}, "3 x 8");
    inspector.showEdge(edge, "W -> conv");
    TrainingSnapshot snapshot;
    Tensor g = Tensor::Zero(3, 8);
    g(1, 4) = -2; // out 1, in 1, (0, 0)
    g(2, 3) = 1;  // out 2, in 0, (1, 1)
    miniflow::GradientSummary summary;
    summary.rows = 3;
    summary.cols = 8;
    snapshot.edgeGradients = {{edge, summary}};
    snapshot.watchedEdge = edge;
    snapshot.watchedGradient = g;
    inspector.updateFrom(snapshot);
    QCOMPARE(inspector.tileCount(), 6); // one per (out, in) kernel
    QCOMPARE(inspector.tiles()->tile(3).pixel(0, 0), kBlue);
    QCOMPARE(inspector.tiles()->tile(4).pixel(1, 1),
             TileScale({TileScale::Kind::Diverging, 2}).colour(1));
    QCOMPARE(inspector.heatMapCells(), QSize(0, 0)); // the tiles replace the heat map
}

void TestImageViews::edgeInspectorTilesAnImageGradient() {
    EdgeInspector inspector;
    inspector.show();
    const miniflow::Edge edge{NodeId{4}, 0, NodeId{5}, 0};
    inspector.setLayout(miniflow::ImageDims{3, 2, 2}, std::nullopt, "N x 3 x 2 x 2");
    inspector.showEdge(edge, "conv -> relu");
    TrainingSnapshot snapshot;
    Tensor g = Tensor::Zero(5, 12); // 5 samples
    g(0, 8) = 3;                    // sample 0, channel 2, (0, 0)
    miniflow::GradientSummary summary;
    summary.rows = 5;
    summary.cols = 12;
    snapshot.edgeGradients = {{edge, summary}};
    snapshot.watchedEdge = edge;
    snapshot.watchedGradient = g;
    inspector.updateFrom(snapshot);
    QCOMPARE(inspector.tileCount(), 3); // one per channel
    QCOMPARE(inspector.tiles()->tile(2).pixel(0, 0), kRed);
    QCOMPARE(inspector.tiles()->tile(0).pixel(0, 0), kWhite);

    // A flat edge keeps the heat map.
    inspector.setLayout(std::nullopt, std::nullopt, QString());
    inspector.showEdge(miniflow::Edge{NodeId{5}, 0, NodeId{6}, 0}, "flat");
    snapshot.edgeGradients = {{miniflow::Edge{NodeId{5}, 0, NodeId{6}, 0}, summary}};
    snapshot.watchedEdge = miniflow::Edge{NodeId{5}, 0, NodeId{6}, 0};
    inspector.updateFrom(snapshot);
    QCOMPARE(inspector.tileCount(), 0);
    QCOMPARE(inspector.heatMapCells(), QSize(12, 5));
}

void TestImageViews::stepDetailsPrintImagesAsGrids() {
    Tensor x(1, 8); // one sample of 2 x 2 x 2
    x << 1, 2, 3, 4, 5, 6, 7, 8;
    StepDetails::Layout image;
    image.image = miniflow::ImageDims{2, 2, 2};
    const QString html = StepDetails::tensorHtml(x, image);
    QVERIFY(html.contains("channel 0") && html.contains("channel 1"));
    QCOMPARE(html.count("<tr>"), 1 + 2 * 2); // the planes' row, then 2 rows per channel
    const QString flat = StepDetails::tensorHtml(x);
    QCOMPARE(flat.count("<tr>"), 1); // one long row without the layout

    StepDetails::Layout kernel;
    kernel.kernel = miniflow::KernelDims{2, 1, 2, 2};
    Tensor w(2, 4);
    w << 1, 0, 0, -1, 0.5, 0.5, -0.5, -0.5;
    const QString bank = StepDetails::tensorHtml(w, kernel);
    QVERIFY(bank.contains("out 0, in 0") && bank.contains("out 1, in 0"));

    Tensor big = Tensor::Zero(1, 6 * 24 * 24);
    image.image = miniflow::ImageDims{6, 24, 24};
    QVERIFY(StepDetails::tensorHtml(big, image).contains("1 x 6 x 24 x 24")); // the summary
}

/// The conv's backward step: ∂L/∂W (a kernel bank) and the upstream ∂L/∂Y (an image) print
/// as grids, beside the rule's sentence from the op's traits.
void TestImageViews::stepThroughExplainsTheConvRuleOnGrids() {
    if (!haveConv())
        QSKIP("no Conv2D op registered in this build");
    const miniflow::GraphFile file = convGraphWithLoss();
    miniflow::ProbeSession probe = miniflow::makeProbeSession(file, ".", 1);
    miniflow::StepThrough model(probe.session);
    const StepDetails::Layouts layouts = StepDetails::layoutsFor(file.graph);
    QVERIFY(layouts.kernels.count(NodeId{2}) == 1);
    QVERIFY(layouts.images.count(NodeId{4}) == 1);
    QString forward, backward;
    while (model.stepForward()) {
        if (const auto* f = model.currentForward(); f && f->node == NodeId{1})
            forward = StepDetails::forwardHtml(*f, layouts);
        if (const auto* b = model.currentBackward(); b && b->node == NodeId{4})
            backward = StepDetails::backwardHtml(*b, layouts);
    }
    QVERIFY2(forward.contains("channel 0") && forward.contains("1 x 1 x 4 x 4"),
             qPrintable(forward));
    QCOMPARE(forward.count("<tr>"), 2 + 1 + 4); // statistics, then one 4 x 4 grid (not 1 x 16)
    QVERIFY2(backward.contains("out 1, in 0"), qPrintable(backward)); // ∂L/∂W per kernel
    QVERIFY2(backward.contains("channel 1"), qPrintable(backward));   // ∂L/∂Y per channel
}

void TestImageViews::liveParametersOnlyWhileAViewWantsThem() {
    GraphDocument document;
    miniflow::GraphFile file = ProjectFiles::read(":/examples/spiral.json");
    file.training.epochs = 1000000;
    document.load(std::move(file), ":/examples/spiral.json");
    TrainingController controller(&document);
    controller.setStepsPerSecond(0);
    int withParameters = 0, snapshots = 0;
    connect(&controller, &TrainingController::snapshotReady, this, [&](const TrainingSnapshot& s) {
        ++snapshots;
        withParameters += s.liveParameters ? 1 : 0;
    });
    controller.train();
    QTRY_VERIFY_WITH_TIMEOUT(snapshots >= 5, 10000);
    QCOMPARE(withParameters, 0);
    QObject view;
    controller.setParametersWanted(&view, true);
    QTRY_VERIFY_WITH_TIMEOUT(withParameters >= 2, 10000);
    controller.setParametersWanted(&view, false);
    QTest::qWait(100); // a snapshot already in flight may still carry them
    const int before = withParameters;
    const int snapshotsBefore = snapshots;
    QTRY_VERIFY_WITH_TIMEOUT(snapshots >= snapshotsBefore + 5, 10000);
    QCOMPARE(withParameters, before);
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() != TrainingState::Running, 10000);
}

QTEST_MAIN(TestImageViews)
#include "tst_image_views.moc"
