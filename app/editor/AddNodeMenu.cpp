#include "app/editor/AddNodeMenu.h"

#include "app/editor/OpCatalog.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

AddNodeMenu::AddNodeMenu(QWidget* parent)
    : QFrame(parent, Qt::Popup), filter_(new QLineEdit(this)), tree_(new QTreeWidget(this)) {
    setFrameStyle(QFrame::StyledPanel | QFrame::Raised);
    filter_->setPlaceholderText(tr("Search nodes..."));
    filter_->setClearButtonEnabled(true);
    filter_->installEventFilter(this);
    tree_->setHeaderHidden(true);
    tree_->setRootIsDecorated(true);
    for (const QString& category : OpCatalog::categories()) {
        auto* group = new QTreeWidgetItem(tree_, {category});
        group->setFlags(Qt::ItemIsEnabled);
        for (const CatalogEntry& entry : OpCatalog::entries()) {
            if (entry.category != category)
                continue;
            auto* item = new QTreeWidgetItem(group, {entry.label});
            item->setData(0, Qt::UserRole, entry.kind);
            item->setToolTip(0, entry.summary);
        }
    }
    tree_->expandAll();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(filter_);
    layout->addWidget(tree_);
    resize(240, 340);
    connect(filter_, &QLineEdit::textChanged, this, &AddNodeMenu::applyFilter);
    connect(filter_, &QLineEdit::returnPressed, this, [this] {
        QTreeWidgetItem* current = tree_->currentItem();
        choose(current && !current->isHidden() ? current : firstVisibleKind());
    });
    connect(tree_, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { choose(item); });
    connect(tree_, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem* item) { choose(item); });
}

void AddNodeMenu::setFilter(const QString& text) {
    filter_->setText(text);
}

void AddNodeMenu::setInputsOnly(bool inputsOnly) {
    inputsOnly_ = inputsOnly;
    applyFilter();
}

QStringList AddNodeMenu::visibleKinds() const {
    QStringList kinds;
    for (int g = 0; g < tree_->topLevelItemCount(); ++g) {
        const QTreeWidgetItem* group = tree_->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (!group->child(i)->isHidden())
                kinds << group->child(i)->data(0, Qt::UserRole).toString();
    }
    return kinds;
}

void AddNodeMenu::popupAt(const QPoint& globalPos) {
    move(globalPos);
    show();
    filter_->setFocus();
}

void AddNodeMenu::applyFilter() {
    const QString text = filter_->text().trimmed();
    for (int g = 0; g < tree_->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = tree_->topLevelItem(g);
        bool any = false;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem* item = group->child(i);
            const CatalogEntry* entry = OpCatalog::find(item->data(0, Qt::UserRole).toString());
            const bool matches = text.isEmpty() ||
                                 entry->label.contains(text, Qt::CaseInsensitive) ||
                                 entry->category.contains(text, Qt::CaseInsensitive) ||
                                 entry->summary.contains(text, Qt::CaseInsensitive);
            const bool shown = matches && (!inputsOnly_ || entry->hasInputs);
            item->setHidden(!shown);
            any = any || shown;
        }
        group->setHidden(!any);
    }
    if (QTreeWidgetItem* first = firstVisibleKind())
        tree_->setCurrentItem(first);
}

QTreeWidgetItem* AddNodeMenu::firstVisibleKind() const {
    for (int g = 0; g < tree_->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = tree_->topLevelItem(g);
        for (int i = 0; i < group->childCount(); ++i)
            if (!group->child(i)->isHidden())
                return group->child(i);
    }
    return nullptr;
}

void AddNodeMenu::choose(QTreeWidgetItem* item) {
    if (chosen_ || !item || item->data(0, Qt::UserRole).toString().isEmpty())
        return;
    chosen_ = true; // a click can also activate: choose once
    emit kindChosen(item->data(0, Qt::UserRole).toString());
    close();
}

/// Up / Down in the filter box move through the list without leaving the box.
bool AddNodeMenu::eventFilter(QObject* watched, QEvent* event) {
    if (watched == filter_ && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            QTreeWidgetItem* current = tree_->currentItem();
            QTreeWidgetItem* next = current ? (key == Qt::Key_Down ? tree_->itemBelow(current)
                                                                   : tree_->itemAbove(current))
                                            : firstVisibleKind();
            while (next && next->data(0, Qt::UserRole).toString().isEmpty())
                next = key == Qt::Key_Down ? tree_->itemBelow(next) : tree_->itemAbove(next);
            if (next)
                tree_->setCurrentItem(next);
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}
