#include "app/editor/EdgeScaleControls.h"

#include "app/editor/EdgeRangeDialog.h"
#include "app/editor/GraphScene.h"

#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QToolButton>

namespace {
constexpr EdgeQuantity kQuantities[] = {EdgeQuantity::Gradient, EdgeQuantity::ForwardValue,
                                        EdgeQuantity::UpdateRatio};
constexpr EdgeScaleMode kModes[] = {EdgeScaleMode::RunWide, EdgeScaleMode::PerSnapshot,
                                    EdgeScaleMode::Fixed};

QString quantityLabel(EdgeQuantity q) {
    switch (q) {
    case EdgeQuantity::Gradient:
        return QObject::tr("Gradient");
    case EdgeQuantity::ForwardValue:
        return QObject::tr("Forward value");
    case EdgeQuantity::UpdateRatio:
        return QObject::tr("Update ratio (weights)");
    }
    return {};
}

QString modeLabel(EdgeScaleMode m) {
    switch (m) {
    case EdgeScaleMode::RunWide:
        return QObject::tr("Run-wide");
    case EdgeScaleMode::PerSnapshot:
        return QObject::tr("Per snapshot");
    case EdgeScaleMode::Fixed:
        return QObject::tr("Fixed");
    }
    return {};
}
} // namespace

EdgeScaleControls::EdgeScaleControls(GraphScene* scene, QWidget* parent)
    : QWidget(parent), scene_(scene), quantity_(new QComboBox(this)), mode_(new QComboBox(this)),
      range_(new QToolButton(this)) {
    quantity_->setObjectName("edgeQuantity");
    mode_->setObjectName("edgeScaleMode");
    for (EdgeQuantity q : kQuantities)
        quantity_->addItem(quantityLabel(q), static_cast<int>(q));
    for (EdgeScaleMode m : kModes)
        mode_->addItem(modeLabel(m), static_cast<int>(m));
    quantity_->setToolTip(tr("What the edge colours show: the gradient flowing back, the value "
                             "flowing forward, or how much one step changes a weight "
                             "(||ΔW||/||W||, on edges leaving a Parameter)"));
    mode_->setToolTip(tr("Run-wide: the range covers the whole run and only grows; per "
                         "snapshot: the latest snapshot's smallest to largest; fixed: a range "
                         "you set"));
    // Combos that may shrink below their longest item: the legend row must fit a 1024 px
    // window beside the docks (NOTE [Window layout]).
    for (QComboBox* box : {quantity_, mode_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(7);
    }
    range_->setText(tr("Range..."));
    range_->setToolTip(tr("Set the fixed range of the edge colours"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Colour edges by"), this));
    layout->addWidget(quantity_);
    layout->addWidget(new QLabel(tr("scale"), this));
    layout->addWidget(mode_);
    layout->addWidget(range_);
    connect(quantity_, &QComboBox::activated, this, [this](int index) {
        scene_->setEdgeQuantity(static_cast<EdgeQuantity>(quantity_->itemData(index).toInt()));
    });
    connect(mode_, &QComboBox::activated, this, [this](int index) {
        const auto mode = static_cast<EdgeScaleMode>(mode_->itemData(index).toInt());
        if (mode == EdgeScaleMode::Fixed && scene_->gradientScale().mode() != mode)
            editFixedRange();
        else
            scene_->setEdgeScaleMode(mode);
    });
    connect(range_, &QToolButton::clicked, this, &EdgeScaleControls::editFixedRange);
    buildMenu();
    connect(scene_, &GraphScene::edgeScaleChanged, this, &EdgeScaleControls::mirror);
    mirror(scene_->gradientScale());
}

void EdgeScaleControls::buildMenu() {
    menu_ = new QMenu(tr("&Edge colours"), this);
    quantityActions_ = new QActionGroup(this);
    for (EdgeQuantity q : kQuantities) {
        QAction* action = menu_->addAction(tr("Colour by %1").arg(quantityLabel(q).toLower()));
        action->setCheckable(true);
        action->setData(static_cast<int>(q));
        quantityActions_->addAction(action);
        connect(action, &QAction::triggered, this, [this, q] { scene_->setEdgeQuantity(q); });
    }
    menu_->addSeparator();
    modeActions_ = new QActionGroup(this);
    for (EdgeScaleMode m : kModes) {
        QAction* action = menu_->addAction(tr("Scale: %1").arg(modeLabel(m).toLower()));
        action->setCheckable(true);
        action->setData(static_cast<int>(m));
        modeActions_->addAction(action);
        connect(action, &QAction::triggered, this, [this, m] {
            if (m == EdgeScaleMode::Fixed)
                editFixedRange();
            else
                scene_->setEdgeScaleMode(m);
        });
    }
    menu_->addAction(tr("Set fixed range..."), this, &EdgeScaleControls::editFixedRange);
}

void EdgeScaleControls::editFixedRange() {
    const GradientScale& scale = scene_->gradientScale();
    const bool usable = scale.hasRange() && scale.maxValue() > scale.minValue();
    EdgeRangeDialog dialog(usable ? scale.minValue() : scale.fixedMin(),
                           usable ? scale.maxValue() : scale.fixedMax(), this);
    if (dialog.exec() == QDialog::Accepted &&
        scene_->setFixedEdgeRange(dialog.minValue(), dialog.maxValue()))
        scene_->setEdgeScaleMode(EdgeScaleMode::Fixed);
    mirror(scene_->gradientScale()); // a cancelled dialog leaves the mode as it was
}

void EdgeScaleControls::mirror(const GradientScale& scale) {
    const QSignalBlocker a(quantity_), b(mode_);
    quantity_->setCurrentIndex(quantity_->findData(static_cast<int>(scale.quantity())));
    mode_->setCurrentIndex(mode_->findData(static_cast<int>(scale.mode())));
    for (QAction* action : quantityActions_->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(scale.quantity()));
    for (QAction* action : modeActions_->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(scale.mode()));
}
