#pragma once
#include <QTreeWidget>

/// The palette dock's list of node kinds, grouped by OpInfo::category, with a "Dense
/// layer" entry. Dragging an entry carries its kind as OpCatalog::kMimeType; the canvas
/// adds the node where it is dropped. Double-click (or Enter) asks for the node at the
/// canvas centre.
class NodePalette : public QTreeWidget {
    Q_OBJECT
  public:
    explicit NodePalette(QWidget* parent = nullptr);

    /// The entry for `kind`, or null.
    QTreeWidgetItem* itemForKind(const QString& kind) const;
    /// What dragging the entry for `kind` carries (caller owns it).
    QMimeData* mimeDataForKind(const QString& kind) const;

  signals:
    void kindActivated(const QString& kind);

  protected:
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override;
};
