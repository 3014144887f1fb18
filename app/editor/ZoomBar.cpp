#include "app/editor/ZoomBar.h"

#include <QAction>
#include <QHBoxLayout>
#include <QToolButton>

#include <cmath>

namespace {
/// "Zoom in (Ctrl+=)": the action's text without its mnemonic, and its first shortcut.
QString tipFor(const QAction* action) {
    const QString text = QString(action->text()).remove('&');
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys);
}
} // namespace

ZoomBar::ZoomBar(QAction* zoomOut, QAction* actualSize, QAction* zoomIn, QAction* fit,
                 QWidget* parent)
    : QWidget(parent) {
    setObjectName("zoomBar");
    setAttribute(Qt::WA_StyledBackground);
    setStyleSheet("#zoomBar { background: rgba(255, 255, 255, 230); border: 1px solid #b8bcc4; "
                  "border-radius: 4px; }");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(1);
    const std::pair<QAction*, QString> entries[] = {
        {zoomOut, "−"}, {actualSize, "100 %"}, {zoomIn, "+"}, {fit, tr("Fit")}};
    for (const auto& [action, label] : entries) {
        // Plain buttons that trigger the action: the label is the button's own (the
        // actual-size one shows the zoom), the action's text stays for menus.
        auto* button = new QToolButton;
        button->setText(label);
        button->setToolTip(tipFor(action));
        button->setAutoRaise(true);
        button->setProperty("action", QVariant::fromValue(static_cast<QObject*>(action)));
        connect(button, &QToolButton::clicked, action, &QAction::trigger);
        layout->addWidget(button);
        if (action == actualSize)
            actualSize_ = button;
    }
    actualSize_->setMinimumWidth(actualSize_->fontMetrics().horizontalAdvance("300 %") + 12);
}

void ZoomBar::showZoom(double zoom) {
    actualSize_->setText(QStringLiteral("%1 %").arg(std::lround(zoom * 100)));
}

QToolButton* ZoomBar::button(QAction* action) const {
    for (QToolButton* b : findChildren<QToolButton*>())
        if (b->property("action").value<QObject*>() == action)
            return b;
    return nullptr;
}
