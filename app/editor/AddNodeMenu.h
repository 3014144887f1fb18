#pragma once
#include <QFrame>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

/// The searchable, categorized "add a node" popup of the canvas (right-click or
/// double-click on empty canvas, typing over it, or an edge dropped on empty canvas).
/// Typing filters the list by name, category or description; Enter or a click chooses.
class AddNodeMenu : public QFrame {
    Q_OBJECT
  public:
    explicit AddNodeMenu(QWidget* parent = nullptr);

    void setFilter(const QString& text);
    /// Only kinds that have inputs (to connect a dragged edge to the new node).
    void setInputsOnly(bool inputsOnly);
    /// The kinds currently listed, in order.
    QStringList visibleKinds() const;
    QLineEdit* filterEdit() const { return filter_; }
    /// Shows the popup at `globalPos` with the filter box focused.
    void popupAt(const QPoint& globalPos);

  signals:
    void kindChosen(const QString& kind);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void applyFilter();
    void choose(QTreeWidgetItem* item);
    QTreeWidgetItem* firstVisibleKind() const;

    QLineEdit* filter_;
    QTreeWidget* tree_;
    bool inputsOnly_ = false;
    bool chosen_ = false;
};
