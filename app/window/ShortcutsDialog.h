#pragma once
#include <QDialog>

class QMenuBar;

/// Help > Keyboard Shortcuts: every action of the window's menus that has a shortcut, read
/// from the actions themselves (so the list cannot drift from what the keys do), grouped by
/// menu, plus the canvas gestures that are not actions.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
  public:
    explicit ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);

    struct Row {
        QString group;  ///< the menu's title, or "Canvas"
        QString action; ///< the action's text without mnemonics
        QString keys;   ///< native text of all its shortcuts, ", "-separated
    };
    /// The rows the dialog shows, in menu order.
    static QList<Row> rows(const QMenuBar* menus);
};
