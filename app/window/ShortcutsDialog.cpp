#include "app/window/ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

QString plain(QString text) {
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text.replace(QStringLiteral("&&"), QStringLiteral("&"));
}

void collect(const QMenu* menu, const QString& group, QList<ShortcutsDialog::Row>& out) {
    for (const QAction* action : menu->actions()) {
        if (const QMenu* sub = action->menu()) {
            collect(sub, group + QStringLiteral(" › ") + plain(sub->title()), out);
            continue;
        }
        const QList<QKeySequence> keys = action->shortcuts();
        if (action->isSeparator() || keys.isEmpty())
            continue;
        QStringList texts;
        for (const QKeySequence& key : keys)
            texts << key.toString(QKeySequence::NativeText);
        out.push_back({group, plain(action->text()), texts.join(QStringLiteral(", "))});
    }
}

} // namespace

QList<ShortcutsDialog::Row> ShortcutsDialog::rows(const QMenuBar* menus) {
    QList<Row> out;
    for (const QAction* top : menus->actions())
        if (const QMenu* menu = top->menu())
            collect(menu, plain(menu->title()), out);
    const QString canvas = tr("Canvas");
    out.push_back({canvas, tr("Add a node (searchable menu)"),
                   tr("Double-click or right-click empty canvas, or start typing")});
    out.push_back(
        {canvas, tr("Connect two nodes"), tr("Drag from an output port to an input port")});
    out.push_back({canvas, tr("Pan"), tr("Middle-button drag, or hold Space and drag")});
    out.push_back({canvas, tr("Zoom at the pointer"), tr("Mouse wheel")});
    out.push_back({canvas, tr("Clear the selection"), tr("Esc")});
    return out;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Keyboard Shortcuts"));
    const QList<Row> list = rows(menus);
    auto* table = new QTableWidget(static_cast<int>(list.size()), 3);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({tr("Where"), tr("Action"), tr("Keys")});
    for (int r = 0; r < list.size(); ++r) {
        const QString cells[] = {list[r].group, list[r].action, list[r].keys};
        for (int c = 0; c < 3; ++c)
            table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(640, 480);
}
