#pragma once
#include "app/editor/GradientScale.h"

#include <QWidget>

class GraphScene;
class QActionGroup;
class QComboBox;
class QMenu;
class QToolButton;

/// The controls of the edge colours (NOTE [Edge colours]), for the legend row under the
/// canvas: "Colour by" (gradient, forward value, update ratio) and "Scale" (run-wide, per
/// snapshot, fixed), plus a "Range..." button for the fixed range. menu() holds the same
/// choices as checkable actions for the View menu. Both edit the GraphScene's scale and
/// follow it, so they never disagree.
class EdgeScaleControls : public QWidget {
    Q_OBJECT
  public:
    explicit EdgeScaleControls(GraphScene* scene, QWidget* parent = nullptr);

    /// "Edge colours" submenu (built once, owned by this widget).
    QMenu* menu() const { return menu_; }
    QComboBox* quantityBox() const { return quantity_; }
    QComboBox* modeBox() const { return mode_; }
    /// Asks for the fixed range (a dialog) and switches to Fixed mode when accepted.
    void editFixedRange();

  private:
    void buildMenu();
    void mirror(const GradientScale& scale);

    GraphScene* scene_;
    QComboBox* quantity_;
    QComboBox* mode_;
    QToolButton* range_;
    QMenu* menu_ = nullptr;
    QActionGroup* quantityActions_ = nullptr;
    QActionGroup* modeActions_ = nullptr;
};
