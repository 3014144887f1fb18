#include "app/window/WindowLayout.h"

#include <QDockWidget>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QToolBar>

namespace {
const char* const kVersionKey = "window/version";
const char* const kGeometryKey = "window/geometry";
const char* const kFrameKey = "window/frame";
const char* const kStateKey = "window/state";
} // namespace

WindowLayout::WindowLayout(QMainWindow* window, Docks docks, std::vector<QToolBar*> toolBars)
    : QObject(window), window_(window), docks_(std::move(docks)), toolBars_(std::move(toolBars)) {}

namespace {
/// Adds `tabs` to the window as tabs of the first one, which is raised.
void tabify(QMainWindow* window, const std::vector<QDockWidget*>& tabs) {
    for (size_t i = 1; i < tabs.size(); ++i)
        window->tabifyDockWidget(tabs.front(), tabs[i]);
}
} // namespace

void WindowLayout::arrangeDefault() {
    QMainWindow* w = window_;
    std::vector<QDockWidget*> all{docks_.palette, docks_.inspector, docks_.boundary};
    all.insert(all.end(), docks_.boundaryTabs.begin(), docks_.boundaryTabs.end());
    all.insert(all.end(), docks_.bottomLeft.begin(), docks_.bottomLeft.end());
    all.insert(all.end(), docks_.bottomRight.begin(), docks_.bottomRight.end());
    // Taken out first: re-adding a dock that is still tabbed or split elsewhere leaves
    // holes in the layout.
    for (QDockWidget* d : all) {
        d->setFloating(false);
        w->removeDockWidget(d);
    }
    w->setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    w->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    w->setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    w->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    w->addDockWidget(Qt::LeftDockWidgetArea, docks_.palette);
    w->addDockWidget(Qt::RightDockWidgetArea, docks_.inspector);
    w->splitDockWidget(docks_.inspector, docks_.boundary, Qt::Vertical);
    for (QDockWidget* d : docks_.boundaryTabs)
        w->tabifyDockWidget(docks_.boundary, d);
    QDockWidget* left = docks_.bottomLeft.front();
    QDockWidget* right = docks_.bottomRight.front();
    w->addDockWidget(Qt::BottomDockWidgetArea, left);
    w->splitDockWidget(left, right, Qt::Horizontal);
    tabify(w, docks_.bottomLeft);
    tabify(w, docks_.bottomRight);
    for (QDockWidget* d : all)
        d->show();
    left->raise();
    right->raise();
    docks_.boundary->raise();
    for (QToolBar* bar : toolBars_) {
        w->addToolBar(Qt::TopToolBarArea, bar);
        bar->show();
    }
    // Shares of the window: at 1366x768 the palette gets ~170 px, the right column ~330 px,
    // the bottom row ~230 px (the right tabs a little more than half of it) and the
    // decision boundary ~45% of the right column.
    const QSize size = w->size();
    const int palette = std::max(150, size.width() / 8);
    const int column = std::max(240, size.width() * 6 / 25);
    w->resizeDocks({docks_.palette, docks_.inspector}, {palette, column}, Qt::Horizontal);
    w->resizeDocks({left}, {std::max(170, size.height() * 3 / 10)}, Qt::Vertical);
    const int middle = std::max(0, size.width() - palette - column);
    w->resizeDocks({left, right}, {middle * 9 / 20, middle * 11 / 20}, Qt::Horizontal);
    w->resizeDocks({docks_.inspector, docks_.boundary},
                   {size.height() * 11 / 20, size.height() * 9 / 20}, Qt::Vertical);
}

QRect WindowLayout::availableArea() const {
    QScreen* screen = window_->screen() ? window_->screen() : QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(QPoint(0, 0), kPreferredSize);
}

QRect WindowLayout::fittedGeometry(const QRect& available) {
    const QRect room = available.marginsRemoved(kFrameAllowance);
    const QSize size = kPreferredSize.boundedTo(room.size());
    QRect geometry(QPoint(0, 0), size);
    geometry.moveCenter(room.center());
    return geometry;
}

void WindowLayout::placeOnScreen() {
    window_->setGeometry(fittedGeometry(availableArea()));
}

bool WindowLayout::fits(const QRect& frame, const QRect& available) {
    return frame.isValid() && available.contains(frame);
}

void WindowLayout::save(QSettings& settings) const {
    settings.setValue(kVersionKey, kVersion);
    settings.setValue(kGeometryKey, window_->saveGeometry());
    settings.setValue(kFrameKey, window_->frameGeometry());
    settings.setValue(kStateKey, window_->saveState(kVersion));
}

bool WindowLayout::restore(const QSettings& settings) {
    geometryRefused_ = false;
    if (settings.value(kVersionKey).toInt() != kVersion || !settings.contains(kStateKey))
        return false;
    const QRect frame = settings.value(kFrameKey).toRect();
    if (fits(frame, availableArea()))
        window_->restoreGeometry(settings.value(kGeometryKey).toByteArray());
    else
        geometryRefused_ = true;
    return window_->restoreState(settings.value(kStateKey).toByteArray(), kVersion);
}
