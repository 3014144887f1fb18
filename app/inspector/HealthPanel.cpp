#include "app/inspector/HealthPanel.h"

#include "app/training/HealthController.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

HealthPanel::HealthPanel(HealthController* health, QWidget* parent)
    : QWidget(parent), health_(health), summary_(new QLabel), list_(new QListWidget) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    summary_->setWordWrap(true);
    list_->setWordWrap(true);
    list_->setAlternatingRowColors(true);
    list_->setSpacing(2);
    layout->addWidget(summary_);
    layout->addWidget(list_, 1);
    connect(health_, &HealthController::changed, this, &HealthPanel::refresh);
    connect(list_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        emit nodeActivated(miniflow::NodeId{item->data(Qt::UserRole).toLongLong()});
    });
    refresh();
}

void HealthPanel::refresh() {
    const std::vector<miniflow::HealthAlert>& alerts = health_->health().alerts();
    summary_->setText(alerts.empty()
                          ? tr("No gradient-health alerts. Badges appear on the canvas when "
                               "gradients vanish or explode, ReLUs die or sigmoid/tanh saturate.")
                          : tr("%n alert(s); badges mark them on the canvas.", nullptr,
                               static_cast<int>(alerts.size())));
    list_->clear();
    for (const miniflow::HealthAlert& a : alerts) {
        auto* item = new QListWidgetItem(QString::fromStdString(a.message), list_);
        item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(a.node.value));
        item->setToolTip(item->text());
    }
}
