#include "app/inspector/NodeInspector.h"

#include "app/document/GraphCommand.h"
#include "app/document/GraphDocument.h"
#include "app/document/RemoveEdgeCommand.h"
#include "app/document/RenameNodeCommand.h"
#include "app/document/ResizeUnitsCommand.h"
#include "app/document/SetNodeAttributesCommand.h"
#include "autograd/Plan.h"
#include "inspect/NetworkSummary.h"
#include "ops/OpRegistry.h"
#include "tensor/Initializer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>

#include <QVBoxLayout>

using miniflow::NodeId;

namespace {

constexpr int kMaxSize = 1 << 24;

QStringList initializerNames() {
    using Kind = miniflow::Initializer::Kind;
    QStringList names;
    for (Kind k : {Kind::Zeros, Kind::Constant, Kind::Normal, Kind::Uniform, Kind::GlorotUniform,
                   Kind::KaimingNormal})
        names << QString::fromStdString(miniflow::toString(k));
    return names;
}

QString asText(const nlohmann::json& value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

} // namespace

NodeInspector::NodeInspector(GraphDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), title_(new QLabel(this)), summary_(new QLabel(this)),
      shape_(new QLabel(this)), statistics_(new QLabel(this)), name_(new QLineEdit(this)) {
    statistics_->setObjectName("statistics");
    statistics_->setWordWrap(true);
    name_->setObjectName("name");
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    title_->setFont(bold);
    summary_->setWordWrap(true);
    summary_->setStyleSheet("color: #666");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(summary_);
    auto* nameRow = new QFormLayout;
    nameRow->addRow(tr("Name"), name_);
    layout->addLayout(nameRow);
    formLayout_ = new QFormLayout;
    layout->addLayout(formLayout_);
    layout->addWidget(shape_);
    layout->addWidget(statistics_);
    checkButton_ = new QPushButton(tr("Check this node's gradient"), this);
    checkButton_->setObjectName("checkGradient");
    checkButton_->setToolTip(
        tr("Compares backprop with central finite differences and puts a badge with the relative "
           "error on the node (green < 1e-3, amber < 1e-2, red otherwise)"));
    connect(checkButton_, &QPushButton::clicked, this, [this] {
        if (node_.valid())
            emit gradientCheckRequested(node_);
    });
    layout->addWidget(checkButton_);
    layout->addStretch();
    connect(name_, &QLineEdit::editingFinished, this, &NodeInspector::commitName);
    connect(document_, &GraphDocument::nodeChanged, this, [this](NodeId id) {
        if (id == node_)
            refreshValues();
        else
            refreshShape(); // another node's edit may change this one's shape (units -> W)
    });
    for (auto signal : {&GraphDocument::edgeAdded, &GraphDocument::edgeRemoved})
        connect(document_, signal, this, &NodeInspector::refreshValues);
    connect(document_, &GraphDocument::nodeAdded, this, &NodeInspector::refreshShape);
    connect(document_, &GraphDocument::datasetChanged, this, &NodeInspector::refreshShape);
    connect(document_, &GraphDocument::nodeRemoved, this, [this](NodeId id) {
        if (id == node_)
            clearNode();
    });
    connect(document_, &GraphDocument::graphReplaced, this, &NodeInspector::clearNode);
    clearNode();
}

void NodeInspector::showNode(NodeId id) {
    if (!document_->graph().find(id))
        return clearNode();
    node_ = id;
    rebuild();
}

void NodeInspector::clearNode() {
    node_ = NodeId{};
    rebuild();
}

QWidget* NodeInspector::editorFor(const std::string& key) const {
    const auto it = editors_.find(key);
    return it == editors_.end() ? nullptr : it->second;
}

nlohmann::json NodeInspector::shownAttributes() const {
    const miniflow::Node* node = document_->graph().find(node_);
    const miniflow::OpInfo* info = miniflow::findOp(node->op);
    nlohmann::json shown = info ? info->defaultAttributes : nlohmann::json::object();
    for (const auto& [key, value] : node->attributes.items())
        shown[key] = value;
    return shown;
}

void NodeInspector::rebuild() {
    while (formLayout_->rowCount() > 0)
        formLayout_->removeRow(0); // deletes the editors
    editors_.clear();
    const bool shown = document_->graph().find(node_) != nullptr;
    name_->setEnabled(shown);
    checkButton_->setEnabled(shown);
    if (!shown) {
        title_->setText(tr("No node selected"));
        summary_->setText(tr("Select a node on the canvas to see and edit its attributes."));
        name_->clear();
        shape_->clear();
        statistics_->clear();
        return;
    }
    const nlohmann::json attributes = shownAttributes();
    for (const auto& [key, value] : attributes.items()) {
        QWidget* editor = makeEditor(key, value);
        editor->setObjectName(QString::fromStdString("attribute:" + key));
        editors_[key] = editor;
        formLayout_->addRow(QString::fromStdString(key), editor);
    }
    refreshValues();
}

/// Shows the current values without rebuilding (the field being edited keeps focus).
void NodeInspector::refreshValues() {
    const miniflow::Node* node = document_->graph().find(node_);
    if (!node)
        return;
    const nlohmann::json attributes = shownAttributes();
    bool sameKeys = attributes.size() == editors_.size();
    for (const auto& [key, value] : attributes.items())
        sameKeys = sameKeys && editors_.count(key);
    if (!sameKeys) { // new editors; not now: this may run inside an editor's own signal
        QMetaObject::invokeMethod(this, &NodeInspector::rebuild, Qt::QueuedConnection);
        return;
    }
    for (const auto& [key, value] : attributes.items())
        setEditorValue(editors_.at(key), value);
    const miniflow::OpInfo* info = miniflow::findOp(node->op);
    title_->setText(QString::fromStdString(node->name + " — " + node->op));
    summary_->setText(info ? QString::fromStdString(info->summary) : tr("unknown op"));
    if (!name_->hasFocus())
        name_->setText(QString::fromStdString(node->name));
    refreshShape();
}

/// The output shape from inferShapes over the whole graph (any node's edit may change it).
void NodeInspector::refreshShape() {
    if (!document_->graph().find(node_))
        return;
    const miniflow::ShapeInference inferred = miniflow::inferShapes(document_->graph());
    const auto shape = inferred.shapes.find(node_);
    shape_->setText(shape == inferred.shapes.end()
                        ? tr("Output shape: unknown (connect every input)")
                        : tr("Output shape: %1")
                              .arg(QString::fromStdString(miniflow::toString(shape->second))));
    refreshStatistics();
}

/// Parameters and multiply-adds of the node (NOTE [Network summary]): a layer counts the
/// Parameters it owns, a Parameter says its size and its owner.
void NodeInspector::refreshStatistics() {
    const miniflow::Graph& graph = document_->graph();
    const miniflow::NetworkSummary summary = miniflow::summarizeNetwork(graph);
    const miniflow::NodeSummary* n = summary.find(node_);
    if (!n)
        return statistics_->clear();
    auto grouped = [](std::int64_t v) {
        return QString::fromStdString(miniflow::groupedDigits(v));
    };
    if (n->isParameter) {
        const miniflow::Node* owner = graph.find(n->owner);
        statistics_->setText(owner ? tr("Parameters: %1, counted in %2")
                                         .arg(grouped(n->size), QString::fromStdString(owner->name))
                                   : tr("Parameters: %1 (feeds no node)").arg(grouped(n->size)));
        return;
    }
    QStringList owned;
    for (miniflow::NodeId id : n->ownedParameters)
        if (const miniflow::Node* p = graph.find(id))
            owned << QString::fromStdString(p->name);
    const QString parameters =
        owned.isEmpty() ? tr("Parameters: 0")
                        : tr("Parameters: %1 (%2)").arg(grouped(n->parameters), owned.join(", "));
    statistics_->setText(
        tr("%1\nMultiply-adds: %2 per sample").arg(parameters, grouped(n->multiplyAdds)));
}

QString NodeInspector::statisticsText() const {
    return statistics_->text();
}

QWidget* NodeInspector::makeEditor(const std::string& key, const nlohmann::json& value) {
    if (key == "role")
        return makeChoiceEditor(key, {"features", "labels"}, value);
    if (key == "initializer")
        return makeChoiceEditor(key, initializerNames(), value);
    if (value.is_boolean())
        return makeCheckEditor(key);
    if (value.is_number())
        return makeNumberEditor(key, value);
    return makeTextEditor(key, value);
}

/// true / false attributes (a Parameter's "trainable").
QWidget* NodeInspector::makeCheckEditor(const std::string& key) {
    auto* check = new QCheckBox;
    if (key == "trainable")
        check->setToolTip(tr("Off: no optimizer changes this Parameter (frozen weights, or the "
                             "running statistics BatchNorm updates itself)"));
    connect(check, &QCheckBox::toggled, this, [this, key](bool on) { commitAttribute(key, on); });
    return check;
}

QWidget* NodeInspector::makeNumberEditor(const std::string& key, const nlohmann::json& value) {
    if (value.is_number_integer()) {
        auto* spin = new QSpinBox;
        spin->setRange(key == "inputs" ? 2 : 1, key == "inputs" ? 32 : kMaxSize);
        spin->setKeyboardTracking(false); // typed values commit on Enter / focus out
        connect(spin, &QSpinBox::valueChanged, this,
                [this, key](int v) { commitAttribute(key, v); });
        return spin;
    }
    auto* spin = new QDoubleSpinBox;
    const bool fraction = key == "rate" || key == "alpha";
    // Penalties (NOTE [Parameter training attributes]) and BatchNorm's epsilon are small.
    const bool small = key == "l2" || key == "l1" || key == "epsilon";
    spin->setDecimals(fraction ? 3 : small ? 8 : 4);
    spin->setRange(fraction || small ? 0.0 : -1e9, fraction ? 0.999 : 1e9);
    spin->setSingleStep(fraction ? 0.05 : small ? 1e-4 : 0.1);
    if (key == "l2" || key == "l1")
        spin->setToolTip(key == "l2" ? tr("L2 penalty: l2 · W is added to this Parameter's "
                                          "gradient before each step (0: off)")
                                     : tr("L1 penalty: l1 · sign(W) is added to this Parameter's "
                                          "gradient before each step (0: off)"));
    spin->setKeyboardTracking(false);
    connect(spin, &QDoubleSpinBox::valueChanged, this,
            [this, key](double v) { commitAttribute(key, v); });
    return spin;
}

QWidget* NodeInspector::makeChoiceEditor(const std::string& key, const QStringList& choices,
                                         const nlohmann::json& value) {
    auto* combo = new QComboBox;
    combo->addItems(choices);
    if (value.is_string() && !choices.contains(asText(value)))
        combo->addItem(asText(value));
    connect(combo, &QComboBox::activated, this,
            [this, key, combo] { commitAttribute(key, combo->currentText().toStdString()); });
    return combo;
}

/// Strings as they are; lists and other JSON values as JSON text (e.g. [[1, 2]]).
QWidget* NodeInspector::makeTextEditor(const std::string& key, const nlohmann::json& value) {
    auto* edit = new QLineEdit;
    const bool json = !value.is_string();
    connect(edit, &QLineEdit::editingFinished, this, [this, key, edit, json] {
        if (!json)
            return commitAttribute(key, edit->text().toStdString());
        try {
            commitAttribute(key, nlohmann::json::parse(edit->text().toStdString()));
        } catch (const nlohmann::json::exception&) {
            QToolTip::showText(edit->mapToGlobal(QPoint(0, edit->height())), tr("not valid JSON"),
                               edit);
            refreshValues();
        }
    });
    return edit;
}

void NodeInspector::setEditorValue(QWidget* editor, const nlohmann::json& value) {
    const QSignalBlocker blocker(editor);
    if (auto* check = qobject_cast<QCheckBox*>(editor))
        check->setChecked(value.is_boolean() && value.get<bool>());
    else if (auto* spin = qobject_cast<QSpinBox*>(editor))
        spin->setValue(value.is_number() ? value.get<int>() : 0);
    else if (auto* real = qobject_cast<QDoubleSpinBox*>(editor))
        real->setValue(value.is_number() ? value.get<double>() : 0);
    else if (auto* combo = qobject_cast<QComboBox*>(editor))
        combo->setCurrentText(asText(value));
    else if (auto* edit = qobject_cast<QLineEdit*>(editor); edit && !edit->hasFocus())
        edit->setText(asText(value));
}

void NodeInspector::commitName() {
    const miniflow::Node* node = document_->graph().find(node_);
    if (!node)
        return;
    const std::string name = name_->text().trimmed().toStdString();
    if (name == node->name)
        return;
    const miniflow::Node* other = document_->graph().findByName(name);
    if (name.empty() || other) {
        QToolTip::showText(name_->mapToGlobal(QPoint(0, name_->height())),
                           name.empty() ? tr("a node needs a name")
                                        : tr("another node is already called that"),
                           name_);
        name_->setText(QString::fromStdString(node->name));
        return;
    }
    document_->push(new RenameNodeCommand(document_, node_, name));
}

void NodeInspector::commitAttribute(const std::string& key, const nlohmann::json& value) {
    const miniflow::Node* node = document_->graph().find(node_);
    if (!node || shownAttributes()[key] == value)
        return;
    bool accepted = false;
    const miniflow::OpInfo* info = miniflow::findOp(node->op);
    if (info && info->traits.unitsWeightPort >= 0 && key == "units" && value.is_number_integer()) {
        accepted =
            document_->push(new ResizeUnitsCommand(document_, node_, value.get<miniflow::Index>()));
    } else if (key == "inputs" && value.is_number_integer()) {
        commitInputsCount(*node, value.get<int>());
        return;
    } else {
        nlohmann::json attributes = node->attributes;
        attributes[key] = value;
        accepted = document_->push(new SetNodeAttributesCommand(document_, node_, attributes));
    }
    if (!accepted)
        refreshValues(); // refused while training: show the value that stands
}

/// Fewer ports: the edges into the removed ports go in the same undo step.
void NodeInspector::commitInputsCount(const miniflow::Node& node, int count) {
    auto* command = new GraphCommand(document_, tr("Change inputs to %1").arg(count), true);
    for (const miniflow::Edge& e : document_->graph().edges())
        if (e.to == node.id && e.toPort >= count)
            new RemoveEdgeCommand(document_, e, command);
    nlohmann::json attributes = node.attributes;
    attributes["inputs"] = count;
    new SetNodeAttributesCommand(document_, node.id, attributes, command);
    if (!document_->push(command))
        refreshValues();
}

QString NodeInspector::shapeText() const {
    return shape_->text();
}
