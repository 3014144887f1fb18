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
constexpr double kHeader = 26;
constexpr double kFooter = 20;
constexpr double kRadius = 5;
constexpr double kPad = 7;
constexpr double kMargin = 3; ///< room around the box for the selection outline

QFont sized(int pixels, bool bold) {
    QFont font;
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}
} // namespace

QFont NodeItem::titleFont() {
    return sized(kTextPixels + 1, true);
}

QFont NodeItem::textFont() {
    return sized(kTextPixels, false);
}

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

/// The problem when there is one, else the full name, op and what the op does.
void NodeItem::refreshToolTip() {
    const miniflow::OpInfo* info = miniflow::findOp(node_.op);
    const QString about = QString::fromStdString(node_.name + " (" + node_.op + ")") +
                          (info ? "\n" + QString::fromStdString(info->summary) : QString());
    setToolTip(problem_.isEmpty() ? about : problem_);
}

PortItem* NodeItem::inputPort(int index) const {
    return index >= 0 && index < inputCount() ? inputs_[static_cast<size_t>(index)] : nullptr;
}

QRectF NodeItem::box() const {
    return QRectF(0, 0, kWidth, height());
}

/// The box and the selection outline around it.
QRectF NodeItem::boundingRect() const {
    return QRectF(-kMargin, -kMargin, kWidth + 2 * kMargin, height() + 2 * kMargin);
}

/// The box takes clicks.
QPainterPath NodeItem::shape() const {
    QPainterPath path;
    path.addRect(boundingRect());
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

/// What a source node shows in its body: its role or initializer ("frozen" when a Parameter
/// is not trainable, NOTE [Parameter training attributes]).
QString NodeItem::detailText() const {
    const nlohmann::json& a = node_.attributes;
    if (a.contains("role") && a["role"].is_string())
        return QString::fromStdString(a["role"].get<std::string>());
    if (a.contains("trainable") && a["trainable"] == false)
        return QObject::tr("frozen");
    if (a.contains("initializer") && a["initializer"].is_string())
        return QString::fromStdString(a["initializer"].get<std::string>());
    if (a.contains("value"))
        return QObject::tr("constant");
    return {};
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF box(0, 0, kWidth, height());
    QPen outline(problem_.isEmpty() ? QColor(0x55, 0x55, 0x55) : QColor(0xd0, 0x20, 0x20),
                 problem_.isEmpty() ? 1 : 2.5);
    if (isSelected())
        outline = QPen(QColor(0xff, 0x9c, 0x1a), 3);
    painter->setPen(outline);
    painter->setBrush(QColor(0xfb, 0xfb, 0xfb));
    painter->drawRoundedRect(box, kRadius, kRadius);
    paintHeader(painter, box);
    paintBody(painter, box);
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
    painter->setFont(titleFont());
    const double nameWidth =
        std::min(std::ceil(QFontMetricsF(painter->font()).horizontalAdvance(name)) + 2, room);
    painter->setPen(Qt::white);
    painter->drawText(
        QRectF(kPad, 0, nameWidth, kHeader), Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(name, Qt::ElideRight, static_cast<int>(nameWidth)));
    if (name == op || room - nameWidth < 30)
        return; // the name comes first; the op if it fits
    painter->setFont(textFont());
    painter->setPen(QColor(255, 255, 255, 210));
    painter->drawText(QRectF(kPad + nameWidth + 6, 0, room - nameWidth - 6, kHeader),
                      Qt::AlignRight | Qt::AlignVCenter,
                      painter->fontMetrics().elidedText(op, Qt::ElideRight,
                                                        static_cast<int>(room - nameWidth - 6)));
}

/// Input port names down the left; the footer holds a source's detail and the output shape.
void NodeItem::paintBody(QPainter* painter, const QRectF& box) const {
    painter->setFont(textFont());
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
