#pragma once
#include <QWidget>

class QAction;
class QToolButton;

/// The canvas's small zoom toolbar, floating in a corner of the view: zoom out, the current
/// zoom (click: 100 %), zoom in, and fit. Each button is one of the view's actions, so its
/// tooltip names the shortcut the action has.
class ZoomBar : public QWidget {
    Q_OBJECT
  public:
    ZoomBar(QAction* zoomOut, QAction* actualSize, QAction* zoomIn, QAction* fit,
            QWidget* parent = nullptr);

    /// Shows `zoom` (1 = 100 %) on the actual-size button.
    void showZoom(double zoom);
    QToolButton* button(QAction* action) const;

  private:
    QToolButton* actualSize_;
};
