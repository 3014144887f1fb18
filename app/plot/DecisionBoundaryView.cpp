#include "app/plot/DecisionBoundaryView.h"

#include "app/training/TrainingController.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

using miniflow::Index;
using miniflow::Tensor;

namespace {

const QColor kWhite(0xf7, 0xf7, 0xf7);
const std::vector<QColor> kClassColours = {QColor(0xf5, 0x93, 0x22), QColor(0x08, 0x77, 0xbd),
                                           QColor(0x2e, 0xa0, 0x4a), QColor(0x9b, 0x4d, 0xca),
                                           QColor(0xd6, 0x27, 0x28), QColor(0x8c, 0x56, 0x4b)};

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

/// -1 -> orange, 0 -> white, +1 -> blue.
QColor diverging(double v) {
    return v < 0 ? mix(kWhite, kClassColours[0], -v) : mix(kWhite, kClassColours[1], v);
}

/// One grid row of probabilities (k >= 2 classes, or P(class 1) when k = 1) as a colour:
/// the classes' colours weighted by probability, faded to white when undecided.
QColor classColour(const Tensor& p, Index row) {
    if (p.cols() == 1)
        return diverging(2.0 * p(row, 0) - 1.0);
    double r = 0, g = 0, b = 0;
    for (Index c = 0; c < p.cols(); ++c) {
        const QColor& colour = kClassColours[static_cast<size_t>(c) % kClassColours.size()];
        r += p(row, c) * colour.redF();
        g += p(row, c) * colour.greenF();
        b += p(row, c) * colour.blueF();
    }
    const double k = static_cast<double>(p.cols());
    const double confidence = (p.row(row).maxCoeff() - 1.0 / k) / (1.0 - 1.0 / k);
    return mix(
        kWhite,
        QColor::fromRgbF(static_cast<float>(r), static_cast<float>(g), static_cast<float>(b)),
        confidence);
}

/// Column `col` of a resolution^2 x k tensor as an image, through `colour(value)`.
template <typename ColourOf> QImage gridImage(int resolution, ColourOf colour) {
    QImage image(resolution, resolution, QImage::Format_RGB32);
    for (int i = 0; i < resolution; ++i)
        for (int j = 0; j < resolution; ++j)
            image.setPixelColor(j, i, colour(static_cast<Index>(i) * resolution + j));
    return image;
}

QImage outputImage(const miniflow::BoundaryMap& map) {
    const Tensor& out = map.output;
    if (map.probabilities)
        return gridImage(map.resolution, [&](Index row) { return classColour(out, row); });
    const double lo = out.col(0).minCoeff(), hi = out.col(0).maxCoeff(); // regression: own range
    const double mid = (lo + hi) / 2, half = std::max((hi - lo) / 2, 1e-12);
    return gridImage(map.resolution,
                     [&](Index row) { return diverging((out(row, 0) - mid) / half); });
}

} // namespace

DecisionBoundaryView::DecisionBoundaryView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 200);
    setMouseTracking(false);
}

DecisionBoundaryView::~DecisionBoundaryView() {
    delete large_; // a top-level window of its own
}

void DecisionBoundaryView::watch(TrainingController* controller) {
    connect(controller, &TrainingController::snapshotReady, this,
            [this](const TrainingSnapshot& s) {
                if (s.boundary)
                    setMap(s.boundary);
            });
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (state == TrainingState::Idle)
            clear();
    });
}

void DecisionBoundaryView::setMap(std::shared_ptr<const miniflow::BoundaryMap> map) {
    map_ = std::move(map);
    output_ = map_ && map_->output.size() > 0 ? outputImage(*map_) : QImage();
    if (large_)
        large_->setMap(map_);
    update();
}

void DecisionBoundaryView::showNode(miniflow::NodeId node, const QString& name) {
    hovered_ = node;
    hoveredName_ = name;
    update();
}

void DecisionBoundaryView::pinNode(miniflow::NodeId node, const QString& name) {
    pinned_ = node;
    pinnedName_ = name;
    update();
}

void DecisionBoundaryView::clear() {
    map_.reset();
    output_ = QImage();
    if (large_)
        large_->clear();
    update();
}

miniflow::NodeId DecisionBoundaryView::wantedNode() const {
    return hovered_.valid() ? hovered_ : pinned_;
}

QString DecisionBoundaryView::wantedName() const {
    return hovered_.valid() ? hoveredName_ : pinnedName_;
}

miniflow::NodeId DecisionBoundaryView::shownNode() const {
    const miniflow::NodeId node = wantedNode();
    return map_ && map_->units.count(node) ? node : miniflow::NodeId{};
}

void DecisionBoundaryView::mousePressEvent(QMouseEvent* event) {
    QWidget::mousePressEvent(event);
    if (shownNode().valid() && !isWindow())
        openLargeGrid();
}

void DecisionBoundaryView::openLargeGrid() {
    const miniflow::NodeId node = shownNode();
    if (!node.valid())
        return;
    if (!large_) {
        large_ = new DecisionBoundaryView;
        large_->setAttribute(Qt::WA_DeleteOnClose);
        large_->unitSize_ = kLargeUnitSize;
    }
    large_->pinNode(node, wantedName());
    large_->setMap(map_);
    const int units = static_cast<int>(std::min<Index>(map_->units.at(node).cols(), kMaxUnitMaps));
    const int columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(units))));
    const int rows = (units + columns - 1) / columns;
    large_->setWindowTitle(tr("Units of %1").arg(wantedName()));
    const double aspect = (map_->xMax - map_->xMin) / std::max(map_->yMax - map_->yMin, 1e-12);
    const int cellW = static_cast<int>(std::ceil(kLargeUnitSize * std::max(1.0, aspect))) + 8;
    const int cellH = static_cast<int>(std::ceil(kLargeUnitSize * std::max(1.0, 1 / aspect))) + 20;
    large_->resize(columns * cellW + 16, rows * cellH + 36);
    large_->show();
    large_->raise();
}

/// The largest rectangle with the plane's aspect ratio inside `area`.
QRectF DecisionBoundaryView::plotRect(const QRectF& area) const {
    const double aspect = (map_->xMax - map_->xMin) / std::max(map_->yMax - map_->yMin, 1e-12);
    QSizeF size(area.width(), area.width() / aspect);
    if (size.height() > area.height())
        size = QSizeF(area.height() * aspect, area.height());
    return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

void DecisionBoundaryView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF caption(6, 2, width() - 12, 20);
    if (!map_) {
        painter.drawText(rect().adjusted(10, 10, -10, -10), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Train a graph on 2-feature data (spiral, xor, circle, gaussians) to "
                            "see its decision "
                            "boundary here. Hover a node on the canvas to see its units."));
        return;
    }
    const QRectF area = rect().adjusted(6, 24, -6, -6);
    drawnUnits_ = 0;
    if (shownNode().valid()) {
        paintUnits(painter, area);
        const int total = static_cast<int>(map_->units.at(shownNode()).cols());
        const QString shown = drawnUnits_ < total
                                  ? tr("%1 of %2 units (click for all)").arg(drawnUnits_).arg(total)
                                  : tr("its %1 units").arg(total);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(caption, Qt::AlignLeft | Qt::AlignVCenter,
                         tr("%1: %2 · step %3")
                             .arg(wantedName(), shown + (isWindow() || drawnUnits_ < total
                                                             ? QString()
                                                             : tr(" (click to enlarge)")))
                             .arg(map_->step));
    } else {
        const QString what = map_->probabilities ? tr("Class probabilities") : tr("Prediction");
        painter.drawText(caption, Qt::AlignLeft | Qt::AlignVCenter,
                         tr("%1 · step %2").arg(what).arg(map_->step));
        paintOutput(painter, area);
    }
}

void DecisionBoundaryView::paintOutput(QPainter& painter, const QRectF& area) const {
    const QRectF plot = plotRect(area);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(plot, output_);
    const miniflow::BoundaryMap& m = *map_;
    const float lo = m.labels.size() ? m.labels.minCoeff() : 0,
                hi = m.labels.size() ? m.labels.maxCoeff() : 1;
    painter.setPen(QPen(Qt::white, 1));
    for (Index r = 0; r < m.points.rows(); ++r) {
        const QPointF at(plot.left() + (m.points(r, 0) - m.xMin) / (m.xMax - m.xMin) * plot.width(),
                         plot.top() +
                             (m.yMax - m.points(r, 1)) / (m.yMax - m.yMin) * plot.height());
        const float label = m.labels(r, 0);
        const QColor colour =
            m.probabilities
                ? kClassColours[static_cast<size_t>(std::max(0.0f, label)) % kClassColours.size()]
                : diverging(hi > lo ? 2.0 * (label - lo) / (hi - lo) - 1.0 : 0.0);
        painter.setBrush(colour.darker(115));
        painter.drawEllipse(at, 3.2, 3.2);
    }
    painter.setPen(QPen(QColor(0x60, 0x60, 0x60), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
}

/// A grid of maps, one per unit, each scaled by its own largest |value| (so a unit's shape
/// shows even when its outputs are small), each at least unitSize_ pixels: the first units
/// that fit at that size when not all do.
void DecisionBoundaryView::paintUnits(QPainter& painter, const QRectF& area) {
    const Tensor& values = map_->units.at(shownNode());
    const int total = static_cast<int>(std::min<Index>(values.cols(), kMaxUnitMaps));
    constexpr double kLabel = 12, kPad = 4; ///< a cell is its map plus a label and padding
    // the plane's aspect ratio: the shorter side of each map gets unitSize_ pixels
    const double aspect = (map_->xMax - map_->xMin) / std::max(map_->yMax - map_->yMin, 1e-12);
    const double mapW = unitSize_ * std::max(1.0, aspect);
    const double mapH = unitSize_ * std::max(1.0, 1.0 / aspect);
    const int fitColumns = std::max(1, static_cast<int>(area.width() / (mapW + kPad)));
    const int fitRows = std::max(1, static_cast<int>(area.height() / (mapH + kPad + kLabel)));
    const int units = std::min(total, fitColumns * fitRows);
    const int square = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(units))));
    const int columns = std::clamp(square, (units + fitRows - 1) / fitRows, fitColumns);
    const int rows = (units + columns - 1) / columns;
    const double cellW = area.width() / columns, cellH = area.height() / rows;
    drawnUnits_ = units;
    drawnUnitSize_ = 0;
    QFont font = painter.font();
    font.setPixelSize(10);
    painter.setFont(font);
    for (int u = 0; u < units; ++u) {
        const double scale =
            std::max(static_cast<double>(values.col(u).cwiseAbs().maxCoeff()), 1e-12);
        const QImage image = gridImage(
            map_->resolution, [&](Index row) { return diverging(values(row, u) / scale); });
        const QRectF cell(area.left() + (u % columns) * cellW, area.top() + (u / columns) * cellH,
                          cellW, cellH);
        const QRectF plot = plotRect(cell.adjusted(kPad / 2, kLabel, -kPad / 2, -kPad / 2));
        drawnUnitSize_ = u == 0 ? std::min(plot.width(), plot.height())
                                : std::min({drawnUnitSize_, plot.width(), plot.height()});
        painter.drawImage(plot, image);
        painter.setPen(QColor(0x30, 0x30, 0x30));
        painter.drawText(QRectF(cell.left(), cell.top(), cellW, 12), Qt::AlignCenter,
                         tr("unit %1").arg(u));
    }
}
