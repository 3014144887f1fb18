#include "app/editor/NodeItem.h"

#include "app/editor/OpCatalog.h"
#include "app/editor/PortItem.h"
#include "ops/OpRegistry.h"

#include <QFontMetricsF>
#include <QPainter>

#include <QStyleOptionGraphicsItem>
#include <algorithm>
#include <cmath>

namespace {
constexpr double kHeader = 24;
constexpr double kRow = 16;
constexpr double kFooter = 18;
constexpr double kRadius = 5;
constexpr double kPad = 7;
constexpr double kBadgeHeight = 15;
constexpr double kStripHeight = 10;
constexpr double kMargin = 8; ///< room around the box for the halo

/// Blue (-1) - white (0) - red (+1).
QColor diverging(double t) {
    const double a = std::clamp(std::abs(t), 0.0, 1.0);
    const QColor end = t < 0 ? QColor(33, 102, 172) : QColor(178, 24, 43);
    const auto mix = [a](int from, int to) { return static_cast<int>(from + (to - from) * a); };
    return QColor(mix(247, end.red()), mix(247, end.green()), mix(247, end.blue()));
}

/// At most `cells` values: each keeps the value of largest magnitude of its block.
std::vector<float> reduceToCells(const std::vector<float>& values, size_t cells) {
    if (values.size() <= cells)
        return values;
    std::vector<float> out(cells, 0.0f);
    for (size_t i = 0; i < values.size(); ++i) {
        float& cell = out[i * cells / values.size()];
        if (std::abs(values[i]) > std::abs(cell))
            cell = values[i];
    }
    return out;
}

QFont sized(QFont font, int pixels, bool bold = false) {
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}
} // namespace

int NodeItem::portCountOf(const miniflow::Node& node) {
    const miniflow::OpInfo* info = miniflow::findOp(node.op);
    if (!info)
        return 0;
    try {
        return info->portCount(node.attributes);
    } catch (const std::exception&) {
        return static_cast<int>(info->inputNames.size());
    }
}

NodeItem::NodeItem(const miniflow::Node& node) : node_(node) {
    const miniflow::OpInfo* info = miniflow::findOp(node.op);
    category_ = info ? QString::fromStdString(info->category) : QString();
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setZValue(1);
    // Training repaints every edge ~25 times a second, and with them the nodes they pass;
    // from a cached pixmap that costs a copy instead of laying out the node's text again.
    setCacheMode(DeviceCoordinateCache);
    setPos(node.position.x, node.position.y);
    output_ = new PortItem({node.id, 0, true}, QObject::tr("out"), this);
    syncPorts();
    refreshToolTip();
}

void NodeItem::updateFrom(const miniflow::Node& node) {
    prepareGeometryChange();
    node_ = node;
    syncPorts();
    refreshToolTip();
    update();
}

void NodeItem::setShapeText(const QString& text) {
    if (text == shapeText_)
        return;
    shapeText_ = text;
    update();
}

void NodeItem::setProblem(const QString& message) {
    if (message == problem_)
        return;
    problem_ = message;
    refreshToolTip();
    update();
}

/// The problem when there is one, else the full name, op and what the op does; then the badge's
/// explanation.
void NodeItem::refreshToolTip() {
    const miniflow::OpInfo* info = miniflow::findOp(node_.op);
    const QString about = QString::fromStdString(node_.name + " (" + node_.op + ")") +
                          (info ? "\n" + QString::fromStdString(info->summary) : QString());
    const QString main = problem_.isEmpty() ? about : problem_;
    setToolTip(badgeText_.isEmpty() ? main : main + "\n\n" + badgeExplanation_);
}

void NodeItem::setHighlight(Highlight highlight) {
    if (highlight == highlight_)
        return;
    prepareGeometryChange();
    highlight_ = highlight;
    update();
}

void NodeItem::setBadge(const QString& text, const QColor& colour, const QString& explanation) {
    prepareGeometryChange();
    badgeText_ = text;
    badgeColour_ = colour;
    badgeExplanation_ = explanation;
    refreshToolTip();
    update();
}

void NodeItem::setActivation(const std::vector<float>& values) {
    prepareGeometryChange();
    activation_ = reduceToCells(values, kActivationCells);
    update();
}

PortItem* NodeItem::inputPort(int index) const {
    return index >= 0 && index < inputCount() ? inputs_[static_cast<size_t>(index)] : nullptr;
}

/// The box, plus room for whichever of halo, badge and strip is shown (so fitting the view
/// to the nodes is not changed by them being absent).
QRectF NodeItem::boundingRect() const {
    const double side = highlight_ == Highlight::None ? 3 : kMargin;
    const double top = std::max(side, badgeText_.isEmpty() ? 0.0 : kBadgeHeight + 3);
    const double bottom = std::max(side, activation_.empty() ? 0.0 : kStripHeight + 4);
    return QRectF(-side, -top, kWidth + 2 * side, height() + top + bottom);
}

/// Only the box takes clicks, not the room kept for the halo, badge and strip.
QPainterPath NodeItem::shape() const {
    QPainterPath path;
    path.addRect(QRectF(-3, -3, kWidth + 6, height() + 6));
    return path;
}

int NodeItem::rows() const {
    return inputCount();
}

double NodeItem::height() const {
    return kHeader + rows() * kRow + kFooter;
}

void NodeItem::syncPorts() {
    const int wanted = portCountOf(node_);
    while (inputCount() > wanted) {
        delete inputs_.back();
        inputs_.pop_back();
    }
    while (inputCount() < wanted)
        inputs_.push_back(
            new PortItem({node_.id, inputCount(), false}, portLabel(inputCount()), this));
    for (int i = 0; i < inputCount(); ++i)
        inputs_[static_cast<size_t>(i)]->setPos(0, kHeader + (i + 0.5) * kRow);
    output_->setPos(kWidth, rows() > 0 ? kHeader + rows() * kRow / 2 : kHeader + kFooter / 2);
}

QString NodeItem::portLabel(int index) const {
    const miniflow::OpInfo* info = miniflow::findOp(node_.op);
    if (!info || info->inputNames.empty())
        return QString::number(index);
    if (info->variadic)
        return QString::fromStdString(info->inputNames.front()) + QString::number(index + 1);
    return QString::fromStdString(info->inputNames.at(static_cast<size_t>(index)));
}

/// What a source node shows in its body: its role or initializer.
QString NodeItem::detailText() const {
    const nlohmann::json& a = node_.attributes;
    if (a.contains("role") && a["role"].is_string())
        return QString::fromStdString(a["role"].get<std::string>());
    if (a.contains("initializer") && a["initializer"].is_string())
        return QString::fromStdString(a["initializer"].get<std::string>());
    if (a.contains("value"))
        return QObject::tr("constant");
    return {};
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, kWidth, height());
    paintHighlight(painter, box);
    QPen outline(problem_.isEmpty() ? QColor(0x55, 0x55, 0x55) : QColor(0xd0, 0x20, 0x20),
                 problem_.isEmpty() ? 1 : 2.5);
    if (isSelected())
        outline = QPen(QColor(0xff, 0x9c, 0x1a), 3);
    painter->setPen(outline);
    painter->setBrush(QColor(0xfb, 0xfb, 0xfb));
    painter->drawRoundedRect(box, kRadius, kRadius);
    paintHeader(painter, box);
    paintBody(painter, box);
    paintBadge(painter);
    paintActivation(painter, box);
}

void NodeItem::paintHighlight(QPainter* painter, const QRectF& box) const {
    if (highlight_ == Highlight::None)
        return;
    const QColor colour = highlight_ == Highlight::Forward ? QColor(0x1f, 0x77, 0xd4, 170)
                                                           : QColor(0x7b, 0x3f, 0xe4, 170);
    painter->setPen(QPen(colour, 7));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(box.adjusted(-3, -3, 3, 3), kRadius + 2, kRadius + 2);
}

void NodeItem::paintBadge(QPainter* painter) const {
    if (badgeText_.isEmpty())
        return;
    painter->setFont(sized(painter->font(), 10, true));
    const double width = QFontMetricsF(painter->font()).horizontalAdvance(badgeText_) + 12;
    const QRectF pill(kWidth - width, -kBadgeHeight - 3, width, kBadgeHeight);
    painter->setPen(Qt::NoPen);
    painter->setBrush(badgeColour_);
    painter->drawRoundedRect(pill, kBadgeHeight / 2, kBadgeHeight / 2);
    painter->setPen(badgeColour_.lightnessF() > 0.6 ? Qt::black : Qt::white);
    painter->drawText(pill, Qt::AlignCenter, badgeText_);
}

void NodeItem::paintActivation(QPainter* painter, const QRectF& box) const {
    if (activation_.empty())
        return;
    float largest = 0;
    for (float v : activation_)
        largest = std::max(largest, std::isfinite(v) ? std::abs(v) : 0.0f);
    const double cell = box.width() / static_cast<double>(activation_.size());
    painter->setPen(Qt::NoPen);
    for (size_t i = 0; i < activation_.size(); ++i) {
        const float v = activation_[i];
        painter->setBrush(!std::isfinite(v) ? QColor(Qt::magenta)
                                            : diverging(largest > 0 ? v / largest : 0.0));
        painter->drawRect(QRectF(box.left() + static_cast<double>(i) * cell, box.bottom() + 3, cell,
                                 kStripHeight));
    }
    painter->setPen(QColor(0x88, 0x88, 0x88));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(QRectF(box.left(), box.bottom() + 3, box.width(), kStripHeight));
}

/// Name (bold, left) and op (right, lighter) on the category-coloured header band.
void NodeItem::paintHeader(QPainter* painter, const QRectF& box) const {
    QPainterPath header;
    header.addRoundedRect(QRectF(box.left(), box.top(), box.width(), kHeader), kRadius, kRadius);
    header.addRect(QRectF(box.left(), kHeader - kRadius, box.width(), kRadius));
    painter->fillPath(header.simplified(), OpCatalog::categoryColour(category_));
    const QString op = QString::fromStdString(node_.op);
    const QString name = QString::fromStdString(node_.name);
    const double room = box.width() - 2 * kPad;
    painter->setFont(sized(painter->font(), 12, true));
    const double nameWidth =
        std::min(std::ceil(QFontMetricsF(painter->font()).horizontalAdvance(name)) + 2, room);
    painter->setPen(Qt::white);
    painter->drawText(
        QRectF(kPad, 0, nameWidth, kHeader), Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(name, Qt::ElideRight, static_cast<int>(nameWidth)));
    if (name == op || room - nameWidth < 30)
        return; // the name comes first; the op if it fits
    painter->setFont(sized(painter->font(), 10));
    painter->setPen(QColor(255, 255, 255, 210));
    painter->drawText(QRectF(kPad + nameWidth + 6, 0, room - nameWidth - 6, kHeader),
                      Qt::AlignRight | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(op, Qt::ElideRight,
                                                        static_cast<int>(room - nameWidth - 6)));
}

/// Input port names down the left; the footer holds a source's detail and the output shape.
void NodeItem::paintBody(QPainter* painter, const QRectF& box) const {
    painter->setFont(sized(painter->font(), 10));
    painter->setPen(QColor(0x30, 0x30, 0x30));
    for (int i = 0; i < inputCount(); ++i)
        painter->drawText(QRectF(kPad + 4, kHeader + i * kRow, box.width() / 2, kRow),
                          Qt::AlignLeft | Qt::AlignVCenter,
                          inputs_[static_cast<size_t>(i)]->label());
    const QRectF footer(kPad, box.height() - kFooter, box.width() - 2 * kPad - 4, kFooter);
    if (inputs_.empty()) {
        painter->setPen(QColor(0x70, 0x70, 0x70));
        painter->drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, detailText());
    }
    painter->setPen(problem_.isEmpty() ? QColor(0x50, 0x50, 0x50) : QColor(0xc0, 0x20, 0x20));
    const QString shape = shapeText_.isEmpty() ? QObject::tr("shape ?") : shapeText_;
    painter->drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                      problem_.isEmpty() ? shape : "⚠ " + shape);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value) {
    if (change == ItemPositionHasChanged && moved_)
        moved_(this);
    return QGraphicsItem::itemChange(change, value);
}
