#include "app/editor/NodePalette.h"

#include "app/editor/OpCatalog.h"

#include <QMimeData>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidgetItemIterator>

namespace {

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(colour);
    painter.setPen(colour.darker(130));
    painter.drawRoundedRect(QRectF(1, 1, 10, 10), 3, 3);
    return QIcon(pixmap);
}

} // namespace

NodePalette::NodePalette(QWidget* parent) : QTreeWidget(parent) {
    setHeaderHidden(true);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    for (const QString& category : OpCatalog::categories()) {
        auto* group = new QTreeWidgetItem(this, {category});
        group->setFlags(Qt::ItemIsEnabled);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        for (const CatalogEntry& entry : OpCatalog::entries()) {
            if (entry.category != category)
                continue;
            auto* item = new QTreeWidgetItem(group, {entry.label});
            item->setData(0, Qt::UserRole, entry.kind);
            item->setToolTip(0, entry.summary + tr("\nDrag onto the canvas, or double-click."));
            item->setIcon(0, swatch(OpCatalog::categoryColour(category)));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        }
    }
    expandAll();
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString kind = item->data(0, Qt::UserRole).toString();
        if (!kind.isEmpty())
            emit kindActivated(kind);
    });
}

QTreeWidgetItem* NodePalette::itemForKind(const QString& kind) const {
    for (QTreeWidgetItemIterator it(const_cast<NodePalette*>(this)); *it; ++it)
        if ((*it)->data(0, Qt::UserRole).toString() == kind)
            return *it;
    return nullptr;
}

QMimeData* NodePalette::mimeDataForKind(const QString& kind) const {
    auto* mime = new QMimeData;
    mime->setData(OpCatalog::kMimeType, kind.toUtf8());
    mime->setText(kind);
    return mime;
}

QStringList NodePalette::mimeTypes() const {
    return {OpCatalog::kMimeType};
}

QMimeData* NodePalette::mimeData(const QList<QTreeWidgetItem*>& items) const {
    if (items.isEmpty())
        return nullptr;
    const QString kind = items.front()->data(0, Qt::UserRole).toString();
    return kind.isEmpty() ? nullptr : mimeDataForKind(kind);
}
